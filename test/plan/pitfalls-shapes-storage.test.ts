import { test } from "node:test";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ID = { DBInstanceIdentifier: "orders-db", ApplyImmediately: false };

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
    name: "Performance Insights settings are not compared while it is declared off",
    d: desired({ EnablePerformanceInsights: false, PerformanceInsightsRetentionPeriod: 7 }),
    observed: [live({ PerformanceInsightsEnabled: false })],
    action: "noop",
  },
  {
    name: "an omitted list is empty: declaring none is no change",
    d: desired({ EnableCloudwatchLogsExports: [], ProcessorFeatures: [] }),
    observed: [live({})],
    action: "noop",
    changes: [],
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
    name: "a ceiling equal to the size means autoscaling off, as an absent one does",
    d: desired({ AllocatedStorage: 100, MaxAllocatedStorage: 100 }),
    observed: [live({ AllocatedStorage: 100 })],
    action: "noop",
  },
  {
    name: "a ceiling above the size turns autoscaling on",
    d: desired({ AllocatedStorage: 100, MaxAllocatedStorage: 200 }),
    observed: [live({ AllocatedStorage: 100 })],
    action: "modify",
    modify: { ...ID, MaxAllocatedStorage: 200 },
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
    name: "a small increase RDS rounded up is blocked as a shrink that names the rounding",
    d: desired({ AllocatedStorage: 21 }),
    observed: [live({ AllocatedStorage: 22 })],
    action: "blocked",
    blocked: ["AllocatedStorage:storage-shrink"],
    reasons: [/cannot shrink from 22 to 21 GiB.*Declare 22 or more.*rounded it up to 22 GiB/],
  },
  {
    name: "a deliberate shrink within 10% is blocked, not passed over",
    d: desired({ AllocatedStorage: 100 }),
    observed: [live({ AllocatedStorage: 110 })],
    action: "blocked",
    blocked: ["AllocatedStorage:storage-shrink"],
    reasons: [/cannot shrink from 110 to 100 GiB/],
  },
  {
    name: "nor while the rounded-up increase is queued",
    d: desired({ AllocatedStorage: 21 }),
    observed: [live({ AllocatedStorage: 20, PendingModifiedValues: { AllocatedStorage: 22 } })],
    action: "noop",
    notices: [/AllocatedStorage 22 is pending/],
  },
  {
    name: "a declared size below the live one under a queued growth is still a shrink",
    d: desired({ AllocatedStorage: 50 }),
    observed: [live({ AllocatedStorage: 100, PendingModifiedValues: { AllocatedStorage: 120 } })],
    action: "blocked",
    blocked: ["AllocatedStorage:storage-shrink"],
    reasons: [/cannot shrink from 100 to 50 GiB/],
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

const groups: Array<[string, PlanCase[]]> = [
  ["shapes", shapes],
  ["sets", sets],
  ["normalisation", normalisation],
  ["storage", storage],
];

for (const [group, cases] of groups) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      runCase(c);
    });
  }
}
