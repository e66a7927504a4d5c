import type { DBInstance, DBParameterGroup, DBSubnetGroup } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { type AdvisoryFailure, advisoryFailure } from "../aws/sdk-errors.js";
import { AwsCallError, type SpecProblem } from "../errors.js";
import { fieldWithRole } from "../kinds/instance/fields/table.js";
import type { DeclaredResource } from "../kinds/types.js";
import { summarizePlan } from "../plan/compute.js";
import {
  type CheckTarget,
  isUnknown,
  orderableKey,
  type PreflightFacts,
  preflightNeeds,
  preflightProblems,
  preflightWarnings,
  secretKey,
  skippedMessage,
  type UnknownFact,
} from "../plan/preflight.js";
import { withRenameHints } from "../plan/rename-hint.js";
import type { InstancePlan, Plan, PlanWarning } from "../plan/types.js";
import { checkUpgradeTargets, withUpgradeBlocks } from "../plan/upgrade-targets.js";
import { checkSecretAvailable } from "../spec/secret-check.js";
import type { DesiredInstance } from "../spec/types.js";
import type { RegionBinding } from "./types.js";

/**
 * The reads behind the plan-time checks, made once the plan is computed and
 * before anything is sent: per region, one DescribeOrderableDBInstanceOptions
 * chain per (engine, class) pair, one DescribeDBEngineVersions chain per
 * engine with a parameter group to check, and for each kind of group one
 * named call (one name) or one listing (several); each answer is read once
 * for the run. When the region's plan creates anything, one listing of every
 * instance of the region finds creates that look like renames. The judgement
 * itself is pure (`src/plan/preflight.ts`, `src/plan/rename-hint.ts`).
 *
 * Every read here is advisory (docs/iam.md): made with at most
 * ADVISORY_MAX_ATTEMPTS attempts, and when it is denied, not served, or
 * answers nothing about the engine, its checks are skipped with a warning
 * instead of stopping the plan. RDS makes the same checks when the call is made.
 */

/** Attempts per advisory read: a 5xx is tried once more, then the check is skipped. */
export const ADVISORY_MAX_ATTEMPTS = 2;

/**
 * Every instance of a region, as read by `api`; planSpec passes one that
 * reads each region once for the rename hints and the `markManaged` check.
 */
export type RegionListing = (region: string, api: RdsApi) => Promise<DBInstance[]>;

const listEveryTime: RegionListing = (_, api) => api.describeAllInstances();

export interface PlanCheckOutcome {
  /** The plan, with rename hints added to the creates that look like one. */
  plan: Plan;
  /** What RDS would refuse, located in the spec; empty when all is well. */
  problems: SpecProblem[];
  /** The checks skipped for want of an answer (also on `plan.warnings`). */
  warnings: PlanWarning[];
}

function whyUnknown(action: string, failure: AdvisoryFailure): string {
  switch (failure.kind) {
    case "denied":
      return `rds:${action} was denied: ${failure.code}`;
    case "not-served":
      return `the endpoint does not serve ${action}: ${failure.code}`;
    default:
      return `${action} did not answer: ${failure.code}`;
  }
}

/** An advisory read: its answer, or why there is none when it was denied, not served or failed. */
async function advisory<T>(action: string, read: () => Promise<T>): Promise<T | UnknownFact> {
  try {
    return await read();
  } catch (err) {
    const failure = advisoryFailure(err);
    if (failure === undefined) throw err;
    return { unknown: whyUnknown(action, failure) };
  }
}

type OrderableFact = PreflightFacts["orderable"] extends ReadonlyMap<string, infer V> ? V : never;
const ORDERABLE = "DescribeOrderableDBInstanceOptions";

/**
 * An engine RDS does not know answers InvalidParameterValue: a fact about the
 * spec, not a failure. An empty answer is "not offered" only when the
 * catalogue lists the engine at all; an endpoint whose catalogue is empty
 * knows nothing to refuse with.
 */
async function orderableFact(
  api: RdsApi,
  engine: string,
  instanceClass: string,
): Promise<OrderableFact> {
  const options = await advisory(ORDERABLE, async () => {
    try {
      return await api.describeOrderable(engine, instanceClass);
    } catch (err) {
      const code = err instanceof AwsCallError ? err.awsCode : undefined;
      if (code === "InvalidParameterValue" || code === "InvalidParameterCombination") {
        return { error: err instanceof Error ? err.message : String(err) };
      }
      throw err;
    }
  });
  const offersEngine = api.offersEngine?.bind(api);
  if (!Array.isArray(options) || options.length > 0 || offersEngine === undefined) return options;
  const listed = await advisory(ORDERABLE, () => offersEngine(engine));
  if (isUnknown(listed)) return listed;
  return listed ? options : { unknown: `the endpoint's ${ORDERABLE} lists nothing for ${engine}` };
}

/** An engine's versions, unknown when the read failed or listed none. */
async function versionsFact(api: RdsApi, engine: string) {
  const versions = await advisory("DescribeDBEngineVersions", () =>
    api.describeEngineVersions(engine),
  );
  if (Array.isArray(versions) && versions.length === 0) {
    return { unknown: `the endpoint's DescribeDBEngineVersions lists no version of ${engine}` };
  }
  return versions;
}

/**
 * The groups of one kind by name, or why they could not be read. A group the
 * spec declares (`declared`, by lowercased name: its declared fields, as its
 * Create call names them) is present as declared, and is not read again: the
 * kind's own read has seen it.
 */
async function groupsFact<T>(
  action: string,
  names: string[],
  read: (names: string[]) => Promise<T[]>,
  nameOf: (g: T) => string | undefined,
  declared: ReadonlyMap<string, T> = new Map(),
): Promise<Map<string, T> | UnknownFact> {
  const toRead = names.filter((n) => !declared.has(n));
  const groups = await advisory(action, () => ifAny(toRead, read));
  if (isUnknown(groups)) return toRead.length === 0 ? new Map(declared) : groups;
  const out = byName(groups, nameOf);
  for (const [name, g] of declared) out.set(name, g);
  return out;
}

/** A group role's declared groups of one region, by lowercased name, shaped as RDS describes them. */
function declaredOf<T>(declared: readonly DeclaredResource[], role: string): Map<string, T> {
  return new Map(
    declared.filter((d) => d.kind === role).map((d) => [d.id, { ...d.fields } as T] as const),
  );
}

function byName<T>(groups: readonly T[], nameOf: (g: T) => string | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (const g of groups) {
    const name = nameOf(g)?.toLowerCase();
    if (name !== undefined) out.set(name, g);
  }
  return out;
}

/** Asks only when there is something to ask about. */
async function ifAny<T>(names: string[], read: (names: string[]) => Promise<T[]>): Promise<T[]> {
  return names.length === 0 ? [] : read(names);
}

/** Whether one secret can be read, asked once per run. */
function secretFact(
  ref: PreflightNeedsSecret,
  secrets: Map<string, Promise<string | undefined>>,
): Promise<string | undefined> {
  const key = secretKey(ref);
  let answer = secrets.get(key);
  if (answer === undefined) {
    answer = checkSecretAvailable(ref);
    secrets.set(key, answer);
  }
  return answer;
}

type PreflightNeedsSecret = ReturnType<typeof preflightNeeds>["secrets"][number];

/** Reads every fact the targets of one region need, each once; `api` makes few attempts. */
async function readFacts(
  api: RdsApi,
  targets: readonly CheckTarget[],
  secrets: Map<string, Promise<string | undefined>>,
  declared: readonly DeclaredResource[] = [],
): Promise<PreflightFacts> {
  const needs = preflightNeeds(targets);
  const [orderable, versions, parameterGroups, optionGroups, subnetGroups, secretAnswers] =
    await Promise.all([
      Promise.all(
        needs.orderable.map(
          async ({ engine, instanceClass }) =>
            [
              orderableKey(engine, instanceClass),
              await orderableFact(api, engine, instanceClass),
            ] as const,
        ),
      ),
      Promise.all(
        needs.engineVersions.map(
          async (engine) => [engine, await versionsFact(api, engine)] as const,
        ),
      ),
      groupsFact(
        "DescribeDBParameterGroups",
        needs.groups["parameter-group"],
        (names) => api.describeParameterGroups(names),
        (g) => g.DBParameterGroupName,
        declaredOf<DBParameterGroup>(declared, "parameter-group"),
      ),
      groupsFact(
        "DescribeOptionGroups",
        needs.groups["option-group"],
        (names) => api.describeOptionGroups(names),
        (g) => g.OptionGroupName,
      ),
      groupsFact(
        "DescribeDBSubnetGroups",
        needs.groups["subnet-group"],
        (names) => api.describeSubnetGroups(names),
        (g) => g.DBSubnetGroupName,
        declaredOf<DBSubnetGroup>(declared, "subnet-group"),
      ),
      Promise.all(
        needs.secrets.map(async (ref) => [secretKey(ref), await secretFact(ref, secrets)] as const),
      ),
    ]);
  return {
    orderable: new Map(orderable),
    engineVersions: new Map(versions),
    parameterGroups,
    optionGroups,
    subnetGroups,
    secrets: new Map(
      secretAnswers.flatMap(([key, why]) => (why === undefined ? [] : [[key, why] as const])),
    ),
  };
}

/** The region's plan entries with rename hints, or as they are with a warning when the listing failed. */
async function renameHints(
  api: RdsApi,
  region: string,
  entries: InstancePlan[],
  desired: readonly DesiredInstance[],
  listing: RegionListing,
): Promise<{ hinted: InstancePlan[]; warnings: PlanWarning[] }> {
  const creates = entries.filter((p) => p.action === "create").map((p) => p.id);
  if (creates.length === 0) return { hinted: entries, warnings: [] };
  const everyInstance = await advisory("DescribeDBInstances", () => listing(region, api));
  if (!isUnknown(everyInstance)) {
    return { hinted: withRenameHints(entries, desired, everyInstance), warnings: [] };
  }
  const what = `whether a create is the rename of an undeclared instance in ${region}`;
  const message = skippedMessage(creates, what, everyInstance.unknown);
  return {
    hinted: entries,
    warnings: [{ check: "rename-hint", region, ids: creates, message }],
  };
}

/**
 * Runs the plan-time checks region by region (regions side by side) and adds
 * rename hints. Sends nothing that changes anything.
 */
export async function checkPlan(
  plan: Plan,
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
  regions: ReadonlyMap<string, RegionBinding>,
  declared: readonly DeclaredResource[] = [],
  listing: RegionListing = listEveryTime,
): Promise<PlanCheckOutcome> {
  const idField = fieldWithRole("identifier");
  const liveById = new Map<string, DBInstance>();
  for (const db of observed) {
    const id = idField.current(db);
    if (typeof id === "string") liveById.set(id.toLowerCase(), db);
  }
  const desiredById = new Map(desired.map((d) => [d.id, d]));
  const secrets = new Map<string, Promise<string | undefined>>();
  const perRegion = await Promise.all(
    [...regions.entries()].map(async ([region, { api, ids }]) => {
      const entries = plan.instances.filter((i) => ids.has(i.id));
      const targets: CheckTarget[] = entries.flatMap((p) => {
        const d = desiredById.get(p.id);
        if (d === undefined) return [];
        const db = liveById.get(p.id);
        return [{ d, plan: p, region, ...(db === undefined ? {} : { db }) }];
      });
      const checksApi = api.withCallOptions?.({ maxAttempts: ADVISORY_MAX_ATTEMPTS }) ?? api;
      const [facts, hints] = await Promise.all([
        readFacts(
          checksApi,
          targets,
          secrets,
          declared.filter((d) => d.region === region),
        ),
        renameHints(checksApi, region, entries, desired, listing),
      ]);
      // An upgrade to a version that is not a valid target is blocked: its
      // instance sends nothing, so its other calls are not checked.
      const upgrades = checkUpgradeTargets(targets, facts);
      const checked = targets.map((t) => {
        const [plan] = withUpgradeBlocks([t.plan], upgrades.blocks);
        return plan === undefined || plan === t.plan ? t : { ...t, plan };
      });
      return {
        problems: preflightProblems(checked, facts),
        warnings: [...preflightWarnings(checked, facts), ...upgrades.warnings, ...hints.warnings],
        hinted: withUpgradeBlocks(hints.hinted, upgrades.blocks),
      };
    }),
  );
  const hinted = new Map<string, InstancePlan>(
    perRegion.flatMap((r) => r.hinted).map((p) => [p.id, p]),
  );
  const problems = perRegion.flatMap((r) => r.problems);
  const warnings = perRegion.flatMap((r) => r.warnings);
  const instances = plan.instances.map((p) => hinted.get(p.id) ?? p);
  return {
    plan: {
      ...plan,
      instances,
      summary: summarizePlan(instances),
      ...(warnings.length === 0 ? {} : { warnings }),
    },
    problems,
    warnings,
  };
}
