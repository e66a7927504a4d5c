import type { ApplyOptions, ApplyResult } from "../apply/types.js";
import type { RdsApi } from "../aws/rds-api.js";
import type { Plan } from "../plan/types.js";

/**
 * Apply the plan the user confirmed (not a fresh one), one sub-plan per
 * region, each through that region's client. An instance without a region of
 * its own uses the connection's region, resolved by the same groupByRegion
 * planning used (flag, then the SDK's environment and profile), so the same
 * client is reused.
 * Never throws for a failed instance: its result says `outcome: "failed"`.
 */
export async function applyConfirmedPlan(
  plan: Plan,
  connection: { region?: string; profile?: string },
  apiFor: (region: string | undefined) => RdsApi,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { applyByRegion, groupByRegion } = await import("../apply/regions.js");
  const byRegion = await groupByRegion(plan.instances, connection);
  const shares = [...byRegion].map(([region, instances]) => ({ api: apiFor(region), instances }));
  return applyByRegion(plan, shares, options);
}
