import type { DBInstance } from "@aws-sdk/client-rds";
import type { PlannedCall } from "../../src/plan/types.js";

/*
 * A small model of what RDS does with the calls a plan makes, when every
 * change applies now (ApplyImmediately). Written from the RDS API reference,
 * independently of the field table, so a wrong modify name or shape in the
 * table shows up as a plan that does not converge.
 */

const KMS = "arn:aws:kms:us-east-1:123456789012:key/";
const kmsArn = (v: unknown) => (String(v).startsWith("arn:") ? String(v) : `${KMS}${String(v)}`);
const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

type Rec = Record<string, unknown>;

function applyModify(db: Rec, input: Rec): void {
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case "DBInstanceIdentifier":
      case "ApplyImmediately":
      case "AllowMajorVersionUpgrade":
      case "MasterUserPassword":
      case "RotateMasterUserPassword":
        break;
      case "DBPortNumber":
        db.Endpoint = { ...(db.Endpoint as Rec | undefined), Port: value };
        break;
      case "VpcSecurityGroupIds":
        db.VpcSecurityGroups = (value as string[]).map((id) => ({
          VpcSecurityGroupId: id,
          Status: "active",
        }));
        break;
      case "DBSecurityGroups":
        db.DBSecurityGroups = (value as string[]).map((n) => ({ DBSecurityGroupName: n }));
        break;
      case "DBSubnetGroupName":
        db.DBSubnetGroup = { DBSubnetGroupName: lower(value) };
        break;
      case "DBParameterGroupName":
        db.DBParameterGroups = [
          { DBParameterGroupName: lower(value), ParameterApplyStatus: "in-sync" },
        ];
        break;
      case "OptionGroupName":
        db.OptionGroupMemberships = [{ OptionGroupName: lower(value), Status: "in-sync" }];
        break;
      case "CloudwatchLogsExportConfiguration": {
        const config = value as { EnableLogTypes?: string[]; DisableLogTypes?: string[] };
        const set = new Set((db.EnabledCloudwatchLogsExports as string[] | undefined) ?? []);
        for (const t of config.EnableLogTypes ?? []) set.add(t);
        for (const t of config.DisableLogTypes ?? []) set.delete(t);
        db.EnabledCloudwatchLogsExports = [...set];
        break;
      }
      case "EnableIAMDatabaseAuthentication":
        db.IAMDatabaseAuthenticationEnabled = value;
        break;
      case "EnablePerformanceInsights":
        db.PerformanceInsightsEnabled = value;
        break;
      case "EnableCustomerOwnedIp":
        db.CustomerOwnedIpEnabled = value;
        break;
      case "ManageMasterUserPassword":
        if (value === true) db.MasterUserSecret = { SecretArn: "arn:s", SecretStatus: "active" };
        else delete db.MasterUserSecret;
        break;
      case "MasterUserSecretKmsKeyId":
        db.MasterUserSecret = { ...(db.MasterUserSecret as Rec), KmsKeyId: kmsArn(value) };
        break;
      case "PerformanceInsightsKMSKeyId":
        db.PerformanceInsightsKMSKeyId = kmsArn(value);
        break;
      case "EngineVersion":
        // A major alone resolves to that major's default minor.
        db.EngineVersion = /^\d+(\.0)?$/.test(String(value)) ? `${value}.5` : value;
        break;
      case "Domain":
      case "DomainFqdn":
      case "DomainOu":
      case "DomainAuthSecretArn":
      case "DomainDnsIps":
      case "DomainIAMRoleName": {
        const member = {
          Domain: "Domain",
          DomainFqdn: "FQDN",
          DomainOu: "OU",
          DomainAuthSecretArn: "AuthSecretArn",
          DomainDnsIps: "DnsIps",
          DomainIAMRoleName: "IAMRoleName",
        }[key];
        const first = ((db.DomainMemberships as Rec[] | undefined)?.[0] ?? {}) as Rec;
        db.DomainMemberships = [{ ...first, [member]: value }];
        break;
      }
      case "ProcessorFeatures":
        db.ProcessorFeatures = (value as Rec[]).map((p) => ({
          Name: p.Name,
          Value: String(p.Value),
        }));
        break;
      case "DBInstanceClass":
      case "StorageType":
      case "CACertificateIdentifier":
      case "LicenseModel":
      case "PreferredMaintenanceWindow":
        db[key] = lower(value);
        break;
      default:
        db[key] = value;
    }
  }
}

/** The instance after RDS has carried out every call and settled. */
export function afterCalls(before: DBInstance, calls: readonly PlannedCall[]): DBInstance {
  const db = structuredClone(before) as Rec;
  for (const call of calls) {
    switch (call.kind) {
      case "modify":
        applyModify(db, call.input as Rec);
        break;
      case "add-tags": {
        const tags = new Map(
          ((db.TagList as Array<{ Key: string; Value: string }> | undefined) ?? []).map((t) => [
            t.Key,
            t.Value,
          ]),
        );
        for (const t of call.tags) tags.set(String(t.Key), String(t.Value));
        db.TagList = [...tags].map(([Key, Value]) => ({ Key, Value }));
        break;
      }
      case "remove-tags":
        db.TagList = ((db.TagList as Array<{ Key: string }> | undefined) ?? []).filter(
          (t) => !call.keys.includes(t.Key),
        );
        break;
      case "reboot":
        for (const g of (db.DBParameterGroups as Rec[] | undefined) ?? []) {
          g.ParameterApplyStatus = "in-sync";
        }
        break;
      case "create":
        throw new Error("the model starts from an existing instance");
    }
  }
  return db as DBInstance;
}
