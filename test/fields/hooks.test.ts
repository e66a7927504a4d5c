import assert from "node:assert/strict";
import { test } from "node:test";
import {
  FIELDS,
  type FieldRole,
  fieldByName,
  fieldWithRole,
  pendingKeyOf,
} from "../../src/kinds/instance/fields/index.js";

/* The planner's per-field facts, read from the table entries. */

const names = (pick: (f: (typeof FIELDS)[number]) => unknown) =>
  FIELDS.filter((f) => pick(f)).map((f) => f.name);

test("every role names exactly one field", () => {
  const roles: FieldRole[] = [
    "identifier",
    "engine",
    "cluster",
    "engine-version",
    "backup-retention",
    "storage-size",
    "storage-ceiling",
    "storage-type",
    "storage-iops",
    "storage-throughput",
    "parameter-group",
    "tags",
    "master-password",
    "managed-password",
    "managed-password-key",
    "instance-class",
    "option-group",
    "subnet-group",
    "license-model",
  ];
  const used = FIELDS.flatMap((f) => (f.role === undefined ? [] : [f.role]));
  assert.equal(new Set(used).size, used.length, "a role is given twice");
  assert.deepEqual([...used].sort(), [...roles].sort());
  assert.equal(fieldWithRole("storage-size").name, "AllocatedStorage");
  assert.equal(fieldWithRole("master-password").name, "MasterUserPassword");
});

test("a read replica inherits a subset of what an Aurora cluster member inherits", () => {
  const replica = names((f) => f.inheritedBy?.replica);
  const cluster = names((f) => f.inheritedBy?.cluster);
  assert.deepEqual([...replica].sort(), [
    "AllocatedStorage",
    "CharacterSetName",
    "DBName",
    "Engine",
    "EngineVersion",
    "ManageMasterUserPassword",
    "MasterUserPassword",
    "MasterUserSecretKmsKeyId",
    "MasterUsername",
    "NcharCharacterSetName",
    "StorageEncrypted",
    "Timezone",
  ]);
  for (const n of replica) assert.ok(cluster.includes(n), `${n}: replica-only`);
  for (const n of [
    "KmsKeyId",
    "MaxAllocatedStorage",
    "StorageType",
    "Iops",
    "StorageThroughput",
    "BackupRetentionPeriod",
    "PreferredBackupWindow",
    "Port",
    "VpcSecurityGroupIds",
    "EnableIAMDatabaseAuthentication",
    "EnableCloudwatchLogsExports",
    "DeletionProtection",
    "MultiAZ",
  ]) {
    assert.ok(cluster.includes(n), `${n} comes from the cluster`);
  }
  assert.equal(cluster.length, replica.length + 13);
});

test("KMS key fields compare by key id and cannot check an alias", () => {
  const kms = names(
    (f) => f.compare !== undefined && f.compare("alias/x", "arn:x") === "unverifiable",
  );
  assert.deepEqual(kms.sort(), [
    "KmsKeyId",
    "MasterUserSecretKmsKeyId",
    "PerformanceInsightsKMSKeyId",
  ]);
  const f = fieldByName("KmsKeyId")!;
  assert.equal(f.compare?.("abcd", "arn:aws:kms:us-east-1:1:key/ABCD"), "equal");
  assert.equal(f.compare?.("abcd", "arn:aws:kms:us-east-1:1:key/other"), "different");
});

test("a declared engine version is a prefix of the reported one", () => {
  const f = fieldByName("EngineVersion")!;
  assert.equal(f.diffRule, "engine-version");
  assert.equal(f.compare?.("16", "16.3"), "equal");
  assert.equal(f.compare?.("16", "160.1"), "different");
});

test("fields whose absence from describe output means unset", () => {
  const unset = names((f) => f.absentMeansUnset);
  assert.equal(unset.length, 17);
  for (const n of ["MaxAllocatedStorage", "Iops", "DomainDnsIps", "ProcessorFeatures"]) {
    assert.ok(unset.includes(n), n);
  }
  assert.ok(!unset.includes("Port"), "an absent Endpoint is unknown, not unset");
});

test("a ceiling at or below the allocated size says the same as no ceiling", () => {
  const f = fieldByName("MaxAllocatedStorage")!;
  const view = (db: Record<string, unknown>, declared: Record<string, unknown> = {}) => ({
    db,
    declared,
    pmv: {},
  });
  assert.equal(f.sameAsAbsent?.(100, view({ AllocatedStorage: 100 })), true);
  assert.equal(f.sameAsAbsent?.(101, view({ AllocatedStorage: 100 })), false);
  assert.equal(f.sameAsAbsent?.(50, view({}, { AllocatedStorage: 80 })), true);
});

test("fields not compared on some instances", () => {
  const az = fieldByName("AvailabilityZone")!;
  assert.equal(az.notComparedWhen?.({ declared: {}, db: {}, pmv: { MultiAZ: true } }), true);
  assert.equal(az.notComparedWhen?.({ declared: {}, db: { MultiAZ: false }, pmv: {} }), false);
  const pi = fieldByName("PerformanceInsightsRetentionPeriod")!;
  const off = { declared: { EnablePerformanceInsights: false }, db: {}, pmv: {} };
  assert.equal(pi.notComparedWhen?.(off), true);
  const key = fieldByName("MasterUserSecretKmsKeyId")!;
  assert.equal(key.notComparedWhen?.({ declared: {}, db: {}, pmv: {} }), true);
  const managed = { declared: {}, db: { MasterUserSecret: { KmsKeyId: "k" } }, pmv: {} };
  assert.equal(key.notComparedWhen?.(managed), false);
});

test("values go on the wire in the form RDS takes", () => {
  const cpu = fieldByName("ProcessorFeatures")!;
  assert.deepEqual(cpu.wire?.([{ Name: "coreCount", Value: 2 }]), [
    { Name: "coreCount", Value: "2" },
  ]);
  const logs = fieldByName("EnableCloudwatchLogsExports")!;
  assert.deepEqual(logs.modifyDelta?.(["error", "general"], ["general", "slowquery"]), {
    EnableLogTypes: ["error"],
    DisableLogTypes: ["slowquery"],
  });
  assert.deepEqual(logs.modifyDelta?.(["error"], ["error"]), {});
  assert.deepEqual(
    logs.afterPending?.(["error"], { LogTypesToEnable: ["general"], LogTypesToDisable: ["error"] }),
    ["general"],
  );
});

test("the waiter finds a pending change under the field's PendingModifiedValues key", () => {
  assert.equal(pendingKeyOf("DBPortNumber"), "Port");
  assert.equal(pendingKeyOf("EnableIAMDatabaseAuthentication"), "IAMDatabaseAuthenticationEnabled");
  assert.equal(pendingKeyOf("CloudwatchLogsExportConfiguration"), "PendingCloudwatchLogsExports");
  assert.equal(pendingKeyOf("NewDBInstanceIdentifier"), "DBInstanceIdentifier");
  assert.equal(pendingKeyOf("DBInstanceClass"), "DBInstanceClass");
  assert.equal(pendingKeyOf("MaxAllocatedStorage"), "MaxAllocatedStorage");
  // The key a reader carries is the member it reads.
  const sample: Record<string, unknown> = {
    integer: 7,
    boolean: true,
    string: "x",
    secret: "x",
    "object-list": [{ Name: "coreCount", Value: "2" }],
    "string-list": { LogTypesToEnable: ["error"] },
  };
  for (const f of FIELDS) {
    if (f.pending === undefined) continue;
    const value = sample[f.kind.type];
    assert.notEqual(f.pending({ [f.pending.key]: value }), undefined, f.name);
    assert.equal(f.pending({ [`${f.pending.key}X`]: value }), undefined, f.name);
  }
});

test("MultiTenant only turns on; backup retention between non-zero values applies now", () => {
  const mt = fieldByName("MultiTenant")!;
  assert.match(mt.oneWay?.(true, false) ?? "", /cannot be turned off/);
  assert.equal(mt.oneWay?.(false, true), undefined);
  const br = fieldByName("BackupRetentionPeriod")!;
  assert.deepEqual(br.changeTiming?.(7, 14), { timing: "immediate", downtime: false });
  assert.equal(br.changeTiming?.(0, 7), undefined);
  assert.equal(br.changeTiming?.(7, 0), undefined);
});
