import type { DBInstance } from "@aws-sdk/client-rds";
import { throwIfAnyFailed } from "./apply/execute.js";
import { checkPlan } from "./apply/plan-checks.js";
import { groupByRegion } from "./apply/regions.js";
import { applyScheduled, boundGraph, checkReplicaGraph } from "./apply/schedule.js";
import { withSettlingNotices } from "./apply/settling.js";
import type { ApplyOptions, ApplyResult, BoundPlan, RegionBinding } from "./apply/types.js";
import type { ConnectionOptions, RdsApi } from "./aws/rds-api.js";
import { ChangeBlockedError, PlanCheckError, UsageError } from "./errors.js";
import { computePlan } from "./plan/compute.js";
import { undeclaredRotations } from "./plan/password.js";
import { parseDbArn, sourceIdOf } from "./plan/replica.js";
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
  const { mistypedRegion } = await import("./aws/regions.js");
  for (const [region, ids] of byRegion) {
    const meant = mistypedRegion(region);
    if (meant === undefined) continue;
    const d = spec.instances.find((i) => ids.has(i.id));
    const from = d?.region === region ? ` (${d.source.file})` : "";
    throw new UsageError(
      `region ${region}${from} is not an AWS region; did you mean ${meant}? Nothing was sent.`,
    );
  }
  return byRegion;
}

/**
 * The regions a plan of this spec reads, in order, checked as the plan checks
 * them (a mistyped or missing region is a UsageError), so a caller that reads
 * something first (the account) fails the same way before any call.
 */
export async function specRegions(spec: Spec, conn: ConnectionOptions): Promise<string[]> {
  return [...(await regionsOf(spec, conn)).keys()];
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
 * Every `--promote` id must be declared, and declared without
 * SourceDBInstanceIdentifier (a replica the spec keeps cannot be promoted).
 */
export function checkPromotions(
  asked: Iterable<string> | undefined,
  spec: Pick<Spec, "instances">,
  flag = "--promote",
): void {
  const byId = new Map(spec.instances.map((i) => [i.id.toLowerCase(), i]));
  const declared = `declared: ${[...byId.keys()].join(", ") || "(none)"}`;
  for (const raw of asked ?? []) {
    const id = raw.toLowerCase();
    const d = byId.get(id);
    if (d === undefined)
      throw new UsageError(`${flag}: ${id} is not declared in the spec; ${declared}`);
    if (d.replicaSource !== undefined) {
      throw new UsageError(
        `${flag}: ${id} declares SourceDBInstanceIdentifier ${d.replicaSource}, so the spec keeps it a replica; remove SourceDBInstanceIdentifier from its item to promote it`,
      );
    }
  }
}

/**
 * Reads live state (one chunked describe per region) and computes the plan,
 * bound to what it read and to each region's client, then runs the plan-time
 * checks (src/apply/plan-checks.ts): what RDS would refuse is a
 * PlanCheckError with every problem located in the spec. Sends nothing.
 */
export async function planSpec(
  spec: Spec,
  conn: WorkflowConnection,
  planOptions: PlanOptions = {},
): Promise<SpecPlan> {
  checkRotations(planOptions.rotatePassword, spec);
  checkPromotions(planOptions.promote, spec);
  const regions = new Map<string, RegionBinding>();
  const declaredIn = await regionsOf(spec, conn);
  for (const [region, ids] of declaredIn) {
    regions.set(region, { api: await apiFor(region, conn), ids });
  }
  // Sources that are not declared are read too (in their own region for an ARN).
  const extra = new Map<string, Set<string>>();
  for (const [region, ids] of declaredIn) {
    for (const d of spec.instances) {
      if (!ids.has(d.id) || d.replicaSource === undefined) continue;
      const where = parseDbArn(d.replicaSource)?.region ?? region;
      const id = sourceIdOf(d.replicaSource);
      if (declaredIn.get(where)?.has(id) === true) continue;
      extra.set(where, (extra.get(where) ?? new Set()).add(id));
    }
  }
  for (const region of extra.keys()) {
    if (!regions.has(region))
      regions.set(region, { api: await apiFor(region, conn), ids: new Set() });
  }
  const described = await Promise.all(
    [...regions.entries()].map(([region, { api, ids }]) =>
      api.describeInstances([...ids, ...(extra.get(region) ?? [])]),
    ),
  );
  const observed = described.flat();
  const computed = withSettlingNotices(computePlan(spec.instances, observed, planOptions));
  const desired = spec.instances;
  checkReplicaGraph(boundGraph({ plan: computed, observed, desired, planOptions, regions }));
  const { plan, problems } = await checkPlan(computed, desired, observed, regions);
  if (problems.length > 0) throw new PlanCheckError(problems);
  return { plan, observed, desired, planOptions, regions };
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
  const result = await applyScheduled(bound, options);
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

/** Live instances and the region they were read in (see `readInstances`). */
export interface LiveInstances {
  region: string;
  instances: DBInstance[];
}

/**
 * Reads instances by id (one filtered describe per 100 ids; an id that does
 * not exist is a UsageError naming it), or every instance of the region (one
 * describe per 100 instances). Tags come in the same answers. Sends nothing.
 */
export async function readInstances(
  conn: WorkflowConnection,
  ids?: readonly string[],
): Promise<LiveInstances> {
  const region = (await groupByRegion([{}], conn)).keys().next().value;
  if (region === undefined) {
    throw new UsageError(
      "no AWS region is configured: pass --region, or set AWS_REGION (or `region` in your AWS profile)",
    );
  }
  const api = await apiFor(region, conn);
  if (ids === undefined || ids.length === 0) {
    return { region, instances: await api.describeAllInstances() };
  }
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const instances = await api.describeInstances(wanted);
  const found = new Set(instances.map((db) => db.DBInstanceIdentifier?.toLowerCase()));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new UsageError(
      `no DB instance ${missing.join(", ")} in ${region} (identifiers are matched without regard to case)`,
    );
  }
  return { region, instances };
}

/**
 * Reads the given instances, each in its own region (else the connection's,
 * else the SDK's default): one describe per 100 per region. The result has
 * the instances that exist, by lowercased identifier. Sends nothing.
 */
export async function describeDeclared(
  targets: ReadonlyArray<{ id: string; region?: string }>,
  conn: WorkflowConnection,
): Promise<Map<string, DBInstance>> {
  const found = new Map<string, DBInstance>();
  for (const [region, items] of await groupByRegion(targets, conn)) {
    if (region === undefined) throw new UsageError(`${items[0]?.id}: ${NO_REGION_HELP}`);
    const api = await apiFor(region, conn);
    for (const db of await api.describeInstances(items.map((i) => i.id.toLowerCase()))) {
      const id = db.DBInstanceIdentifier?.toLowerCase();
      if (id !== undefined) found.set(id, db);
    }
  }
  return found;
}
