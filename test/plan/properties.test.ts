import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { computePlan } from "../../src/plan/compute.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { deepFreeze, desired, type ObservedOptions, observedFrom } from "./_fixtures.js";

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}[A-Za-z0-9]$/);
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/);
const hexId = fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}$/);
const kmsKey = fc.oneof(
  hexId,
  hexId.map((k) => `arn:aws:kms:us-east-1:123456789012:key/${k}`),
);
const day = fc.constantFrom("mon", "Tue", "WED", "sun");
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

/** Any combination of fields a valid spec may declare, with values the validator accepts. */
const fieldsArb = fc.record(
  {
    Engine: fc.constantFrom("postgres", "Postgres", "mysql", "mariadb"),
    EngineVersion: fc.constantFrom("16", "16.3", "8.0", "8.0.35", "10.11"),
    DBInstanceClass: fc.constantFrom("db.t3.micro", "db.M5.large"),
    AllocatedStorage: fc.integer({ min: 20, max: 1000 }),
    MaxAllocatedStorage: fc.integer({ min: 1000, max: 2000 }),
    StorageType: fc.constantFrom("gp2", "gp3", "io1", "GP3"),
    Iops: fc.integer({ min: 1000, max: 10000 }),
    StorageThroughput: fc.integer({ min: 125, max: 1000 }),
    MasterUsername: word,
    DBName: word,
    Port: fc.integer({ min: 1150, max: 65535 }),
    VpcSecurityGroupIds: fc.uniqueArray(fc.stringMatching(/^sg-[0-9a-f]{6}$/), { maxLength: 4 }),
    DBSubnetGroupName: name,
    DBParameterGroupName: name,
    OptionGroupName: name,
    AvailabilityZone: fc.constantFrom("us-east-1a", "us-east-1b"),
    MultiAZ: fc.boolean(),
    PreferredMaintenanceWindow: fc
      .tuple(day, hhmm, day, hhmm)
      .map(([d1, t1, d2, t2]) => `${d1}:${t1}-${d2}:${t2}`),
    PreferredBackupWindow: fc.tuple(hhmm, hhmm).map(([a, b]) => `${a}-${b}`),
    BackupRetentionPeriod: fc.integer({ min: 0, max: 35 }),
    AutoMinorVersionUpgrade: fc.boolean(),
    LicenseModel: fc.constantFrom("postgresql-license", "General-Public-License"),
    CharacterSetName: fc.constantFrom("AL32UTF8", "UTF8"),
    Timezone: fc.constantFrom("UTC", "Central Standard Time"),
    PubliclyAccessible: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    DeletionProtection: fc.boolean(),
    StorageEncrypted: fc.boolean(),
    KmsKeyId: kmsKey,
    EnableIAMDatabaseAuthentication: fc.boolean(),
    EnablePerformanceInsights: fc.boolean(),
    PerformanceInsightsKMSKeyId: kmsKey,
    PerformanceInsightsRetentionPeriod: fc.constantFrom(7, 31, 731),
    EnableCustomerOwnedIp: fc.boolean(),
    EnableCloudwatchLogsExports: fc.uniqueArray(
      fc.constantFrom("postgresql", "upgrade", "error", "general", "slowquery"),
    ),
    ProcessorFeatures: fc.constantFrom(
      [{ Name: "coreCount", Value: 2 }],
      [
        { Name: "coreCount", Value: "4" },
        { Name: "threadsPerCore", Value: 1 },
      ],
    ),
    MonitoringInterval: fc.constantFrom(0, 1, 5, 60),
    MonitoringRoleArn: fc.constant("arn:aws:iam::123456789012:role/rds-monitoring"),
    CACertificateIdentifier: fc.constantFrom("rds-ca-rsa2048-g1", "RDS-CA-ECC384-G1"),
    NetworkType: fc.constantFrom("IPV4", "DUAL"),
    DatabaseInsightsMode: fc.constantFrom("standard", "advanced"),
    DedicatedLogVolume: fc.boolean(),
    MultiTenant: fc.boolean(),
    Domain: fc.constant("d-1234567890"),
    DomainFqdn: fc.constant("corp.example.com"),
    DomainDnsIps: fc.constant(["10.0.0.1", "10.0.0.2"]),
    DomainIAMRoleName: word,
    PromotionTier: fc.integer({ min: 0, max: 15 }),
    DBClusterIdentifier: name,
    EngineLifecycleSupport: fc.constant("open-source-rds-extended-support-disabled"),
    TdeCredentialPassword: word,
    MasterUserAuthenticationType: fc.constantFrom("password", "iam-db-auth"),
    TagSpecifications: fc.constant([{ ResourceType: "auto-backup", Tags: [] }]),
    Tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), word, { maxKeys: 4 }),
    credentials: fc.oneof(
      fc.constant({}),
      fc.constant({ MasterUserPassword: { kind: "env", name: "PW" } }),
      fc.record(
        { ManageMasterUserPassword: fc.constant(true), MasterUserSecretKmsKeyId: kmsKey },
        { requiredKeys: ["ManageMasterUserPassword"] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const desiredArb: fc.Arbitrary<DesiredInstance> = fc
  .record({
    fields: fieldsArb,
    id: name,
    applyImmediately: fc.boolean(),
    passwordVersion: fc.option(word, { nil: undefined }),
    purgeTags: fc.boolean(),
    rebootWhenNeeded: fc.boolean(),
    restricted: fc.boolean(),
  })
  .map(({ fields, id, passwordVersion, purgeTags, rebootWhenNeeded, restricted, ...rest }) => {
    const { credentials, ...plain } = fields;
    const all: Record<string, unknown> = {
      ...plain,
      ...(credentials ?? {}),
      DBInstanceIdentifier: id,
    };
    return desired(all, {
      ...rest,
      ...(passwordVersion === undefined ? {} : { passwordVersion }),
      policy: { purgeTags, rebootWhenNeeded, ...(restricted ? { updatable: [] } : {}) },
    });
  });

const observedOptionsArb: fc.Arbitrary<ObservedOptions> = fc.record({
  minorSuffix: fc.constantFrom("", ".4", ".12.1"),
  autoscaledBy: fc.integer({ min: 0, max: 500 }),
  foreignTags: fc.constantFrom<Record<string, string>>(
    {},
    { "aws:cloudformation:stack-name": "orders" },
    { "rds:managed": "yes" },
  ),
});

test("property: an instance as RDS reports it after creating the spec plans nothing", () => {
  fc.assert(
    fc.property(desiredArb, observedOptionsArb, (d, opts) => {
      const db = observedFrom(d, opts);
      const plan = computePlan([deepFreeze(d)], [deepFreeze(db)]);
      const p = plan.instances[0];
      assert.ok(p);
      assert.deepEqual(
        { action: p.action, changes: p.changes, blocked: p.blocked, calls: p.calls },
        { action: "noop", changes: [], blocked: [], calls: [] },
        JSON.stringify({ fields: d.fields, db }),
      );
      assert.deepEqual(plan.summary, { create: 0, modify: 0, noop: 1, blocked: 0 });
    }),
    { numRuns: 300 },
  );
});

test("property: an absent instance is one create call carrying every declared field", () => {
  fc.assert(
    fc.property(desiredArb, (d) => {
      const p = computePlan([deepFreeze(d)], []).instances[0];
      assert.ok(p && p.action === "create");
      assert.equal(p.calls.length, 1);
      const call = p.calls[0];
      assert.ok(call?.kind === "create");
      for (const key of Object.keys(d.fields)) assert.ok(key in call.input, key);
    }),
    { numRuns: 100 },
  );
});

/** Every DBInstance member the planner or the field table may read. */
const DESCRIBE_KEYS = [
  "DBInstanceArn",
  "DBInstanceStatus",
  "DBInstanceClass",
  "Engine",
  "EngineVersion",
  "AllocatedStorage",
  "MaxAllocatedStorage",
  "StorageType",
  "Iops",
  "StorageThroughput",
  "Endpoint",
  "VpcSecurityGroups",
  "DBSecurityGroups",
  "DBParameterGroups",
  "OptionGroupMemberships",
  "DBSubnetGroup",
  "PendingModifiedValues",
  "MultiAZ",
  "AvailabilityZone",
  "AutoMinorVersionUpgrade",
  "ReadReplicaSourceDBInstanceIdentifier",
  "DBClusterIdentifier",
  "TagList",
  "MasterUserSecret",
  "EnabledCloudwatchLogsExports",
  "ProcessorFeatures",
  "DomainMemberships",
  "KmsKeyId",
  "IAMDatabaseAuthenticationEnabled",
  "PerformanceInsightsEnabled",
  "BackupRetentionPeriod",
  "MultiTenant",
];

const junkValue = fc.oneof(
  fc.anything(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.array(
    fc.dictionary(
      fc.constantFrom("Key", "Value", "Status", "DBParameterGroupName", "OptionGroupName", "Name"),
      fc.anything(),
    ),
    { maxLength: 3 },
  ),
);

const junkInstance: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc
    .record(Object.fromEntries(DESCRIBE_KEYS.map((k) => [k, junkValue])), { requiredKeys: [] })
    .map((rec) => ({ ...rec, DBInstanceIdentifier: "orders-db" })),
);

test("property: computePlan never throws on any observed input and never mutates it", () => {
  fc.assert(
    fc.property(
      desiredArb.map((d) => ({ ...d, id: "orders-db" })),
      fc.array(junkInstance, { maxLength: 3 }),
      fc.boolean(),
      (d, observed, rotate) => {
        const options = rotate ? { rotatePassword: new Set(["orders-db"]) } : {};
        const frozen = deepFreeze(observed) as DBInstance[];
        const plan = computePlan([deepFreeze(d)], frozen, options);
        assert.equal(plan.instances.length, 1);
        const p = plan.instances[0];
        assert.ok(p);
        if (p.action === "blocked" || p.action === "noop") assert.deepEqual(p.calls, []);
      },
    ),
    { numRuns: 300 },
  );
});

test("computePlan tolerates an observed list that is not a list", () => {
  const d = desired({ DBInstanceClass: "db.t3.micro" });
  for (const observed of [null, undefined, 3, "x", {}]) {
    const plan = computePlan([d], observed as never);
    assert.equal(plan.instances[0]?.action, "create");
  }
});
