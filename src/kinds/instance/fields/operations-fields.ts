import { BOOLEAN, CI_STRING, live, pend, RESTORE_HINT, STRING } from "./_field-kit.js";
import {
  member,
  objectList,
  optionGroupName,
  parameterGroup,
  stringList,
  tagMap,
} from "./describe-readers.js";
import { defaultOptionGroup, defaultParameterGroup } from "./rds-defaults.js";
import type { FieldDef } from "./types.js";
import {
  compareKmsKey,
  logsAfterDelta,
  logsExportDelta,
  processorFeaturesToSend,
} from "./values.js";

/** Groups, backups, maintenance, monitoring, compute and tags. */
export const OPERATIONS_FIELDS: readonly FieldDef[] = [
  // --- groups ----------------------------------------------------------
  {
    name: "DBParameterGroupName",
    rdsDefault: defaultParameterGroup,
    replicaCreate: true,
    describeName: "DBParameterGroups",
    kind: CI_STRING,
    description: "DB parameter group; static parameters take effect after a reboot.",
    mutability: "modifiable",
    timing: "after-reboot",
    downtime: false,
    current: (db) => parameterGroup(db)?.name,
    role: "parameter-group",
  },
  {
    name: "OptionGroupName",
    rdsDefault: defaultOptionGroup,
    replicaCreate: true,
    describeName: "OptionGroupMemberships",
    kind: CI_STRING,
    description: "Option group (the one not being removed is compared).",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: optionGroupName,
    role: "option-group",
  },
  // --- backups and maintenance -----------------------------------------
  {
    name: "BackupRetentionPeriod",
    // The API's default (the console proposes 7); a read replica starts with 0.
    rdsDefault: (_engine, _version, db) =>
      db.ReadReplicaSourceDBInstanceIdentifier === undefined ? 1 : 0,
    role: "backup-retention",
    promoteTakes: true,
    kind: { type: "integer", minimum: 0, maximum: 35 },
    description: "Days to keep automated backups; 0 turns them off.",
    mutability: "modifiable",
    // 0 <-> non-zero follows ApplyImmediately and suspends I/O; the planner
    // treats non-zero -> non-zero as immediate without downtime.
    timing: "deferrable",
    downtime: true,
    current: live("BackupRetentionPeriod", "number"),
    pending: pend("BackupRetentionPeriod", "number"),
    // A read replica starts with backups off and has its own retention
    // (ModifyDBInstance sets it): a replica that is the source of another
    // needs it on. Aurora members take it from their cluster.
    inheritedBy: { cluster: true },
    // Retention from one non-zero value to another applies at once without an
    // outage; only switching backups on or off follows ApplyImmediately.
    changeTiming: (from, to) =>
      typeof from === "number" && typeof to === "number" && from > 0 && to > 0
        ? { timing: "immediate", downtime: false }
        : undefined,
    risk: (from, to) => {
      if (to === 0 && from === undefined)
        return "no automated backups: the instance has no point-in-time restore";
      if (to === 0 && typeof from === "number" && from > 0)
        return "turns automated backups off: RDS deletes the existing automated backups and point-in-time restore is lost";
      if (typeof from === "number" && typeof to === "number" && to > 0 && to < from)
        return `keeps automated backups ${to} days instead of ${from}: older backups are deleted and point-in-time restore reaches back only ${to} days`;
      return undefined;
    },
  },
  {
    name: "PreferredBackupWindow",
    promoteTakes: true,
    kind: {
      type: "string",
      pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$",
    },
    description: "Daily backup window, hh24:mi-hh24:mi in UTC.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PreferredBackupWindow", "string"),
    inheritedBy: { cluster: true },
  },
  {
    name: "PreferredMaintenanceWindow",
    kind: {
      type: "string",
      pattern:
        "^[A-Za-z]{3}:([01][0-9]|2[0-3]):[0-5][0-9]-[A-Za-z]{3}:([01][0-9]|2[0-3]):[0-5][0-9]$",
      caseInsensitive: true,
    },
    description: "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi in UTC.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PreferredMaintenanceWindow", "string"),
  },
  {
    name: "CopyTagsToSnapshot",
    rdsDefault: () => false,
    replicaCreate: true,
    kind: BOOLEAN,
    description: "Copy the instance's tags to its snapshots.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("CopyTagsToSnapshot", "boolean"),
  },
  {
    name: "BackupTarget",
    rdsDefault: () => "region",
    replicaCreate: true,
    kind: { type: "string", enum: ["region", "outposts", "local"] },
    description: "Where automated backups are stored (RDS on Outposts).",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("BackupTarget", "string"),
    blockedHint: RESTORE_HINT,
  },
  {
    name: "DeletionProtection",
    rdsDefault: () => false,
    replicaCreate: true,
    kind: BOOLEAN,
    description: "Refuse DeleteDBInstance while on.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("DeletionProtection", "boolean"),
    inheritedBy: { cluster: true },
    risk: (from, to) =>
      from === true && to === false
        ? "turns deletion protection off: a DeleteDBInstance call is then no longer refused"
        : undefined,
  },
  // --- monitoring and logs ---------------------------------------------
  {
    name: "MonitoringInterval",
    rdsDefault: () => 0,
    replicaCreate: true,
    kind: { type: "integer", minimum: 0, maximum: 60 },
    description: "Enhanced Monitoring interval in seconds: 0, 1, 5, 10, 15, 30 or 60.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("MonitoringInterval", "number"),
  },
  {
    name: "MonitoringRoleArn",
    replicaCreate: true,
    kind: STRING,
    description: "IAM role that lets RDS send Enhanced Monitoring metrics.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("MonitoringRoleArn", "string"),
    absentMeansUnset: true,
  },
  {
    name: "EnableIAMDatabaseAuthentication",
    rdsDefault: () => false,
    replicaCreate: true,
    describeName: "IAMDatabaseAuthenticationEnabled",
    kind: BOOLEAN,
    description: "Allow IAM database authentication.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("IAMDatabaseAuthenticationEnabled", "boolean"),
    pending: pend("IAMDatabaseAuthenticationEnabled", "boolean"),
    inheritedBy: { cluster: true },
  },
  {
    name: "DatabaseInsightsMode",
    rdsDefault: () => "standard",
    replicaCreate: true,
    kind: { type: "string", enum: ["standard", "advanced"] },
    description: "Database Insights mode: standard or advanced.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("DatabaseInsightsMode", "string"),
  },
  {
    name: "EnablePerformanceInsights",
    rdsDefault: () => false,
    replicaCreate: true,
    describeName: "PerformanceInsightsEnabled",
    kind: BOOLEAN,
    description: "Turn on Performance Insights.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PerformanceInsightsEnabled", "boolean"),
  },
  {
    name: "PerformanceInsightsKMSKeyId",
    replicaCreate: true,
    kind: STRING,
    description: "KMS key for Performance Insights data (RDS reports the ARN).",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PerformanceInsightsKMSKeyId", "string"),
    absentMeansUnset: true,
    compare: compareKmsKey,
    // RDS reports no Performance Insights settings while it is off.
    notComparedWhen: ({ declared }) => declared.EnablePerformanceInsights === false,
  },
  {
    name: "PerformanceInsightsRetentionPeriod",
    rdsDefault: () => 7,
    replicaCreate: true,
    kind: { type: "integer", minimum: 7, maximum: 731 },
    description: "Days to keep Performance Insights data: 7, a multiple of 31 up to 713, or 731.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PerformanceInsightsRetentionPeriod", "number"),
    absentMeansUnset: true,
    // RDS reports no Performance Insights settings while it is off.
    notComparedWhen: ({ declared }) => declared.EnablePerformanceInsights === false,
  },
  {
    name: "EnableCloudwatchLogsExports",
    replicaCreate: true,
    describeName: "EnabledCloudwatchLogsExports",
    kind: { type: "string-list", unordered: true },
    description: "Log types to export to CloudWatch Logs (a set).",
    mutability: "modifiable",
    modifyName: "CloudwatchLogsExportConfiguration",
    timing: "immediate",
    downtime: false,
    current: (db) => stringList(member(db, "EnabledCloudwatchLogsExports")),
    // The pending value is a delta ({ LogTypesToEnable, LogTypesToDisable })
    // to the current set, and ModifyDBInstance takes one too.
    pending: pend("PendingCloudwatchLogsExports", (v) => v),
    afterPending: logsAfterDelta,
    modifyDelta: logsExportDelta,
    absentMeansUnset: true,
    inheritedBy: { cluster: true },
  },
  // --- compute ---------------------------------------------------------
  {
    name: "ProcessorFeatures",
    replicaCreate: true,
    kind: { type: "object-list", itemKeys: ["Name", "Value"] },
    description: "CPU features: [{ Name: coreCount | threadsPerCore, Value }].",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: (db) => objectList(member(db, "ProcessorFeatures")),
    pending: pend("ProcessorFeatures", objectList),
    absentMeansUnset: true,
    wire: processorFeaturesToSend,
  },
  {
    name: "PromotionTier",
    rdsDefault: () => 1,
    kind: { type: "integer", minimum: 0, maximum: 15 },
    description: "Failover priority of an Aurora replica (0 is highest).",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("PromotionTier", "number"),
  },
  {
    name: "MultiTenant",
    rdsDefault: () => false,
    kind: BOOLEAN,
    description: "Multi-tenant container database (Oracle); can only be turned on.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: live("MultiTenant", "boolean"),
    pending: pend("MultiTenant", "boolean"),
    oneWay: (from, to) =>
      from === true && to === false
        ? "MultiTenant cannot be turned off (RDS converts to multi-tenant one way only, " +
          "and a snapshot restore keeps the configuration). Create a new single-tenant instance " +
          "and move the data into it, or revert the spec"
        : undefined,
  },
  {
    name: "DBCapacityReservationIdentifier",
    replicaCreate: true,
    kind: STRING,
    description: "Capacity reservation to launch the instance into.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("DBCapacityReservationIdentifier", "string"),
    pending: pend("DBCapacityReservationIdentifier", "string"),
    absentMeansUnset: true,
  },
  // --- tags ------------------------------------------------------------
  {
    name: "Tags",
    replicaCreate: true,
    describeName: "TagList",
    kind: { type: "tags" },
    description:
      "Tags as { key: value }; reconciled with AddTagsToResource/RemoveTagsFromResource.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: (db) => tagMap(member(db, "TagList")),
    role: "tags",
  },
  {
    name: "TagSpecifications",
    replicaCreate: true,
    kind: { type: "object-list", itemKeys: ["ResourceType", "Tags"] },
    description: "Tags for automated backups; DescribeDBInstances does not report them.",
    mutability: "create-only-unchecked",
    timing: "immediate",
    downtime: false,
    current: () => undefined,
  },
];
