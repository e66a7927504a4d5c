import { fault, invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { familyOf, majorOf } from "../rules/engine-catalogue.js";
import { checkEnginePort } from "../rules/engine-settings.js";
import {
  checkBackupWindow,
  checkIdentifier,
  checkMaintenanceWindow,
  checkWindowsApart,
} from "../rules/formats.js";
import {
  checkBackupRetention,
  checkCa,
  checkMonitoring,
  checkNetworkType,
  checkParameterGroupFamily,
  checkPiRetention,
  checkPort,
  securityGroupsOf,
} from "../rules/instance-settings.js";
import { findInstance, getOptionGroup, getSubnetGroup } from "../state/lookup.js";
import type { Modification } from "./modification.js";

/*
 * ModifyDBInstance, setting by setting: each function reads its parameters,
 * checks them with RDS's codes and wording, and records the change as applied
 * now or deferred (see Modification). modifyDBInstance calls them in a fixed
 * order, which is also the order in which errors are found. Changes that
 * weigh several settings together are in modification.ts.
 */

/** NewDBInstanceIdentifier: a rename, deferrable; the same name still restarts the instance. */
export function renameChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/** DB subnet group, CA certificate, IAM authentication and network type: deferrable. */
export function connectivityChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/** An option group of the engine and major the instance will run: deferrable. */
export function optionGroupChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/** Backup retention: now, unless it turns backups on or off (which suspends I/O). */
export function backupRetentionChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
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
}

/** DBPortNumber: applied now whatever ApplyImmediately says. */
export function portChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const port = q.int("DBPortNumber");
  if (port !== undefined && port !== (inst.inFlight.Port ?? inst.Port)) {
    // The port applies now whatever ApplyImmediately says, and restarts the instance.
    inst.inFlight.Port = checkPort(port);
    checkEnginePort(inst.Engine, port);
    m.applyingNow();
  }
}

/** The parameter group: associated now, its parameters applied at the next reboot or upgrade. */
export function parameterGroupChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/** VPC security groups: applied now, leaving and arriving groups shown until it completes. */
export function securityGroupsChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/** Flags, windows and the storage autoscaling limit: applied now. */
export function immediateSettingsChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
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

  const maintText = q.str("PreferredMaintenanceWindow");
  const backupText = q.str("PreferredBackupWindow");
  const maint = maintText === undefined ? undefined : checkMaintenanceWindow(maintText);
  const backup = backupText === undefined ? undefined : checkBackupWindow(backupText);
  if (maint !== undefined || backup !== undefined) {
    checkWindowsApart(
      backup ?? inst.PreferredBackupWindow,
      maint ?? inst.PreferredMaintenanceWindow,
    );
  }
  if (maint !== undefined) m.now("PreferredMaintenanceWindow", maint);
  if (backup !== undefined) m.now("PreferredBackupWindow", backup);

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
}

/** Enhanced Monitoring interval and role, checked together: applied now. */
export function monitoringChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const interval = q.int("MonitoringInterval");
  const role = q.str("MonitoringRoleArn");
  if (interval !== undefined || role !== undefined) {
    const i = interval ?? inst.MonitoringInterval;
    const r = role ?? inst.MonitoringRoleArn;
    checkMonitoring(i, r);
    m.now("MonitoringInterval", i);
    m.now("MonitoringRoleArn", r);
  }
}

/** Performance Insights, its key and retention: applied now. */
export function performanceInsightsChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
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
}

/**
 * With ApplyImmediately=true the whole queue goes along, after this request's
 * own values have replaced or cancelled what was queued for the same fields.
 */
export function sendQueueAlong(m: Modification): void {
  const { inst } = m;
  if (m.applyImmediately && Object.keys(inst.deferred).length > 0) {
    Object.assign(inst.inFlight, inst.deferred);
    inst.deferred = {};
    m.applyingNow();
  }
}
