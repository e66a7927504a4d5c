import type {
  DBEngineVersion,
  DBInstance,
  DBParameterGroup,
  DBSubnetGroup,
  OptionGroup,
  OrderableDBInstanceOption,
} from "@aws-sdk/client-rds";
import type { SpecProblem } from "../errors.js";
import { nonEmptyString as str } from "../kinds/instance/fields/describe-readers.js";
import { FIELDS, fieldWithRole } from "../kinds/instance/fields/table.js";
import type { FieldRole } from "../kinds/instance/fields/types.js";
import { type DesiredInstance, REPLICA_SOURCE, type SecretRef } from "../spec/types.js";
import { editDistance } from "../text/edit-distance.js";
import { versionMatches } from "./engine-version.js";
import type { InstancePlan, PlanWarning } from "./types.js";

/**
 * The plan-time checks: what RDS would refuse, found before any mutating
 * call. Pure: the facts RDS reported (orderable options, engine versions,
 * groups) and whether each secret can be read come in as plain data, read by
 * the caller once per run (`src/apply/plan-checks.ts`). Only instances that
 * will be created, or whose plan changes the checked field, are checked.
 */

/**
 * A fact the caller could not read (the read was denied or not served, or
 * answered nothing about the engine): its check is skipped, and said so in a
 * warning, never a refusal. `unknown` says why, e.g.
 * "rds:DescribeDBEngineVersions was denied: AccessDenied".
 */
export interface UnknownFact {
  unknown: string;
}

export function isUnknown(value: unknown): value is UnknownFact {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { unknown?: unknown }).unknown === "string"
  );
}

/** One planned instance with its declaration and, when it exists, what RDS reports. */
export interface CheckTarget {
  d: DesiredInstance;
  plan: InstancePlan;
  db?: DBInstance;
  /** The region, for messages. */
  region: string;
}

/** What must be read for the checks. */
export interface PreflightNeeds {
  /** Pairs to ask DescribeOrderableDBInstanceOptions about (engine and class lowercased). */
  orderable: Array<{ engine: string; instanceClass: string }>;
  /** Engines whose versions (and parameter group families) are needed. */
  engineVersions: string[];
  /** Group names (lowercased) by the role of the field that names them. */
  groups: Record<GroupRole, string[]>;
  /** Secrets that will be sent, to check they can be read. */
  secrets: SecretRef[];
}

export type GroupRole = "parameter-group" | "option-group" | "subnet-group";

/** What RDS reported, and whether each secret is available, for the needs above. */
export interface PreflightFacts {
  /** By `orderableKey`: the options, or why RDS refused the question (an engine it does not know). */
  orderable: ReadonlyMap<
    string,
    readonly OrderableDBInstanceOption[] | { error: string } | UnknownFact
  >;
  /** By lowercased engine. */
  engineVersions: ReadonlyMap<string, readonly DBEngineVersion[] | UnknownFact>;
  /** Existing groups by lowercased name; a name missing here does not exist. */
  parameterGroups: ReadonlyMap<string, DBParameterGroup> | UnknownFact;
  optionGroups: ReadonlyMap<string, OptionGroup> | UnknownFact;
  subnetGroups: ReadonlyMap<string, DBSubnetGroup> | UnknownFact;
  /** Why a secret is unavailable, by `secretKey`; absent when it can be read. */
  secrets: ReadonlyMap<string, string>;
}

export function orderableKey(engine: string, instanceClass: string): string {
  return `${engine.toLowerCase()}|${instanceClass.toLowerCase()}`;
}

export function secretKey(ref: SecretRef): string {
  return ref.kind === "literal"
    ? "literal"
    : `${ref.kind}:${ref.kind === "env" ? ref.name : ref.path}`;
}

const GROUP_ROLES: readonly GroupRole[] = ["parameter-group", "option-group", "subnet-group"];

/** Whether the plan for this instance changes the field with this role. */
function changes(t: CheckTarget, role: FieldRole): boolean {
  const name = fieldWithRole(role).name;
  return t.plan.changes.some((c) => c.field === name);
}

/** The declared value of a role's field, else (for an existing instance) the live one. */
function settingOf(t: CheckTarget, role: FieldRole): string | undefined {
  const f = fieldWithRole(role);
  const declared = str(t.d.fields[f.name]);
  if (declared !== undefined || t.db === undefined) return declared;
  return str(f.current(t.db));
}

/** The engine version an instance will have: its plan's upgrade target, else as declared or live. */
function targetVersion(t: CheckTarget): string | undefined {
  return t.plan.upgrade?.to ?? settingOf(t, "engine-version");
}

/** The engine, class and version an instance will have, when its plan creates it or changes them. */
function orderableSubject(
  t: CheckTarget,
): { engine: string; instanceClass: string; version?: string; license?: string } | undefined {
  const checked =
    t.plan.action === "create" ||
    (t.plan.action === "modify" && (changes(t, "instance-class") || changes(t, "engine-version")));
  if (!checked) return undefined;
  const engine = settingOf(t, "engine");
  const instanceClass = settingOf(t, "instance-class");
  if (engine === undefined || instanceClass === undefined) return undefined;
  const version = targetVersion(t);
  const license = str(t.d.fields[fieldWithRole("license-model").name]);
  return {
    engine: engine.toLowerCase(),
    instanceClass: instanceClass.toLowerCase(),
    ...(version === undefined ? {} : { version }),
    ...(license === undefined ? {} : { license }),
  };
}

/** The groups an instance's plan names: all declared ones at create, the changed ones on a modify. */
function groupsOf(t: CheckTarget): Array<{ role: GroupRole; name: string }> {
  if (t.plan.action !== "create" && t.plan.action !== "modify") return [];
  const out: Array<{ role: GroupRole; name: string }> = [];
  for (const role of GROUP_ROLES) {
    const name = str(t.d.fields[fieldWithRole(role).name]);
    if (name === undefined) continue;
    if (t.plan.action === "modify" && !changes(t, role)) continue;
    out.push({ role, name: name.toLowerCase() });
  }
  return out;
}

/** The secrets the plan's calls carry (a create's password, a rotation). */
function secretsOf(t: CheckTarget): SecretRef[] {
  const out: SecretRef[] = [];
  for (const call of t.plan.calls) {
    if (call.kind !== "create" && call.kind !== "modify") continue;
    const ref = call.input.MasterUserPassword;
    if (ref !== undefined) out.push(ref);
  }
  return out;
}

/** Everything to read for the checks of these targets, each once. */
export function preflightNeeds(targets: readonly CheckTarget[]): PreflightNeeds {
  const orderable = new Map<string, { engine: string; instanceClass: string }>();
  const engines = new Set<string>();
  const groups: Record<GroupRole, Set<string>> = {
    "parameter-group": new Set(),
    "option-group": new Set(),
    "subnet-group": new Set(),
  };
  const secrets = new Map<string, SecretRef>();
  for (const t of targets) {
    const subject = orderableSubject(t);
    if (subject !== undefined) {
      const { engine, instanceClass } = subject;
      orderable.set(orderableKey(engine, instanceClass), { engine, instanceClass });
    }
    for (const g of groupsOf(t)) {
      groups[g.role].add(g.name);
      const engine = settingOf(t, "engine");
      if (g.role === "parameter-group" && engine !== undefined) engines.add(engine.toLowerCase());
    }
    for (const ref of secretsOf(t)) secrets.set(secretKey(ref), ref);
  }
  // An upgrade's target is checked against the live version's ValidUpgradeTarget.
  for (const t of targets) {
    const engine = settingOf(t, "engine");
    const own = t.plan.upgrade !== undefined && t.plan.upgrade.withSource === undefined;
    if (own && t.plan.action === "modify" && engine !== undefined)
      engines.add(engine.toLowerCase());
  }
  return {
    orderable: [...orderable.values()],
    engineVersions: [...engines],
    groups: {
      "parameter-group": [...groups["parameter-group"]],
      "option-group": [...groups["option-group"]],
      "subnet-group": [...groups["subnet-group"]],
    },
    secrets: [...secrets.values()],
  };
}

/** A problem located at a declared field (or the instance item when the field is not declared). */
function problem(d: DesiredInstance, field: string | undefined, message: string): SpecProblem {
  const loc = (field === undefined ? undefined : d.fieldSources[field]) ?? d.source;
  return {
    file: loc.file,
    line: loc.line,
    column: loc.column,
    path: field === undefined ? d.id : `${d.id}.${field}`,
    message: `${d.id}: ${message}`,
  };
}

/** The fields CreateDBInstance needs that the instance does not declare. */
function missingAtCreate(t: CheckTarget): SpecProblem[] {
  if (t.plan.action !== "create") return [];
  // A replica's source is kept beside the fields; the hooks read it as declared.
  const declared =
    t.d.replicaSource === undefined
      ? t.d.fields
      : { ...t.d.fields, [REPLICA_SOURCE]: t.d.replicaSource };
  const out: SpecProblem[] = [];
  for (const f of FIELDS) {
    if (t.d.fields[f.name] !== undefined) continue;
    const hint = f.requiredAtCreate?.(declared);
    if (hint === undefined) continue;
    out.push(
      problem(
        t.d,
        undefined,
        `the instance will be created, and CreateDBInstance needs ${f.name}: ${hint}`,
      ),
    );
  }
  return out;
}

/** Distinct values in first-seen order. */
function distinct(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => v !== undefined))];
}

function orderableProblems(t: CheckTarget, facts: PreflightFacts): SpecProblem[] {
  const s = orderableSubject(t);
  if (s === undefined) return [];
  const classField = fieldWithRole("instance-class").name;
  const answer = facts.orderable.get(orderableKey(s.engine, s.instanceClass));
  if (answer === undefined || isUnknown(answer)) return [];
  if (!Array.isArray(answer)) {
    const error = (answer as { error: string }).error;
    return [
      problem(
        t.d,
        fieldWithRole("engine").name,
        `RDS does not offer the engine ${s.engine} in ${t.region}: ${error}`,
      ),
    ];
  }
  const options = answer as readonly OrderableDBInstanceOption[];
  if (options.length === 0) {
    return [
      problem(
        t.d,
        classField,
        `${classField} ${s.instanceClass} is not offered for ${s.engine} in ${t.region}. ` +
          `List the classes that are with: aws rds describe-orderable-db-instance-options --engine ${s.engine} --region ${t.region} --query "OrderableDBInstanceOptions[].DBInstanceClass"`,
      ),
    ];
  }
  const version = s.version;
  const forVersion =
    version === undefined
      ? options
      : options.filter(
          (o) => o.EngineVersion !== undefined && versionMatches(version, o.EngineVersion),
        );
  if (forVersion.length === 0) {
    const offered = distinct(options.map((o) => o.EngineVersion));
    const shown = offered.slice(-6).join(", ");
    return [
      problem(
        t.d,
        fieldWithRole("engine-version").name,
        `${classField} ${s.instanceClass} is not offered for ${s.engine} ${version} in ${t.region}; ` +
          `it is for versions such as ${shown}. Choose one of those versions or another class.`,
      ),
    ];
  }
  const license = s.license;
  if (
    license !== undefined &&
    !forVersion.some((o) => o.LicenseModel?.toLowerCase() === license.toLowerCase())
  ) {
    const offered = distinct(forVersion.map((o) => o.LicenseModel)).join(", ");
    return [
      problem(
        t.d,
        fieldWithRole("license-model").name,
        `${s.engine} on ${s.instanceClass} is not offered with the license model ${license}; offered: ${offered}.`,
      ),
    ];
  }
  return [];
}

/** The parameter group families of an engine's versions matching the declared one (all when none is). */
function familiesFor(facts: PreflightFacts, engine: string, version: string | undefined): string[] {
  const known = facts.engineVersions.get(engine);
  const versions = known === undefined || isUnknown(known) ? [] : known;
  return distinct(
    versions
      .filter(
        (v) =>
          version === undefined ||
          (v.EngineVersion !== undefined && versionMatches(version, v.EngineVersion)),
      )
      .map((v) => v.DBParameterGroupFamily?.toLowerCase()),
  );
}

function closest(name: string, existing: Iterable<string>): string {
  // Names differing by a letter or two are likely typos worth naming.
  const candidates = [...existing].filter((e) => e !== name && editDistance(e, name) <= 2);
  return candidates.length === 0 ? "" : ` Did you mean ${candidates[0]}?`;
}

const CREATE_HINT: Record<GroupRole, string> = {
  "parameter-group": "aws rds create-db-parameter-group",
  "option-group": "aws rds create-option-group",
  "subnet-group": "aws rds create-db-subnet-group",
};

function groupsFact(
  facts: PreflightFacts,
  role: GroupRole,
): ReadonlyMap<string, DBParameterGroup | OptionGroup | DBSubnetGroup> | UnknownFact {
  return role === "parameter-group"
    ? facts.parameterGroups
    : role === "option-group"
      ? facts.optionGroups
      : facts.subnetGroups;
}

function groupProblems(t: CheckTarget, facts: PreflightFacts): SpecProblem[] {
  const out: SpecProblem[] = [];
  const engine = settingOf(t, "engine")?.toLowerCase();
  const version = targetVersion(t);
  for (const { role, name } of groupsOf(t)) {
    const field = fieldWithRole(role).name;
    const existing = groupsFact(facts, role);
    if (isUnknown(existing)) continue;
    const group = existing.get(name);
    if (group === undefined) {
      out.push(
        problem(
          t.d,
          field,
          `${field} ${name} does not exist in ${t.region}.${closest(name, existing.keys())} ` +
            `Create it first (${CREATE_HINT[role]}) or correct the name.`,
        ),
      );
      continue;
    }
    if (engine === undefined) continue;
    if (role === "parameter-group") {
      const family = (group as DBParameterGroup).DBParameterGroupFamily?.toLowerCase();
      const families = familiesFor(facts, engine, version);
      if (family !== undefined && families.length > 0 && !families.includes(family)) {
        const which = version === undefined ? engine : `${engine} ${version}`;
        out.push(
          problem(
            t.d,
            field,
            `${field} ${name} is of the family ${family}, but ${which} needs ${families.join(" or ")}. ` +
              `Use a group of that family (or create one with --db-parameter-group-family ${families[0]}).`,
          ),
        );
      }
    }
    if (role === "option-group") {
      const og = group as OptionGroup;
      const ogEngine = og.EngineName?.toLowerCase();
      const major = og.MajorEngineVersion;
      const sameMajor =
        major === undefined ||
        version === undefined ||
        versionMatches(major, version) ||
        versionMatches(version, major);
      if ((ogEngine !== undefined && ogEngine !== engine) || !sameMajor) {
        out.push(
          problem(
            t.d,
            field,
            `${field} ${name} is for ${ogEngine ?? "?"} ${major ?? ""}`.trimEnd() +
              `, not ${engine}${version === undefined ? "" : ` ${version}`}. Use an option group made for this engine and major version.`,
          ),
        );
      }
    }
  }
  return out;
}

function secretProblems(t: CheckTarget, facts: PreflightFacts): SpecProblem[] {
  const field = fieldWithRole("master-password").name;
  return secretsOf(t).flatMap((ref) => {
    const why = facts.secrets.get(secretKey(ref));
    if (why === undefined) return [];
    const when = t.plan.action === "create" ? "created" : "sent a new password";
    return [
      problem(
        t.d,
        field,
        `${field} is needed now (the instance will be ${when}), but ${why}. Set it before running apply.`,
      ),
    ];
  });
}

/** Every problem the checks find, in plan order, each located in the spec. */
export function preflightProblems(
  targets: readonly CheckTarget[],
  facts: PreflightFacts,
): SpecProblem[] {
  return targets.flatMap((t) => {
    const missing = missingAtCreate(t);
    return [
      ...missing,
      ...secretProblems(t, facts),
      ...orderableProblems(t, facts),
      ...groupProblems(t, facts),
    ];
  });
}

/** A warning per skipped check, gathered by what was not checked. */
class SkippedChecks {
  private readonly byKey = new Map<string, PlanWarning & { what: string; why: string }>();

  add(t: CheckTarget, check: string, what: string, why: string): void {
    const key = `${check}\u0000${t.region}\u0000${what}`;
    const seen = this.byKey.get(key);
    if (seen === undefined) {
      this.byKey.set(key, { check, region: t.region, ids: [t.plan.id], message: "", what, why });
    } else if (!seen.ids.includes(t.plan.id)) seen.ids.push(t.plan.id);
  }

  list(): PlanWarning[] {
    return [...this.byKey.values()].map(({ check, region, ids, what, why }) => ({
      check,
      region,
      ids,
      message: skippedMessage(ids, what, why),
    }));
  }
}

/** "a, b: could not check X (why); RDS will check it when the call is made". */
export function skippedMessage(ids: readonly string[], what: string, why: string): string {
  const shown =
    ids.length > 4 ? `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more` : ids.join(", ");
  return `${shown}: could not check ${what} (${why}); RDS will check it when the call is made`;
}

function skippedOrderable(t: CheckTarget, facts: PreflightFacts, out: SkippedChecks): void {
  const s = orderableSubject(t);
  if (s === undefined) return;
  const answer = facts.orderable.get(orderableKey(s.engine, s.instanceClass));
  if (!isUnknown(answer)) return;
  // One read per engine and class, so one warning: the versions are not part of it.
  const what = `that ${s.instanceClass} is offered for ${s.engine} in ${t.region}`;
  out.add(t, "orderable", what, answer.unknown);
}

function skippedGroups(t: CheckTarget, facts: PreflightFacts, out: SkippedChecks): void {
  const engine = settingOf(t, "engine")?.toLowerCase();
  for (const { role, name } of groupsOf(t)) {
    const field = fieldWithRole(role).name;
    const existing = groupsFact(facts, role);
    if (isUnknown(existing)) {
      out.add(t, role, `that ${field} ${name} exists in ${t.region}`, existing.unknown);
      continue;
    }
    if (role !== "parameter-group" || engine === undefined || !existing.has(name)) continue;
    const versions = facts.engineVersions.get(engine);
    if (isUnknown(versions)) {
      const what = `that ${field} ${name} is of a family ${engine} accepts`;
      out.add(t, "engine-versions", what, versions.unknown);
    }
  }
}

/**
 * One warning per check that could not be made for want of a fact (the
 * same check for several instances is one warning naming them all).
 */
export function preflightWarnings(
  targets: readonly CheckTarget[],
  facts: PreflightFacts,
): PlanWarning[] {
  const out = new SkippedChecks();
  for (const t of targets) {
    skippedOrderable(t, facts, out);
    skippedGroups(t, facts, out);
  }
  return out.list();
}
