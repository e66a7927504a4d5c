import type { RdsApi } from "../aws/rds-api.js";
import { summarizePlan } from "../plan/compute.js";
import type { InstancePlan, Plan } from "../plan/types.js";
import { applyPlanSettled } from "./execute.js";
import type { ApplyOptions, ApplyResult } from "./types.js";

/** One region's share of a plan and the client that reaches that region. */
export interface RegionShare {
  api: RdsApi;
  instances: InstancePlan[];
}

/**
 * Applies each region's share through its own client, the regions side by
 * side, and gives one result with the instances in the plan's order. Never
 * throws for a failed instance: its result says `outcome: "failed"`.
 */
export async function applyByRegion(
  plan: Plan,
  shares: Iterable<RegionShare>,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const perRegion = await Promise.all(
    [...shares].map(({ api, instances }) =>
      applyPlanSettled({ instances, summary: summarizePlan(instances) }, api, options),
    ),
  );
  const byId = new Map(perRegion.flatMap((r) => r.instances).map((r) => [r.id, r]));
  return {
    instances: plan.instances.flatMap((i) => byId.get(i.id) ?? []),
    mutatingCalls: perRegion.reduce((n, r) => n + r.mutatingCalls, 0),
  };
}
