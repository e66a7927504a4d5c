import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { summarizePlan } from "../plan/compute.js";
import { pollerOptions, runPlan } from "./execute.js";
import { instanceOutputs, rememberingApi } from "./outputs.js";
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
 * The region's client with apply's abort signal and retry listener on every
 * call it makes, so an interrupt also ends the SDK's own retries and backoff.
 * A client without views (a test double) is used as it is.
 */
function withApplyCallOptions(api: RdsApi, options: ApplyOptions): RdsApi {
  if (api.withCallOptions === undefined) return api;
  if (options.signal === undefined && options.onRetry === undefined) return api;
  return api.withCallOptions({
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  });
}

/**
 * Applies each region's share of a bound plan through that region's client,
 * the regions side by side, and gives one result with the instances in the
 * plan's order. Every wait, in every region, goes through one poller: each
 * round sends one DescribeDBInstances per region per 100 waited instances.
 * Never throws for a failed instance: its result says `outcome: "failed"`.
 * Each instance's outputs come from the last answer that carried it (the
 * plan's read, else a call or a poll of this apply).
 */
export async function applyByRegion(bound: BoundPlan, options: ApplyOptions): Promise<ApplyResult> {
  const { plan, desired, planOptions } = bound;
  const poller = new StabilityPoller(undefined, pollerOptions(options));
  const seen = new Map<string, DBInstance>();
  for (const db of bound.observed) {
    const id = db.DBInstanceIdentifier?.toLowerCase();
    if (id !== undefined) seen.set(id, db);
  }
  const perRegion = await Promise.all(
    [...bound.regions.values()].map(({ api, ids }) => {
      const instances = plan.instances.filter((i) => ids.has(i.id));
      const share = { instances, summary: summarizePlan(instances) };
      return runPlan(share, rememberingApi(withApplyCallOptions(api, options), seen), {
        ...options,
        desired,
        planOptions,
        poller,
      });
    }),
  );
  for (const r of perRegion.flatMap((p) => p.instances)) {
    const db = seen.get(r.id.toLowerCase());
    if (db !== undefined) r.outputs = instanceOutputs(db);
  }
  const byId = new Map(perRegion.flatMap((r) => r.instances).map((r) => [r.id, r]));
  return {
    instances: plan.instances.flatMap((i) => byId.get(i.id) ?? []),
    mutatingCalls: perRegion.reduce((n, r) => n + r.mutatingCalls, 0),
  };
}
