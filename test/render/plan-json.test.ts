import assert from "node:assert/strict";
import { test } from "node:test";
import { planToJson, renderPlanJson } from "../../src/render/plan-json.js";
import { mixedPlan, noopPlan } from "./fixtures.js";

test("plan JSON carries the contract fields for every instance", () => {
  const json = JSON.parse(renderPlanJson(mixedPlan()));
  assert.deepEqual(
    json.instances.map((i: { id: string; action: string }) => [i.id, i.action]),
    [
      ["orders-db", "create"],
      ["reports-db", "modify"],
      ["legacy-db", "blocked"],
      ["quiet-db", "noop"],
    ],
  );
  const reports = json.instances[1];
  assert.deepEqual(reports.changes[0], {
    field: "AllocatedStorage",
    from: 20,
    to: 30,
    timing: "maintenance-window",
    downtime: false,
    sensitive: false,
  });
  assert.equal(reports.downtime, true);
  assert.deepEqual(json.downtime, ["reports-db"]);
  assert.deepEqual(json.instances[2].blocked[0].field, "Engine");
  assert.match(json.instances[2].blocked[0].reason, /Restore from a snapshot/);
  assert.equal(json.instances[2].blocked[0].from, "postgres");
  assert.equal(json.instances[2].blocked[0].to, "mysql");
  assert.deepEqual(json.summary, {
    create: 1,
    modify: 1,
    noop: 1,
    blocked: 1,
    downtimeNow: 1,
    risky: 0,
    warnings: 0,
  });
  assert.deepEqual(json.warnings, []);
  assert.equal(json.changed, true);
  assert.deepEqual(json.notices, [
    {
      id: "reports-db",
      field: "DBParameterGroupName",
      message: "parameter group reports-pg is pending-reboot",
    },
  ]);
});

test("missing values are null and sensitive values are the string (sensitive), without the reference", () => {
  const text = renderPlanJson(mixedPlan());
  const json = JSON.parse(text);
  const password = json.instances[0].changes.find(
    (c: { field: string }) => c.field === "MasterUserPassword",
  );
  assert.deepEqual(password, {
    field: "MasterUserPassword",
    from: null,
    to: "(sensitive)",
    timing: "immediate",
    downtime: false,
    sensitive: true,
  });
  assert.equal(text.includes("ORDERS_DB_PASSWORD"), false);
  assert.equal(text.includes('"kind": "env"'), false);
});

test("a secret reference is masked even when a change forgot to flag it sensitive", () => {
  const plan = mixedPlan();
  const change = plan.instances[0]?.changes[2];
  assert.ok(change);
  change.sensitive = false;
  change.to = { kind: "literal", value: "hunter2-hunter2" };
  const text = renderPlanJson(plan);
  assert.equal(text.includes("hunter2"), false);
  assert.equal(planToJson(plan).instances[0]?.changes[2]?.to, "(sensitive)");
});

test("an all-noop plan is unchanged", () => {
  const json = planToJson(noopPlan(3));
  assert.equal(json.changed, false);
  assert.deepEqual(json.downtime, []);
  assert.equal(json.instances.length, 3);
  assert.ok(json.instances.every((i) => i.changes.length === 0 && i.action === "noop"));
});

test("a blocked instance counts no downtime, and a blocked sensitive change hides even a missing value", () => {
  const plan = mixedPlan();
  const legacy = plan.instances[2];
  assert.ok(legacy !== undefined && legacy.action === "blocked");
  // The planner keeps the changes it would have made next to what blocks them.
  legacy.changes.push({
    field: "DBInstanceClass",
    from: "db.t3.micro",
    to: "db.t3.large",
    timing: "immediate",
    downtime: true,
    sensitive: false,
  });
  legacy.blocked.push({
    field: "MasterUserPassword",
    from: undefined,
    to: null,
    kind: "state",
    reason: "legacy-db: the password cannot be rotated now",
    sensitive: true,
  });
  const json = planToJson(plan);
  const blocked = json.instances[2];
  assert.equal(blocked?.downtime, false);
  assert.deepEqual(json.downtime, ["reports-db"]);
  const password = blocked?.blocked.find((b) => b.field === "MasterUserPassword");
  assert.equal(password?.from, "(sensitive)");
  assert.equal(password?.to, "(sensitive)");
  assert.equal(blocked?.blocked[0]?.from, "postgres", "non-sensitive values are kept");
});
