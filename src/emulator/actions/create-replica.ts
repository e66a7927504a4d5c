import { fault, instanceNotFound, invalidCombination, invalidState } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { linked } from "../lifecycle/replica-links.js";
import { defaultOptionGroupOf, familyOf } from "../rules/engine-catalogue.js";
import { checkIdentifier } from "../rules/formats.js";
import { checkClass, checkParameterGroupFamily } from "../rules/instance-settings.js";
import { checkMultiAZ, checkOrderable, checkReplicaSource } from "../rules/orderable.js";
import {
  GP3_THRESHOLD_GIB,
  invalidStorageSize,
  resolveStorage,
  type StorageSettings,
} from "../rules/storage.js";
import { createDomain } from "../settings/domain.js";
import { checkInsights, replicaExtras } from "../settings/insights-and-support.js";
import type { Ctx } from "../state/context.js";
import { findInstance, getOptionGroup, getSubnetGroup } from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import {
  launch,
  monitoring,
  network,
  newInstance,
  placement,
  requestTags,
  sharedSettings,
  storageLimit,
} from "./new-instance.js";

/**
 * The replica's storage: the source's unless the request names a type, size,
 * IOPS or throughput, in which case the combination passes create's rules.
 * It may not be smaller than the source, whose data it holds in full.
 */
function replicaStorage(src: Instance, q: QueryParams): StorageSettings {
  const requestedType = q.str("StorageType");
  const requestedSize = q.int("AllocatedStorage");
  const iops = q.int("Iops");
  const throughput = q.int("StorageThroughput");
  if (
    requestedType === undefined &&
    requestedSize === undefined &&
    iops === undefined &&
    throughput === undefined
  ) {
    return {
      StorageType: src.StorageType,
      AllocatedStorage: src.AllocatedStorage,
      Iops: src.Iops,
      StorageThroughput: src.StorageThroughput,
    };
  }
  const type = requestedType ?? src.StorageType;
  const size = requestedSize ?? src.AllocatedStorage;
  if (size < src.AllocatedStorage) throw invalidStorageSize(src.Engine, type, size);
  // Provisioned performance the source chose carries over unless the request replaces it;
  // gp3's fixed baseline below the threshold is recomputed, never carried.
  const provisioned =
    type === src.StorageType &&
    (type === "io1" ||
      type === "io2" ||
      (type === "gp3" && src.AllocatedStorage >= GP3_THRESHOLD_GIB && size >= GP3_THRESHOLD_GIB));
  return resolveStorage(
    src.Engine,
    type,
    size,
    iops ?? (provisioned ? src.Iops : undefined),
    throughput ?? (provisioned && type === "gp3" ? src.StorageThroughput : undefined),
  );
}

/**
 * The source, in this region (identifier or ARN) or another (ARN): available,
 * with automated backups on (a replica starts from a backup).
 */
function replicaSource(ctx: Ctx, ref: string): { src: Instance; srcCtx: Ctx } {
  const found = linked(ctx, ref);
  if (!found) throw instanceNotFound(ref.toLowerCase());
  const src = found.inst;
  if (src.DBInstanceStatus !== "available") {
    throw invalidState(
      src.DBInstanceIdentifier,
      src.DBInstanceStatus,
      "be the source of a read replica",
    );
  }
  if (src.BackupRetentionPeriod === 0) {
    throw fault(
      "InvalidDBInstanceState",
      "Automated backups are not enabled for this database instance. To enable automated backups, use ModifyDBInstance to set the backup retention period to a non-zero value.",
    );
  }
  return { src, srcCtx: found.ctx };
}

/** Settings a replica takes from its source, refused when the request names them. */
const INHERITED = [
  "MasterUsername",
  "MasterUserPassword",
  "Engine",
  "EngineVersion",
  "BackupRetentionPeriod",
  "DBName",
];

function refuseInherited(q: QueryParams): void {
  for (const name of INHERITED) {
    if (q.has(name))
      throw invalidCombination(
        `${name} can't be specified for a read replica: it is inherited from the source.`,
      );
  }
}

/**
 * The source's KMS key, or another key when the source is encrypted. A key
 * belongs to one region, so an encrypted replica in another region names one.
 */
function replicaKms(
  ctx: Ctx,
  q: QueryParams,
  src: Instance,
  crossRegion: boolean,
): string | undefined {
  const kms = q.str("KmsKeyId");
  if (kms !== undefined && !src.StorageEncrypted) {
    throw invalidCombination(
      "KmsKeyId can't be specified for a read replica of an unencrypted DB instance.",
    );
  }
  if (crossRegion && src.StorageEncrypted && kms === undefined) {
    throw invalidCombination(
      "KmsKeyId must be specified for an encrypted read replica in another region: a KMS key of the replica's region.",
    );
  }
  return src.StorageEncrypted ? ctx.kmsArn(kms ?? src.KmsKeyId!) : undefined;
}

export function createDBInstanceReadReplica(ctx: Ctx, q: QueryParams): Instance {
  const id = checkIdentifier(q.req("DBInstanceIdentifier"));
  const sourceRef = q.req("SourceDBInstanceIdentifier");
  if (findInstance(ctx, id)) throw fault("DBInstanceAlreadyExists", "DB instance already exists");
  const { src, srcCtx } = replicaSource(ctx, sourceRef);
  checkReplicaSource(src.Engine, src.DBInstanceClass);
  // Groups belong to a region: a replica in another region starts from that region's.
  const crossRegion = srcCtx !== ctx;
  refuseInherited(q);
  const cls = checkClass(q.str("DBInstanceClass") ?? src.DBInstanceClass);
  checkOrderable(cls, src.Engine, src.EngineVersion, src.LicenseModel);
  const storage = replicaStorage(src, q);
  const maxStorage = storageLimit(ctx, q, storage.AllocatedStorage);
  const subnetGroup = getSubnetGroup(
    ctx,
    q.str("DBSubnetGroupName") ?? (crossRegion ? "default" : src.DBSubnetGroupName),
  );
  const multiAZ = q.bool("MultiAZ") ?? false;
  checkMultiAZ(src.Engine, multiAZ);
  const where = placement(ctx, q, subnetGroup, multiAZ);
  const monitored = monitoring(q);
  const tags = requestTags(q);
  // RDS's default is the VPC's default security group, not the source's groups.
  const net = network(ctx, q, src.Port, src.NetworkType);
  const kmsKeyId = replicaKms(ctx, q, src, crossRegion);
  const pg = q.str("DBParameterGroupName");
  const og = q.str("OptionGroupName");
  const pi = q.bool("EnablePerformanceInsights") ?? false;
  const inst = newInstance(ctx, id, {
    DBInstanceClass: cls,
    Engine: src.Engine,
    EngineVersion: src.EngineVersion,
    MasterUsername: src.MasterUsername,
    DBName: src.DBName,
    ...storage,
    MaxAllocatedStorage: maxStorage,
    ...net,
    ...where,
    PreferredMaintenanceWindow: src.PreferredMaintenanceWindow,
    PreferredBackupWindow: src.PreferredBackupWindow,
    BackupRetentionPeriod: 0,
    DBParameterGroupName: pg
      ? checkParameterGroupFamily(ctx, pg, src.Engine, src.EngineVersion)
      : crossRegion
        ? `default.${familyOf(src.Engine, src.EngineVersion)}`
        : src.DBParameterGroupName,
    ParameterApplyStatus: "in-sync",
    OptionGroupName: og
      ? getOptionGroup(ctx, og).OptionGroupName
      : crossRegion
        ? defaultOptionGroupOf(src.Engine, src.EngineVersion)
        : src.OptionGroupName,
    AutoMinorVersionUpgrade: q.bool("AutoMinorVersionUpgrade") ?? src.AutoMinorVersionUpgrade,
    LicenseModel: src.LicenseModel,
    CharacterSetName: src.CharacterSetName,
    NcharCharacterSetName: src.NcharCharacterSetName,
    PubliclyAccessible: q.bool("PubliclyAccessible") ?? false,
    StorageEncrypted: src.StorageEncrypted,
    KmsKeyId: kmsKeyId,
    ...sharedSettings(ctx, q, src.Engine, src.EngineVersion, src.CACertificateIdentifier, pi),
    ...monitored,
    TagList: tags,
    ...replicaExtras(q, src.Engine, crossRegion),
    ...createDomain(q, src.Engine),
    // Across regions each side names the other by ARN, as RDS reports them.
    ReadReplicaSourceDBInstanceIdentifier: crossRegion
      ? src.DBInstanceArn
      : src.DBInstanceIdentifier,
  });
  checkInsights(inst);
  launch(ctx, inst);
  src.ReadReplicaDBInstanceIdentifiers.push(crossRegion ? inst.DBInstanceArn : id);
  srcCtx.event(
    src,
    `Read replica ${crossRegion ? inst.DBInstanceArn : id} is being created`,
    "read replica",
  );
  return inst;
}
