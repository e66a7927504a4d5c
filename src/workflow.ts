import { throwIfAnyFailed } from "./apply/execute.js";
import { applyByRegion, groupByRegion } from "./apply/regions.js";
import { withSettlingNotices } from "./apply/settling.js";
import type { ApplyOptions, ApplyResult, BoundPlan, RegionBinding } from "./apply/types.js";
import type { ConnectionOptions, RdsApi } from "./aws/rds-api.js";
import { ChangeBlockedError, UsageError } from "./errors.js";
import { computePlan } from "./plan/compute.js";
import { undeclaredRotations } from "./plan/password.js";
import type { Plan, PlanOptions } from "./plan/types.js";
import type { Spec } from "./spec/types.js";

/**
 * The library's high-level operations, and the one way anything is applied:
 * `planSpec` reads live state and returns the plan bound to what it read;
 * `applyPlan` applies that bound plan (the CLI confirms in between);
 * `applySpec` is the two in a row. The SDK is loaded only when a real client
 * is needed, so importing this module stays cheap.
 */

export interface WorkflowConnection extends ConnectionOptions {
  /** Builds the RdsApi for a region; default: a real SDK client for these options. */
  apiFactory?: (region: string) => RdsApi;
}

/** What planSpec returns: the plan, what it was computed from, and the client per region. */
export type SpecPlan = BoundPlan;

export interface SpecApply {
  plan: Plan;
  /** What DescribeDBInstances returned, at plan time, for the declared instances that exist. */
  observed: BoundPlan["observed"];
  result: ApplyResult;
}

const NO_REGION_HELP =
  "no AWS region is configured: set the top-level `region:` in the spec, pass --region, " +
  "or set AWS_REGION (or `region` in your AWS profile)";

/** Declared instance ids by region; every instance must have a region from somewhere. */
async function regionsOf(spec: Spec, conn: WorkflowConnection): Promise<Map<string, Set<string>>> {
  const byRegion = new Map<string, Set<string>>();
  for (const [region, instances] of await groupByRegion(spec.instances, conn)) {
    const first = instances[0];
    if (region === undefined) throw new UsageError(`${first?.id}: ${NO_REGION_HELP}`);
    byRegion.set(region, new Set(instances.map((i) => i.id)));
  }
  return byRegion;
}

/** The regions a plan of this spec reads, in order; instances without a configured region are left out. */
export async function specRegions(
  spec: Pick<Spec, "instances">,
  conn: ConnectionOptions,
): Promise<string[]> {
  const groups = await groupByRegion(spec.instances, conn);
  return [...groups.keys()].filter((r): r is string => r !== undefined);
}

async function apiFor(region: string, conn: WorkflowConnection): Promise<RdsApi> {
  if (conn.apiFactory !== undefined) return conn.apiFactory(region);
  const { createRdsApi } = await import("./aws/client.js");
  const { apiFactory: _unused, ...options } = conn;
  return createRdsApi({ ...options, region });
}

/**
 * A rotation asked for an instance the spec does not declare would silently
 * rotate nothing: a UsageError naming it and the declared ids. `flag` names
 * where the ids came from when that is a command-line flag.
 */
export function checkRotations(
  asked: Iterable<string> | undefined,
  spec: Pick<Spec, "instances">,
  flag?: string,
): void {
  const unknown = undeclaredRotations(asked, spec.instances);
  if (unknown.length === 0) return;
  const names = unknown.join(", ");
  const declared = `declared: ${spec.instances.map((i) => i.id.toLowerCase()).join(", ") || "(none)"}`;
  throw new UsageError(
    flag === undefined
      ? `password rotation asked for ${names}, which the spec does not declare; ${declared}`
      : `${flag}: ${names} ${unknown.length === 1 ? "is" : "are"} not declared in the spec; ${declared}`,
  );
}

/**
 * Reads live state (one chunked describe per region) and computes the plan,
 * bound to what it read and to each region's client. Sends nothing.
 */
export async function planSpec(
  spec: Spec,
  conn: WorkflowConnection,
  planOptions: PlanOptions = {},
): Promise<SpecPlan> {
  checkRotations(planOptions.rotatePassword, spec);
  const regions = new Map<string, RegionBinding>();
  for (const [region, ids] of await regionsOf(spec, conn)) {
    regions.set(region, { api: await apiFor(region, conn), ids });
  }
  const described = await Promise.all(
    [...regions.values()].map(({ api, ids }) => api.describeInstances([...ids])),
  );
  const observed = described.flat();
  const plan = withSettlingNotices(computePlan(spec.instances, observed, planOptions));
  return { plan, observed, desired: spec.instances, planOptions, regions };
}

/**
 * Applies a plan from planSpec, exactly as planned, through the clients it
 * was read with: refuses it when anything is blocked (ChangeBlockedError,
 * nothing sent), calls `options.beforeApply`, then applies region by region
 * and (unless `options.wait` is false) waits for every touched instance.
 * Just before an existing instance's calls its live state is read again; an
 * instance that would now be planned differently is refused (PlanStaleError,
 * nothing sent to it). When any instance fails, the others still finish and
 * ApplyFailedError carries every outcome.
 */
export async function applyPlan(
  bound: BoundPlan,
  options: Omit<ApplyOptions, "planOptions"> = {},
): Promise<ApplyResult> {
  if (bound.plan.summary.blocked > 0) throw new ChangeBlockedError(bound.plan, "refusing to apply");
  await options.beforeApply?.(bound.plan);
  const result = await applyByRegion(bound, options);
  throwIfAnyFailed(result);
  return result;
}

/** planSpec then applyPlan: plans with `options.planOptions` and applies that plan. */
export async function applySpec(
  spec: Spec,
  conn: WorkflowConnection,
  options: ApplyOptions = {},
): Promise<SpecApply> {
  const { planOptions, ...applyOptions } = options;
  const bound = await planSpec(spec, conn, planOptions);
  const result = await applyPlan(bound, applyOptions);
  return { plan: bound.plan, observed: bound.observed, result };
}
