import type { Modification } from "../actions/modification.js";
import { invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import type { Ctx } from "../state/context.js";
import type { Instance } from "../state/model.js";

/*
 * Create and modify settings beyond the core ones: reported back under RDS's
 * names, or refused when they belong to engines, platforms or deployments the
 * emulator does not model (accepting and then never reporting them would make
 * a declared value look like perpetual drift).
 */

const LIFECYCLE = ["open-source-rds-extended-support", "open-source-rds-extended-support-disabled"];
const INSIGHTS = ["standard", "advanced"];
/** Advanced Database Insights keeps Performance Insights data for 15 months. */
const ADVANCED_RETENTION_DAYS = 465;

/** Parameters for Oracle, SQL Server, Db2, Aurora, RDS Custom or Outposts only, on both actions. */
const NOT_MODELLED_EITHER = [
  "TdeCredentialArn",
  "TdeCredentialPassword",
  "PromotionTier",
  "DBCapacityReservationIdentifier",
  "DomainFqdn",
  "DomainOu",
  "DomainAuthSecretArn",
];
const NOT_MODELLED_CREATE = [
  "CharacterSetName",
  "NcharCharacterSetName",
  "Timezone",
  "DBSystemId",
  "CustomIamInstanceProfile",
  "DBClusterIdentifier",
  ...NOT_MODELLED_EITHER,
];
const NOT_MODELLED_MODIFY = [
  "ReplicaMode",
  "AutomationMode",
  "ResumeFullAutomationModeMinutes",
  "AwsBackupRecoveryPointArn",
  ...NOT_MODELLED_EITHER,
];
/** Read-replica parameters for Oracle, Multi-AZ DB cluster sources or other Regions only. */
const NOT_MODELLED_REPLICA = ["ReplicaMode", "SourceDBClusterIdentifier"];
/** List parameters of the same kind, refused when they name anything. */
const NOT_MODELLED_LISTS: Array<[string, string]> = [
  ["DBSecurityGroups", "DBSecurityGroupName"],
  ["DomainDnsIps", "member"],
  ["AdditionalStorageVolumes", "member"],
];

function refuseNotModelled(q: QueryParams, engine: string, names: readonly string[]): void {
  const refuse = (name: string) =>
    invalidCombination(`${name} is not supported for engine ${engine} on this DB instance.`);
  for (const name of names) {
    if (q.has(name)) throw refuse(name);
  }
  for (const [name, member] of NOT_MODELLED_LISTS) {
    const prefix = `${name}.${member}.`;
    if ([...q.raw.keys()].some((k) => k.startsWith(prefix))) throw refuse(name);
  }
  if (q.bool("MultiTenant") === true) {
    throw invalidCombination(
      `MultiTenant is supported only for RDS for Oracle CDB instances, not ${engine}.`,
    );
  }
  if (q.bool("EnableCustomerOwnedIp") === true) {
    throw invalidCombination(
      "EnableCustomerOwnedIp is supported only for RDS on Outposts DB instances.",
    );
  }
}

/** A value from a fixed list, refused with the list RDS names in its message. */
function oneOf(param: string, value: string, valid: readonly string[]): string {
  if (!valid.includes(value)) {
    throw invalidValue(`Invalid ${param}: ${value}. Valid values: ${valid.join(", ")}.`);
  }
  return value;
}

function lifecycle(engine: string, value: string): string {
  oneOf("EngineLifecycleSupport", value, LIFECYCLE);
  if (engine !== "postgres" && engine !== "mysql") {
    throw invalidCombination(
      `EngineLifecycleSupport is supported only for MySQL and PostgreSQL, not ${engine}.`,
    );
  }
  return value;
}

function insightsMode(value: string): string {
  return oneOf("DatabaseInsightsMode", value, INSIGHTS);
}

/** Advanced Database Insights needs Performance Insights on with 15 months of retention. */
export function checkInsights(inst: Instance): void {
  if (inst.DatabaseInsightsMode !== "advanced") return;
  if (
    !inst.PerformanceInsightsEnabled ||
    (inst.PerformanceInsightsRetentionPeriod ?? 0) < ADVANCED_RETENTION_DAYS
  ) {
    throw invalidCombination(
      `Database Insights advanced mode requires Performance Insights enabled with a retention period of at least ${ADVANCED_RETENTION_DAYS} days.`,
    );
  }
}

export interface CreateExtras {
  EngineLifecycleSupport?: string;
  DatabaseInsightsMode: string;
  DedicatedLogVolume: boolean;
  BackupTarget: string;
}

/** The extra settings of a new instance (or read replica), with RDS's defaults. */
export function createExtras(q: QueryParams, engine: string): CreateExtras {
  // Oracle and SQL Server take character sets (rules/engine-settings.ts).
  const commercial = engine.startsWith("oracle-") || engine.startsWith("sqlserver-");
  refuseNotModelled(
    q,
    engine,
    commercial
      ? NOT_MODELLED_CREATE.filter((n) => !n.endsWith("CharacterSetName"))
      : NOT_MODELLED_CREATE,
  );
  const target = oneOf("BackupTarget", q.str("BackupTarget") ?? "region", [
    "local",
    "outposts",
    "region",
  ]);
  if (target !== "region") {
    throw invalidCombination(
      `BackupTarget ${target} needs a DB subnet group in an Outpost or a Local Zone.`,
    );
  }
  const requested = q.str("EngineLifecycleSupport");
  return {
    // RDS reports the lifecycle for MySQL and PostgreSQL only, enrolled by default.
    EngineLifecycleSupport:
      requested !== undefined
        ? lifecycle(engine, requested)
        : engine === "postgres" || engine === "mysql"
          ? LIFECYCLE[0]
          : undefined,
    DatabaseInsightsMode: insightsMode(q.str("DatabaseInsightsMode") ?? "standard"),
    DedicatedLogVolume: q.bool("DedicatedLogVolume") ?? false,
    BackupTarget: target,
  };
}

/**
 * A read replica's extra settings: as on create, after refusing what only
 * Oracle or cluster replication takes. A source in this Region refuses a
 * PreSignedUrl with this wording; one in another Region accepts it (the SDK
 * adds it; the emulator does not check its signature).
 * UpgradeStorageConfig is accepted: instances here already have the current
 * storage layout, so there is nothing to upgrade.
 */
export function replicaExtras(q: QueryParams, engine: string, crossRegion = false): CreateExtras {
  refuseNotModelled(q, engine, NOT_MODELLED_REPLICA);
  if (q.has("PreSignedUrl") && !crossRegion) {
    throw invalidCombination(
      "Your request does not require the preSignedUrl parameter. Please remove the preSignedUrl parameter and try your request again.",
    );
  }
  return createExtras(q, engine);
}

/**
 * Modify: the lifecycle and Database Insights mode apply now (no restart);
 * a dedicated log volume follows ApplyImmediately like other storage changes.
 */
export function extrasChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  refuseNotModelled(q, inst.Engine, NOT_MODELLED_MODIFY);
  // RDS changes the engine only from Oracle non-CDB to CDB, and these engines have one license.
  const engine = q.str("Engine");
  if (engine !== undefined && engine.toLowerCase() !== inst.Engine) {
    throw invalidCombination(
      `The engine of a ${inst.Engine} DB instance can't be changed to ${engine}.`,
    );
  }
  const license = q.str("LicenseModel");
  if (license !== undefined && license !== inst.LicenseModel) {
    throw invalidCombination(
      `License model ${license} is not supported for engine ${inst.Engine}.`,
    );
  }
  const life = q.str("EngineLifecycleSupport");
  if (life !== undefined) m.now("EngineLifecycleSupport", lifecycle(inst.Engine, life));
  const mode = q.str("DatabaseInsightsMode");
  if (mode !== undefined) m.now("DatabaseInsightsMode", insightsMode(mode));
  const dlv = q.bool("DedicatedLogVolume");
  if (dlv !== undefined) m.deferrable("DedicatedLogVolume", inst.DedicatedLogVolume ?? false, dlv);
}

/** Enhanced Monitoring's log stream, named after the instance's resource id. */
export function enhancedMonitoringArn(ctx: Ctx, inst: Instance): string | undefined {
  if (inst.MonitoringInterval <= 0) return undefined;
  return `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:RDSOSMetrics:log-stream:${inst.DbiResourceId}`;
}
