import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { computePlan } from "../../src/plan/compute.js";
import { desiredArb, observedOptionsArb } from "./_arbitraries.js";
import { deepFreeze, desired, observedFrom } from "./_fixtures.js";

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
