import { summarizePlan } from "../plan/compute.js";
import { pollerOptions, runPlan } from "./execute.js";
import type { ApplyOptions, ApplyResult, BoundPlan } from "./types.js";
import { StabilityPoller } from "./wait.js";

/**
 * Items (declared or planned instances) by region: each one's own, else the
 * connection's, else the SDK's default for the profile (AWS_REGION, the
 * profile's `region`), looked up only when some item has no region of its
 * own. The `undefined` key holds the items no region is configured for.
 */
export async function groupByRegion<T extends { region?: string }>(
  items: readonly T[],
  connection: { region?: string; profile?: string },
): Promise<Map<string | undefined, T[]>> {
  let fallback = connection.region;
  if (fallback === undefined && items.some((i) => i.region === undefined)) {
    const { defaultRegion } = await import("../aws/client.js");
    fallback = await defaultRegion(connection.profile);
  }
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const region = item.region ?? fallback;
    const list = groups.get(region) ?? [];
    list.push(item);
    groups.set(region, list);
  }
  return groups;
}

/**
 * Applies each region's share of a bound plan through that region's client,
 * the regions side by side, and gives one result with the instances in the
 * plan's order. Every wait, in every region, goes through one poller: each
 * round sends one DescribeDBInstances per region per 100 waited instances.
 * Never throws for a failed instance: its result says `outcome: "failed"`.
 */
export async function applyByRegion(bound: BoundPlan, options: ApplyOptions): Promise<ApplyResult> {
  const { plan, desired, planOptions } = bound;
  const poller = new StabilityPoller(undefined, pollerOptions(options));
  const perRegion = await Promise.all(
    [...bound.regions.values()].map(({ api, ids }) => {
      const instances = plan.instances.filter((i) => ids.has(i.id));
      const share = { instances, summary: summarizePlan(instances) };
      return runPlan(share, api, { ...options, desired, planOptions, poller });
    }),
  );
  const byId = new Map(perRegion.flatMap((r) => r.instances).map((r) => [r.id, r]));
  return {
    instances: plan.instances.flatMap((i) => byId.get(i.id) ?? []),
    mutatingCalls: perRegion.reduce((n, r) => n + r.mutatingCalls, 0),
  };
}
