import { fault, invalidCombination, invalidState, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { familyOf, majorOf } from "../rules/engine-catalogue.js";
import { checkBackupWindow, checkIdentifier, checkMaintenanceWindow } from "../rules/formats.js";
import {
  checkBackupRetention,
  checkCa,
  checkClass,
  checkMonitoring,
  checkNetworkType,
  checkParameterGroupFamily,
  checkPiRetention,
  checkPort,
  securityGroupsOf,
} from "../rules/instance-settings.js";
import { domainChange } from "../settings/domain.js";
import { checkInsights, extrasChange } from "../settings/insights-and-support.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import { findInstance, getInstance, getOptionGroup, getSubnetGroup } from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import {
  engineChange,
  logExports,
  Modification,
  passwordChange,
  processorChange,
  storageChange,
} from "./modify-changes.js";

export function modifyDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.DBInstanceStatus === "storage-full") checkStorageFullRequest(inst, q);
  else if (inst.DBInstanceStatus === "storage-optimization") checkOptimizingRequest(inst, q);
  else if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be modified");
  }
  const m = new Modification(ctx, inst, q.bool("ApplyImmediately") ?? false);
  // Work on copies so that a refused request leaves the instance untouched.
  const before = structuredClone(inst);
  try {
    applyParams(m, q);
  } catch (err) {
    for (const key of Object.keys(inst)) {
      if (!(key in before)) delete (inst as unknown as Record<string, unknown>)[key];
    }
    Object.assign(inst, before);
    throw err;
  }
  if (!m.changed) {
    throw invalidCombination("No modifications were requested");
  }
  if (m.appliesNow) {
    const status = transitionalStatus(inst, m.onlyPassword);
    ctx.schedule(inst, [
      { after: DURATIONS.modifyDelay, status },
      { after: DURATIONS.modifying, status: "available", effect: "apply-in-flight" },
    ]);
  }
  return inst;
}

/** Parameters a storage-full instance accepts along with the storage increase that clears it. */
const STORAGE_FULL_PARAMS = new Set([
  "Action",
  "Version",
  "DBInstanceIdentifier",
  "AllocatedStorage",
  "ApplyImmediately",
  "MaxAllocatedStorage",
]);

/**
 * A storage-full instance accepts only more storage: RDS says to fix the
 * status by modifying AllocatedStorage, and refuses other changes until then.
 */
function checkStorageFullRequest(inst: Instance, q: QueryParams): void {
  const size = q.int("AllocatedStorage");
  const others = [...q.raw.keys()].filter((k) => !STORAGE_FULL_PARAMS.has(k));
  if (size === undefined || size <= inst.AllocatedStorage || others.length > 0) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state storage-full; the only modification it accepts is an AllocatedStorage increase above ${inst.AllocatedStorage} GiB` +
        (others.length > 0 ? ` (not ${others.join(", ")}).` : "."),
    );
  }
}

const STORAGE_PARAMS = ["AllocatedStorage", "StorageType", "Iops", "StorageThroughput"];

/**
 * During storage-optimization the instance serves traffic and takes other
 * modifications, but no storage change until the optimization is over.
 */
function checkOptimizingRequest(inst: Instance, q: QueryParams): void {
  const storage = STORAGE_PARAMS.filter((k) => q.has(k));
  if (storage.length > 0) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state storage-optimization: its storage can't be modified (${storage.join(", ")}) until the previous storage change is optimized.`,
    );
  }
}

function applyParams(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
  const allowMajor = q.bool("AllowMajorVersionUpgrade") ?? false;

  const cls = q.str("DBInstanceClass");
  if (cls !== undefined) m.deferrable("DBInstanceClass", inst.DBInstanceClass, checkClass(cls));
  engineChange(m, q, allowMajor);
  storageChange(m, q);

  processorChange(m, q);

  const multiAZ = q.bool("MultiAZ");
  if (multiAZ !== undefined) m.deferrable("MultiAZ", inst.MultiAZ, multiAZ);

  const newId = q.str("NewDBInstanceIdentifier");
  if (newId !== undefined) {
    const id = checkIdentifier(newId, "NewDBInstanceIdentifier");
    const other = findInstance(ctx, id);
    if (other && other !== inst)
      throw fault("DBInstanceAlreadyExists", `DB instance already exists`);
    if (id === inst.DBInstanceIdentifier) {
      // Renaming to the same name still restarts the instance, as on RDS.
      m.applyingNow();
    } else {
      m.deferrable("DBInstanceIdentifier", inst.DBInstanceIdentifier, id);
    }
  }

  const subnet = q.str("DBSubnetGroupName");
  if (subnet !== undefined) {
    const g = getSubnetGroup(ctx, subnet);
    m.deferrable("DBSubnetGroupName", inst.DBSubnetGroupName, g.DBSubnetGroupName);
  }
  const ca = q.str("CACertificateIdentifier");
  if (ca !== undefined)
    m.deferrable("CACertificateIdentifier", inst.CACertificateIdentifier, checkCa(ca));
  const iam = q.bool("EnableIAMDatabaseAuthentication");
  if (iam !== undefined) {
    m.deferrable("IAMDatabaseAuthenticationEnabled", inst.IAMDatabaseAuthenticationEnabled, iam);
  }
  const network = q.str("NetworkType");
  if (network !== undefined) {
    m.deferrable("NetworkType", inst.NetworkType, checkNetworkType(network));
  }
  const og = q.str("OptionGroupName");
  if (og !== undefined) {
    const g = getOptionGroup(ctx, og);
    const version = m.effective("EngineVersion", inst.EngineVersion)!;
    if (
      g.EngineName !== inst.Engine ||
      majorOf(inst.Engine, version)?.major !== g.MajorEngineVersion
    ) {
      throw invalidCombination(
        `Option group ${g.OptionGroupName} is for ${g.EngineName} ${g.MajorEngineVersion}, not ${inst.Engine} ${version}.`,
      );
    }
    m.deferrable("OptionGroupName", inst.OptionGroupName, g.OptionGroupName);
  }

  const retention = q.int("BackupRetentionPeriod");
  if (retention !== undefined) {
    checkBackupRetention(retention);
    const current = m.effective("BackupRetentionPeriod", inst.BackupRetentionPeriod)!;
    if (retention === 0 && inst.ReadReplicaDBInstanceIdentifiers.length > 0) {
      throw invalidCombination(
        "Cannot turn off automated backups on an instance with read replicas.",
      );
    }
    if ((current === 0) !== (retention === 0)) {
      // 0 <-> non-zero suspends I/O, so RDS treats it like a downtime change.
      m.deferrable("BackupRetentionPeriod", inst.BackupRetentionPeriod, retention);
    } else {
      m.now("BackupRetentionPeriod", retention);
    }
  }

  const port = q.int("DBPortNumber");
  if (port !== undefined && port !== (inst.inFlight.Port ?? inst.Port)) {
    // The port applies now whatever ApplyImmediately says, and restarts the instance.
    inst.inFlight.Port = checkPort(port);
    m.applyingNow();
  }

  const pg = q.str("DBParameterGroupName");
  if (pg !== undefined) {
    const version = m.effective("EngineVersion", inst.EngineVersion)!;
    const name = checkParameterGroupFamily(ctx, pg, inst.Engine, version);
    if (name !== inst.DBParameterGroupName) {
      // The association switches now; static parameters wait for a reboot, and a
      // group of the next major's family waits for the upgrade (which restarts).
      inst.DBParameterGroupName = name;
      inst.ParameterApplyStatus =
        familyOf(inst.Engine, version) === familyOf(inst.Engine, inst.EngineVersion)
          ? "pending-reboot"
          : "pending-database-upgrade";
      m.applyingNow();
    }
  }

  const sgs = q.list("VpcSecurityGroupIds", "VpcSecurityGroupId");
  if (sgs !== undefined) {
    const next = securityGroupsOf(ctx, sgs);
    const same =
      next.length === inst.VpcSecurityGroupIds.length &&
      next.every((s) => inst.VpcSecurityGroupIds.includes(s));
    if (!same) {
      // Groups leaving show `removing` and arriving ones `adding` until the modification completes.
      inst.RemovingSecurityGroupIds = inst.VpcSecurityGroupIds.filter((g) => !next.includes(g));
      inst.AddingSecurityGroupIds = next.filter((g) => !inst.VpcSecurityGroupIds.includes(g));
      m.now("VpcSecurityGroupIds", next);
    }
  }

  // Settings that apply at once and share their parameter's name.
  for (const key of [
    "AutoMinorVersionUpgrade",
    "CopyTagsToSnapshot",
    "DeletionProtection",
    "PubliclyAccessible",
  ] as const) {
    const v = q.bool(key);
    if (v !== undefined) m.now(key, v);
  }

  const maint = q.str("PreferredMaintenanceWindow");
  if (maint !== undefined) m.now("PreferredMaintenanceWindow", checkMaintenanceWindow(maint));
  const backup = q.str("PreferredBackupWindow");
  if (backup !== undefined) m.now("PreferredBackupWindow", checkBackupWindow(backup));

  const maxStorage = q.int("MaxAllocatedStorage");
  if (maxStorage !== undefined) {
    if (maxStorage !== 0 && (maxStorage < inst.AllocatedStorage || maxStorage > 65536)) {
      throw invalidValue("Max storage size must be greater than storage size and at most 65536.");
    }
    // Equal to the allocated size (or 0) turns storage autoscaling off.
    m.now(
      "MaxAllocatedStorage",
      maxStorage === 0 || maxStorage === inst.AllocatedStorage ? undefined : maxStorage,
    );
  }

  const interval = q.int("MonitoringInterval");
  const role = q.str("MonitoringRoleArn");
  if (interval !== undefined || role !== undefined) {
    const i = interval ?? inst.MonitoringInterval;
    const r = role ?? inst.MonitoringRoleArn;
    checkMonitoring(i, r);
    m.now("MonitoringInterval", i);
    m.now("MonitoringRoleArn", r);
  }

  const pi = q.bool("EnablePerformanceInsights");
  if (pi !== undefined) m.now("PerformanceInsightsEnabled", pi);
  if (inst.PerformanceInsightsEnabled) {
    const key = q.str("PerformanceInsightsKMSKeyId");
    if (key !== undefined) m.now("PerformanceInsightsKMSKeyId", ctx.kmsArn(key));
    else if (!inst.PerformanceInsightsKMSKeyId)
      m.now("PerformanceInsightsKMSKeyId", ctx.defaultKmsArn());
    const days = q.int("PerformanceInsightsRetentionPeriod");
    m.now(
      "PerformanceInsightsRetentionPeriod",
      checkPiRetention(days ?? inst.PerformanceInsightsRetentionPeriod ?? 7),
    );
  } else if (pi === false) {
    m.now("PerformanceInsightsKMSKeyId", undefined);
    m.now("PerformanceInsightsRetentionPeriod", undefined);
  }

  extrasChange(m, q);
  domainChange(m, q);
  checkInsights(inst);
  logExports(m, q);
  passwordChange(m, q);

  // With ApplyImmediately=true the whole queue goes along, after this request's
  // own values have replaced or cancelled what was queued for the same fields.
  if (m.applyImmediately && Object.keys(inst.deferred).length > 0) {
    Object.assign(inst.inFlight, inst.deferred);
    inst.deferred = {};
    m.applyingNow();
  }
}

/** The status RDS shows while a modification is applied. */
function transitionalStatus(inst: Instance, onlyPassword: boolean): string {
  if (onlyPassword) return "resetting-master-credentials";
  if (inst.inFlight.EngineVersion !== undefined) return "upgrading";
  const keys = Object.keys(inst.inFlight);
  if (keys.length === 1 && keys[0] === "DBInstanceIdentifier") return "renaming";
  return "modifying";
}
