import { test } from "node:test";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ID = { DBInstanceIdentifier: "orders-db", ApplyImmediately: false };

/** Pitfall 1: engine versions are dot-boundary prefixes, never downgraded. */
const engineVersion: PlanCase[] = [
  {
    name: "a major version matches the full live version",
    d: desired({ Engine: "postgres", EngineVersion: "16" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "noop",
    changes: [],
  },
  {
    name: '"1" does not match "16.3" (dot boundary) and is a downgrade',
    d: desired({ Engine: "postgres", EngineVersion: "1" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
    reasons: [/cannot go down from 16\.3 to 1 .*\(rdsctl\.yaml:4\)\.$/],
  },
  {
    name: "a pinned minor behind an auto-upgraded one is drift kept, not a change",
    d: desired({ Engine: "postgres", EngineVersion: "16.3" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: true })],
    action: "noop",
    changes: [],
    notices: [/16\.4 is newer than the declared 16\.3.*kept/],
  },
  {
    name: "the declared AutoMinorVersionUpgrade wins over the live one",
    d: desired({ Engine: "postgres", EngineVersion: "16.3", AutoMinorVersionUpgrade: false }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: false })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "without auto minor upgrades a lower minor is a blocked downgrade",
    d: desired({ Engine: "postgres", EngineVersion: "16.3" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: false })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "a lower major is blocked even with auto minor upgrades",
    d: desired({ Engine: "postgres", EngineVersion: "15" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3", AutoMinorVersionUpgrade: true })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "a postgres major upgrade sends AllowMajorVersionUpgrade",
    d: desired({ Engine: "postgres", EngineVersion: "17" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "modify",
    changes: ["EngineVersion"],
    modify: { ...ID, EngineVersion: "17", AllowMajorVersionUpgrade: true },
    appliedNow: [],
  },
  {
    name: "a postgres minor upgrade does not",
    d: desired({ Engine: "postgres", EngineVersion: "16.4" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "16.4" },
  },
  {
    name: "mysql 8.0 -> 8.4 is a major upgrade (two-segment majors)",
    d: desired({ Engine: "mysql", EngineVersion: "8.4" }),
    observed: [live({ Engine: "mysql", EngineVersion: "8.0.35" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "8.4", AllowMajorVersionUpgrade: true },
  },
  {
    name: "mysql 8.0.35 -> 8.0.36 is not",
    d: desired({ Engine: "mysql", EngineVersion: "8.0.36" }),
    observed: [live({ Engine: "mysql", EngineVersion: "8.0.35" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "8.0.36" },
  },
  {
    name: "mariadb 10.6 -> 10.11 is a major upgrade, using the live engine when undeclared",
    d: desired({ EngineVersion: "10.11" }),
    observed: [live({ Engine: "mariadb", EngineVersion: "10.6.14" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "10.11", AllowMajorVersionUpgrade: true },
  },
  {
    name: "an upgrade already pending is not sent again",
    d: desired({ Engine: "postgres", EngineVersion: "17" }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "noop",
    notices: [/EngineVersion 17\.2 is pending for the next maintenance window/],
  },
  {
    name: "going back from a queued upgrade is a downgrade (RDS compares with the queued one)",
    d: desired({ Engine: "postgres", EngineVersion: "16" }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
    reasons: [/from 17\.2 \(queued for the maintenance window\) to 16 /],
  },
  {
    name: "a further upgrade over a queued one: from the queued version, major vs live",
    d: desired({ Engine: "postgres", EngineVersion: "17.4" }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "modify",
    modify: { ...ID, EngineVersion: "17.4", AllowMajorVersionUpgrade: true },
    check: (p) => {
      if (p.changes[0]?.from !== "17.2") throw new Error(JSON.stringify(p.changes));
    },
  },
];

/** Pitfall 2: pending modifications count as applied. */
const deferred: PlanCase[] = [
  {
    name: "a value pending for the maintenance window is not drift",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "noop",
    changes: [],
    notices: [/DBInstanceClass db\.t3\.small is pending .*live: db\.t3\.micro/],
  },
  {
    name: "declared equals live but another value is pending: send live to cancel",
    d: desired({ DBInstanceClass: "db.t3.micro" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.micro" },
    check: (p) => {
      const c = p.changes[0];
      if (c?.from !== "db.t3.small" || c.to !== "db.t3.micro") throw new Error("from/to");
    },
  },
  {
    name: "a deferrable change waits for the window with ApplyImmediately false",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.small" },
    appliedNow: [],
    check: (p) => {
      if (p.changes[0]?.timing !== "maintenance-window" || p.changes[0].downtime !== true) {
        throw new Error(JSON.stringify(p.changes));
      }
    },
  },
  {
    name: "and applies now with ApplyImmediately true",
    d: desired({ DBInstanceClass: "db.t3.small" }, { applyImmediately: true }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
    modify: { ...ID, ApplyImmediately: true, DBInstanceClass: "db.t3.small" },
    appliedNow: ["DBInstanceClass"],
  },
  {
    name: "a third value replaces the pending one; the change is from the pending value",
    d: desired({ DBInstanceClass: "db.t3.large" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.large" },
    check: (p) => {
      const c = p.changes[0];
      if (c?.from !== "db.t3.small" || c.to !== "db.t3.large") throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "pending storage counts as applied",
    d: desired({ AllocatedStorage: 40 }),
    observed: [live({ AllocatedStorage: 20, PendingModifiedValues: { AllocatedStorage: 40 } })],
    action: "noop",
    notices: [/AllocatedStorage 40 is pending/],
  },
];

/** Pitfall 3: describe and modify speak different shapes. */
const shapes: PlanCase[] = [
  {
    name: "Port is read from Endpoint.Port and sent as DBPortNumber",
    d: desired({ Port: 5433 }),
    observed: [live({ Endpoint: { Port: 5432 } })],
    action: "modify",
    modify: { ...ID, DBPortNumber: 5433 },
    appliedNow: ["DBPortNumber"],
    check: (p) => {
      if (p.changes[0]?.downtime !== true || p.changes[0].timing !== "immediate") {
        throw new Error("Port restarts now");
      }
    },
  },
  {
    name: "a pending port change counts as applied",
    d: desired({ Port: 5433 }),
    observed: [live({ Endpoint: { Port: 5432 }, PendingModifiedValues: { Port: 5433 } })],
    action: "noop",
  },
  {
    name: "IAM auth and Performance Insights read their describe names",
    d: desired({ EnableIAMDatabaseAuthentication: true, EnablePerformanceInsights: true }),
    observed: [live({ IAMDatabaseAuthenticationEnabled: true, PerformanceInsightsEnabled: true })],
    action: "noop",
  },
  {
    name: "IAM auth pending in PendingModifiedValues",
    d: desired({ EnableIAMDatabaseAuthentication: true }),
    observed: [
      live({
        IAMDatabaseAuthenticationEnabled: false,
        PendingModifiedValues: { IAMDatabaseAuthenticationEnabled: true },
      }),
    ],
    action: "noop",
  },
  {
    name: "log exports become an enable/disable delta",
    d: desired({ EnableCloudwatchLogsExports: ["postgresql", "upgrade"] }),
    observed: [live({ EnabledCloudwatchLogsExports: ["iam-db-auth-error", "postgresql"] })],
    action: "modify",
    modify: {
      ...ID,
      CloudwatchLogsExportConfiguration: {
        EnableLogTypes: ["upgrade"],
        DisableLogTypes: ["iam-db-auth-error"],
      },
    },
    appliedNow: ["CloudwatchLogsExportConfiguration"],
  },
  {
    name: "a pending log export delta counts as applied",
    d: desired({ EnableCloudwatchLogsExports: ["postgresql", "upgrade"] }),
    observed: [
      live({
        EnabledCloudwatchLogsExports: ["postgresql"],
        PendingModifiedValues: { PendingCloudwatchLogsExports: { LogTypesToEnable: ["upgrade"] } },
      }),
    ],
    action: "noop",
  },
  {
    name: "groups are read from their membership lists",
    d: desired({
      DBParameterGroupName: "app-pg16",
      OptionGroupName: "app-og",
      DBSubnetGroupName: "app-subnets",
    }),
    observed: [
      live({
        DBParameterGroups: [{ DBParameterGroupName: "app-pg16", ParameterApplyStatus: "in-sync" }],
        OptionGroupMemberships: [
          { OptionGroupName: "default:postgres-16", Status: "removing" },
          { OptionGroupName: "app-og", Status: "applying" },
        ],
        DBSubnetGroup: { DBSubnetGroupName: "app-subnets" },
      }),
    ],
    action: "noop",
  },
  {
    name: "a parameter group switch is sent and takes effect after a reboot",
    d: desired({ DBParameterGroupName: "app-pg16-v2" }),
    observed: [
      live({
        DBParameterGroups: [{ DBParameterGroupName: "app-pg16", ParameterApplyStatus: "in-sync" }],
      }),
    ],
    action: "modify",
    modify: { ...ID, DBParameterGroupName: "app-pg16-v2" },
    check: (p) => {
      if (p.changes[0]?.timing !== "after-reboot") throw new Error("after-reboot");
    },
  },
  {
    name: "ManageMasterUserPassword is true exactly when a MasterUserSecret is reported",
    d: desired({ ManageMasterUserPassword: true }),
    observed: [live({ MasterUserSecret: { SecretArn: "arn:s", SecretStatus: "active" } })],
    action: "noop",
  },
  {
    name: "turning ManageMasterUserPassword on",
    d: desired({ ManageMasterUserPassword: true }),
    observed: [live({})],
    action: "modify",
    modify: { ...ID, ManageMasterUserPassword: true },
  },
];

/** Pitfall 4: unordered lists. */
const sets: PlanCase[] = [
  {
    name: "security groups compare as a set",
    d: desired({ VpcSecurityGroupIds: ["sg-1", "sg-2"] }),
    observed: [
      live({
        VpcSecurityGroups: [
          { VpcSecurityGroupId: "sg-2", Status: "active" },
          { VpcSecurityGroupId: "sg-1", Status: "active" },
        ],
      }),
    ],
    action: "noop",
  },
  {
    name: "a security group being removed is already gone; one being added is there",
    d: desired({ VpcSecurityGroupIds: ["sg-1", "sg-new"] }),
    observed: [
      live({
        VpcSecurityGroups: [
          { VpcSecurityGroupId: "sg-1", Status: "active" },
          { VpcSecurityGroupId: "sg-old", Status: "removing" },
          { VpcSecurityGroupId: "sg-new", Status: "adding" },
        ],
      }),
    ],
    action: "noop",
  },
  {
    name: "a security group change replaces the whole list, immediately",
    d: desired({ VpcSecurityGroupIds: ["sg-1", "sg-2"] }),
    observed: [live({ VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }] })],
    action: "modify",
    modify: { ...ID, VpcSecurityGroupIds: ["sg-1", "sg-2"] },
    appliedNow: ["VpcSecurityGroupIds"],
  },
  {
    name: "log types compare as a set",
    d: desired({ EnableCloudwatchLogsExports: ["upgrade", "postgresql"] }),
    observed: [live({ EnabledCloudwatchLogsExports: ["postgresql", "upgrade"] })],
    action: "noop",
  },
  {
    name: "processor features compare as a set with string values",
    d: desired({
      ProcessorFeatures: [
        { Name: "coreCount", Value: 4 },
        { Name: "threadsPerCore", Value: "2" },
      ],
    }),
    observed: [
      live({
        ProcessorFeatures: [
          { Name: "threadsPerCore", Value: "2" },
          { Name: "coreCount", Value: "4" },
        ],
      }),
    ],
    action: "noop",
  },
];

/** Pitfalls 5 and 6: server defaults are ignored; case and format are normalised. */
const normalisation: PlanCase[] = [
  {
    name: "fields RDS filled in but the spec does not declare are not compared",
    d: desired({ DBInstanceClass: "db.t3.micro" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PreferredBackupWindow: "03:00-03:30",
        PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
        CACertificateIdentifier: "rds-ca-rsa2048-g1",
        NetworkType: "IPV4",
        StorageThroughput: 125,
        Iops: 3000,
        LicenseModel: "postgresql-license",
      }),
    ],
    action: "noop",
    changes: [],
  },
  {
    name: "names and the maintenance window come back lowercased",
    d: desired({
      DBParameterGroupName: "App-PG16",
      DBSubnetGroupName: "App-Subnets",
      PreferredMaintenanceWindow: "Sun:05:00-Sun:05:30",
      Engine: "Postgres",
      DBInstanceClass: "db.T3.micro",
    }),
    observed: [
      live({
        DBParameterGroups: [{ DBParameterGroupName: "app-pg16", ParameterApplyStatus: "in-sync" }],
        DBSubnetGroup: { DBSubnetGroupName: "app-subnets" },
        PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
        Engine: "postgres",
        DBInstanceClass: "db.t3.micro",
      }),
    ],
    action: "noop",
  },
  {
    name: "a KMS key id matches the ARN RDS reports",
    d: desired({ KmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
    observed: [
      live({
        KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      }),
    ],
    action: "noop",
  },
  {
    name: "a different KMS key is blocked as immutable",
    d: desired({ KmsKeyId: "ffff" }),
    observed: [live({ KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/abcd" })],
    action: "blocked",
    blocked: ["KmsKeyId:immutable"],
  },
  {
    name: "a KMS alias cannot be checked: a notice, not a block",
    d: desired({ KmsKeyId: "alias/app" }),
    observed: [live({ KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/abcd" })],
    action: "noop",
    notices: [/cannot be checked.*alias/],
  },
  ...[false, true].map(
    (value): PlanCase => ({
      name: `absent in describe is unknown, not false: declared ${value} is reported, not sent`,
      d: desired({ MultiAZ: value }),
      observed: [live({})],
      action: "noop",
      notices: [/RDS does not report MultiAZ/],
    }),
  ),
  {
    name: "no Endpoint while creating: the port is unknown, not a restart to plan",
    d: desired({ Port: 5433, DBInstanceClass: "db.t3.micro" }),
    observed: [live({ DBInstanceStatus: "creating", DBInstanceClass: "db.t3.micro" })],
    action: "noop",
    notices: [/RDS does not report Port \(status creating\)/],
  },
  {
    name: "an unreported engine version or storage size is unknown too",
    d: desired({ EngineVersion: "16", AllocatedStorage: 20 }),
    observed: [live({})],
    action: "noop",
    notices: [/does not report EngineVersion/, /does not report AllocatedStorage/],
  },
  {
    name: "optional settings RDS omits when unset are changes when declared",
    d: desired({
      MaxAllocatedStorage: 100,
      MonitoringRoleArn: "arn:aws:iam::1:role/m",
      EnableCloudwatchLogsExports: ["postgresql"],
    }),
    observed: [live({})],
    action: "modify",
    modify: {
      ...ID,
      MaxAllocatedStorage: 100,
      MonitoringRoleArn: "arn:aws:iam::1:role/m",
      CloudwatchLogsExportConfiguration: { EnableLogTypes: ["postgresql"] },
    },
  },
  {
    name: "an unreported create-only field is unknown: a notice, not a block",
    d: desired({ Timezone: "UTC" }),
    observed: [live({})],
    action: "noop",
    notices: [/RDS does not report Timezone/],
  },
];

/** Pitfalls 7 and 8: storage. */
const storage: PlanCase[] = [
  {
    name: "autoscaled storage above the declared size is not a change",
    d: desired({ AllocatedStorage: 20, MaxAllocatedStorage: 100 }),
    observed: [live({ AllocatedStorage: 35, MaxAllocatedStorage: 100 })],
    action: "noop",
    notices: [/AllocatedStorage is 35 GiB, above the declared 20 GiB/],
  },
  {
    name: "a shrink without autoscaling is blocked",
    d: desired({ AllocatedStorage: 20 }),
    observed: [live({ AllocatedStorage: 50 })],
    action: "blocked",
    blocked: ["AllocatedStorage:storage-shrink"],
    reasons: [/cannot shrink from 50 to 20 GiB/],
  },
  {
    name: "growing storage is sent",
    d: desired({ AllocatedStorage: 60 }),
    observed: [live({ AllocatedStorage: 50 })],
    action: "modify",
    modify: { ...ID, AllocatedStorage: 60 },
  },
  {
    name: "baseline gp3 IOPS and throughput are not compared when undeclared",
    d: desired({ StorageType: "gp3", AllocatedStorage: 20 }),
    observed: [
      live({ StorageType: "gp3", AllocatedStorage: 20, Iops: 3000, StorageThroughput: 125 }),
    ],
    action: "noop",
  },
  {
    name: "gp2 -> io1 sends the bundle RDS requires",
    d: desired({ StorageType: "io1", Iops: 3000 }),
    observed: [live({ StorageType: "gp2", AllocatedStorage: 100 })],
    action: "modify",
    changes: ["StorageType", "Iops"],
    modify: { ...ID, StorageType: "io1", Iops: 3000, AllocatedStorage: 100 },
  },
  {
    name: "io1 keeps the live IOPS when the spec does not declare them",
    d: desired({ StorageType: "io1" }),
    observed: [live({ StorageType: "io2", AllocatedStorage: 100, Iops: 5000 })],
    action: "modify",
    changes: ["StorageType"],
    modify: { ...ID, StorageType: "io1", Iops: 5000, AllocatedStorage: 100 },
  },
  {
    name: "an IOPS change carries the storage size",
    d: desired({ Iops: 6000 }),
    observed: [live({ StorageType: "io1", AllocatedStorage: 200, Iops: 5000 })],
    action: "modify",
    changes: ["Iops"],
    modify: { ...ID, Iops: 6000, AllocatedStorage: 200 },
  },
];

/** Pitfalls 12, 13 and 14: immutable fields, the availability zone, only what differs. */
const immutable: PlanCase[] = [
  ...(
    [
      ["Engine", "mysql", { Engine: "postgres" }, /Restore a snapshot/],
      ["DBName", "other", { DBName: "app" }, /SQL/],
      ["MasterUsername", "root", { MasterUsername: "appadmin" }, /another user/],
      ["StorageEncrypted", true, { StorageEncrypted: false }, /encryption/],
      ["CharacterSetName", "UTF8", { CharacterSetName: "AL32UTF8" }, /character set/],
      ["Timezone", "UTC", { Timezone: "Central Standard Time" }, /time zone/],
      ["AvailabilityZone", "us-east-1b", { AvailabilityZone: "us-east-1a" }, /zone/],
      ["DBClusterIdentifier", "c2", { DBClusterIdentifier: "c1" }, /cluster/],
    ] as const
  ).map(
    ([field, value, members, hint]): PlanCase => ({
      name: `${field} cannot change in place`,
      d: desired({ [field]: value }),
      observed: [live(members as Record<string, unknown>)],
      action: "blocked",
      blocked: [`${field}:immutable`],
      reasons: [new RegExp(`^orders-db: ${field} cannot change from .* in place`), hint],
    }),
  ),
  {
    name: "the Engine message says what, why, what to do, and where",
    d: desired({ DBInstanceClass: "db.t3.micro", Engine: "mysql" }),
    observed: [live({ Engine: "postgres", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    reasons: [
      /^orders-db: Engine cannot change from postgres to mysql in place \(RDS has no such modification\)\. Restore a snapshot into a new instance with the new engine, or revert the spec \(rdsctl\.yaml:4\)\.$/,
    ],
  },
  {
    name: "a blocked field blocks the whole instance: nothing else is sent",
    d: desired({ DBInstanceClass: "db.t3.small", Engine: "mysql" }),
    observed: [live({ Engine: "postgres", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    changes: ["DBInstanceClass"],
    blocked: ["Engine:immutable"],
    calls: [],
  },
  {
    name: "the availability zone is not compared when Multi-AZ is declared",
    d: desired({ MultiAZ: true, AvailabilityZone: "us-east-1a" }),
    observed: [live({ MultiAZ: true, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "nor when the live instance is Multi-AZ",
    d: desired({ AvailabilityZone: "us-east-1a" }),
    observed: [live({ MultiAZ: true, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "nor when it is not declared",
    d: desired({ MultiAZ: false }),
    observed: [live({ MultiAZ: false, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "subnet group, port and Multi-AZ are modified in place, only what differs",
    d: desired({
      DBSubnetGroupName: "new-subnets",
      Port: 5433,
      MultiAZ: true,
      DBInstanceClass: "db.t3.micro",
      BackupRetentionPeriod: 7,
    }),
    observed: [
      live({
        DBSubnetGroup: { DBSubnetGroupName: "old-subnets" },
        Endpoint: { Port: 5432 },
        MultiAZ: false,
        DBInstanceClass: "db.t3.micro",
        BackupRetentionPeriod: 7,
      }),
    ],
    action: "modify",
    changes: ["DBSubnetGroupName", "Port", "MultiAZ"],
    modify: { ...ID, DBSubnetGroupName: "new-subnets", DBPortNumber: 5433, MultiAZ: true },
  },
  {
    name: "MultiTenant only turns on",
    d: desired({ MultiTenant: false }),
    observed: [live({ MultiTenant: true })],
    action: "blocked",
    blocked: ["MultiTenant:immutable"],
  },
];

/** Pitfall 15: inherited fields of replicas and cluster members. */
const inherited: PlanCase[] = [
  {
    name: "a read replica's engine version and storage are not compared",
    d: desired({ EngineVersion: "15", AllocatedStorage: 10, DBInstanceClass: "db.t3.micro" }),
    observed: [
      live({
        ReadReplicaSourceDBInstanceIdentifier: "orders-primary",
        EngineVersion: "16.3",
        AllocatedStorage: 100,
        DBInstanceClass: "db.t3.micro",
      }),
    ],
    action: "noop",
    notices: [/EngineVersion is inherited from its source instance orders-primary/],
  },
  {
    name: "a read replica's own fields still are",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [
      live({
        ReadReplicaSourceDBInstanceIdentifier: "orders-primary",
        DBInstanceClass: "db.t3.micro",
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.small" },
  },
  {
    name: "an Aurora member's storage and backups come from its cluster",
    d: desired({ BackupRetentionPeriod: 1, StorageEncrypted: false, Port: 3306 }),
    observed: [
      live({
        DBClusterIdentifier: "orders-cluster",
        BackupRetentionPeriod: 7,
        StorageEncrypted: true,
        Endpoint: { Port: 3307 },
      }),
    ],
    action: "noop",
    notices: [/inherited from its cluster orders-cluster/],
  },
];

/** Timing of individual fields. */
const timing: PlanCase[] = [
  {
    name: "backup retention between non-zero values applies now without downtime",
    d: desired({ BackupRetentionPeriod: 14 }),
    observed: [live({ BackupRetentionPeriod: 7 })],
    action: "modify",
    appliedNow: ["BackupRetentionPeriod"],
    check: (p) => {
      const c = p.changes[0];
      if (c?.timing !== "immediate" || c.downtime) throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "turning backups on follows ApplyImmediately and has downtime",
    d: desired({ BackupRetentionPeriod: 7 }),
    observed: [live({ BackupRetentionPeriod: 0 })],
    action: "modify",
    appliedNow: [],
    check: (p) => {
      const c = p.changes[0];
      if (c?.timing !== "maintenance-window" || !c.downtime) throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "always-immediate fields ignore ApplyImmediately",
    d: desired({ DeletionProtection: true, PubliclyAccessible: false }),
    observed: [live({ DeletionProtection: false, PubliclyAccessible: true })],
    action: "modify",
    appliedNow: ["DeletionProtection", "PubliclyAccessible"],
    modify: { ...ID, DeletionProtection: true, PubliclyAccessible: false },
  },
];

const groups: Array<[string, PlanCase[]]> = [
  ["engine version", engineVersion],
  ["deferred", deferred],
  ["shapes", shapes],
  ["sets", sets],
  ["normalisation", normalisation],
  ["storage", storage],
  ["immutable", immutable],
  ["inherited", inherited],
  ["timing", timing],
];

for (const [group, cases] of groups) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      runCase(c);
    });
  }
}
