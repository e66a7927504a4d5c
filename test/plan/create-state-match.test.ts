import assert from "node:assert/strict";
import { test } from "node:test";
import { computePlan } from "../../src/plan/compute.js";
import type { SecretRef } from "../../src/spec/types.js";
import { PASSWORD_VERSION_TAG } from "../../src/spec/types.js";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ENV_PASSWORD: SecretRef = { kind: "env", name: "PW" };

test("create: one call with every declared field, tags as a list, password as a reference", () => {
  const d = desired(
    {
      Engine: "postgres",
      EngineVersion: "16",
      DBInstanceClass: "db.t3.micro",
      AllocatedStorage: 20,
      MasterUsername: "appadmin",
      MasterUserPassword: ENV_PASSWORD,
      VpcSecurityGroupIds: ["sg-1"],
      Tags: { team: "orders" },
      ProcessorFeatures: [{ Name: "coreCount", Value: 2 }],
    },
    { passwordVersion: "1" },
  );
  const p = runCase({
    name: "create",
    d,
    action: "create",
    calls: ["create"],
    changes: [
      "DBInstanceIdentifier",
      "Engine",
      "EngineVersion",
      "DBInstanceClass",
      "AllocatedStorage",
      "MasterUsername",
      "MasterUserPassword",
      "VpcSecurityGroupIds",
      "ProcessorFeatures",
      "Tags.team",
      `Tags.${PASSWORD_VERSION_TAG}`,
    ],
  });
  const call = p.calls[0];
  assert.ok(call?.kind === "create");
  assert.deepEqual(call.input, {
    DBInstanceIdentifier: "orders-db",
    Engine: "postgres",
    EngineVersion: "16",
    DBInstanceClass: "db.t3.micro",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: ENV_PASSWORD,
    VpcSecurityGroupIds: ["sg-1"],
    ProcessorFeatures: [{ Name: "coreCount", Value: "2" }],
    Tags: [
      { Key: "team", Value: "orders" },
      { Key: PASSWORD_VERSION_TAG, Value: "1" },
    ],
  });
  for (const c of p.changes) assert.equal(c.from, undefined, c.field);
  const pw = p.changes.find((c) => c.field === "MasterUserPassword");
  assert.deepEqual([pw?.sensitive, pw?.to], [true, "(sensitive)"]);
  assert.equal(p.arn, undefined);
});

test("create: the identifier is sent lowercased", () => {
  const d = desired({ DBInstanceIdentifier: "Orders-DB" });
  const call = computePlan([d], []).instances[0]?.calls[0];
  assert.ok(call?.kind === "create");
  assert.equal(call.input.DBInstanceIdentifier, "orders-db");
});

test("matching: by lowercased identifier; undeclared live instances are ignored", () => {
  const plan = computePlan(
    [desired({ DBInstanceIdentifier: "orders-db" }), desired({ DBInstanceIdentifier: "new-db" })],
    [live({ DBInstanceIdentifier: "Orders-DB" }), live({ DBInstanceIdentifier: "stranger" })],
  );
  assert.deepEqual(
    plan.instances.map((p) => [p.id, p.action]),
    [
      ["orders-db", "noop"],
      ["new-db", "create"],
    ],
  );
  assert.deepEqual(plan.summary, { create: 1, modify: 0, noop: 1, blocked: 0 });
  assert.equal(plan.instances[0]?.arn, "arn:aws:rds:us-east-1:123456789012:db:Orders-DB");
  assert.equal(plan.instances[0]?.status, "available");
});

test("matching: an instance declared by ARN", () => {
  const arn = "arn:aws:rds:us-east-1:123456789012:db:orders-db";
  const d = { ...desired({}), id: arn };
  const plan = computePlan([d], [live({})]);
  assert.equal(plan.instances[0]?.action, "noop");
});

test("summary counts every action", () => {
  const plan = computePlan(
    [
      desired({ DBInstanceIdentifier: "a" }),
      desired({ DBInstanceIdentifier: "b", DBInstanceClass: "db.t3.small" }),
      desired({ DBInstanceIdentifier: "c", Engine: "mysql" }),
      desired({ DBInstanceIdentifier: "d" }),
    ],
    [
      live({ DBInstanceIdentifier: "b", DBInstanceClass: "db.t3.micro" }),
      live({ DBInstanceIdentifier: "c", Engine: "postgres" }),
      live({ DBInstanceIdentifier: "d" }),
    ],
  );
  assert.deepEqual(plan.summary, { create: 1, modify: 1, noop: 1, blocked: 1 });
});

/** What each refusing status's blocked reason must tell the person to do. */
const NEXT_STEP: Record<string, RegExp> = {
  stopped: /start-db-instance --db-instance-identifier orders-db\b.*run apply again/,
  stopping: /start-db-instance.*run apply again/,
  failed: /point-in-time restore.*new instance/,
  "incompatible-parameters": /reset.*reboot-db-instance.*run apply again/,
  deleting: /create it anew/,
};

/** Pitfall 10 and instance states. */
const states: PlanCase[] = [
  {
    name: "a parameter group waiting for a reboot is reported",
    d: desired({ DBParameterGroupName: "app-pg16" }),
    observed: [
      live({
        DBParameterGroups: [
          { DBParameterGroupName: "app-pg16", ParameterApplyStatus: "pending-reboot" },
        ],
      }),
    ],
    action: "noop",
    notices: [/app-pg16 is pending-reboot.*rebootWhenNeeded/],
  },
  {
    name: "and rebooted when policy allows",
    d: desired({ DBParameterGroupName: "App-PG16" }, { policy: { rebootWhenNeeded: true } }),
    observed: [
      live({
        DBParameterGroups: [
          { DBParameterGroupName: "app-pg16", ParameterApplyStatus: "pending-reboot" },
        ],
      }),
    ],
    action: "modify",
    calls: ["reboot"],
    changes: ["DBParameterGroupName"],
  },
  {
    name: "another group in pending-reboot is replaced, not rebooted",
    d: desired({ DBParameterGroupName: "new-pg" }, { policy: { rebootWhenNeeded: true } }),
    observed: [
      live({
        DBParameterGroups: [
          { DBParameterGroupName: "old-pg", ParameterApplyStatus: "pending-reboot" },
        ],
      }),
    ],
    action: "modify",
    calls: ["modify"],
  },
  ...Object.entries(NEXT_STEP).map(
    ([status, next]): PlanCase => ({
      name: `${status} with changes is blocked with what to do`,
      d: desired({ DBInstanceClass: "db.t3.small" }),
      observed: [live({ DBInstanceStatus: status, DBInstanceClass: "db.t3.micro" })],
      action: "blocked",
      blocked: ["DBInstanceStatus:state"],
      reasons: [new RegExp(`^orders-db: status ${status}\\b.*\\(rdsctl\\.yaml:2\\)\\.$`), next],
    }),
  ),
  {
    name: "a stopped instance that matches is a noop with a notice",
    d: desired({ DBInstanceClass: "db.t3.micro" }),
    observed: [live({ DBInstanceStatus: "stopped", DBInstanceClass: "db.t3.micro" })],
    action: "noop",
    notices: [/is stopped/],
  },
  ...["creating", "modifying", "backing-up", "upgrading"].map(
    (status): PlanCase => ({
      name: `${status} (transient) still plans the modify`,
      d: desired({ DBInstanceClass: "db.t3.small" }),
      observed: [live({ DBInstanceStatus: status, DBInstanceClass: "db.t3.micro" })],
      action: "modify",
    }),
  ),
];
for (const c of states)
  test(`state: ${c.name}`, () => {
    runCase(c);
  });

test("blocked and noop instances carry no calls; no call is ever a delete", () => {
  const plan = computePlan(
    [
      desired({ DBInstanceIdentifier: "a", Engine: "mysql", DBInstanceClass: "db.t3.small" }),
      desired({ DBInstanceIdentifier: "b", Tags: { x: "1" } }, { policy: { purgeTags: true } }),
    ],
    [
      live({ DBInstanceIdentifier: "a", Engine: "postgres", DBInstanceClass: "db.t3.micro" }),
      live({ DBInstanceIdentifier: "b", TagList: [{ Key: "y", Value: "2" }] }),
    ],
  );
  assert.deepEqual(plan.instances[0]?.calls, []);
  const kinds = plan.instances.flatMap((p) => p.calls.map((c) => c.kind));
  for (const k of kinds)
    assert.ok(["create", "modify", "add-tags", "remove-tags", "reboot"].includes(k));
});
