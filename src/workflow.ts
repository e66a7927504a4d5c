import type { DBInstance } from "@aws-sdk/client-rds";
import {
  type AccountHooks,
  type AccountInfo,
  guardAccount,
  withAccountSettings,
} from "./apply/account.js";
import { throwIfAnyFailed } from "./apply/execute.js";
import { ADVISORY_MAX_ATTEMPTS, checkPlan, type RegionListing } from "./apply/plan-checks.js";
import { groupByRegion } from "./apply/regions.js";
import { instanceEffectsOf, kindApiOf, planRegionResources } from "./apply/resources.js";
import {
  applyScheduled,
  boundGraph,
  checkReplicaGraph,
  throwReplicaProblems,
} from "./apply/schedule.js";
import { withSettlingNotices } from "./apply/settling.js";
import { checkIdsTargeted, targetSpec } from "./apply/targets.js";
import type { ApplyOptions, ApplyResult, BoundPlan, RegionBinding } from "./apply/types.js";
import type { AccountDefaultsAsk, AccountDefaultsFound } from "./aws/account-defaults.js";
import type { ConnectionOptions, RdsApi } from "./aws/rds-api.js";
import {
  ChangeBlockedError,
  PlanCheckError,
  planBlocked,
  SpecInvalidError,
  type SpecProblem,
  UsageError,
} from "./errors.js";
import type { ExportDocument } from "./export/document.js";
import { KINDS, kindNamed } from "./kinds/index.js";
import { type DeclaredResource, keyString, type ResourcePlan } from "./kinds/types.js";
import { computePlan, summarizePlan } from "./plan/compute.js";
import { plannedSecrets, undeclaredRotations } from "./plan/password.js";
import { rebootNotices } from "./plan/reboot-notices.js";
import { parseDbArn, sourceIdOf } from "./plan/replica.js";
import { declaredReplicaProblems } from "./plan/replica-graph.js";
import type {
  InstancePlan,
  Plan,
  PlanOptions,
  PlanWarning,
  UndeclaredInstance,
} from "./plan/types.js";
import { undeclaredReplicasToRead } from "./plan/upgrade.js";
import { sentSecretProblems } from "./spec/secret-check.js";
import {
  type AccountSettings,
  type DesiredInstance,
  MANAGED_TAG,
  type Spec,
} from "./spec/types.js";

/**
 * The library's high-level operations, and the one way anything is applied:
 * `planSpec` reads live state and returns the plan bound to what it read;
 * `applyPlan` applies that bound plan (the CLI confirms in between);
 * `applySpec` is the two in a row. The SDK is loaded only when a real client
 * is needed, so importing this module stays cheap.
 */

export interface WorkflowConnection extends ConnectionOptions, AccountHooks {
  /** Builds the RdsApi for a region; default: a real SDK client for these options. */
  apiFactory?: (region: string) => RdsApi;
}

/** What planSpec plans with: the planner's options and the instances to plan. */
export interface SpecPlanOptions extends PlanOptions {
  /**
   * Plan only these declared instances and, transitively, the declared
   * instances they depend on (`--target`). Empty or absent: the whole spec.
   */
  targets?: readonly string[];
}

/** The connection members a plan records: where it read and as whom, never a credential. */
export type PlannedConnection = Pick<
  ConnectionOptions,
  "region" | "profile" | "endpointUrl" | "assumeRoleArn" | "externalId"
>;

/**
 * What planSpec returns: the plan, what it was computed from, the client per
 * region, and what it was guarded with.
 */
export interface SpecPlan extends BoundPlan {
  /** The spec as planned: narrowed to the targets; its account settings are the guards. */
  spec: Spec;
  /** The targets, lowercased and without repeats; empty for the whole spec. */
  targets: string[];
  /** The account read before anything else, when it was (allowedAccountIds, or `onAccount`). */
  account?: AccountInfo;
  /** The connection the plan read with, the spec's profile and role applied. */
  connection: PlannedConnection;
}

export interface SpecApply {
  plan: Plan;
  /** What DescribeDBInstances returned, at plan time, for the declared instances that exist. */
  observed: BoundPlan["observed"];
  result: ApplyResult;
}

const NO_REGION_HELP =
  "no AWS region is configured: set the top-level `region:` in the spec, pass --region, " +
  "or set AWS_REGION (or `region` in your AWS profile)";

/** Where a spec's items live: declared instance ids, and the other kinds' items, by region. */
interface DeclaredRegions {
  instances: Map<string, Set<string>>;
  /** Each item with the region it lives in (`region` set). */
  resources: Map<string, DeclaredResource[]>;
}

/**
 * Two items of one kind and name in one region once regions are resolved
 * (one with no region, one naming the region it falls back to): the spec
 * loader could not tell; refused here before any call.
 */
function throwDuplicateResources(byRegion: ReadonlyMap<string, DeclaredResource[]>): void {
  const problems: SpecProblem[] = [];
  for (const [region, items] of byRegion) {
    const first = new Map<string, DeclaredResource>();
    for (const d of items) {
      const key = keyString({ kind: d.kind, region, id: d.id });
      const seen = first.get(key);
      if (seen === undefined) {
        first.set(key, d);
        continue;
      }
      const kind = kindNamed(d.kind);
      const field = kind?.idField ?? "name";
      const at = d.fieldSources[field] ?? d.source;
      const was = seen.fieldSources[field] ?? seen.source;
      problems.push({
        ...at,
        path: field,
        message: `${kind?.label ?? d.kind} "${d.id}" is also declared at ${was.file}:${was.line}:${was.column}, in the same region (${region})`,
      });
    }
  }
  if (problems.length > 0) throw new SpecInvalidError(problems);
}

/** Declared instance ids and resources by region; every item must have a region from somewhere. */
async function regionsOf(spec: Spec, conn: WorkflowConnection): Promise<DeclaredRegions> {
  const byRegion = new Map<string, Set<string>>();
  for (const [region, instances] of await groupByRegion(spec.instances, conn)) {
    const first = instances[0];
    if (region === undefined) throw new UsageError(`${first?.id}: ${NO_REGION_HELP}`);
    byRegion.set(region, new Set(instances.map((i) => i.id)));
  }
  const resources = new Map<string, DeclaredResource[]>();
  for (const [region, items] of await groupByRegion(spec.resources ?? [], conn)) {
    if (region === undefined) throw new UsageError(`${items[0]?.id}: ${NO_REGION_HELP}`);
    resources.set(
      region,
      items.map((d) => ({ ...d, region })),
    );
  }
  throwDuplicateResources(resources);
  const { mistypedRegion } = await import("./aws/regions.js");
  const declared: Array<{ region?: string; fieldSources: DesiredInstance["fieldSources"] }> = [
    ...spec.instances,
    ...(spec.resources ?? []),
  ];
  for (const region of new Set([...byRegion.keys(), ...resources.keys()])) {
    const meant = mistypedRegion(region);
    if (meant === undefined) continue;
    const d = declared.find((i) => i.region === region);
    const at = d?.fieldSources.region;
    const from = at === undefined ? "" : ` (${at.file}:${at.line}:${at.column})`;
    throw new UsageError(
      `region ${region}${from} is not an AWS region; did you mean ${meant}? Nothing was sent.`,
    );
  }
  return { instances: byRegion, resources };
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
  options: SpecPlanOptions = {},
): Promise<SpecPlan> {
  const { targets: asked = [], ...planOptions } = options;
  checkRotations(planOptions.rotatePassword, spec);
  checkPromotions(planOptions.promote, spec);
  // What the spec alone shows about its replicas is refused before any call.
  throwReplicaProblems(declaredReplicaProblems(spec.instances));
  const narrowed = targetSpec(spec, asked);
  checkIdsTargeted(planOptions.rotatePassword, narrowed, asked, "--rotate-password");
  checkIdsTargeted(planOptions.promote, narrowed, asked, "--promote");
  const connection = withAccountSettings(spec.account, conn, conn.onWarning);
  const declaredIn = await regionsOf(narrowed, connection);
  const allowed = spec.account?.allowedAccountIds;
  const guarded = guardAccount(
    allowed,
    connection,
    [...new Set([...declaredIn.instances.keys(), ...declaredIn.resources.keys()])],
    conn,
  );
  // With allowedAccountIds the account is checked before any RDS call. Without,
  // it is only shown, and read beside the plan's own reads rather than before
  // them; its failure still wins over theirs, as when it came first.
  if (allowed !== undefined) await guarded;
  else guarded.catch(() => {});
  // One listing per region, shared by the rename hints and the markManaged check.
  const listing = onceAnswered();
  const read = await planRead(narrowed, connection, planOptions, declaredIn, listing).catch(
    async (err: unknown) => {
      await guarded;
      throw err;
    },
  );
  const account = await guarded;
  // With --target the spec is narrowed: what it leaves out is not "no longer declared".
  const undeclared =
    asked.length === 0
      ? await undeclaredManaged(narrowed, read.regions, declaredIn.instances, listing)
      : [];
  const bound = undeclared.length === 0 ? read : { ...read, plan: { ...read.plan, undeclared } };
  return {
    ...bound,
    spec: narrowed,
    targets: [...new Set(asked.map((t) => t.toLowerCase()))],
    ...(account === undefined ? {} : { account }),
    connection: plannedConnection(connection),
  };
}

/**
 * A region's listing read once and shared by whoever asks next (the rename
 * hints, then the markManaged check). A failed listing is forgotten: the
 * next caller reads again with its own attempts (the hints' are few).
 */
function onceAnswered(): RegionListing {
  const answers = new Map<string, Promise<DBInstance[]>>();
  return (region, api) => {
    let answer = answers.get(region);
    if (answer === undefined) {
      answer = api.describeAllInstances();
      answers.set(region, answer);
      answer.catch(() => answers.delete(region));
    }
    return answer;
  };
}

/**
 * `policy.markManaged`: per region with a declared instance that has it on,
 * one listing of the region's instances (shared with the rename hints; DescribeDBInstances, 100 a page:
 * RDS has no filter by tag) for those carrying a planned spec name in
 * `rdsctl:spec` that the spec does not declare. No listing without it.
 */
async function undeclaredManaged(
  spec: Spec,
  regions: ReadonlyMap<string, RegionBinding>,
  declaredIn: ReadonlyMap<string, ReadonlySet<string>>,
  listing: RegionListing,
): Promise<UndeclaredInstance[]> {
  const out: UndeclaredInstance[] = [];
  for (const [region, ids] of declaredIn) {
    const names = new Set<string>();
    for (const d of spec.instances) {
      if (ids.has(d.id) && d.policy.markManaged === true && d.policy.specName !== undefined)
        names.add(d.policy.specName);
    }
    const api = regions.get(region)?.api;
    if (names.size === 0 || api === undefined) continue;
    for (const db of await listing(region, api)) {
      const id = db.DBInstanceIdentifier?.toLowerCase();
      const name = db.TagList?.find((t) => t.Key === MANAGED_TAG)?.Value;
      if (id === undefined || name === undefined || !names.has(name) || ids.has(id)) continue;
      out.push({ id, region, spec: name });
    }
  }
  return out;
}

function plannedConnection(conn: ConnectionOptions): PlannedConnection {
  const out: PlannedConnection = {};
  for (const key of ["region", "profile", "endpointUrl", "assumeRoleArn", "externalId"] as const) {
    if (conn[key] !== undefined) out[key] = conn[key];
  }
  return out;
}

/** The reads and checks of planSpec, once the guards have passed. */
async function planRead(
  spec: Spec,
  conn: WorkflowConnection,
  planOptions: PlanOptions,
  declared: DeclaredRegions,
  listing: RegionListing,
): Promise<BoundPlan> {
  const declaredIn = declared.instances;
  const regions = new Map<string, RegionBinding>();
  for (const [region, ids] of declaredIn) {
    regions.set(region, { api: await apiFor(region, conn), ids });
  }
  for (const region of declared.resources.keys()) {
    if (!regions.has(region))
      regions.set(region, { api: await apiFor(region, conn), ids: new Set() });
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
  // Per region, the instances' describe and every kind's reads side by side.
  const read = await Promise.all(
    [...regions.entries()].map(async ([region, { api, ids }]) => {
      const wanted = [...ids, ...(extra.get(region) ?? [])];
      const items = declared.resources.get(region) ?? [];
      const advisoryApi = api.withCallOptions?.({ maxAttempts: ADVISORY_MAX_ATTEMPTS }) ?? api;
      const [instances, resources] = await Promise.all([
        wanted.length === 0 ? Promise.resolve([]) : api.describeInstances(wanted),
        items.length === 0 ? undefined : planRegionResources(api, advisoryApi, region, items),
      ]);
      // A MySQL or MariaDB source's upgrade waits for its replicas: the ones
      // the spec does not declare are read too, to know whether they are behind.
      const replicas = undeclaredReplicasToRead(spec.instances, instances);
      if (replicas.length > 0) instances.push(...(await api.describeInstances(replicas)));
      return { region, instances, resources };
    }),
  );
  const observed = read.flatMap((r) => r.instances);
  const desired = spec.instances;
  const resourcePlans: ResourcePlan[] = [];
  const resourceWarnings: PlanWarning[] = [];
  const advice = new Map<string, unknown>();
  const changesIn = new Map<string, ReturnType<typeof instanceEffectsOf>>();
  for (const r of read) {
    if (r.resources === undefined) continue;
    resourcePlans.push(...r.resources.plans);
    resourceWarnings.push(...r.resources.warnings);
    for (const [k, v] of r.resources.advice) advice.set(k, v);
    const effects = instanceEffectsOf(r.resources.plans);
    if (effects.size > 0) changesIn.set(r.region, effects);
  }
  const planned = withSettlingNotices(
    planInstances(desired, observed, planOptions, regions, changesIn),
  );
  const computed =
    spec.resources === undefined
      ? planned
      : {
          ...planned,
          resources: rebootNotices(orderResources(resourcePlans), withRegions(planned, regions)),
        };
  checkReplicaGraph(boundGraph({ plan: computed, observed, desired, planOptions, regions }));
  const resourcesDeclared = [...declared.resources.values()].flat();
  const { plan, problems } = await checkPlan(
    computed,
    desired,
    observed,
    regions,
    resourcesDeclared,
    listing,
  );
  problems.push(...(await sentSecretProblems(plannedSecrets(plan, desired, observed))));
  if (problems.length > 0) throw new PlanCheckError(problems);
  const warnings = [...resourceWarnings, ...(plan.warnings ?? [])];
  const withWarnings = warnings.length === 0 ? plan : { ...plan, warnings };
  // Each region's instances are checked before their calls with their own region's group changes.
  const regionPlanOptions = new Map(
    [...changesIn].map(([region, parameterGroupChanges]) => [
      region,
      { ...planOptions, parameterGroupChanges },
    ]),
  );
  return {
    plan: withWarnings,
    observed,
    desired,
    planOptions,
    ...(regionPlanOptions.size === 0 ? {} : { regionPlanOptions }),
    regions,
    ...(spec.resources === undefined ? {} : { resources: { desired: resourcesDeclared, advice } }),
  };
}

/** The instance plans, each with the region it was read in (for matching it to its region's groups). */
function withRegions(plan: Plan, regions: ReadonlyMap<string, RegionBinding>): InstancePlan[] {
  const regionOf = new Map<string, string>();
  for (const [region, { ids }] of regions) for (const id of ids) regionOf.set(id, region);
  return plan.instances.map((i) => {
    const region = i.region ?? regionOf.get(i.id);
    return region === undefined ? i : { ...i, region };
  });
}

/** The resource plans in KINDS order, then declared order (regions side by side keep theirs). */
function orderResources(plans: ResourcePlan[]): ResourcePlan[] {
  const rank = new Map(KINDS.map((k, i) => [k.name, i]));
  return plans
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (rank.get(a.p.kind) ?? 0) - (rank.get(b.p.kind) ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * The instances' plan: as one computePlan when no group change reaches them;
 * else the instances of each region planned with that region's group
 * changes (PlanOptions.parameterGroupChanges), in the spec's order.
 */
function planInstances(
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
  planOptions: PlanOptions,
  regions: ReadonlyMap<string, RegionBinding>,
  changesIn: ReadonlyMap<string, PlanOptions["parameterGroupChanges"]>,
): Plan {
  const all = computePlan(desired, observed, planOptions);
  if (changesIn.size === 0) return all;
  const byId = new Map(all.instances.map((p) => [p.id, p]));
  for (const [region, parameterGroupChanges] of changesIn) {
    const ids = regions.get(region)?.ids ?? new Set<string>();
    if (ids.size === 0) continue;
    const inRegion = computePlan(desired, observed, { ...planOptions, parameterGroupChanges });
    for (const p of inRegion.instances) if (ids.has(p.id)) byId.set(p.id, p);
  }
  const instances = all.instances.map((p) => byId.get(p.id) ?? p);
  return { ...all, instances, summary: summarizePlan(instances) };
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
  if (planBlocked(bound.plan)) throw new ChangeBlockedError(bound.plan, "refusing to apply");
  await options.beforeApply?.(bound.plan);
  const result = await applyScheduled(bound, options);
  throwIfAnyFailed(result);
  return result;
}

/** What applySpec takes: apply's options, and what to plan with (targets too). */
export interface SpecApplyOptions extends Omit<ApplyOptions, "planOptions"> {
  planOptions?: SpecPlanOptions;
}

/** planSpec then applyPlan: plans with `options.planOptions` and applies that plan. */
export async function applySpec(
  spec: Spec,
  conn: WorkflowConnection,
  options: SpecApplyOptions = {},
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
 * The export document with the groups its instances use (each kind's
 * non-default groups they name): per kind, one paged listing and each found
 * group's tags, in the region the instances were read in, so that planning
 * the exported file finds nothing to do. Sends nothing that changes anything.
 */
export async function withUsedResources(
  conn: WorkflowConnection,
  region: string,
  doc: ExportDocument,
): Promise<ExportDocument> {
  // Loaded here, not at the top: plan and apply never need the export code.
  const { usedNames, withResources } = await import("./export/document.js");
  let out = doc;
  for (const kind of KINDS) {
    const names = usedNames(doc, kind);
    if (names.length === 0) continue;
    const api = await apiFor(region, conn);
    out = withResources(out, kind, await kind.read(kindApiOf(api), names));
  }
  return out;
}

/**
 * The account's own defaults `export` leaves out (src/export/chosen.ts),
 * read in the region the instances were read in: KMS ListAliases when an
 * exported instance has a key, one EC2 DescribeSecurityGroups when some have
 * security groups, nothing otherwise. Advisory: a check that cannot be made
 * is in `unchecked`, never an error (but an interrupt).
 */
export async function readAccountDefaults(
  conn: WorkflowConnection,
  region: string,
  ask: AccountDefaultsAsk,
): Promise<AccountDefaultsFound> {
  if (!ask.keys && ask.vpcIds.length === 0) return { unchecked: [] };
  const { readAccountDefaults: read } = await import("./aws/account-defaults.js");
  const { apiFactory: _unused, ...options } = conn;
  return read({ ...options, region }, ask);
}

/**
 * Reads the given instances, each in its own region (else the connection's,
 * else the SDK's default): one describe per 100 per region. The result has
 * the instances that exist, by lowercased identifier. Sends nothing. With a
 * spec's account settings, they are applied and guarded as planSpec does
 * (its profile and role; allowedAccountIds checked before any RDS call).
 */
export async function describeDeclared(
  targets: ReadonlyArray<{ id: string; region?: string }>,
  conn: WorkflowConnection,
  account?: AccountSettings,
): Promise<Map<string, DBInstance>> {
  const found = new Map<string, DBInstance>();
  const connection = withAccountSettings(account, conn, conn.onWarning);
  const groups = await groupByRegion(targets, connection);
  const regions = [...groups.keys()].filter((r): r is string => r !== undefined);
  await guardAccount(account?.allowedAccountIds, connection, regions, conn);
  for (const [region, items] of groups) {
    if (region === undefined) throw new UsageError(`${items[0]?.id}: ${NO_REGION_HELP}`);
    const api = await apiFor(region, connection);
    for (const db of await api.describeInstances(items.map((i) => i.id.toLowerCase()))) {
      const id = db.DBInstanceIdentifier?.toLowerCase();
      if (id !== undefined) found.set(id, db);
    }
  }
  return found;
}
