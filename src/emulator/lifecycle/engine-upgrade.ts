import { fault, invalidCombination } from "../http/errors.js";
import {
  compareVersions,
  defaultOptionGroupOf,
  familyOf,
  kindOf,
  majorOf,
} from "../rules/engine-catalogue.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import type { Instance } from "../state/model.js";
import { linked } from "./replica-links.js";

/*
 * Engine upgrades and read replicas, per engine, as the RDS User Guide
 * describes them (docs/emulator.md, "Engine upgrades"):
 * - PostgreSQL, major (USER_UpgradeDBInstance.PostgreSQL.MajorVersion): the
 *   source's upgrade upgrades its in-Region replicas with it; a replica is not
 *   upgraded to a new major on its own; a source with a cross-Region replica
 *   is refused.
 * - PostgreSQL, minor: as MySQL below. RDS answers a source's minor upgrade
 *   with DBUpgradeDependencyFailure "One or more of the DB Instance's read
 *   replicas need to be upgraded" while a replica runs an older minor.
 * - MySQL and MariaDB (USER_UpgradeDBInstance.MySQL, .MariaDB): every replica,
 *   in any region, is upgraded first; the source is refused while one runs a
 *   lower version than the target.
 */

/** The replicas of an instance that exist, each with its region's context. */
function replicasOf(ctx: Ctx, source: Instance): Array<{ ctx: Ctx; inst: Instance }> {
  const out: Array<{ ctx: Ctx; inst: Instance }> = [];
  for (const ref of source.ReadReplicaDBInstanceIdentifiers) {
    const r = linked(ctx, ref);
    if (r) out.push(r);
  }
  return out;
}

/** Replicas in the source's region: those a PostgreSQL upgrade takes along. */
function inRegionReplicas(ctx: Ctx, source: Instance): Instance[] {
  return replicasOf(ctx, source)
    .filter((r) => r.ctx === ctx)
    .map((r) => r.inst);
}

/**
 * What the replicas of `inst` (and its being a replica) allow of an upgrade to
 * `target`; throws RDS's error otherwise. `major`: the upgrade crosses a major.
 */
export function checkUpgradeDependencies(
  ctx: Ctx,
  inst: Instance,
  target: string,
  major: boolean,
): void {
  const kind = kindOf(inst.Engine);
  if (kind === "postgres" && major) {
    const source = inst.ReadReplicaSourceDBInstanceIdentifier;
    if (source !== undefined) {
      throw invalidCombination(
        `DB instance ${inst.DBInstanceIdentifier} is a read replica of ${source}: a PostgreSQL read replica can't be upgraded to a new major version on its own; it is upgraded with its source instance. Promote the read replica first to upgrade it separately.`,
      );
    }
    const crossRegion = replicasOf(ctx, inst)
      .filter((r) => r.ctx !== ctx)
      .map((r) => r.inst.DBInstanceArn);
    // A replica named by an ARN the emulator can't follow (another account) is across regions too.
    const unknown = inst.ReadReplicaDBInstanceIdentifiers.filter(
      (ref) => ref.startsWith("arn:") && linked(ctx, ref) === undefined,
    );
    const blocking = [...crossRegion, ...unknown];
    if (blocking.length > 0) {
      throw fault(
        "DBUpgradeDependencyFailure",
        `A major version upgrade of ${inst.DBInstanceIdentifier} doesn't upgrade its cross-Region read replicas: promote or delete them first, or recreate them after the upgrade: ${blocking.join(", ")}`,
      );
    }
    return;
  }
  if (kind === "mysql" || kind === "mariadb" || kind === "postgres") {
    // A replica may run a newer version than its source, never an older one.
    const behind = replicasOf(ctx, inst)
      .filter((r) => compareVersions(r.inst.EngineVersion, target) < 0)
      .map((r) => (r.ctx === ctx ? r.inst.DBInstanceIdentifier : r.inst.DBInstanceArn));
    if (behind.length > 0) {
      throw fault(
        "DBUpgradeDependencyFailure",
        `One or more of the DB Instance's read replicas need to be upgraded: ${behind.join(", ")}`,
      );
    }
  }
}

/**
 * A PostgreSQL source's upgrade is being applied now: its in-Region replicas
 * go `upgrading` with it and end on the same version. Each must be available
 * (checked before anything changes, so a refusal leaves all as they were).
 */
export function checkReplicasCanFollow(ctx: Ctx, source: Instance): void {
  if (!takesReplicasAlong(source)) return;
  for (const r of inRegionReplicas(ctx, source)) {
    if (r.DBInstanceStatus !== "available") {
      throw fault(
        "InvalidDBInstanceState",
        `Read replica ${r.DBInstanceIdentifier} is in state ${r.DBInstanceStatus}; it is upgraded with its source ${source.DBInstanceIdentifier} and must be available.`,
      );
    }
  }
}

/**
 * A PostgreSQL source's upgrade across a major (the one in flight, or to
 * `version`) takes its in-Region replicas along; a minor one does not.
 */
function takesReplicasAlong(source: Instance, version = source.inFlight.EngineVersion): boolean {
  if (kindOf(source.Engine) !== "postgres" || version === undefined) return false;
  return (
    majorOf(source.Engine, version)?.major !== majorOf(source.Engine, source.EngineVersion)?.major
  );
}

/** Schedule the in-Region replicas' upgrade alongside their PostgreSQL source's. */
export function upgradeReplicasAlong(ctx: Ctx, source: Instance, version: string): void {
  if (!takesReplicasAlong(source, version)) return;
  for (const r of inRegionReplicas(ctx, source)) {
    if (compareVersions(r.EngineVersion, version) >= 0) continue;
    r.inFlight.EngineVersion = version;
    ctx.schedule(r, [
      { after: DURATIONS.modifyDelay, status: "upgrading" },
      { after: DURATIONS.modifying, status: "available", effect: "apply-in-flight" },
    ]);
  }
}

/**
 * The engine of `inst` now runs `version`. Across a major, default groups move
 * to the new major's defaults, as RDS does; a group of the old family still
 * attached (a PostgreSQL replica upgraded with its source) is replaced by the
 * new family's default. A PostgreSQL source brings in-Region replicas still
 * behind it (an upgrade applied in the maintenance window) along at once.
 */
export function completeUpgrade(ctx: Ctx, inst: Instance, version: string): void {
  const oldVersion = inst.EngineVersion;
  const oldFamily = familyOf(inst.Engine, oldVersion);
  const newFamily = familyOf(inst.Engine, version);
  inst.EngineVersion = version;
  if (oldFamily !== newFamily) {
    // The upgrade restarts the engine, so a group attached for the new family is now in effect.
    if (inst.ParameterApplyStatus === "pending-database-upgrade")
      inst.ParameterApplyStatus = "in-sync";
    const group = ctx.state.parameterGroups.get(inst.DBParameterGroupName.toLowerCase());
    if (group?.DBParameterGroupFamily !== newFamily) {
      inst.DBParameterGroupName = `default.${newFamily}`;
      inst.ParameterApplyStatus = "in-sync";
    }
    const newMajor = majorOf(inst.Engine, version)?.major;
    const options = ctx.state.optionGroups.get(inst.OptionGroupName.toLowerCase());
    if (
      inst.OptionGroupName === defaultOptionGroupOf(inst.Engine, oldVersion) ||
      (options !== undefined && options.MajorEngineVersion !== newMajor)
    ) {
      inst.OptionGroupName = defaultOptionGroupOf(inst.Engine, version);
    }
  }
  ctx.event(
    inst,
    `Database instance engine version upgrade finished: ${inst.Engine} ${oldVersion} to ${version}`,
    "maintenance",
  );
  if (kindOf(inst.Engine) !== "postgres") return;
  for (const r of inRegionReplicas(ctx, inst)) {
    if (r.inFlight.EngineVersion !== undefined) continue;
    if (compareVersions(r.EngineVersion, version) >= 0) continue;
    upgradeStarted(ctx, r);
    completeUpgrade(ctx, r, version);
  }
}

/** The start event of an upgrade applied without an `upgrading` status (the maintenance window). */
export function upgradeStarted(ctx: Ctx, inst: Instance): void {
  ctx.event(inst, UPGRADE_STARTED, "maintenance");
}

export const UPGRADE_STARTED = "Database instance engine version upgrade started";
