import { fault, invalidCombination, invalidState, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { checkIdentifier, checkTags } from "../rules/formats.js";
import {
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
  securityGroupsOf,
} from "../rules/instance-settings.js";
import { GP3_THRESHOLD_GIB, resolveStorage, type StorageSettings } from "../rules/storage.js";
import { createDomain } from "../settings/domain.js";
import { checkInsights, replicaExtras } from "../settings/insights-and-support.js";
import { requestedFeatures } from "../settings/processor-features.js";
import type { Ctx } from "../state/context.js";
import {
  chooseZone,
  findInstance,
  getInstance,
  getOptionGroup,
  getSubnetGroup,
  otherZone,
} from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import { launch, newInstance } from "./create.js";

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
  if (size < src.AllocatedStorage) {
    throw invalidValue(
      `Invalid storage size ${size}: a read replica needs at least the ${src.AllocatedStorage} GiB of its source.`,
    );
  }
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

export function createDBInstanceReadReplica(ctx: Ctx, q: QueryParams): Instance {
  const id = checkIdentifier(q.req("DBInstanceIdentifier"));
  const sourceRef = q.req("SourceDBInstanceIdentifier");
  if (findInstance(ctx, id)) throw fault("DBInstanceAlreadyExists", "DB instance already exists");
  const src = getInstance(ctx, sourceRef);
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
  for (const name of [
    "MasterUsername",
    "MasterUserPassword",
    "Engine",
    "EngineVersion",
    "BackupRetentionPeriod",
    "DBName",
  ]) {
    if (q.has(name))
      throw invalidCombination(
        `${name} can't be specified for a read replica: it is inherited from the source.`,
      );
  }
  const storage = replicaStorage(src, q);
  const maxStorage = checkMaxStorage(q.int("MaxAllocatedStorage"), storage.AllocatedStorage);
  checkStorageQuota(ctx, storage.AllocatedStorage);
  const subnetGroup = getSubnetGroup(ctx, q.str("DBSubnetGroupName") ?? src.DBSubnetGroupName);
  const multiAZ = q.bool("MultiAZ") ?? false;
  const requestedAz = q.str("AvailabilityZone");
  checkZoneRequest(requestedAz, multiAZ);
  const az = chooseZone(ctx, subnetGroup, requestedAz);
  const interval = q.int("MonitoringInterval") ?? 0;
  checkMonitoring(interval, q.str("MonitoringRoleArn"));
  const tags = q.tags() ?? [];
  checkTags(tags);
  const port = checkPort(q.int("Port") ?? src.Port);
  const networkType = checkNetworkType(q.str("NetworkType") ?? src.NetworkType);
  // RDS's default is the VPC's default security group, not the source's groups.
  const sgs = securityGroupsOf(ctx, q.list("VpcSecurityGroupIds", "VpcSecurityGroupId") ?? []);
  const kms = q.str("KmsKeyId");
  if (kms !== undefined && !src.StorageEncrypted) {
    throw invalidCombination(
      "KmsKeyId can't be specified for a read replica of an unencrypted DB instance.",
    );
  }
  const pg = q.str("DBParameterGroupName");
  const og = q.str("OptionGroupName");
  const pi = q.bool("EnablePerformanceInsights") ?? false;
  const inst = newInstance(ctx, id, {
    DBInstanceClass: checkClass(q.str("DBInstanceClass") ?? src.DBInstanceClass),
    Engine: src.Engine,
    EngineVersion: src.EngineVersion,
    MasterUsername: src.MasterUsername,
    DBName: src.DBName,
    ...storage,
    MaxAllocatedStorage: maxStorage,
    Port: port,
    VpcSecurityGroupIds: sgs,
    DBSubnetGroupName: subnetGroup.DBSubnetGroupName,
    AvailabilityZone: az,
    SecondaryAvailabilityZone: multiAZ ? otherZone(subnetGroup, az) : undefined,
    MultiAZ: multiAZ,
    PreferredMaintenanceWindow: src.PreferredMaintenanceWindow,
    PreferredBackupWindow: src.PreferredBackupWindow,
    BackupRetentionPeriod: 0,
    DBParameterGroupName: pg
      ? checkParameterGroupFamily(ctx, pg, src.Engine, src.EngineVersion)
      : src.DBParameterGroupName,
    ParameterApplyStatus: "in-sync",
    OptionGroupName: og ? getOptionGroup(ctx, og).OptionGroupName : src.OptionGroupName,
    AutoMinorVersionUpgrade: q.bool("AutoMinorVersionUpgrade") ?? src.AutoMinorVersionUpgrade,
    LicenseModel: src.LicenseModel,
    PubliclyAccessible: q.bool("PubliclyAccessible") ?? false,
    StorageEncrypted: src.StorageEncrypted,
    KmsKeyId: src.StorageEncrypted ? ctx.kmsArn(kms ?? src.KmsKeyId!) : undefined,
    CACertificateIdentifier: checkCa(
      q.str("CACertificateIdentifier") ?? src.CACertificateIdentifier,
    ),
    CopyTagsToSnapshot: q.bool("CopyTagsToSnapshot") ?? false,
    MonitoringInterval: interval,
    MonitoringRoleArn: q.str("MonitoringRoleArn"),
    IAMDatabaseAuthenticationEnabled: q.bool("EnableIAMDatabaseAuthentication") ?? false,
    PerformanceInsightsEnabled: pi,
    PerformanceInsightsKMSKeyId: pi
      ? ctx.kmsArn(q.str("PerformanceInsightsKMSKeyId") ?? ctx.defaultKmsArn())
      : undefined,
    PerformanceInsightsRetentionPeriod: pi
      ? checkPiRetention(q.int("PerformanceInsightsRetentionPeriod") ?? 7)
      : undefined,
    EnabledCloudwatchLogsExports: checkLogTypes(
      src.Engine,
      src.EngineVersion,
      q.list("EnableCloudwatchLogsExports", "member") ?? [],
    ),
    DeletionProtection: q.bool("DeletionProtection") ?? false,
    NetworkType: networkType,
    TagList: tags,
    ProcessorFeatures: requestedFeatures(q),
    ...replicaExtras(q, src.Engine),
    ...createDomain(q, src.Engine),
    ReadReplicaSourceDBInstanceIdentifier: src.DBInstanceIdentifier,
  });
  checkInsights(inst);
  launch(ctx, inst);
  src.ReadReplicaDBInstanceIdentifiers.push(id);
  ctx.event(src, `Read replica ${id} is being created`, "read replica");
  return inst;
}
