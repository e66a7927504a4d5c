import type { ApplyOptions, ApplyResult } from "../apply/types.js";
import type { RdsApi } from "../aws/rds-api.js";
import type { InstancePlan, Plan } from "../plan/types.js";

function summarise(instances: InstancePlan[]): Plan["summary"] {
  const summary = { create: 0, modify: 0, noop: 0, blocked: 0 };
  for (const instance of instances) summary[instance.action] += 1;
  return summary;
}

/**
 * Apply the plan the user confirmed (not a fresh one), one sub-plan per
 * region, each through that region's client. Regions run one after another;
 * within a region the executor bounds its own concurrency.
 */
export async function applyConfirmedPlan(
  plan: Plan,
  apiFor: (region: string | undefined) => RdsApi,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { applyPlan } = await import("../apply/execute.js");
  const byRegion = new Map<string | undefined, InstancePlan[]>();
  for (const instance of plan.instances) {
    const list = byRegion.get(instance.region) ?? [];
    list.push(instance);
    byRegion.set(instance.region, list);
  }
  const merged: ApplyResult = { instances: [], mutatingCalls: 0 };
  for (const [region, instances] of byRegion) {
    const result = await applyPlan(
      { instances, summary: summarise(instances) },
      apiFor(region),
      options,
    );
    merged.instances.push(...result.instances);
    merged.mutatingCalls += result.mutatingCalls;
  }
  return merged;
}
