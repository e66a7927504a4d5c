import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { AwsCallError, type SpecProblem } from "../errors.js";
import { fieldWithRole } from "../fields/table.js";
import {
  type CheckTarget,
  orderableKey,
  type PreflightFacts,
  preflightNeeds,
  preflightProblems,
  secretKey,
} from "../plan/preflight.js";
import { withRenameHints } from "../plan/rename-hint.js";
import type { InstancePlan, Plan } from "../plan/types.js";
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
 */

export interface PlanCheckOutcome {
  /** The plan, with rename hints added to the creates that look like one. */
  plan: Plan;
  /** What RDS would refuse, located in the spec; empty when all is well. */
  problems: SpecProblem[];
}

/** An engine RDS does not know answers InvalidParameterValue: a fact about the spec, not a failure. */
async function orderableFact(
  api: RdsApi,
  engine: string,
  instanceClass: string,
): Promise<PreflightFacts["orderable"] extends ReadonlyMap<string, infer V> ? V : never> {
  try {
    return await api.describeOrderable(engine, instanceClass);
  } catch (err) {
    const code = err instanceof AwsCallError ? err.awsCode : undefined;
    if (code === "InvalidParameterValue" || code === "InvalidParameterCombination") {
      return { error: err instanceof Error ? err.message : String(err) };
    }
    throw err;
  }
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

/** Reads every fact the targets of one region need, each once. */
async function readFacts(
  api: RdsApi,
  targets: readonly CheckTarget[],
  secrets: Map<string, Promise<string | undefined>>,
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
          async (engine) => [engine, await api.describeEngineVersions(engine)] as const,
        ),
      ),
      ifAny(needs.groups["parameter-group"], (names) => api.describeParameterGroups(names)),
      ifAny(needs.groups["option-group"], (names) => api.describeOptionGroups(names)),
      ifAny(needs.groups["subnet-group"], (names) => api.describeSubnetGroups(names)),
      Promise.all(
        needs.secrets.map(async (ref) => {
          const key = secretKey(ref);
          let answer = secrets.get(key);
          if (answer === undefined) {
            answer = checkSecretAvailable(ref);
            secrets.set(key, answer);
          }
          return [key, await answer] as const;
        }),
      ),
    ]);
  return {
    orderable: new Map(orderable),
    engineVersions: new Map(versions),
    parameterGroups: byName(parameterGroups, (g) => g.DBParameterGroupName),
    optionGroups: byName(optionGroups, (g) => g.OptionGroupName),
    subnetGroups: byName(subnetGroups, (g) => g.DBSubnetGroupName),
    secrets: new Map(
      secretAnswers.flatMap(([key, why]) => (why === undefined ? [] : [[key, why] as const])),
    ),
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
      const [facts, everyInstance] = await Promise.all([
        readFacts(api, targets, secrets),
        entries.some((p) => p.action === "create")
          ? api.describeAllInstances()
          : Promise.resolve([]),
      ]);
      return {
        problems: preflightProblems(targets, facts),
        hinted: withRenameHints(entries, desired, everyInstance),
      };
    }),
  );
  const hinted = new Map<string, InstancePlan>(
    perRegion.flatMap((r) => r.hinted).map((p) => [p.id, p]),
  );
  const problems = perRegion.flatMap((r) => r.problems);
  return {
    plan: { ...plan, instances: plan.instances.map((p) => hinted.get(p.id) ?? p) },
    problems,
  };
}
