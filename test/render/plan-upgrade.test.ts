import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computePlan } from "../../src/plan/compute.js";
import type { Plan } from "../../src/plan/types.js";
import { planToJson } from "../../src/render/plan-json.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { desired, live } from "../plan/_fixtures.js";

/* An engine upgrade shown whole: one line per instance, in order; the JSON's `upgrade`. */

const group = (name: string) => ({
  DBParameterGroups: [{ DBParameterGroupName: name, ParameterApplyStatus: "in-sync" }],
});

function pgPlan(): Plan {
  return computePlan(
    [
      desired(
        { Engine: "postgres", EngineVersion: "17", DBParameterGroupName: "app-pg17" },
        { allowMajorVersionUpgrade: true },
      ),
      desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
    ],
    [
      live({
        Engine: "postgres",
        EngineVersion: "16.4",
        ...group("app-pg16"),
        ReadReplicaDBInstanceIdentifiers: ["orders-replica"],
      }),
      live({
        DBInstanceIdentifier: "orders-replica",
        Engine: "postgres",
        EngineVersion: "16.4",
        ReadReplicaSourceDBInstanceIdentifier: "orders-db",
      }),
    ],
  );
}

function mysqlPlan(): Plan {
  const my = { Engine: "mysql", EngineVersion: "8.0.35", ...group("default.mysql8.0") };
  return computePlan(
    [
      desired({ Engine: "mysql", EngineVersion: "8.4" }, { allowMajorVersionUpgrade: true }),
      desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
    ],
    [
      live({ ...my, ReadReplicaDBInstanceIdentifiers: ["orders-replica"] }),
      live({
        ...my,
        DBInstanceIdentifier: "orders-replica",
        ReadReplicaSourceDBInstanceIdentifier: "orders-db",
      }),
    ],
  );
}

function upgradeSection(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf("Engine upgrades, in order:");
  assert.ok(start >= 0, text);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith("  ")) break;
    out.push(l);
  }
  return out;
}

describe("plan text: engine upgrades", () => {
  it("PostgreSQL: the source's line with its group and replica, then the replica upgraded with it", () => {
    const text = renderPlanText(pgPlan(), { color: false });
    assert.deepEqual(upgradeSection(text), [
      "  orders-db: upgrade 16.4 -> 17 with parameter group app-pg17 (orders-replica is upgraded with it) ~ downtime",
      "  orders-replica: upgraded with its source orders-db (16.4 -> 17) ~ downtime",
    ]);
  });

  it("a snapshot taken first is said first", () => {
    const plan = pgPlan();
    const withSnapshot: Plan = {
      ...plan,
      instances: plan.instances.map((p) =>
        p.id === "orders-db" ? { ...p, snapshotBefore: ["major-upgrade"] } : p,
      ),
    };
    const [first] = upgradeSection(renderPlanText(withSnapshot, { color: false }));
    assert.match(first ?? "", /^ {2}orders-db: snapshot, then upgrade 16\.4 -> 17 /);
  });

  it("MySQL: the replica's upgrade is listed before its source's, which says so", () => {
    const text = renderPlanText(mysqlPlan(), { color: false });
    assert.deepEqual(upgradeSection(text), [
      "  orders-replica: upgrade 8.0.35 -> 8.4 ~ downtime",
      "  orders-db: upgrade 8.0.35 -> 8.4 (replica orders-replica is upgraded first) ~ downtime",
    ]);
  });

  it("values from outside are escaped", () => {
    const plan = pgPlan();
    const hostile: Plan = {
      ...plan,
      instances: plan.instances.map((p) =>
        p.upgrade === undefined ? p : { ...p, upgrade: { ...p.upgrade, from: "16.4\u001b[2J" } },
      ),
    };
    const text = renderPlanText(hostile, { color: false });
    assert.equal(text.includes("\u001b[2J"), false);
  });

  it("no section without an upgrade", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "16" })],
      [live({ Engine: "postgres", EngineVersion: "16.4" })],
    );
    assert.equal(renderPlanText(plan, { color: false }).includes("Engine upgrades"), false);
  });
});

describe("plan JSON: engine upgrades", () => {
  it("each instance has `upgrade`, its lists [] and missing members null; null without one", () => {
    const json = planToJson(pgPlan());
    assert.deepEqual(json.instances[0]?.upgrade, {
      from: "16.4",
      to: "17",
      major: true,
      parameterGroup: "app-pg17",
      optionGroup: null,
      upgradedWith: ["orders-replica"],
      after: [],
      withSource: null,
    });
    assert.deepEqual(json.instances[1]?.upgrade, {
      from: "16.4",
      to: "17",
      major: true,
      parameterGroup: null,
      optionGroup: null,
      upgradedWith: [],
      after: [],
      withSource: "orders-db",
    });
    const my = planToJson(mysqlPlan());
    assert.deepEqual(my.instances[0]?.upgrade?.after, ["orders-replica"]);
    const none = planToJson(
      computePlan([desired({ Engine: "postgres" })], [live({ Engine: "postgres" })]),
    );
    assert.equal(none.instances[0]?.upgrade, null);
  });
});
