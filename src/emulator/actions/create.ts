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
  checkWindowsApart,
  DAYS,
  windowsOverlap,
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
const DAY_MINUTES = 1440;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * The first of `count` candidate windows, from a random one on, that keeps
 * clear of `other`: RDS never picks a backup window that overlaps the
 * maintenance window (nor the reverse).
 */
function pickApart(
  ctx: Ctx,
  count: number,
  candidate: (i: number) => string,
  apart: (w: string) => boolean,
): string {
  const first = Math.floor(ctx.random() * count);
  for (let k = 0; k < count; k++) {
    const w = candidate((first + k) % count);
    if (apart(w)) return w;
  }
  throw invalidValue("No backup window of 30 minutes is clear of the maintenance window.");
}

/** A random 30-minute backup window (on a minute), clear of the maintenance window when one is given. */
function randomBackupWindow(ctx: Ctx, maintenance: string | undefined): string {
  return pickApart(
    ctx,
    DAY_MINUTES,
    (start) => `${hhmm(start)}-${hhmm((start + 30) % DAY_MINUTES)}`,
    (w) => maintenance === undefined || !windowsOverlap(w, maintenance),
  );
}

/** A random 30-minute maintenance window that starts and ends on one day, clear of the backup window. */
function randomMaintenanceWindow(ctx: Ctx, backupWindow: string): string {
  const perDay = DAY_MINUTES - 30;
  return pickApart(
    ctx,
    7 * perDay,
    (i) => {
      const day = DAYS[Math.floor(i / perDay)];
      const start = i % perDay;
      return `${day}:${hhmm(start)}-${day}:${hhmm(start + 30)}`;
    },
    (w) => !windowsOverlap(backupWindow, w),
  );
}

/** The windows asked for (RDS refuses a pair that overlaps), the others picked clear of them. */
function windows(ctx: Ctx, q: QueryParams): { backupWindow: string; maintenanceWindow: string } {
  const askedBackup = q.str("PreferredBackupWindow");
  const askedMaintenance = q.str("PreferredMaintenanceWindow");
  const maintenance =
    askedMaintenance === undefined ? undefined : checkMaintenanceWindow(askedMaintenance);
  const backupWindow =
    askedBackup === undefined
      ? randomBackupWindow(ctx, maintenance)
      : checkBackupWindow(askedBackup);
  if (maintenance !== undefined) {
    checkWindowsApart(backupWindow, maintenance);
    return { backupWindow, maintenanceWindow: maintenance };
  }
  return { backupWindow, maintenanceWindow: randomMaintenanceWindow(ctx, backupWindow) };
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
  const { backupWindow, maintenanceWindow } = windows(ctx, q);
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
