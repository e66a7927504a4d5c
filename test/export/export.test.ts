import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { declaredVersion, exportSpec, renderExportYaml } from "../../src/export/index.js";
import { fieldByName, RDS_CHOOSES } from "../../src/kinds/instance/fields/index.js";
import { parseSpecText } from "../../src/spec/index.js";

/* Live instances (plain DescribeDBInstances data) in, spec entries out. */

/** A PostgreSQL 16 instance as RDS reports it with every setting left to its default. */
function pg(id: string, extra: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${id}`,
    DBInstanceStatus: "available",
    Engine: "postgres",
    EngineVersion: "16.8",
    DBInstanceClass: "db.t4g.micro",
    AllocatedStorage: 20,
    StorageType: "gp3",
    Iops: 3000,
    StorageThroughput: 125,
    StorageEncrypted: false,
    MasterUsername: "app",
    Endpoint: { Address: `${id}.abc.us-east-1.rds.amazonaws.com`, Port: 5432 },
    DBSubnetGroup: { DBSubnetGroupName: "default" },
    AvailabilityZone: "us-east-1b",
    MultiAZ: false,
    PubliclyAccessible: false,
    NetworkType: "IPV4",
    CACertificateIdentifier: "rds-ca-rsa2048-g1",
    VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
    DBParameterGroups: [
      { DBParameterGroupName: "default.postgres16", ParameterApplyStatus: "in-sync" },
    ],
    OptionGroupMemberships: [{ OptionGroupName: "default:postgres-16", Status: "in-sync" }],
    LicenseModel: "postgresql-license",
    EngineLifecycleSupport: "open-source-rds-extended-support",
    AutoMinorVersionUpgrade: true,
    BackupRetentionPeriod: 1,
    PreferredBackupWindow: "03:00-03:30",
    PreferredMaintenanceWindow: "sun:05:00-sun:05:30",
    CopyTagsToSnapshot: false,
    DeletionProtection: false,
    MonitoringInterval: 0,
    IAMDatabaseAuthenticationEnabled: false,
    PerformanceInsightsEnabled: false,
    DatabaseInsightsMode: "standard",
    DedicatedLogVolume: false,
    BackupTarget: "region",
    CustomerOwnedIpEnabled: false,
    MultiTenant: false,
    EnabledCloudwatchLogsExports: [],
    TagList: [],
    ...extra,
  };
}

const BASE_KEYS = [
  "DBInstanceIdentifier",
  "Engine",
  "EngineVersion",
  "DBInstanceClass",
  "MasterUsername",
  "MasterUserPassword",
  "AllocatedStorage",
  "VpcSecurityGroupIds",
  "PubliclyAccessible",
  "PreferredBackupWindow",
  "PreferredMaintenanceWindow",
];

test("an instance with RDS's defaults exports only what a user must or would write", () => {
  const [only] = exportSpec([pg("orders-db")]).instances;
  assert.deepEqual(Object.keys(only!.fields).sort(), [...BASE_KEYS].sort());
  assert.equal(only!.fields.EngineVersion, "16", "the major, which matches every minor");
  assert.deepEqual(only!.fields.MasterUserPassword, { env: "ORDERS_DB_MASTER_PASSWORD" });
  assert.equal(only!.passwordEnv, "ORDERS_DB_MASTER_PASSWORD");
});

test("every value that differs from RDS's default is written", () => {
  const db = pg("tuned", {
    Endpoint: { Address: "x", Port: 5433 },
    BackupRetentionPeriod: 7,
    MultiAZ: true,
    StorageEncrypted: true,
    KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k1",
    DeletionProtection: true,
    DBParameterGroups: [{ DBParameterGroupName: "custom-pg" }],
    EnabledCloudwatchLogsExports: ["upgrade", "postgresql"],
    StorageType: "io1",
    AllocatedStorage: 100,
    Iops: 1000,
    StorageThroughput: 0,
    MaxAllocatedStorage: 500,
  });
  const { fields } = exportSpec([db]).instances[0]!;
  assert.equal(fields.Port, 5433);
  assert.equal(fields.BackupRetentionPeriod, 7);
  assert.equal(fields.MultiAZ, true);
  assert.equal(fields.StorageEncrypted, true);
  assert.equal(fields.KmsKeyId, "arn:aws:kms:us-east-1:123456789012:key/k1");
  assert.equal(fields.DeletionProtection, true);
  assert.equal(fields.DBParameterGroupName, "custom-pg");
  assert.deepEqual(fields.EnableCloudwatchLogsExports, ["postgresql", "upgrade"]);
  assert.equal(fields.StorageType, "io1");
  assert.equal(fields.Iops, 1000);
  assert.equal(fields.MaxAllocatedStorage, 500);
  assert.equal("StorageThroughput" in fields, false, "io1 reports no throughput: RDS's own 0");
  assert.equal("AvailabilityZone" in fields, false, "RDS picks the zone");
});

test("the engine version is the major unless automatic minor upgrades are off", () => {
  assert.equal(declaredVersion("postgres", "16.8", true), "16");
  assert.equal(declaredVersion("postgres", "9.6.24", undefined), "9.6");
  assert.equal(declaredVersion("mysql", "8.0.40", true), "8.0");
  assert.equal(declaredVersion("mariadb", "10.11.10", true), "10.11");
  assert.equal(declaredVersion("mysql", "8.0.40", false), "8.0.40");
  const pinned = exportSpec([pg("p", { AutoMinorVersionUpgrade: false })]).instances[0]!;
  assert.equal(pinned.fields.EngineVersion, "16.8");
  assert.equal(pinned.fields.AutoMinorVersionUpgrade, false);
});

test("a managed password exports as ManageMasterUserPassword: true and never a password", () => {
  const db = pg("m", {
    MasterUserSecret: { SecretArn: "arn:aws:secretsmanager:x", KmsKeyId: "arn:aws:kms:k" },
  });
  const { fields, passwordEnv } = exportSpec([db]).instances[0]!;
  assert.equal(fields.ManageMasterUserPassword, true);
  assert.equal("MasterUserPassword" in fields, false);
  assert.equal(passwordEnv, undefined);
  assert.doesNotMatch(JSON.stringify(fields), /secretsmanager/);
});

test("tags are written without AWS's own; rdsctl's password label becomes MasterUserPasswordVersion", () => {
  const db = pg("t", {
    TagList: [
      { Key: "team", Value: "orders" },
      { Key: "aws:cloudformation:stack-name", Value: "s" },
      { Key: "rdsctl:password-version", Value: "3" },
    ],
  });
  const { fields } = exportSpec([db]).instances[0]!;
  assert.deepEqual(fields.Tags, { team: "orders" });
  assert.equal(fields.MasterUserPasswordVersion, "3");
});

test("a read replica names its source and leaves out what it inherits", () => {
  const replica = pg("orders-ro", {
    ReadReplicaSourceDBInstanceIdentifier: "orders-db",
    BackupRetentionPeriod: 0,
  });
  const { fields } = exportSpec([replica]).instances[0]!;
  assert.deepEqual(Object.keys(fields).slice(0, 2), [
    "DBInstanceIdentifier",
    "SourceDBInstanceIdentifier",
  ]);
  assert.equal(fields.SourceDBInstanceIdentifier, "orders-db");
  for (const inherited of [
    "MasterUsername",
    "MasterUserPassword",
    "AllocatedStorage",
    "EngineVersion",
    "BackupRetentionPeriod",
  ]) {
    assert.equal(inherited in fields, false, inherited);
  }
  assert.equal(fields.DBInstanceClass, "db.t4g.micro");
});

test("what every instance shares goes to defaults, tag by tag; identifiers and passwords never", () => {
  const doc = exportSpec([
    pg("b", {
      TagList: [
        { Key: "team", Value: "x" },
        { Key: "app", Value: "b" },
      ],
    }),
    pg("a", { TagList: [{ Key: "team", Value: "x" }], BackupRetentionPeriod: 7 }),
  ]);
  assert.deepEqual(
    doc.instances.map((i) => i.id),
    ["a", "b"],
  );
  assert.equal(doc.defaults.Engine, "postgres");
  assert.equal(doc.defaults.EngineVersion, "16");
  assert.deepEqual(doc.defaults.Tags, { team: "x" });
  assert.equal("DBInstanceIdentifier" in doc.defaults, false);
  assert.equal("MasterUserPassword" in doc.defaults, false);
  assert.equal("BackupRetentionPeriod" in doc.defaults, false, "only a has it");
  assert.equal(doc.instances[0]!.fields.BackupRetentionPeriod, 7);
  assert.equal("Tags" in doc.instances[0]!.fields, false);
  assert.deepEqual(doc.instances[1]!.fields.Tags, { app: "b" });
  assert.equal("Engine" in doc.instances[0]!.fields, false);
});

test("one instance gets no defaults; an instance being deleted is not exported", () => {
  const doc = exportSpec([pg("a"), pg("gone", { DBInstanceStatus: "deleting" })]);
  assert.deepEqual(doc.defaults, {});
  assert.deepEqual(
    doc.instances.map((i) => i.id),
    ["a"],
  );
  assert.deepEqual(doc.skipped, [{ id: "gone", status: "deleting" }]);
});

test("the YAML is a valid spec with a comment at each placeholder password", () => {
  const doc = exportSpec(
    [
      pg("a"),
      pg("b", { MasterUserSecret: { SecretArn: "arn:s", KmsKeyId: "arn:k" } }),
      pg("c", { Engine: "mysql", EngineVersion: "8.0.40", Endpoint: { Address: "c", Port: 3306 } }),
    ],
    { region: "eu-west-1" },
  );
  const yaml = renderExportYaml(doc);
  assert.match(yaml, /^# Written by rdsctl export: 3 instances in eu-west-1\./);
  assert.match(yaml, /# RDS never returns the master password: export it as A_MASTER_PASSWORD/);
  assert.match(yaml, /MasterUserPassword: \{ env: A_MASTER_PASSWORD \}/);
  const parsed = parseSpecText(yaml, "exported.yaml");
  assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.problems));
  const byId = new Map(parsed.spec.instances.map((i) => [i.id, i]));
  assert.equal(byId.get("c")?.fields.EngineVersion, "8.0");
  assert.equal(byId.get("c")?.fields.Engine, "mysql");
  assert.equal(byId.get("a")?.fields.Engine, "postgres");
  assert.equal(byId.get("b")?.fields.ManageMasterUserPassword, true);
  assert.equal(byId.get("a")?.region, "eu-west-1");
});

test("the field table says what RDS chooses by default, per engine and version", () => {
  const db = pg("x");
  const def = (name: string, engine: string, version: string, of: DBInstance = db) =>
    fieldByName(name)?.rdsDefault?.(engine, version, of);
  assert.equal(def("Port", "postgres", "16.8"), 5432);
  assert.equal(def("Port", "mariadb", "10.11.10"), 3306);
  assert.equal(def("DBParameterGroupName", "postgres", "16.8"), "default.postgres16");
  assert.equal(def("DBParameterGroupName", "mysql", "8.0.40"), "default.mysql8.0");
  assert.equal(def("OptionGroupName", "mariadb", "10.11.10"), "default:mariadb-10-11");
  assert.equal(
    def("OptionGroupName", "oracle-ee", "19.0.0.0.ru-2024-01.rur-2024-01.r1"),
    undefined,
  );
  assert.equal(def("LicenseModel", "mysql", "8.0.40"), "general-public-license");
  assert.equal(def("EngineLifecycleSupport", "mariadb", "11.4.4"), undefined);
  assert.equal(def("Iops", "postgres", "16.8"), 3000);
  assert.equal(def("Iops", "postgres", "16.8", pg("big", { AllocatedStorage: 400 })), 12000);
  assert.equal(def("Iops", "postgres", "16.8", pg("g2", { StorageType: "gp2" })), RDS_CHOOSES);
  assert.equal(def("AvailabilityZone", "postgres", "16.8"), RDS_CHOOSES);
  assert.equal(def("PubliclyAccessible", "postgres", "16.8"), undefined, "depends on the VPC");
});
