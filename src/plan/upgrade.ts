import type { DBInstance } from "@aws-sdk/client-rds";
import { member, nonEmptyString as str } from "../kinds/instance/fields/describe-readers.js";
import { fieldWithRole, modifyNameOf } from "../kinds/instance/fields/table.js";
import type { FieldRole } from "../kinds/instance/fields/types.js";
import type { DesiredInstance } from "../spec/types.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import {
  compareDeclaredVersion,
  isMajorChange,
  majorOf,
  versionMatches,
} from "./engine-version.js";
import { where } from "./messages.js";
import { parseDbArn, sourceIdOf } from "./replica.js";
import type { BlockedChange, InstancePlan, UpgradeStep } from "./types.js";

/*
 * Engine upgrades planned whole (RDS User Guide, "Upgrading a DB instance
 * engine version": USER_UpgradeDBInstance.PostgreSQL.MajorVersion,
 * USER_UpgradeDBInstance.MySQL, USER_UpgradeDBInstance.MariaDB): whether a
 * major upgrade may be sent, the groups that go with it, and the order
 * against the instance's read replicas, per engine. Pure.
 */

/**
 * PostgreSQL, major upgrade: RDS upgrades the in-Region read replicas with
 * their source's one call (USER_UpgradeDBInstance.PostgreSQL.MajorVersion).
 */
export function replicasFollowSource(engine: string | undefined, major: boolean): boolean {
  const e = (engine ?? "").toLowerCase();
  return e === "postgres" && major;
}

/**
 * Every read replica must run the target version before the source's
 * upgrade: MySQL and MariaDB always (USER_UpgradeDBInstance.MySQL,
 * .MariaDB); PostgreSQL for a minor upgrade, which RDS refuses on the source
 * with DBUpgradeDependencyFailure ("One or more of the DB Instance's read
 * replicas need to be upgraded") while a replica runs an older minor.
 */
export function replicasUpgradeFirst(engine: string | undefined, major: boolean): boolean {
  const e = (engine ?? "").toLowerCase();
  return e === "mysql" || e === "mariadb" || (e === "postgres" && !major);
}

/** `AllowMajorVersionUpgrade` on the item, else `policy.allowMajorVersionUpgrade`. */
function itemAllowsMajor(d: DesiredInstance): boolean {
  return d.allowMajorVersionUpgrade ?? d.policy.allowMajorVersionUpgrade ?? false;
}

/**
 * What a read replica's EngineVersion is compared with when it is upgraded
 * apart (MySQL and MariaDB; PostgreSQL within a major): its own declared
 * version, else its declared source's (it must reach its source's version
 * first). Undefined for any other instance, whose EngineVersion stays
 * inherited, and for a PostgreSQL replica whose source goes to a new major
 * (RDS upgrades it with its source).
 */
export function replicaVersionRule(
  d: DesiredInstance,
  engine: string | undefined,
  liveSource: string | undefined,
  byId: ReadonlyMap<string, DesiredInstance>,
  liveVersion: string | undefined,
): PlanContext["replicaVersion"] {
  if (d.replicaSource === undefined || liveSource === undefined) return undefined;
  const source = byId.get(sourceIdOf(d.replicaSource));
  const name = fieldWithRole("engine-version").name;
  const desired = str(d.fields[name]) ?? str(source?.fields[name]);
  const major =
    desired !== undefined &&
    liveVersion !== undefined &&
    isMajorChange(engine, liveVersion, desired);
  if (!replicasUpgradeFirst(engine, major)) return undefined;
  const allowMajor = d.allowMajorVersionUpgrade === true || itemAllowsMajor(source ?? d);
  return {
    ...(desired === undefined ? {} : { desired }),
    allowMajor,
    source: sourceIdOf(d.replicaSource),
  };
}

/** Whether this instance may be sent a major upgrade: its item, its policy, or (a replica) its source's. */
export function majorAllowed(ctx: PlanContext): boolean {
  return ctx.replicaVersion?.allowMajor ?? itemAllowsMajor(ctx.d);
}

/** The advice when a major upgrade is not allowed. */
export function majorNotAllowedReason(
  ctx: PlanContext,
  from: string,
  live: string,
  to: string,
  field: string,
): string {
  const { d } = ctx;
  const owner = ctx.replicaVersion?.source;
  const on =
    owner === undefined
      ? `AllowMajorVersionUpgrade: true on its item (${d.source.file}:${d.source.line})`
      : `AllowMajorVersionUpgrade: true on the item of its source ${owner} (or on its own)`;
  return (
    `${d.id}: EngineVersion ${from} -> ${to} is a major version upgrade (${majorOf(ctx.engine, live)} to ` +
    `${majorOf(ctx.engine, to)}), which cannot be undone and is only sent when the spec allows it. ` +
    `Declare ${on}, or policy.allowMajorVersionUpgrade: true for the whole file; ` +
    `or declare a ${majorOf(ctx.engine, live)} version if the major was mistyped (${where(d, field)}).`
  );
}

/** The parameter group family of an engine's version, for advice ("postgres17"). */
export function familyOf(engine: string | undefined, version: string): string | undefined {
  const e = (engine ?? "").toLowerCase();
  if (e === "postgres" || e === "mysql" || e === "mariadb") return `${e}${majorOf(e, version)}`;
  return undefined;
}

interface GroupRule {
  role: FieldRole;
  /** "parameter group", "option group": what the messages call it. */
  label: string;
  key: "parameterGroup" | "optionGroup";
  isDefault: (name: string) => boolean;
  advice: (ctx: PlanContext, live: string, step: UpgradeStep) => string;
}

const GROUP_RULES: readonly GroupRule[] = [
  {
    role: "parameter-group",
    label: "parameter group",
    key: "parameterGroup",
    isDefault: (name) => name.toLowerCase().startsWith("default."),
    advice: (ctx, live, step) => {
      const family = familyOf(ctx.engine, step.to);
      const fam = family === undefined ? "the new version's family" : family;
      return (
        `declare a copy of it for the new family under parameterGroups: (DBParameterGroupFamily: ${fam}; ` +
        `\`rdsctl export\` writes the current parameters of ${live}) and name that group in DBParameterGroupName`
      );
    },
  },
  {
    role: "option-group",
    label: "option group",
    key: "optionGroup",
    isDefault: (name) => name.toLowerCase().startsWith("default:"),
    advice: (ctx, _live, step) =>
      `create an option group for ${ctx.engine ?? "the engine"} ${majorOf(ctx.engine, step.to)} with the same options ` +
      `(aws rds create-option-group --engine-name ${ctx.engine ?? "ENGINE"} --major-engine-version ${majorOf(ctx.engine, step.to)}) ` +
      "and name it in OptionGroupName",
  },
];

/**
 * A major upgrade's groups: a group the plan sends (a new one declared) goes
 * in the same ModifyDBInstance as the version; an instance left on a custom
 * group of the old version, or on a declared default group of the old
 * family, is blocked before any call, as RDS would refuse it. An instance on
 * the engine's default group with none declared moves to the new default by
 * itself. Whether a sent group is of the new family is the plan-time
 * checks' (they read the groups).
 */
export function planUpgradeGroups(ctx: PlanContext, draft: Draft): void {
  const step = draft.upgrade;
  if (step === undefined || !step.major) return;
  const { d } = ctx;
  for (const rule of GROUP_RULES) {
    const f = fieldWithRole(rule.role);
    const sent = str(draft.modify[modifyNameOf(f)]);
    if (sent !== undefined) {
      step[rule.key] = sent;
      continue;
    }
    const live = str(f.current(ctx.db));
    if (live === undefined) continue;
    const declared = str(d.fields[f.name]);
    const upgrade = `EngineVersion ${step.from} -> ${step.to}`;
    if (rule.isDefault(live)) {
      if (declared === undefined) {
        draft.notices.push({
          field: f.name,
          message: `${d.id}: ${upgrade}: the instance is on the default ${rule.label} ${live}, and RDS moves it to the default ${rule.label} of the new version with the upgrade.`,
        });
        continue;
      }
      addBlocked(
        draft,
        f.name,
        "refused",
        live,
        declared,
        `${d.id}: ${upgrade} is a major upgrade, and ${f.name} declares ${declared}, the default group of the old version, which the new version cannot use. ` +
          `Declare the new version's default group${rule.role === "parameter-group" && familyOf(ctx.engine, step.to) !== undefined ? ` (default.${familyOf(ctx.engine, step.to)})` : ""} or leave ${f.name} out, and RDS moves the instance to it (${where(d, f.name)}).`,
      );
      continue;
    }
    addBlocked(
      draft,
      f.name,
      "refused",
      live,
      declared ?? live,
      `${d.id}: ${upgrade} is a major upgrade, and the instance's ${f.name} ${live} is a custom group of the old version: ` +
        `RDS refuses the upgrade unless a group for the new version is named in the same call. ` +
        `${rule.advice(ctx, live, step).replace(/^./, (c) => c.toUpperCase())} (${where(d, f.name)}).`,
    );
  }
}

/** A read replica of a source, as RDS lists it or the spec declares it. */
interface ReplicaRef {
  id: string;
  /** In another region than its source. */
  crossRegion: boolean;
}

function liveReplicas(db: DBInstance, sourceRegion: string | undefined): ReplicaRef[] {
  const refs = member(db, "ReadReplicaDBInstanceIdentifiers");
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((ref) => {
    if (typeof ref !== "string" || ref === "") return [];
    const arn = parseDbArn(ref);
    if (arn === undefined) return [{ id: ref.toLowerCase(), crossRegion: false }];
    return [{ id: arn.id, crossRegion: sourceRegion !== undefined && arn.region !== sourceRegion }];
  });
}

function declaredReplicas(
  sourceId: string,
  desired: readonly DesiredInstance[],
  sourceRegion: string | undefined,
): ReplicaRef[] {
  return desired.flatMap((r) => {
    if (r.replicaSource === undefined || sourceIdOf(r.replicaSource) !== sourceId) return [];
    const arn = parseDbArn(r.replicaSource);
    const region = r.region ?? arn?.region ?? sourceRegion;
    const crossRegion =
      arn !== undefined ||
      (region !== undefined && sourceRegion !== undefined && region !== sourceRegion);
    return [{ id: r.id, crossRegion }];
  });
}

function mergeRefs(a: readonly ReplicaRef[], b: readonly ReplicaRef[]): ReplicaRef[] {
  const out = new Map<string, ReplicaRef>();
  for (const r of [...a, ...b]) {
    const seen = out.get(r.id);
    out.set(
      r.id,
      seen === undefined ? r : { id: r.id, crossRegion: seen.crossRegion || r.crossRegion },
    );
  }
  return [...out.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** The plan refused: nothing is sent for it. */
function blockPlan(plan: InstancePlan, blocked: BlockedChange): InstancePlan {
  const { upgrade: _upgrade, parameterGroupChange: _change, snapshotBefore: _snap, ...rest } = plan;
  return { ...rest, action: "blocked", blocked: [...plan.blocked, blocked], calls: [] };
}

/** Whether a live version is behind an upgrade's target. */
function behind(target: string, liveVersion: string | undefined): boolean {
  if (liveVersion === undefined) return false;
  return !versionMatches(target, liveVersion) && compareDeclaredVersion(target, liveVersion) > 0;
}

/**
 * Links each source's upgrade with its read replicas, per engine: a
 * PostgreSQL source's upgrade names its in-Region replicas (`upgradedWith`,
 * each replica's own plan gets `withSource` and sends no version), and a
 * major upgrade with a cross-Region replica is blocked; a MySQL or MariaDB
 * source's upgrade waits for its replicas' own upgrades (`after`), and is
 * blocked while a replica the spec does not declare runs an older version.
 * `plans` is aligned with `desired`; returns the plans, linked.
 */
export function linkReplicaUpgrades(
  plans: readonly InstancePlan[],
  desired: readonly DesiredInstance[],
  observed: (d: DesiredInstance) => DBInstance | undefined,
  observedById: (id: string) => DBInstance | undefined,
): InstancePlan[] {
  const out = [...plans];
  const indexOf = new Map(desired.map((d, i) => [d.id, i]));
  desired.forEach((d, i) => {
    const plan = out[i];
    const step = plan?.upgrade;
    const db = observed(d);
    if (
      plan === undefined ||
      step === undefined ||
      step.withSource !== undefined ||
      db === undefined
    )
      return;
    const engine = (
      str(d.fields[fieldWithRole("engine").name]) ?? str(fieldWithRole("engine").current(db))
    )?.toLowerCase();
    const arn = str(member(db, "DBInstanceArn"));
    const region = (arn === undefined ? undefined : parseDbArn(arn)?.region) ?? d.region;
    // A declared replica that does not exist yet is created from the source later.
    const declared = declaredReplicas(d.id, desired, region).filter(
      (r) => observedById(r.id) !== undefined,
    );
    const replicas = mergeRefs(liveReplicas(db, region), declared);
    if (replicas.length === 0) return;
    const versionField = fieldWithRole("engine-version").name;
    if (replicasFollowSource(engine, step.major)) {
      const far = replicas.filter((r) => r.crossRegion).map((r) => r.id);
      if (step.major && far.length > 0) {
        out[i] = blockPlan(plan, {
          field: versionField,
          from: step.from,
          to: step.to,
          kind: "refused",
          sensitive: false,
          reason:
            `${d.id}: EngineVersion ${step.from} -> ${step.to} is a major upgrade, and RDS does not upgrade the cross-Region read replica ${far.join(", ")} with its source (rdsctl refuses to leave it behind). ` +
            `Promote or delete the cross-Region replica first, or recreate it after the upgrade (${where(d, versionField)}).`,
        });
        return;
      }
      const near = replicas.filter((r) => !r.crossRegion).map((r) => r.id);
      if (near.length === 0) return;
      out[i] = { ...plan, upgrade: { ...step, upgradedWith: near } };
      for (const id of near) {
        const at = indexOf.get(id);
        const replicaPlan = at === undefined ? undefined : out[at];
        if (at === undefined || replicaPlan === undefined || replicaPlan.action === "blocked")
          continue;
        if (replicaPlan.action === "create") continue;
        const replicaLive = observedById(id);
        const from = str(
          replicaLive === undefined
            ? undefined
            : fieldWithRole("engine-version").current(replicaLive),
        );
        const group = str(
          replicaLive === undefined
            ? undefined
            : fieldWithRole("parameter-group").current(replicaLive),
        );
        const family = familyOf(engine, step.to);
        const onCustom =
          step.major && group !== undefined && !group.toLowerCase().startsWith("default.");
        const notices = onCustom
          ? [
              ...replicaPlan.notices,
              {
                field: fieldWithRole("parameter-group").name,
                message: `${id}: is upgraded with its source ${d.id}, and RDS leaves it on the default group of the new version${family === undefined ? "" : ` (default.${family})`}, not on its custom group ${group} of the old one; declare a group of the new family for it and apply again after the upgrade.`,
              },
            ]
          : replicaPlan.notices;
        out[at] = {
          ...replicaPlan,
          notices,
          upgrade: { from: from ?? step.from, to: step.to, major: step.major, withSource: d.id },
        };
      }
      return;
    }
    if (!replicasUpgradeFirst(engine, step.major)) return;
    const after: string[] = [];
    const lagging: string[] = [];
    for (const r of replicas) {
      const at = indexOf.get(r.id);
      if (at !== undefined) {
        if (out[at]?.upgrade !== undefined) after.push(r.id);
        continue;
      }
      const replicaLive = observedById(r.id);
      if (replicaLive === undefined) {
        out[i] = {
          ...(out[i] as InstancePlan),
          notices: [
            ...(out[i] as InstancePlan).notices,
            {
              field: versionField,
              message: `${d.id}: the read replica ${r.id} is not declared and was not read, so its version is not checked; RDS refuses the upgrade (DBUpgradeDependencyFailure) while it runs an older version than ${step.to}.`,
            },
          ],
        };
        continue;
      }
      if (behind(step.to, str(fieldWithRole("engine-version").current(replicaLive))))
        lagging.push(r.id);
    }
    const current = out[i] as InstancePlan;
    if (lagging.length > 0) {
      out[i] = blockPlan(current, {
        field: versionField,
        from: step.from,
        to: step.to,
        kind: "refused",
        sensitive: false,
        reason:
          `${d.id}: EngineVersion ${step.from} -> ${step.to}: its read replica ${lagging.join(", ")} runs an older version, and RDS upgrades a ${engine} source only once every replica runs the target version. ` +
          `Declare ${lagging.length === 1 ? "it" : "them"} in the spec (SourceDBInstanceIdentifier: ${d.id}) so rdsctl upgrades ${lagging.length === 1 ? "it" : "them"} first, or upgrade ${lagging.length === 1 ? "it" : "them"} first (${where(d, versionField)}).`,
      });
      return;
    }
    if (after.length > 0 && current.upgrade !== undefined) {
      out[i] = { ...current, upgrade: { ...current.upgrade, after } };
    }
  });
  return out;
}

/**
 * The live read replicas (in the same region) of declared sources whose
 * EngineVersion the spec changes in a way that upgrades replicas first, that are not declared
 * themselves: read too, so the plan knows whether they are behind.
 */
export function undeclaredReplicasToRead(
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
): string[] {
  const byId = new Map(desired.map((d) => [d.id, d]));
  const versionField = fieldWithRole("engine-version");
  const out = new Set<string>();
  for (const db of observed) {
    const id = str(db.DBInstanceIdentifier)?.toLowerCase();
    const d = id === undefined ? undefined : byId.get(id);
    if (d === undefined) continue;
    const engine = str(d.fields.Engine) ?? str(db.Engine);
    const want = str(d.fields[versionField.name]);
    const has = str(versionField.current(db));
    if (want === undefined || has === undefined || versionMatches(want, has)) continue;
    if (!replicasUpgradeFirst(engine, isMajorChange(engine, has, want))) continue;
    const refs = member(db, "ReadReplicaDBInstanceIdentifiers");
    for (const ref of Array.isArray(refs) ? refs : []) {
      // A replica in another region (an ARN) is read by no client of this region.
      if (typeof ref !== "string" || ref === "" || parseDbArn(ref) !== undefined) continue;
      if (!byId.has(ref.toLowerCase())) out.add(ref.toLowerCase());
    }
  }
  return [...out];
}
