import { compareVersions, majorOf, resolveVersion } from "./_catalogue.js";
import { type Ctx, DURATIONS } from "./_context.js";
import {
  checkBackupRetention,
  checkCa,
  checkClass,
  checkLogTypes,
  checkMonitoring,
  checkParameterGroupFamily,
  checkPiRetention,
  checkStorageQuota,
} from "./_create.js";
import { fault, invalidCombination, invalidState, invalidValue } from "./_errors.js";
import { findInstance, getInstance, getOptionGroup, getSubnetGroup } from "./_lookup.js";
import type { Instance, Pending } from "./_model.js";
import type { QueryParams } from "./_query.js";
import { resolveStorage } from "./_storage.js";
import {
  checkBackupWindow,
  checkIdentifier,
  checkMaintenanceWindow,
  checkPassword,
} from "./_validate.js";

type DeferrableKey = Exclude<
  keyof Pending,
  "MasterUserPassword" | "Port" | "LogTypesToEnable" | "LogTypesToDisable"
>;

/** One ModifyDBInstance call being worked out against an instance. */
class Modification {
  /** Something changed (an applied-now field, the queue, or a cancellation). */
  changed = false;
  /** Something is being applied now, so the instance goes through `modifying`. */
  appliesNow = false;
  onlyPassword = true;

  constructor(
    readonly ctx: Ctx,
    readonly inst: Instance,
    readonly applyImmediately: boolean,
  ) {}

  /** The value a field will have once everything queued has applied. */
  effective<K extends DeferrableKey>(key: K, current: Pending[K]): Pending[K] {
    return this.inst.inFlight[key] ?? this.inst.deferred[key] ?? current;
  }

  /**
   * A change RDS applies now with ApplyImmediately=true and otherwise at the
   * next maintenance window. Sending the current value cancels a queued change.
   */
  deferrable<K extends DeferrableKey>(key: K, current: Pending[K], value: Pending[K]): void {
    const { inst } = this;
    if (value === current) {
      if (inst.deferred[key] !== undefined) {
        delete inst.deferred[key];
        this.changed = true;
        this.onlyPassword = false;
      }
      return;
    }
    if (value === this.effective(key, current)) return;
    this.changed = true;
    this.onlyPassword = false;
    if (this.applyImmediately) {
      delete inst.deferred[key];
      inst.inFlight[key] = value;
      this.appliesNow = true;
    } else {
      inst.deferred[key] = value;
    }
  }

  /** A change RDS applies at once, whatever ApplyImmediately says. */
  now<K extends keyof Instance>(key: K, value: Instance[K]): void {
    if (this.inst[key] === value) return;
    this.inst[key] = value;
    this.changed = true;
    this.appliesNow = true;
    this.onlyPassword = false;
  }
}

function isEngineChange(m: Modification, q: QueryParams, allowMajor: boolean): void {
  const { inst } = m;
  const requested = q.str("EngineVersion");
  if (requested === undefined) return;
  const target = resolveVersion(inst.Engine, requested);
  if (!target) throw invalidCombination(`Cannot find version ${requested} for ${inst.Engine}`);
  const current = m.effective("EngineVersion", inst.EngineVersion)!;
  const sameMajor = majorOf(inst.Engine, current)?.major === majorOf(inst.Engine, target)?.major;
  // A major-only request moves to the default minor only when the current minor is lower.
  if (
    requested === majorOf(inst.Engine, target)?.major &&
    sameMajor &&
    compareVersions(current, target) >= 0
  ) {
    return;
  }
  if (compareVersions(target, current) < 0) {
    throw invalidCombination(`Cannot upgrade ${inst.Engine} from ${current} to ${target}`);
  }
  if (!sameMajor) {
    if (!allowMajor) {
      throw invalidCombination(
        "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
      );
    }
    if (!inst.DBParameterGroupName.startsWith("default.") && !q.has("DBParameterGroupName")) {
      throw invalidCombination(
        `The current DB parameter group ${inst.DBParameterGroupName} is not compatible with ${inst.Engine} ${target}. Specify a DBParameterGroupName of the new major version's family.`,
      );
    }
    if (inst.ReadReplicaDBInstanceIdentifiers.length > 0) {
      throw fault(
        "DBUpgradeDependencyFailure",
        `Upgrade the read replicas of ${inst.DBInstanceIdentifier} before the source instance.`,
      );
    }
  }
  m.deferrable("EngineVersion", inst.EngineVersion, target);
}

function storageChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const size = q.int("AllocatedStorage");
  const type = q.str("StorageType");
  const iops = q.int("Iops");
  const tput = q.int("StorageThroughput");
  if (size === undefined && type === undefined && iops === undefined && tput === undefined) return;
  const effSize = m.effective("AllocatedStorage", inst.AllocatedStorage)!;
  let newSize = size ?? effSize;
  if (newSize < inst.AllocatedStorage) {
    throw invalidValue(
      `Invalid storage size for ${inst.DBInstanceIdentifier}: ${newSize} GiB is less than the current ${inst.AllocatedStorage} GiB. Allocated storage can only grow.`,
    );
  }
  // RDS needs an increase of at least 10%; smaller increases are rounded up to it.
  if (newSize > inst.AllocatedStorage) {
    newSize = Math.max(newSize, Math.ceil(inst.AllocatedStorage * 1.1));
  }
  const newType = type ?? m.effective("StorageType", inst.StorageType)!;
  const effIops = m.effective("Iops", inst.Iops);
  const effTput = m.effective("StorageThroughput", inst.StorageThroughput);
  // Values equal to what is already in effect are not a request to set them.
  const sendIops =
    iops !== undefined && iops !== effIops
      ? iops
      : newType.startsWith("io") && newType === inst.StorageType
        ? effIops
        : undefined;
  const sendTput = tput !== undefined && tput !== effTput ? tput : undefined;
  const resolved = resolveStorage(inst.Engine, newType, newSize, sendIops, sendTput);
  if (resolved.AllocatedStorage > effSize) {
    checkStorageQuota(m.ctx, resolved.AllocatedStorage, inst.DBInstanceIdentifier);
  }
  m.deferrable("AllocatedStorage", inst.AllocatedStorage, resolved.AllocatedStorage);
  m.deferrable("StorageType", inst.StorageType, resolved.StorageType);
  m.deferrable("Iops", inst.Iops, resolved.Iops);
  m.deferrable("StorageThroughput", inst.StorageThroughput, resolved.StorageThroughput);
}

function passwordChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
  const password = q.str("MasterUserPassword");
  const manage = q.bool("ManageMasterUserPassword");
  const rotate = q.bool("RotateMasterUserPassword") ?? false;
  const managed = inst.MasterUserSecret !== undefined;
  if (password !== undefined) checkPassword(password);
  if (manage === true && password !== undefined) {
    throw invalidCombination(
      "You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.",
    );
  }
  if (manage === false && managed && password === undefined) {
    throw invalidCombination(
      "You must specify MasterUserPassword when you turn off ManageMasterUserPassword.",
    );
  }
  if (password !== undefined && managed && manage !== false) {
    throw invalidCombination(
      "You can't specify MasterUserPassword while the master user password is managed in Secrets Manager.",
    );
  }
  if (rotate && (!managed || !m.applyImmediately)) {
    throw invalidCombination(
      "RotateMasterUserPassword requires a managed master user password and ApplyImmediately.",
    );
  }
  if (manage === true && !managed) {
    inst.MasterUserSecret = {
      SecretArn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!${inst.DbiResourceId.toLowerCase()}-${ctx.randomChars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
      SecretStatus: "creating",
      KmsKeyId: ctx.kmsArn(q.str("MasterUserSecretKmsKeyId") ?? ctx.defaultKmsArn()),
    };
    m.changed = m.appliesNow = true;
    m.onlyPassword = false;
  } else if (manage === false && managed) {
    delete inst.MasterUserSecret;
    m.changed = m.appliesNow = true;
    m.onlyPassword = false;
  }
  if (rotate) {
    m.changed = m.appliesNow = true;
  }
  if (password !== undefined) {
    inst.inFlight.MasterUserPassword = true;
    m.changed = m.appliesNow = true;
  }
}

function logExports(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const enable = q.list("CloudwatchLogsExportConfiguration.EnableLogTypes", "member");
  const disable = q.list("CloudwatchLogsExportConfiguration.DisableLogTypes", "member");
  if (!enable && !disable) return;
  checkLogTypes(inst.Engine, inst.EngineVersion, [...(enable ?? []), ...(disable ?? [])]);
  const current = new Set(inst.EnabledCloudwatchLogsExports);
  const toEnable = (enable ?? []).filter((t) => !current.has(t));
  const toDisable = (disable ?? []).filter((t) => current.has(t));
  if (toEnable.length + toDisable.length === 0) return;
  if (toEnable.some((t) => toDisable.includes(t))) {
    throw invalidCombination("A log type can't be both enabled and disabled in one request.");
  }
  if (toEnable.length > 0) inst.inFlight.LogTypesToEnable = toEnable.sort();
  if (toDisable.length > 0) inst.inFlight.LogTypesToDisable = toDisable.sort();
  m.changed = m.appliesNow = true;
  m.onlyPassword = false;
}

export function modifyDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be modified");
  }
  const m = new Modification(ctx, inst, q.bool("ApplyImmediately") ?? false);
  // Work on copies so that a refused request leaves the instance untouched.
  const before = structuredClone(inst);
  try {
    applyParams(m, q);
  } catch (err) {
    Object.assign(inst, before);
    if (!before.MasterUserSecret) delete inst.MasterUserSecret;
    throw err;
  }
  if (!m.changed) {
    throw invalidCombination("No modifications were requested");
  }
  if (m.appliesNow) {
    const status = m.onlyPassword ? "resetting-master-credentials" : "modifying";
    ctx.schedule(inst, [
      { after: DURATIONS.modifyDelay, status },
      { after: DURATIONS.modifying, status: "available", effect: "apply-in-flight" },
    ]);
  }
  return inst;
}

function applyParams(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
  const allowMajor = q.bool("AllowMajorVersionUpgrade") ?? false;

  // A queued change applies now when ApplyImmediately=true: the whole queue goes with it.
  if (m.applyImmediately && Object.keys(inst.deferred).length > 0) {
    Object.assign(inst.inFlight, inst.deferred);
    inst.deferred = {};
    m.changed = m.appliesNow = true;
    m.onlyPassword = false;
  }

  const cls = q.str("DBInstanceClass");
  if (cls !== undefined) m.deferrable("DBInstanceClass", inst.DBInstanceClass, checkClass(cls));
  isEngineChange(m, q, allowMajor);
  storageChange(m, q);

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
      m.changed = m.appliesNow = true;
      m.onlyPassword = false;
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
    if (network !== "IPV4" && network !== "DUAL")
      throw invalidValue(`Invalid NetworkType: ${network}`);
    m.deferrable("NetworkType", inst.NetworkType, network);
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
    if (port < 1150 || port > 65535)
      throw invalidValue(`Invalid port ${port}: it must be between 1150 and 65535.`);
    // The port applies now whatever ApplyImmediately says, and restarts the instance.
    inst.inFlight.Port = port;
    m.changed = m.appliesNow = true;
    m.onlyPassword = false;
  }

  const pg = q.str("DBParameterGroupName");
  if (pg !== undefined) {
    const version = m.effective("EngineVersion", inst.EngineVersion)!;
    const name = checkParameterGroupFamily(ctx, pg, inst.Engine, version);
    if (name !== inst.DBParameterGroupName) {
      // The association switches now; static parameters wait for a reboot.
      inst.DBParameterGroupName = name;
      inst.ParameterApplyStatus = "pending-reboot";
      m.changed = m.appliesNow = true;
      m.onlyPassword = false;
    }
  }

  const sgs = q.list("VpcSecurityGroupIds", "VpcSecurityGroupId");
  if (sgs !== undefined) {
    for (const sg of sgs)
      if (!/^sg-[0-9a-z]+$/.test(sg)) throw invalidValue(`Invalid security group id: ${sg}`);
    const next = sgs.length > 0 ? [...new Set(sgs)] : [ctx.state.defaultSecurityGroupId];
    const same =
      next.length === inst.VpcSecurityGroupIds.length &&
      next.every((s) => inst.VpcSecurityGroupIds.includes(s));
    if (!same) m.now("VpcSecurityGroupIds", next);
  }

  const bool = (
    name: string,
    key:
      | "AutoMinorVersionUpgrade"
      | "CopyTagsToSnapshot"
      | "DeletionProtection"
      | "PubliclyAccessible",
  ) => {
    const v = q.bool(name);
    if (v !== undefined) m.now(key, v);
  };
  bool("AutoMinorVersionUpgrade", "AutoMinorVersionUpgrade");
  bool("CopyTagsToSnapshot", "CopyTagsToSnapshot");
  bool("DeletionProtection", "DeletionProtection");
  bool("PubliclyAccessible", "PubliclyAccessible");

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

  logExports(m, q);
  passwordChange(m, q);
}
