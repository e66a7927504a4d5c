import type { QueryParams } from "../http/query.js";
import { checkTags } from "../rules/formats.js";
import {
  checkCa,
  checkLogTypes,
  checkMaxStorage,
  checkMonitoring,
  checkNetworkType,
  checkPiRetention,
  checkPort,
  checkStorageQuota,
  checkZoneRequest,
  securityGroupsOf,
} from "../rules/instance-settings.js";
import { requestedFeatures } from "../settings/processor-features.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import { chooseZone, otherZone } from "../state/lookup.js";
import type { Instance, SubnetGroup, Tag } from "../state/model.js";

/*
 * What CreateDBInstance and CreateDBInstanceReadReplica share: the new
 * instance record, its launch, and the request settings both actions read
 * and check the same way (each action calls these in its own order, which is
 * also the order in which its errors are found).
 */

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
  ctx.state.instances.set(inst.DBInstanceIdentifier, inst);
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

/** MaxAllocatedStorage checked against the new size, and the account's storage quota. */
export function storageLimit(ctx: Ctx, q: QueryParams, allocated: number): number | undefined {
  const maxStorage = checkMaxStorage(q.int("MaxAllocatedStorage"), allocated);
  checkStorageQuota(ctx, allocated);
  return maxStorage;
}

/** The zone (requested or chosen in the subnet group) and, for Multi-AZ, the standby's. */
export function placement(
  ctx: Ctx,
  q: QueryParams,
  subnetGroup: SubnetGroup,
  multiAZ: boolean,
): Pick<
  Instance,
  "DBSubnetGroupName" | "AvailabilityZone" | "SecondaryAvailabilityZone" | "MultiAZ"
> {
  const requestedAz = q.str("AvailabilityZone");
  checkZoneRequest(requestedAz, multiAZ);
  const az = chooseZone(ctx, subnetGroup, requestedAz);
  return {
    DBSubnetGroupName: subnetGroup.DBSubnetGroupName,
    AvailabilityZone: az,
    SecondaryAvailabilityZone: multiAZ ? otherZone(subnetGroup, az) : undefined,
    MultiAZ: multiAZ,
  };
}

/** Enhanced Monitoring: an interval, and the role it needs when above 0. */
export function monitoring(
  q: QueryParams,
): Pick<Instance, "MonitoringInterval" | "MonitoringRoleArn"> {
  const interval = q.int("MonitoringInterval") ?? 0;
  const role = q.str("MonitoringRoleArn");
  checkMonitoring(interval, role);
  return { MonitoringInterval: interval, MonitoringRoleArn: role };
}

/** The request's tags, checked; none when absent. */
export function requestTags(q: QueryParams): Tag[] {
  const tags = q.tags() ?? [];
  checkTags(tags);
  return tags;
}

/** Port, network type and VPC security groups (the VPC's default group when none are named). */
export function network(
  ctx: Ctx,
  q: QueryParams,
  defaultPort: number,
  defaultNetworkType: string,
): Pick<Instance, "Port" | "NetworkType" | "VpcSecurityGroupIds"> {
  const port = checkPort(q.int("Port") ?? defaultPort);
  const networkType = checkNetworkType(q.str("NetworkType") ?? defaultNetworkType);
  const sgs = securityGroupsOf(ctx, q.list("VpcSecurityGroupIds", "VpcSecurityGroupId") ?? []);
  return { Port: port, NetworkType: networkType, VpcSecurityGroupIds: sgs };
}

/**
 * The settings both actions take from the request with the same defaults:
 * CA, flags, Performance Insights, log exports and processor features.
 */
export function sharedSettings(
  ctx: Ctx,
  q: QueryParams,
  engine: string,
  version: string,
  defaultCa: string,
  pi: boolean,
): Pick<
  Instance,
  | "CACertificateIdentifier"
  | "CopyTagsToSnapshot"
  | "IAMDatabaseAuthenticationEnabled"
  | "PerformanceInsightsEnabled"
  | "PerformanceInsightsKMSKeyId"
  | "PerformanceInsightsRetentionPeriod"
  | "EnabledCloudwatchLogsExports"
  | "DeletionProtection"
  | "ProcessorFeatures"
> {
  return {
    CACertificateIdentifier: checkCa(q.str("CACertificateIdentifier") ?? defaultCa),
    CopyTagsToSnapshot: q.bool("CopyTagsToSnapshot") ?? false,
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
    ProcessorFeatures: requestedFeatures(q),
  };
}
