import type { ApplyOptions, ApplyResult } from "../apply/types.js";
import type { RdsApi } from "../aws/rds-api.js";
import type { InstancePlan, Plan } from "../plan/types.js";

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
  const { applyByRegion } = await import("../apply/regions.js");
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
  const shares = [...byRegion].map(([region, instances]) => ({ api: apiFor(region), instances }));
  return applyByRegion(plan, shares, options);
}
