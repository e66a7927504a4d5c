import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { computePlan } from "../../src/plan/compute.js";
import type { PlanOptions } from "../../src/plan/types.js";
import { planToJson } from "../../src/render/plan-json.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import type { SnapshotTrigger } from "../../src/spec/types.js";
import { desired, live } from "./_fixtures.js";

const BASE = {
  Engine: "postgres",
  EngineVersion: "16.3",
  DBInstanceClass: "db.t3.micro",
  StorageType: "gp2",
  AllocatedStorage: 100,
};

function planOne(
  fields: Record<string, unknown>,
  liveMembers: Partial<DBInstance> | undefined,
  snapshotBefore: SnapshotTrigger[] | undefined,
  options: PlanOptions = {},
  applyImmediately = true,
) {
  const d = desired(
    { ...BASE, ...fields },
    { applyImmediately, ...(snapshotBefore === undefined ? {} : { policy: { snapshotBefore } }) },
  );
  const observed = liveMembers === undefined ? [] : [live({ ...BASE, ...liveMembers })];
  const plan = computePlan([d], observed, options);
  const p = plan.instances[0];
  assert.ok(p);
  return { plan, p };
}

describe("snapshotBefore in the plan", () => {
  it("a class change it covers: the snapshot call first, the kinds listed", () => {
    const { p } = planOne({ DBInstanceClass: "db.t3.small" }, {}, ["class-change"]);
    assert.equal(p.action, "modify");
    assert.deepEqual(p.snapshotBefore, ["class-change"]);
    assert.deepEqual(
      p.calls.map((c) => c.kind),
      ["snapshot", "modify"],
    );
    assert.deepEqual(p.calls[0], { kind: "snapshot", triggers: ["class-change"] });
  });

  it("a change it does not cover, or no snapshotBefore: no snapshot", () => {
    for (const triggers of [undefined, [], ["storage-type-change"]] as const) {
      const { p } = planOne(
        { DBInstanceClass: "db.t3.small" },
        {},
        triggers === undefined ? undefined : [...triggers],
      );
      assert.equal(p.snapshotBefore, undefined);
      assert.deepEqual(
        p.calls.map((c) => c.kind),
        ["modify"],
      );
    }
  });

  it("--snapshot-before (PlanOptions) covers every instance, added to the policy's kinds", () => {
    const { p } = planOne(
      { DBInstanceClass: "db.t3.small", StorageType: "gp3" },
      {},
      ["storage-type-change"],
      { snapshotBefore: ["class-change"] },
    );
    // In the documented order, whatever order they were asked in.
    assert.deepEqual(p.snapshotBefore, ["storage-type-change", "class-change"]);
    assert.equal(p.calls[0]?.kind, "snapshot");
  });

  it("an engine version change: minor-upgrade without AllowMajorVersionUpgrade", () => {
    const minor = planOne({ EngineVersion: "16.4" }, {}, ["major-upgrade"]).p;
    assert.equal(minor.snapshotBefore, undefined, "a minor upgrade is not a major one");
    const covered = planOne({ EngineVersion: "16.4" }, {}, ["minor-upgrade"]).p;
    assert.deepEqual(covered.snapshotBefore, ["minor-upgrade"]);
    assert.deepEqual(
      covered.calls.map((c) => c.kind),
      ["snapshot", "modify"],
    );
  });

  it("a risky change with risky: a snapshot, and its risk line says so; without: says how to get one", () => {
    const taken = planOne({ DeletionProtection: false }, { DeletionProtection: true }, ["risky"]);
    assert.deepEqual(taken.p.snapshotBefore, ["risky"]);
    // The reason itself is the field's; the plan text adds what happens about a snapshot.
    assert.doesNotMatch(taken.p.changes[0]?.risk?.reason ?? "", /snapshot/);
    assert.match(
      renderPlanText(taken.plan, { color: false }),
      /risk: turns deletion protection off.*; a snapshot is taken first\n/,
    );
    const notTaken = planOne({ DeletionProtection: false }, { DeletionProtection: true }, []);
    assert.equal(notTaken.p.snapshotBefore, undefined);
    assert.match(
      renderPlanText(notTaken.plan, { color: false }),
      /risk: turns deletion protection off.*; no snapshot is taken: policy.snapshotBefore can take one\n/,
    );
    // A change that is not risky is not covered by risky.
    const plain = planOne({ DBInstanceClass: "db.t3.small" }, {}, ["risky"]).p;
    assert.equal(plain.snapshotBefore, undefined);
    assert.equal(plain.changes[0]?.risk, undefined);
  });

  it("never on a create, a blocked plan or an unchanged instance", () => {
    const all: SnapshotTrigger[] = ["class-change", "risky", "storage-type-change"];
    const created = planOne({ DBInstanceClass: "db.t3.small" }, undefined, all).p;
    assert.equal(created.action, "create");
    assert.equal(created.snapshotBefore, undefined);
    assert.ok(created.calls.every((c) => c.kind !== "snapshot"));
    // Engine cannot change in place: blocked, nothing sent.
    const blocked = planOne(
      { DBInstanceClass: "db.t3.small", Engine: "mysql" },
      { Engine: "postgres" },
      all,
    ).p;
    assert.equal(blocked.action, "blocked");
    assert.equal(blocked.snapshotBefore, undefined);
    assert.deepEqual(blocked.calls, []);
    const same = planOne({}, {}, all).p;
    assert.equal(same.action, "noop");
    assert.deepEqual(same.calls, []);
  });

  it("a change deferred to the maintenance window: a notice that the snapshot is taken now", () => {
    const deferred = planOne({ DBInstanceClass: "db.t3.small" }, {}, ["class-change"], {}, false).p;
    assert.deepEqual(deferred.snapshotBefore, ["class-change"]);
    assert.match(
      deferred.notices.map((n) => n.message).join("\n"),
      /snapshot is taken now, but DBInstanceClass is applied in the next maintenance window/,
    );
    const now = planOne({ DBInstanceClass: "db.t3.small" }, {}, ["class-change"]).p;
    assert.doesNotMatch(now.notices.map((n) => n.message).join("\n"), /maintenance window/);
  });

  it("text shows the snapshot step; JSON has snapshotBefore and the steps in order for every instance", () => {
    const d1 = desired(
      { ...BASE, DBInstanceIdentifier: "a-db", DBInstanceClass: "db.t3.small" },
      { applyImmediately: true, policy: { snapshotBefore: ["class-change"] } },
    );
    const d2 = desired({ ...BASE, DBInstanceIdentifier: "b-db" });
    const d3 = desired({ ...BASE, DBInstanceIdentifier: "c-db" });
    const plan = computePlan(
      [d1, d2, d3],
      [
        live({ ...BASE, DBInstanceIdentifier: "a-db" }),
        live({ ...BASE, DBInstanceIdentifier: "b-db" }),
      ],
    );
    const text = renderPlanText(plan, { color: false });
    assert.match(text, /~ a-db will be modified .*\n {4}snapshot first \(class-change\)/);
    const json = planToJson(plan);
    assert.deepEqual(
      json.instances.map((i) => [i.id, i.snapshotBefore, i.steps]),
      [
        ["a-db", ["class-change"], ["CreateDBSnapshot", "ModifyDBInstance"]],
        ["b-db", null, []],
        ["c-db", null, ["CreateDBInstance"]],
      ],
    );
  });
});
