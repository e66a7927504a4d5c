import { fault, invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import {
  defaultOptionGroupOf,
  defaultPort,
  ENGINES,
  familyOf,
  latestMajor,
  licenseModelOf,
  resolveVersion,
} from "../rules/engine-catalogue.js";
import {
  checkBackupWindow,
  checkIdentifier,
  checkMaintenanceWindow,
  checkPassword,
  checkTags,
  DAYS,
} from "../rules/formats.js";
import {
  checkBackupRetention,
  checkCa,
  checkClass,
  checkLogTypes,
  checkMaxStorage,
  checkMonitoring,
  checkNetworkType,
  checkParameterGroupFamily,
  checkPiRetention,
  checkPort,
  checkStorageQuota,
  checkZoneRequest,
  DEFAULT_CA,
  securityGroupsOf,
} from "../rules/instance-settings.js";
import { resolveStorage } from "../rules/storage.js";
import { createDomain } from "../settings/domain.js";
import { checkInsights, createExtras } from "../settings/insights-and-support.js";
import { requestedFeatures } from "../settings/processor-features.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import {
  chooseZone,
  findInstance,
  getOptionGroup,
  getSubnetGroup,
  otherZone,
} from "../state/lookup.js";
import type { Instance } from "../state/model.js";

/** Minutes since midnight as `hh24:mi`. */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function randomBackupWindow(ctx: Ctx): string {
  const start = Math.floor(ctx.random() * 48) * 30 + Math.floor(ctx.random() * 30);
  return `${hhmm(start)}-${hhmm((start + 30) % 1440)}`;
}

function randomMaintenanceWindow(ctx: Ctx, backupWindow: string): string {
  const backupHour = Number(backupWindow.slice(0, 2));
  // Keep clear of the backup window by starting at least two hours later.
  const hour = (backupHour + 2 + Math.floor(ctx.random() * 18)) % 24;
  // Starting in the first half of the hour, the 30 minutes never cross into another day.
  const start = hour * 60 + Math.floor(ctx.random() * 30);
  const day = DAYS[Math.floor(ctx.random() * 7)];
  return `${day}:${hhmm(start)}-${day}:${hhmm(start + 30)}`;
}

/** Fields shared by a fresh instance and a read replica; the caller fills in the rest. */
export function newInstance(
  ctx: Ctx,
  id: string,
  fields: Omit<
    Instance,
    | "DBInstanceIdentifier"
    | "DBInstanceArn"
    | "DbiResourceId"
    | "DBInstanceStatus"
    | "ReadReplicaDBInstanceIdentifiers"
    | "deferred"
    | "inFlight"
    | "transitions"
    | "endpointHash"
  >,
): Instance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: ctx.arn("db", id),
    DbiResourceId: `db-${ctx.randomChars(26, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
    DBInstanceStatus: "creating",
    ReadReplicaDBInstanceIdentifiers: [],
    deferred: {},
    inFlight: {},
    transitions: [],
    endpointHash: ctx.randomChars(12),
    ...fields,
  };
}

/**
 * The Secrets Manager secret RDS creates when it manages the master password
 * (on create, or when a modify turns management on); `active` once applied.
 */
export function managedSecret(
  ctx: Ctx,
  inst: Instance,
  q: QueryParams,
): Instance["MasterUserSecret"] {
  return {
    SecretArn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!${inst.DbiResourceId.toLowerCase()}-${ctx.randomChars(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
    SecretStatus: "creating",
    KmsKeyId: ctx.kmsArn(q.str("MasterUserSecretKmsKeyId") ?? ctx.defaultKmsArn()),
  };
}

/** Add a new instance (or read replica) to the account and start it: creating -> (backing-up ->) available. */
export function launch(ctx: Ctx, inst: Instance): void {
  ctx.state.instances[inst.DBInstanceIdentifier] = inst;
  ctx.invalidateOrder();
  ctx.addStorage(inst);
  if (inst.BackupRetentionPeriod > 0) {
    ctx.schedule(inst, [
      { after: DURATIONS.creating, status: "backing-up", effect: "apply-in-flight" },
      { after: DURATIONS.backingUp, status: "available", effect: "backup-done" },
    ]);
  } else {
    ctx.schedule(inst, [
      { after: DURATIONS.creating, status: "available", effect: "apply-in-flight" },
    ]);
  }
  ctx.event(inst, "DB instance is being created", "creation");
}

export function createDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const id = checkIdentifier(q.req("DBInstanceIdentifier"));
  const cls = checkClass(q.req("DBInstanceClass"));
  const engine = q.req("Engine").toLowerCase();
  if (findInstance(ctx, id)) {
    throw fault("DBInstanceAlreadyExists", `DB instance already exists`);
  }
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw invalidValue(`Invalid DB engine: ${engine}`);
  }
  const requestedVersion = q.str("EngineVersion") ?? latestMajor(engine)!.major;
  const version = resolveVersion(engine, requestedVersion);
  if (!version) {
    throw invalidCombination(`Cannot find version ${requestedVersion} for ${engine}`);
  }

  const masterUsername = q.str("MasterUsername");
  if (!masterUsername) {
    throw invalidValue("The parameter MasterUsername must be provided and must not be blank.");
  }
  // PostgreSQL allows 63 characters, MySQL and MariaDB 32; `rdsadmin` is RDS's own user.
  const maxLength = engine === "postgres" ? 63 : 32;
  if (
    !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(masterUsername) ||
    masterUsername.length > maxLength ||
    masterUsername.toLowerCase() === "rdsadmin"
  ) {
    throw invalidValue(
      `MasterUsername ${masterUsername} cannot be used: it must be 1 to ${maxLength} letters, digits or underscores, start with a letter, and not be a reserved word.`,
    );
  }

  const password = q.str("MasterUserPassword");
  const managed = q.bool("ManageMasterUserPassword") ?? false;
  if (managed && password !== undefined) {
    throw invalidCombination(
      "You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.",
    );
  }
  if (!managed) {
    if (!password) {
      throw invalidValue(
        "The parameter MasterUserPassword must be provided and must not be blank.",
      );
    }
    checkPassword(password);
  }

  const storageType = q.str("StorageType") ?? (q.has("Iops") ? "io1" : "gp3");
  const storage = resolveStorage(
    engine,
    storageType,
    q.int("AllocatedStorage"),
    q.int("Iops"),
    q.int("StorageThroughput"),
  );
  const maxStorage = checkMaxStorage(q.int("MaxAllocatedStorage"), storage.AllocatedStorage);
  checkStorageQuota(ctx, storage.AllocatedStorage);

  const multiAZ = q.bool("MultiAZ") ?? false;
  const subnetGroup = getSubnetGroup(ctx, q.str("DBSubnetGroupName") ?? "default");
  const requestedAz = q.str("AvailabilityZone");
  checkZoneRequest(requestedAz, multiAZ);
  const az = chooseZone(ctx, subnetGroup, requestedAz);

  const pgName = checkParameterGroupFamily(
    ctx,
    q.str("DBParameterGroupName") ?? `default.${familyOf(engine, version)}`,
    engine,
    version,
  );
  const ogName = getOptionGroup(
    ctx,
    q.str("OptionGroupName") ?? defaultOptionGroupOf(engine, version),
  ).OptionGroupName;
  const license = q.str("LicenseModel") ?? licenseModelOf(engine);
  if (license !== licenseModelOf(engine)) {
    throw invalidCombination(`License model ${license} is not supported for engine ${engine}.`);
  }
  const retention = checkBackupRetention(q.int("BackupRetentionPeriod") ?? 1);
  const backupWindow = q.has("PreferredBackupWindow")
    ? checkBackupWindow(q.str("PreferredBackupWindow")!)
    : randomBackupWindow(ctx);
  const maintenanceWindow = q.has("PreferredMaintenanceWindow")
    ? checkMaintenanceWindow(q.str("PreferredMaintenanceWindow")!)
    : randomMaintenanceWindow(ctx, backupWindow);
  const encrypted = q.bool("StorageEncrypted") ?? false;
  const kms = q.str("KmsKeyId");
  if (kms !== undefined && !encrypted) {
    throw invalidCombination("KmsKeyId can only be specified when StorageEncrypted is true.");
  }
  const monitoringInterval = q.int("MonitoringInterval") ?? 0;
  const monitoringRole = q.str("MonitoringRoleArn");
  checkMonitoring(monitoringInterval, monitoringRole);
  const pi = q.bool("EnablePerformanceInsights") ?? false;
  const tags = q.tags() ?? [];
  checkTags(tags);
  const port = checkPort(q.int("Port") ?? defaultPort(engine));
  const networkType = checkNetworkType(q.str("NetworkType") ?? "IPV4");
  const sgs = securityGroupsOf(ctx, q.list("VpcSecurityGroupIds", "VpcSecurityGroupId") ?? []);
  const dbName = q.str("DBName");
  if (dbName !== undefined && !/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(dbName)) {
    throw invalidValue(
      "DBName must begin with a letter and contain only letters, digits and underscores.",
    );
  }

  const inst = newInstance(ctx, id, {
    DBInstanceClass: cls,
    Engine: engine,
    EngineVersion: version,
    MasterUsername: masterUsername,
    DBName: dbName,
    ...storage,
    MaxAllocatedStorage: maxStorage,
    Port: port,
    VpcSecurityGroupIds: sgs,
    DBSubnetGroupName: subnetGroup.DBSubnetGroupName,
    AvailabilityZone: az,
    SecondaryAvailabilityZone: multiAZ ? otherZone(subnetGroup, az) : undefined,
    MultiAZ: multiAZ,
    PreferredMaintenanceWindow: maintenanceWindow,
    PreferredBackupWindow: backupWindow,
    BackupRetentionPeriod: retention,
    DBParameterGroupName: pgName,
    ParameterApplyStatus: "in-sync",
    OptionGroupName: ogName,
    AutoMinorVersionUpgrade: q.bool("AutoMinorVersionUpgrade") ?? true,
    LicenseModel: license,
    PubliclyAccessible: q.bool("PubliclyAccessible") ?? false,
    StorageEncrypted: encrypted,
    KmsKeyId: encrypted ? ctx.kmsArn(kms ?? ctx.defaultKmsArn()) : undefined,
    CACertificateIdentifier: checkCa(q.str("CACertificateIdentifier") ?? DEFAULT_CA),
    CopyTagsToSnapshot: q.bool("CopyTagsToSnapshot") ?? false,
    MonitoringInterval: monitoringInterval,
    MonitoringRoleArn: monitoringRole,
    IAMDatabaseAuthenticationEnabled: q.bool("EnableIAMDatabaseAuthentication") ?? false,
    PerformanceInsightsEnabled: pi,
    PerformanceInsightsKMSKeyId: pi
      ? ctx.kmsArn(q.str("PerformanceInsightsKMSKeyId") ?? ctx.defaultKmsArn())
      : undefined,
    PerformanceInsightsRetentionPeriod: pi
      ? checkPiRetention(q.int("PerformanceInsightsRetentionPeriod") ?? 7)
      : undefined,
    EnabledCloudwatchLogsExports: checkLogTypes(
      engine,
      version,
      q.list("EnableCloudwatchLogsExports", "member") ?? [],
    ),
    DeletionProtection: q.bool("DeletionProtection") ?? false,
    NetworkType: networkType,
    TagList: tags,
    ProcessorFeatures: requestedFeatures(q),
    ...createExtras(q, engine),
    ...createDomain(q, engine),
    ReadReplicaSourceDBInstanceIdentifier: undefined,
  });
  if (managed) {
    inst.MasterUserSecret = managedSecret(ctx, inst, q);
  } else {
    inst.inFlight.MasterUserPassword = true;
  }
  checkInsights(inst);
  launch(ctx, inst);
  return inst;
}
