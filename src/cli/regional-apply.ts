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
 * region, each through that region's client. An instance without a region of
 * its own uses the connection's region, resolved the way planning resolved it
 * (flag, then the SDK's environment and profile), so the same client is reused.
 * Never throws for a failed instance: its result says `outcome: "failed"`.
 */
export async function applyConfirmedPlan(
  plan: Plan,
  connection: { region?: string; profile?: string },
  apiFor: (region: string | undefined) => RdsApi,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { applyPlanSettled } = await import("../apply/execute.js");
  let fallback = connection.region;
  if (fallback === undefined && plan.instances.some((i) => i.region === undefined)) {
    const { defaultRegion } = await import("../aws/client.js");
    fallback = await defaultRegion(connection.profile);
  }
  const byRegion = new Map<string | undefined, InstancePlan[]>();
  for (const instance of plan.instances) {
    const region = instance.region ?? fallback;
    const list = byRegion.get(region) ?? [];
    list.push(instance);
    byRegion.set(region, list);
  }
  const perRegion = await Promise.all(
    [...byRegion].map(([region, instances]) =>
      applyPlanSettled({ instances, summary: summarise(instances) }, apiFor(region), options),
    ),
  );
  const byId = new Map(perRegion.flatMap((r) => r.instances).map((r) => [r.id, r]));
  return {
    instances: plan.instances.flatMap((i) => byId.get(i.id) ?? []),
    mutatingCalls: perRegion.reduce((n, r) => n + r.mutatingCalls, 0),
  };
}
