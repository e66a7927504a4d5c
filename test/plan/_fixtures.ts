import type { DBInstance } from "@aws-sdk/client-rds";
import type { DesiredInstance, Policy } from "../../src/spec/types.js";
import { PASSWORD_VERSION_TAG } from "../../src/spec/types.js";

export const FILE = "rdsctl.yaml";

/** A declared instance the way the spec loader hands it over. */
export function desired(
  fields: Record<string, unknown>,
  extra: Partial<Omit<DesiredInstance, "policy">> & { policy?: Partial<Policy> } = {},
): DesiredInstance {
  const id = String(fields.DBInstanceIdentifier ?? "orders-db").toLowerCase();
  const fieldSources: DesiredInstance["fieldSources"] = {};
  Object.keys(fields).forEach((name, i) => {
    fieldSources[name] = { file: FILE, line: 3 + i, column: 5 };
  });
  const { policy, ...rest } = extra;
  return {
    id,
    fields: { DBInstanceIdentifier: id, ...fields },
    applyImmediately: false,
    policy: { purgeTags: false, rebootWhenNeeded: false, ...policy },
    wait: { delaySeconds: 2, maxDelaySeconds: 30, timeoutSeconds: 3600 },
    source: { file: FILE, line: 2, column: 5 },
    fieldSources,
    ...rest,
  };
}

/** A described instance: available, with an ARN, plus the given members. */
export function live(members: Partial<DBInstance> = {}): DBInstance {
  const id = members.DBInstanceIdentifier ?? "orders-db";
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${id}`,
    DBInstanceStatus: "available",
    TagList: [],
    ...members,
  };
}

const KMS_PREFIX = "arn:aws:kms:us-east-1:123456789012:key/";

function kmsArn(value: string): string {
  return value.startsWith("arn:") ? value : `${KMS_PREFIX}${value}`;
}

export interface ObservedOptions {
  /** Appended to a declared EngineVersion, as RDS reports the full version ("" for none). */
  minorSuffix?: string;
  /** Added to AllocatedStorage when autoscaling is on (MaxAllocatedStorage declared). */
  autoscaledBy?: number;
  /** Tags RDS or AWS put on the instance by themselves. */
  foreignTags?: Record<string, string>;
}

/**
 * The DBInstance RDS would report right after creating `d` and settling:
 * identifiers and names lowercased, full engine version, KMS keys as ARNs,
 * sets in another order, renamed members, write-only fields absent. Written
 * independently of the field table so each can catch the other's mistakes.
 */
export function observedFrom(d: DesiredInstance, opts: ObservedOptions = {}): DBInstance {
  const f = d.fields;
  const db: Record<string, unknown> = {
    DBInstanceIdentifier: d.id.toLowerCase(),
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${d.id.toLowerCase()}`,
    // A declared replica is reported as one, with the source it was created from.
    ...(d.replicaSource === undefined
      ? {}
      : { ReadReplicaSourceDBInstanceIdentifier: d.replicaSource }),
    DBInstanceStatus: "available",
  };
  const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
  for (const [name, value] of Object.entries(f)) {
    if (value === undefined) continue;
    switch (name) {
      case "DBInstanceIdentifier":
      case "MasterUserPassword":
      case "TdeCredentialPassword":
      case "TagSpecifications":
      case "MasterUserAuthenticationType":
      case "Tags":
        break;
      case "Engine":
      case "DBInstanceClass":
      case "PreferredMaintenanceWindow":
      case "StorageType":
      case "DBClusterIdentifier":
      case "CACertificateIdentifier":
      case "LicenseModel":
        db[name] = lower(value);
        break;
      case "EngineVersion":
        db.EngineVersion = `${value}${opts.minorSuffix ?? ""}`;
        break;
      case "AllocatedStorage":
        db.AllocatedStorage =
          (value as number) + (f.MaxAllocatedStorage !== undefined ? (opts.autoscaledBy ?? 0) : 0);
        break;
      case "Port":
        db.Endpoint = { Address: `${d.id}.abc.us-east-1.rds.amazonaws.com`, Port: value };
        break;
      case "VpcSecurityGroupIds":
        db.VpcSecurityGroups = [...(value as string[])]
          .reverse()
          .map((id) => ({ VpcSecurityGroupId: id, Status: "active" }));
        break;
      case "DBSecurityGroups":
        db.DBSecurityGroups = [...(value as string[])]
          .reverse()
          .map((n) => ({ DBSecurityGroupName: n, Status: "active" }));
        break;
      case "DBSubnetGroupName":
        db.DBSubnetGroup = { DBSubnetGroupName: lower(value), VpcId: "vpc-1", Subnets: [] };
        break;
      case "DBParameterGroupName":
        db.DBParameterGroups = [
          { DBParameterGroupName: lower(value), ParameterApplyStatus: "in-sync" },
        ];
        break;
      case "OptionGroupName":
        db.OptionGroupMemberships = [{ OptionGroupName: lower(value), Status: "in-sync" }];
        break;
      case "AvailabilityZone":
        // After a failover a Multi-AZ instance lives in the other zone.
        db.AvailabilityZone = f.MultiAZ === true ? `${String(value)}-failed-over` : value;
        break;
      case "EnableIAMDatabaseAuthentication":
        db.IAMDatabaseAuthenticationEnabled = value;
        break;
      case "EnablePerformanceInsights":
        db.PerformanceInsightsEnabled = value;
        break;
      case "EnableCustomerOwnedIp":
        db.CustomerOwnedIpEnabled = value;
        break;
      case "EnableCloudwatchLogsExports":
        db.EnabledCloudwatchLogsExports = [...(value as string[])].reverse();
        break;
      case "KmsKeyId":
      case "PerformanceInsightsKMSKeyId":
        db[name] = kmsArn(String(value));
        break;
      case "ManageMasterUserPassword":
        if (value === true) {
          db.MasterUserSecret = {
            SecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1",
            SecretStatus: "active",
            KmsKeyId: kmsArn(String(f.MasterUserSecretKmsKeyId ?? "aws-managed")),
          };
        }
        break;
      case "MasterUserSecretKmsKeyId":
        break; // reported inside MasterUserSecret above
      case "Domain":
      case "DomainFqdn":
      case "DomainOu":
      case "DomainAuthSecretArn":
      case "DomainDnsIps":
      case "DomainIAMRoleName": {
        const key = {
          Domain: "Domain",
          DomainFqdn: "FQDN",
          DomainOu: "OU",
          DomainAuthSecretArn: "AuthSecretArn",
          DomainDnsIps: "DnsIps",
          DomainIAMRoleName: "IAMRoleName",
        }[name];
        const memberships = (db.DomainMemberships as Record<string, unknown>[] | undefined) ?? [
          { Status: "joined" },
        ];
        (memberships[0] as Record<string, unknown>)[key] = value;
        db.DomainMemberships = memberships;
        break;
      }
      case "ProcessorFeatures":
        db.ProcessorFeatures = [...(value as Array<{ Name: string; Value: unknown }>)]
          .reverse()
          .map((p) => ({ Name: p.Name, Value: String(p.Value) }));
        break;
      default:
        db[name] = value;
    }
  }
  const tags: Record<string, string> = { ...opts.foreignTags };
  if (typeof f.Tags === "object" && f.Tags !== null) {
    Object.assign(tags, f.Tags as Record<string, string>);
  }
  if (d.passwordVersion !== undefined) tags[PASSWORD_VERSION_TAG] = d.passwordVersion;
  // policy.markManaged: the create sent the spec's name tag too.
  if (d.policy.markManaged === true && d.policy.specName !== undefined)
    tags["rdsctl:spec"] = d.policy.specName;
  db.TagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return db as DBInstance;
}

/** Deeply freezes a value so any mutation by the planner throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
