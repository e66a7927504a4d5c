import type { PlanContext } from "./context.js";

/** Fields a read replica takes from its source instance. */
const REPLICA_INHERITED = new Set([
  "EngineVersion",
  "AllocatedStorage",
  "BackupRetentionPeriod",
  "MasterUserPassword",
  "ManageMasterUserPassword",
  "MasterUserSecretKmsKeyId",
  "MasterUsername",
  "DBName",
  "CharacterSetName",
  "NcharCharacterSetName",
  "Timezone",
  "StorageEncrypted",
]);

/** Fields an Aurora instance takes from its cluster. */
const CLUSTER_INHERITED = new Set([
  ...REPLICA_INHERITED,
  "KmsKeyId",
  "MaxAllocatedStorage",
  "StorageType",
  "Iops",
  "StorageThroughput",
  "PreferredBackupWindow",
  "Port",
  "VpcSecurityGroupIds",
  "EnableIAMDatabaseAuthentication",
  "EnableCloudwatchLogsExports",
  "DeletionProtection",
  "MultiAZ",
]);

/** Who an inherited field comes from, or undefined when the instance owns it. */
export function inheritedFrom(ctx: PlanContext, name: string): string | undefined {
  if (ctx.cluster !== undefined && CLUSTER_INHERITED.has(name)) return `cluster ${ctx.cluster}`;
  if (ctx.replicaOf !== undefined && REPLICA_INHERITED.has(name)) {
    return `source instance ${ctx.replicaOf}`;
  }
  return undefined;
}
