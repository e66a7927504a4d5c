import { fault, invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import {
  defaultOptionGroupOf,
  defaultPort,
  ENGINES,
  familyOf,
  latestMajor,
  licenseModelOf,
  licenseModelsOf,
  masterUserRules,
  resolveVersion,
} from "../rules/engine-catalogue.js";
import { characterSets, checkDbName, checkEnginePort } from "../rules/engine-settings.js";
import {
  checkBackupWindow,
  checkIdentifier,
  checkMaintenanceWindow,
  checkPassword,
  DAYS,
} from "../rules/formats.js";
import {
  checkBackupRetention,
  checkClass,
  checkParameterGroupFamily,
  DEFAULT_CA,
} from "../rules/instance-settings.js";
import { checkMultiAZ, checkOrderable } from "../rules/orderable.js";
import { resolveStorage } from "../rules/storage.js";
import { createDomain } from "../settings/domain.js";
import { checkInsights, createExtras } from "../settings/insights-and-support.js";
import type { Ctx } from "../state/context.js";
import { findInstance, getOptionGroup, getSubnetGroup } from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import {
  launch,
  managedSecret,
  monitoring,
  network,
  newInstance,
  placement,
  requestTags,
  sharedSettings,
  storageLimit,
} from "./new-instance.js";

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

/** The engine checked, and the version a request names (or the latest major's default minor). */
function engineVersion(q: QueryParams, engine: string): string {
  if (!ENGINES.includes(engine)) {
    throw invalidValue(`Invalid DB engine: ${engine}`);
  }
  const requestedVersion = q.str("EngineVersion") ?? latestMajor(engine)!.major;
  const version = resolveVersion(engine, requestedVersion);
  if (!version) {
    throw invalidCombination(`Cannot find version ${requestedVersion} for ${engine}`);
  }
  return version;
}

/** The master user's name, and whether RDS manages its password (otherwise the password is checked). */
function masterUser(q: QueryParams, engine: string): { username: string; managed: boolean } {
  const masterUsername = q.str("MasterUsername");
  if (!masterUsername) {
    throw invalidValue("The parameter MasterUsername must be provided and must not be blank.");
  }
  // PostgreSQL allows 63 characters, MySQL and MariaDB 32, SQL Server 128, Oracle 30;
  // `rdsadmin` is RDS's own user, and each engine keeps some names for itself.
  const { maxLength, reserved } = masterUserRules(engine);
  if (
    !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(masterUsername) ||
    masterUsername.length > maxLength ||
    reserved.includes(masterUsername.toLowerCase())
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
    checkPassword(password, engine);
  }
  return { username: masterUsername, managed };
}

/** Parameter and option groups, license, backup retention and the two windows (random when absent). */
function groupsAndWindows(
  ctx: Ctx,
  q: QueryParams,
  engine: string,
  version: string,
): Pick<
  Instance,
  | "DBParameterGroupName"
  | "OptionGroupName"
  | "LicenseModel"
  | "BackupRetentionPeriod"
  | "PreferredBackupWindow"
  | "PreferredMaintenanceWindow"
> {
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
  if (!licenseModelsOf(engine).includes(license)) {
    throw invalidCombination(`License model ${license} is not supported for engine ${engine}.`);
  }
  const retention = checkBackupRetention(q.int("BackupRetentionPeriod") ?? 1);
  const backupWindow = q.has("PreferredBackupWindow")
    ? checkBackupWindow(q.str("PreferredBackupWindow")!)
    : randomBackupWindow(ctx);
  const maintenanceWindow = q.has("PreferredMaintenanceWindow")
    ? checkMaintenanceWindow(q.str("PreferredMaintenanceWindow")!)
    : randomMaintenanceWindow(ctx, backupWindow);
  return {
    DBParameterGroupName: pgName,
    OptionGroupName: ogName,
    LicenseModel: license,
    BackupRetentionPeriod: retention,
    PreferredBackupWindow: backupWindow,
    PreferredMaintenanceWindow: maintenanceWindow,
  };
}

/** StorageEncrypted, and the KMS key (the account's default when none is named). */
function encryption(ctx: Ctx, q: QueryParams): Pick<Instance, "StorageEncrypted" | "KmsKeyId"> {
  const encrypted = q.bool("StorageEncrypted") ?? false;
  const kms = q.str("KmsKeyId");
  if (kms !== undefined && !encrypted) {
    throw invalidCombination("KmsKeyId can only be specified when StorageEncrypted is true.");
  }
  return {
    StorageEncrypted: encrypted,
    KmsKeyId: encrypted ? ctx.kmsArn(kms ?? ctx.defaultKmsArn()) : undefined,
  };
}

export function createDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const id = checkIdentifier(q.req("DBInstanceIdentifier"));
  const cls = checkClass(q.req("DBInstanceClass"));
  const engine = q.req("Engine").toLowerCase();
  if (findInstance(ctx, id)) {
    throw fault("DBInstanceAlreadyExists", `DB instance already exists`);
  }
  const version = engineVersion(q, engine);
  const master = masterUser(q, engine);

  const storageType = q.str("StorageType") ?? (q.has("Iops") ? "io1" : "gp3");
  const storage = resolveStorage(
    engine,
    storageType,
    q.int("AllocatedStorage"),
    q.int("Iops"),
    q.int("StorageThroughput"),
  );
  const maxStorage = storageLimit(ctx, q, storage.AllocatedStorage);

  const multiAZ = q.bool("MultiAZ") ?? false;
  checkMultiAZ(engine, multiAZ);
  const subnetGroup = getSubnetGroup(ctx, q.str("DBSubnetGroupName") ?? "default");
  const where = placement(ctx, q, subnetGroup, multiAZ);
  const groups = groupsAndWindows(ctx, q, engine, version);
  checkOrderable(cls, engine, version, groups.LicenseModel);
  const encrypted = encryption(ctx, q);
  const monitored = monitoring(q);
  const pi = q.bool("EnablePerformanceInsights") ?? false;
  const tags = requestTags(q);
  const net = network(ctx, q, defaultPort(engine), "IPV4");
  checkEnginePort(engine, net.Port);
  const dbName = checkDbName(engine, q.str("DBName"));

  const inst = newInstance(ctx, id, {
    DBInstanceClass: cls,
    Engine: engine,
    EngineVersion: version,
    MasterUsername: master.username,
    DBName: dbName,
    ...storage,
    MaxAllocatedStorage: maxStorage,
    ...net,
    ...where,
    ...groups,
    ParameterApplyStatus: "in-sync",
    AutoMinorVersionUpgrade: q.bool("AutoMinorVersionUpgrade") ?? true,
    PubliclyAccessible: q.bool("PubliclyAccessible") ?? false,
    ...encrypted,
    ...sharedSettings(ctx, q, engine, version, DEFAULT_CA, pi),
    ...monitored,
    TagList: tags,
    ...createExtras(q, engine),
    ...characterSets(q, engine),
    ...createDomain(q, engine),
    ReadReplicaSourceDBInstanceIdentifier: undefined,
  });
  if (master.managed) {
    inst.MasterUserSecret = managedSecret(ctx, inst, q);
  } else {
    inst.inFlight.MasterUserPassword = true;
  }
  checkInsights(inst);
  launch(ctx, inst);
  return inst;
}
