import type { DBInstance } from "@aws-sdk/client-rds";
import { assertNothingBlocked, throwIfAnyFailed } from "./apply/execute.js";
import { applyByRegion, groupByRegion } from "./apply/regions.js";
import { withSettlingNotices } from "./apply/settling.js";
import type { ApplyOptions, ApplyResult } from "./apply/types.js";
import type { ConnectionOptions, RdsApi } from "./aws/rds-api.js";
import { UsageError } from "./errors.js";
import { computePlan } from "./plan/compute.js";
import { undeclaredRotations } from "./plan/password.js";
import type { Plan, PlanOptions } from "./plan/types.js";
import type { Spec } from "./spec/types.js";

/**
 * The library's high-level operations: plan a spec against live RDS, and
 * apply it. The SDK is loaded only when a real client is needed, so importing
 * this module stays cheap.
 */

export interface WorkflowConnection extends ConnectionOptions {
  /** Builds the RdsApi for a region; default: a real SDK client for these options. */
  apiFactory?: (region: string) => RdsApi;
}

export interface SpecPlan {
  plan: Plan;
  /** What DescribeDBInstances returned for the declared instances that exist. */
  observed: DBInstance[];
}

export interface SpecApply extends SpecPlan {
  result: ApplyResult;
}

interface PlanContext extends SpecPlan {
  /** Instance ids by region, and the api for each region. */
  regions: Map<string, { api: RdsApi; ids: Set<string> }>;
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

async function apiFor(region: string, conn: WorkflowConnection): Promise<RdsApi> {
  if (conn.apiFactory !== undefined) return conn.apiFactory(region);
  const { createRdsApi } = await import("./aws/client.js");
  const { apiFactory: _unused, ...options } = conn;
  return createRdsApi({ ...options, region });
}

/** A rotation asked for an instance the spec does not declare would silently rotate nothing. */
function checkRotateIds(spec: Spec, planOptions: PlanOptions): void {
  const unknown = undeclaredRotations(planOptions.rotatePassword, spec.instances);
  if (unknown.length === 0) return;
  const declared = spec.instances.map((i) => i.id.toLowerCase());
  throw new UsageError(
    `password rotation asked for ${unknown.join(", ")}, which the spec does not declare; ` +
      `declared: ${declared.join(", ") || "(none)"}`,
  );
}

async function planWithContext(
  spec: Spec,
  conn: WorkflowConnection,
  planOptions: PlanOptions,
): Promise<PlanContext> {
  checkRotateIds(spec, planOptions);
  const regions = new Map<string, { api: RdsApi; ids: Set<string> }>();
  for (const [region, ids] of await regionsOf(spec, conn)) {
    regions.set(region, { api: await apiFor(region, conn), ids });
  }
  const described = await Promise.all(
    [...regions.values()].map(({ api, ids }) => api.describeInstances([...ids])),
  );
  const observed = described.flat();
  const plan = withSettlingNotices(computePlan(spec.instances, observed, planOptions));
  return { plan, observed, regions };
}

/** Reads live state (one chunked describe per region) and computes the plan. Sends nothing. */
export async function planSpec(
  spec: Spec,
  conn: WorkflowConnection,
  planOptions: PlanOptions = {},
): Promise<SpecPlan> {
  const { plan, observed } = await planWithContext(spec, conn, planOptions);
  return { plan, observed };
}

/**
 * Plans, refuses when anything is blocked, then applies region by region and
 * (unless `options.wait` is false) waits for every touched instance. When any
 * instance fails, the others still finish and ApplyFailedError carries every
 * outcome.
 */
export async function applySpec(
  spec: Spec,
  conn: WorkflowConnection,
  options: ApplyOptions = {},
): Promise<SpecApply> {
  const planOptions = options.planOptions ?? {};
  const { plan, observed, regions } = await planWithContext(spec, conn, planOptions);
  assertNothingBlocked(plan);
  const shares = [...regions.values()].map(({ api, ids }) => ({
    api,
    instances: plan.instances.filter((i) => ids.has(i.id)),
  }));
  const result = await applyByRegion(plan, shares, {
    ...options,
    desired: options.desired ?? spec.instances,
    planOptions,
  });
  throwIfAnyFailed(result);
  return { plan, observed, result };
}
