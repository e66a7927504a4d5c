import { domainXml } from "../settings/domain.js";
import { enhancedMonitoringArn } from "../settings/insights-and-support.js";
import { processorFeaturesXml } from "../settings/processor-features.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import type { Instance, Pending, SubnetGroup, Tag } from "../state/model.js";
import { el, esc, textList, wrap } from "./xml.js";

const HOSTED_ZONE_ID = "Z2R2ITUGPM61AM";

/** Statuses in which RDS reports no endpoint yet. */
const NO_ENDPOINT = new Set(["creating"]);

export function tagsXml(tags: readonly Tag[]): string {
  let inner = "";
  for (const t of tags)
    inner += `<Tag><Key>${esc(t.Key)}</Key><Value>${esc(t.Value)}</Value></Tag>`;
  return wrap("TagList", inner);
}

export function subnetGroupXml(g: SubnetGroup, tag = "DBSubnetGroup"): string {
  let subnets = "";
  for (const s of g.Subnets) {
    subnets += `<Subnet><SubnetIdentifier>${esc(s.SubnetIdentifier)}</SubnetIdentifier><SubnetAvailabilityZone><Name>${esc(s.AvailabilityZone)}</Name></SubnetAvailabilityZone><SubnetStatus>Active</SubnetStatus></Subnet>`;
  }
  return `<${tag}>${el("DBSubnetGroupName", g.DBSubnetGroupName)}${el("DBSubnetGroupDescription", g.DBSubnetGroupDescription)}${el("VpcId", g.VpcId)}<SubnetGroupStatus>Complete</SubnetGroupStatus>${wrap("Subnets", subnets)}${el("DBSubnetGroupArn", g.DBSubnetGroupArn)}<SupportedNetworkTypes><member>IPV4</member></SupportedNetworkTypes></${tag}>`;
}

/** PendingModifiedValues: the deferred values overlaid with those in flight. */
function pendingXml(inst: Instance): string {
  const p: Pending = { ...inst.deferred, ...inst.inFlight };
  let out = "";
  out += el("DBInstanceClass", p.DBInstanceClass);
  out += el("AllocatedStorage", p.AllocatedStorage);
  if (p.MasterUserPassword) out += "<MasterUserPassword>****</MasterUserPassword>";
  out += el("Port", p.Port);
  out += el("BackupRetentionPeriod", p.BackupRetentionPeriod);
  out += el("MultiAZ", p.MultiAZ);
  out += el("EngineVersion", p.EngineVersion);
  out += el("Iops", p.Iops);
  out += el("StorageThroughput", p.StorageThroughput);
  out += el("DBInstanceIdentifier", p.DBInstanceIdentifier);
  out += el("StorageType", p.StorageType);
  out += el("CACertificateIdentifier", p.CACertificateIdentifier);
  out += el("DBSubnetGroupName", p.DBSubnetGroupName);
  out += el("IAMDatabaseAuthenticationEnabled", p.IAMDatabaseAuthenticationEnabled);
  out += el("DedicatedLogVolume", p.DedicatedLogVolume);
  if (p.ProcessorFeatures) out += processorFeaturesXml(p.ProcessorFeatures);
  if (p.LogTypesToEnable || p.LogTypesToDisable) {
    out += "<PendingCloudwatchLogsExports>";
    if (p.LogTypesToEnable) out += textList("LogTypesToEnable", "member", p.LogTypesToEnable);
    if (p.LogTypesToDisable) out += textList("LogTypesToDisable", "member", p.LogTypesToDisable);
    out += "</PendingCloudwatchLogsExports>";
  }
  return out === "" ? "" : `<PendingModifiedValues>${out}</PendingModifiedValues>`;
}

function optionGroupsXml(inst: Instance): string {
  const pending = inst.deferred.OptionGroupName ?? inst.inFlight.OptionGroupName;
  let out = `<OptionGroupMembership><OptionGroupName>${esc(inst.OptionGroupName)}</OptionGroupName><Status>${pending ? "pending-removal" : "in-sync"}</Status></OptionGroupMembership>`;
  if (pending) {
    const status = inst.inFlight.OptionGroupName ? "applying" : "pending-maintenance-apply";
    out += `<OptionGroupMembership><OptionGroupName>${esc(pending)}</OptionGroupName><Status>${status}</Status></OptionGroupMembership>`;
  }
  return `<OptionGroupMemberships>${out}</OptionGroupMemberships>`;
}

/** Security groups in use, and those being added or removed by a modification. */
function vpcSecurityGroupsXml(inst: Instance): string {
  let vpc = "";
  const adding = inst.AddingSecurityGroupIds ?? [];
  for (const id of inst.VpcSecurityGroupIds) {
    const status = adding.includes(id) ? "adding" : "active";
    vpc += `<VpcSecurityGroupMembership><VpcSecurityGroupId>${esc(id)}</VpcSecurityGroupId><Status>${status}</Status></VpcSecurityGroupMembership>`;
  }
  for (const id of inst.RemovingSecurityGroupIds ?? []) {
    vpc += `<VpcSecurityGroupMembership><VpcSecurityGroupId>${esc(id)}</VpcSecurityGroupId><Status>removing</Status></VpcSecurityGroupMembership>`;
  }
  return wrap("VpcSecurityGroups", vpc);
}

/** A read replica's replication status: initializing while created, then replicating. */
function replicationStatusXml(inst: Instance): string {
  const normal = inst.DBInstanceStatus !== "creating";
  return `<StatusInfos><DBInstanceStatusInfo><StatusType>read replication</StatusType><Normal>${normal}</Normal><Status>${normal ? "replicating" : "initializing"}</Status></DBInstanceStatusInfo></StatusInfos>`;
}

/**
 * An instance's XML for DescribeDBInstances, reused while nothing has changed:
 * pollers ask for the same pages over and over between changes.
 */
export function cachedInstanceXml(ctx: Ctx, inst: Instance): string {
  // The XML depends on the clock only through LatestRestorableTime's five-minute
  // mark, so a new mark starts a new cache generation.
  const mark = logUploadMark(ctx.now());
  if (renderedAtMark.get(ctx) !== mark) {
    renderedAtMark.set(ctx, mark);
    ctx.generation += 1;
  }
  const cache = ctx.renderCache();
  let xml = cache.get(inst);
  if (xml === undefined) {
    xml = instanceXml(ctx, inst);
    cache.set(inst, xml);
  }
  return xml;
}

export function instanceXml(ctx: Ctx, inst: Instance): string {
  return `${instanceBodyXml(ctx, inst)}${latestRestorableTimeXml(ctx, inst)}</DBInstance>`;
}

/** Transaction logs reach backup storage every five minutes (emulator time). */
const LOG_UPLOAD_MS = 5 * 60_000;

const logUploadMark = (now: number) => now - (now % LOG_UPLOAD_MS);

/** The five-minute mark each emulator's describe cache was rendered at. */
const renderedAtMark = new WeakMap<Ctx, number>();

/**
 * When automated backups made the instance restorable: the end of the first
 * backup after a create (derived, so instances carry no extra field), or the
 * moment a modification turned backups on. None with retention 0.
 */
function restorableFrom(ctx: Ctx, inst: Instance): number | undefined {
  if (inst.BackupRetentionPeriod === 0) return undefined;
  if (inst.restorableFrom !== undefined) return inst.restorableFrom;
  if (inst.InstanceCreateTime === undefined) return undefined;
  return inst.InstanceCreateTime + ctx.scaled(DURATIONS.backingUp);
}

/**
 * LatestRestorableTime: the last five-minute log upload, never before the
 * instance became restorable. Absent without automated backups.
 */
function latestRestorableTimeXml(ctx: Ctx, inst: Instance): string {
  const from = restorableFrom(ctx, inst);
  const now = ctx.now();
  if (from === undefined || from > now) return "";
  const at = Math.max(from, logUploadMark(now));
  return `<LatestRestorableTime>${new Date(at).toISOString()}</LatestRestorableTime>`;
}

/** Everything but LatestRestorableTime and the closing tag. */
function instanceBodyXml(ctx: Ctx, inst: Instance): string {
  const sg = ctx.state.subnetGroups.get(inst.DBSubnetGroupName);
  let x = "<DBInstance>";
  x += el("DBInstanceIdentifier", inst.DBInstanceIdentifier);
  x += el("DBInstanceClass", inst.DBInstanceClass);
  x += el("Engine", inst.Engine);
  x += el("DBInstanceStatus", inst.DBInstanceStatus);
  x += el("MasterUsername", inst.MasterUsername);
  x += el("DBName", inst.DBName);
  if (!NO_ENDPOINT.has(inst.DBInstanceStatus)) {
    const served = ctx.servedEndpoint?.(inst);
    const address =
      served?.address ??
      `${inst.DBInstanceIdentifier}.${inst.endpointHash}.${ctx.region}.rds.amazonaws.com`;
    x += `<Endpoint><Address>${address}</Address><Port>${served?.port ?? inst.Port}</Port><HostedZoneId>${HOSTED_ZONE_ID}</HostedZoneId></Endpoint>`;
  }
  x += el("AllocatedStorage", inst.AllocatedStorage);
  if (inst.InstanceCreateTime !== undefined) {
    x += el("InstanceCreateTime", new Date(inst.InstanceCreateTime).toISOString());
  }
  x += el("PreferredBackupWindow", inst.PreferredBackupWindow);
  x += el("BackupRetentionPeriod", inst.BackupRetentionPeriod);
  x += "<DBSecurityGroups/>";
  x += vpcSecurityGroupsXml(inst);
  x += `<DBParameterGroups><DBParameterGroup><DBParameterGroupName>${esc(inst.DBParameterGroupName)}</DBParameterGroupName><ParameterApplyStatus>${inst.ParameterApplyStatus}</ParameterApplyStatus></DBParameterGroup></DBParameterGroups>`;
  x += el("AvailabilityZone", inst.AvailabilityZone);
  if (sg) x += subnetGroupXml(sg);
  x += el("PreferredMaintenanceWindow", inst.PreferredMaintenanceWindow);
  x += pendingXml(inst);
  x += el("MultiAZ", inst.MultiAZ);
  x += el("EngineVersion", inst.EngineVersion);
  x += el("AutoMinorVersionUpgrade", inst.AutoMinorVersionUpgrade);
  x += el("ReadReplicaSourceDBInstanceIdentifier", inst.ReadReplicaSourceDBInstanceIdentifier);
  x += textList(
    "ReadReplicaDBInstanceIdentifiers",
    "ReadReplicaDBInstanceIdentifier",
    inst.ReadReplicaDBInstanceIdentifiers,
  );
  x += el("LicenseModel", inst.LicenseModel);
  x += el("Iops", inst.Iops);
  x += el("StorageThroughput", inst.StorageThroughput);
  x += optionGroupsXml(inst);
  x += el("CharacterSetName", inst.CharacterSetName);
  x += el("NcharCharacterSetName", inst.NcharCharacterSetName);
  x += el("SecondaryAvailabilityZone", inst.SecondaryAvailabilityZone);
  x += el("PubliclyAccessible", inst.PubliclyAccessible);
  if (inst.ReadReplicaSourceDBInstanceIdentifier) x += replicationStatusXml(inst);
  x += el("StorageType", inst.StorageType);
  x += "<DbInstancePort>0</DbInstancePort>";
  x += el("StorageEncrypted", inst.StorageEncrypted);
  x += el("KmsKeyId", inst.KmsKeyId);
  x += el("DbiResourceId", inst.DbiResourceId);
  x += el("CACertificateIdentifier", inst.CACertificateIdentifier);
  x += domainXml(inst);
  x += el("CopyTagsToSnapshot", inst.CopyTagsToSnapshot);
  x += el("MonitoringInterval", inst.MonitoringInterval);
  x += el("EnhancedMonitoringResourceArn", enhancedMonitoringArn(ctx, inst));
  x += el("MonitoringRoleArn", inst.MonitoringRoleArn);
  x += el("DBInstanceArn", inst.DBInstanceArn);
  x += el("IAMDatabaseAuthenticationEnabled", inst.IAMDatabaseAuthenticationEnabled);
  x += el("PerformanceInsightsEnabled", inst.PerformanceInsightsEnabled);
  x += el("PerformanceInsightsKMSKeyId", inst.PerformanceInsightsKMSKeyId);
  x += el("PerformanceInsightsRetentionPeriod", inst.PerformanceInsightsRetentionPeriod);
  x += textList("EnabledCloudwatchLogsExports", "member", inst.EnabledCloudwatchLogsExports);
  if (inst.ProcessorFeatures) x += processorFeaturesXml(inst.ProcessorFeatures);
  x += el("DeletionProtection", inst.DeletionProtection);
  x += "<AssociatedRoles/>";
  x += el("MaxAllocatedStorage", inst.MaxAllocatedStorage);
  x += tagsXml(inst.TagList);
  if (inst.MasterUserSecret) {
    const s = inst.MasterUserSecret;
    x += `<MasterUserSecret><SecretArn>${esc(s.SecretArn)}</SecretArn><SecretStatus>${s.SecretStatus}</SecretStatus><KmsKeyId>${esc(s.KmsKeyId)}</KmsKeyId></MasterUserSecret>`;
  }
  x += `<CertificateDetails><CAIdentifier>${esc(inst.CACertificateIdentifier)}</CAIdentifier><ValidTill>2061-01-01T00:00:00Z</ValidTill></CertificateDetails>`;
  x += el("NetworkType", inst.NetworkType);
  x += `<StorageEncryptionType>${inst.StorageEncrypted ? "sse-kms" : "none"}</StorageEncryptionType>`;
  x += el("CustomerOwnedIpEnabled", false);
  x += el("BackupTarget", inst.BackupTarget ?? "region");
  x += el("MultiTenant", false);
  x += el("DedicatedLogVolume", inst.DedicatedLogVolume ?? false);
  x += el("EngineLifecycleSupport", inst.EngineLifecycleSupport);
  x += el("DatabaseInsightsMode", inst.DatabaseInsightsMode ?? "standard");
  return x;
}
