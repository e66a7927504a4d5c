import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { checkStillPlanned } from "../../src/apply/recheck.js";
import { computePlan } from "../../src/plan/compute.js";
import type { InstancePlan, Plan, PlannedCall } from "../../src/plan/types.js";
import { undeclaredReplicasToRead } from "../../src/plan/upgrade.js";
import { desired, live } from "./_fixtures.js";

/* Engine upgrades planned whole: allowance, groups, replicas per engine. */

function entry(plan: Plan, id: string): InstancePlan {
  const p = plan.instances.find((i) => i.id === id);
  assert.ok(p, `no plan entry for ${id}`);
  return p;
}

function modifyInput(p: InstancePlan): Record<string, unknown> {
  const calls = p.calls.filter(
    (c): c is Extract<PlannedCall, { kind: "modify" }> => c.kind === "modify",
  );
  assert.equal(calls.length, 1, `${p.id}: one ModifyDBInstance: ${JSON.stringify(p.calls)}`);
  return calls[0]?.input as Record<string, unknown>;
}

const pgGroup = (name: string) => ({
  DBParameterGroups: [{ DBParameterGroupName: name, ParameterApplyStatus: "in-sync" }],
});

const PG16 = { Engine: "postgres", EngineVersion: "16.4", ...pgGroup("default.postgres16") };

describe("engine upgrades: allowing a major upgrade", () => {
  it("a major upgrade the spec does not allow is blocked by policy, with how to allow it", () => {
    const plan = computePlan([desired({ Engine: "postgres", EngineVersion: "17" })], [live(PG16)]);
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "blocked");
    assert.deepEqual(p.calls, []);
    assert.equal(p.upgrade, undefined);
    assert.equal(p.blocked[0]?.kind, "policy");
    assert.equal(p.blocked[0]?.field, "EngineVersion");
    assert.match(p.blocked[0]?.reason ?? "", /major version upgrade \(16 to 17\)/);
    assert.match(p.blocked[0]?.reason ?? "", /AllowMajorVersionUpgrade: true on its item/);
    assert.match(p.blocked[0]?.reason ?? "", /policy\.allowMajorVersionUpgrade: true/);
  });

  it("the item's AllowMajorVersionUpgrade sends it, with the step", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true })],
      [live(PG16)],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "modify");
    assert.equal(modifyInput(p).EngineVersion, "17");
    assert.equal(modifyInput(p).AllowMajorVersionUpgrade, true);
    assert.deepEqual(p.upgrade, { from: "16.4", to: "17", major: true });
  });

  it("policy.allowMajorVersionUpgrade allows it for every instance; the item's false wins", () => {
    const plan = computePlan(
      [
        desired(
          { DBInstanceIdentifier: "a", Engine: "postgres", EngineVersion: "17" },
          { policy: { allowMajorVersionUpgrade: true } },
        ),
        desired(
          { DBInstanceIdentifier: "b", Engine: "postgres", EngineVersion: "17" },
          { policy: { allowMajorVersionUpgrade: true }, allowMajorVersionUpgrade: false },
        ),
      ],
      [live({ ...PG16, DBInstanceIdentifier: "a" }), live({ ...PG16, DBInstanceIdentifier: "b" })],
    );
    assert.equal(entry(plan, "a").action, "modify");
    assert.equal(entry(plan, "b").action, "blocked");
  });

  it("a minor upgrade sends no AllowMajorVersionUpgrade and needs no allowance", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "16.6" })],
      [live(PG16)],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "modify");
    assert.equal("AllowMajorVersionUpgrade" in modifyInput(p), false);
    assert.deepEqual(p.upgrade, { from: "16.4", to: "16.6", major: false });
  });

  it("an auto minor upgrade reads as one to put in the spec: a notice, nothing blocked", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "16.4" })],
      [live({ ...PG16, EngineVersion: "16.6", AutoMinorVersionUpgrade: true })],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "noop");
    assert.deepEqual(p.blocked, []);
    assert.match(
      p.notices[0]?.message ?? "",
      /^orders-db: RDS upgraded it to 16\.6; update the spec \(EngineVersion at rdsctl\.yaml:4:5\)/,
    );
  });
});

describe("engine upgrades: the parameter and option groups", () => {
  const allow = { allowMajorVersionUpgrade: true };

  it("a custom group of the old family, not replaced, blocks before any call, with advice", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "17" }, allow)],
      [live({ ...PG16, ...pgGroup("app-pg16") })],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "blocked");
    assert.deepEqual(p.calls, []);
    const b = p.blocked.find((x) => x.field === "DBParameterGroupName");
    assert.equal(b?.kind, "refused");
    assert.match(b?.reason ?? "", /app-pg16 is a custom group of the old version/);
    assert.match(b?.reason ?? "", /parameterGroups: \(DBParameterGroupFamily: postgres17;/);
    assert.match(b?.reason ?? "", /rdsctl export/);
  });

  it("the same custom group declared again is blocked the same way", () => {
    const plan = computePlan(
      [
        desired(
          { Engine: "postgres", EngineVersion: "17", DBParameterGroupName: "app-pg16" },
          allow,
        ),
      ],
      [live({ ...PG16, ...pgGroup("app-pg16") })],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "blocked");
    assert.equal(p.blocked[0]?.field, "DBParameterGroupName");
  });

  it("a declared group of the new version goes in the same ModifyDBInstance as the version", () => {
    const plan = computePlan(
      [
        desired(
          { Engine: "postgres", EngineVersion: "17", DBParameterGroupName: "app-pg17" },
          allow,
        ),
      ],
      [live({ ...PG16, ...pgGroup("app-pg16") })],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "modify");
    const input = modifyInput(p);
    assert.equal(input.EngineVersion, "17");
    assert.equal(input.DBParameterGroupName, "app-pg17");
    assert.equal(input.AllowMajorVersionUpgrade, true);
    assert.equal(p.upgrade?.parameterGroup, "app-pg17");
  });

  it("on the default group with none declared, RDS moves it: said in a notice", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "17" }, allow)],
      [live(PG16)],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "modify");
    assert.equal("DBParameterGroupName" in modifyInput(p), false);
    assert.ok(
      p.notices.some((n) =>
        /the default parameter group default\.postgres16, and RDS moves it to the default parameter group/.test(
          n.message,
        ),
      ),
    );
  });

  it("a declared default group of the old family is blocked with advice", () => {
    const plan = computePlan(
      [
        desired(
          { Engine: "postgres", EngineVersion: "17", DBParameterGroupName: "default.postgres16" },
          allow,
        ),
      ],
      [live(PG16)],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "blocked");
    assert.match(
      p.blocked[0]?.reason ?? "",
      /default\.postgres17\) or leave DBParameterGroupName out/,
    );
  });

  it("a MySQL custom option group of the old major blocks; a declared new one is sent with it", () => {
    const mysql = {
      Engine: "mysql",
      EngineVersion: "8.0.35",
      ...pgGroup("default.mysql8.0"),
      OptionGroupMemberships: [{ OptionGroupName: "app-og80", Status: "in-sync" }],
    };
    const blocked = computePlan(
      [desired({ Engine: "mysql", EngineVersion: "8.4" }, allow)],
      [live(mysql)],
    );
    assert.equal(entry(blocked, "orders-db").blocked[0]?.field, "OptionGroupName");
    assert.match(
      entry(blocked, "orders-db").blocked[0]?.reason ?? "",
      /--major-engine-version 8\.4/,
    );
    const sent = computePlan(
      [desired({ Engine: "mysql", EngineVersion: "8.4", OptionGroupName: "app-og84" }, allow)],
      [live(mysql)],
    );
    const p = entry(sent, "orders-db");
    assert.equal(p.action, "modify");
    assert.equal(modifyInput(p).OptionGroupName, "app-og84");
    assert.equal(p.upgrade?.optionGroup, "app-og84");
  });
});

describe("engine upgrades: PostgreSQL replicas are upgraded with their source", () => {
  const source = (members: Partial<DBInstance> = {}) =>
    live({
      ...PG16,
      ReadReplicaDBInstanceIdentifiers: ["orders-replica", "reports-replica"],
      ...members,
    });
  const replica = (id: string) =>
    live({ ...PG16, DBInstanceIdentifier: id, ReadReplicaSourceDBInstanceIdentifier: "orders-db" });

  it("the source's step lists its in-Region replicas; a declared replica gets withSource and no call", () => {
    const plan = computePlan(
      [
        desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true }),
        desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
      ],
      [source(), replica("orders-replica"), replica("reports-replica")],
    );
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "modify");
    assert.deepEqual(s.upgrade?.upgradedWith, ["orders-replica", "reports-replica"]);
    const r = entry(plan, "orders-replica");
    assert.deepEqual(r.upgrade, { from: "16.4", to: "17", major: true, withSource: "orders-db" });
    assert.equal(r.calls.length, 0);
  });

  it("a replica on a custom group of the old family is told it ends on the new default group", () => {
    const plan = computePlan(
      [
        desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true }),
        desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
      ],
      [source(), live({ ...replica("orders-replica"), ...pgGroup("app-pg16") })],
    );
    const r = entry(plan, "orders-replica");
    assert.ok(
      r.notices.some((n) =>
        /RDS leaves it on the default group of the new version \(default\.postgres17\), not on its custom group app-pg16/.test(
          n.message,
        ),
      ),
      JSON.stringify(r.notices),
    );
    const onDefault = computePlan(
      [
        desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true }),
        desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
      ],
      [source(), replica("orders-replica")],
    );
    assert.deepEqual(entry(onDefault, "orders-replica").notices, []);
  });

  it("a cross-Region replica blocks the source's major upgrade, with advice", () => {
    const plan = computePlan(
      [desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true })],
      [
        source({
          ReadReplicaDBInstanceIdentifiers: ["arn:aws:rds:eu-west-1:123456789012:db:orders-eu"],
        }),
      ],
    );
    const p = entry(plan, "orders-db");
    assert.equal(p.action, "blocked");
    assert.equal(p.blocked[0]?.kind, "refused");
    assert.match(p.blocked[0]?.reason ?? "", /cross-Region read replica orders-eu/);
    assert.match(p.blocked[0]?.reason ?? "", /Promote or delete the cross-Region replica first/);
  });
});

describe("engine upgrades: a PostgreSQL minor upgrade takes the replicas first", () => {
  const source = () => live({ ...PG16, ReadReplicaDBInstanceIdentifiers: ["orders-replica"] });
  const replica = (members: Partial<DBInstance> = {}) =>
    live({
      ...PG16,
      DBInstanceIdentifier: "orders-replica",
      ReadReplicaSourceDBInstanceIdentifier: "orders-db",
      ...members,
    });
  const spec = [
    desired({ Engine: "postgres", EngineVersion: "16.6" }),
    desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
  ];

  it("the replica gets its own minor upgrade to its source's declared version; the source's comes after", () => {
    const plan = computePlan(spec, [source(), replica()]);
    const r = entry(plan, "orders-replica");
    assert.equal(r.action, "modify");
    assert.equal(modifyInput(r).EngineVersion, "16.6");
    assert.equal(modifyInput(r).AllowMajorVersionUpgrade, undefined);
    assert.deepEqual(r.upgrade, { from: "16.4", to: "16.6", major: false });
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "modify");
    assert.deepEqual(s.upgrade?.after, ["orders-replica"]);
    assert.equal(s.upgrade?.upgradedWith, undefined);
  });

  it("once the replica runs the target (apply stopped between them), only the source is planned", () => {
    const plan = computePlan(spec, [source(), replica({ EngineVersion: "16.6" })]);
    assert.equal(entry(plan, "orders-replica").action, "noop");
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "modify");
    assert.equal(s.upgrade?.after, undefined);
  });

  it("an undeclared replica that is behind is read, and blocks the source until it is upgraded", () => {
    const only = [desired({ Engine: "postgres", EngineVersion: "16.6" })];
    assert.deepEqual(undeclaredReplicasToRead(only, [source()]), ["orders-replica"]);
    const plan = computePlan(only, [source(), replica()]);
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "blocked");
    assert.match(s.blocked.map((b) => b.reason).join(" "), /orders-replica/);
  });

  it("a major upgrade still takes them along: the replica's version is not compared", () => {
    const plan = computePlan(
      [
        desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true }),
        spec[1] as (typeof spec)[number],
      ],
      [source(), replica()],
    );
    assert.deepEqual(entry(plan, "orders-db").upgrade?.upgradedWith, ["orders-replica"]);
    assert.equal(entry(plan, "orders-replica").upgrade?.withSource, "orders-db");
    assert.equal(
      undeclaredReplicasToRead([desired({ Engine: "postgres", EngineVersion: "17" })], [source()])
        .length,
      0,
    );
  });
});

describe("engine upgrades: MySQL and MariaDB replicas are upgraded first", () => {
  const MY80 = { Engine: "mysql", EngineVersion: "8.0.35", ...pgGroup("default.mysql8.0") };
  const mySource = (members: Partial<DBInstance> = {}) =>
    live({ ...MY80, ReadReplicaDBInstanceIdentifiers: ["orders-replica"], ...members });
  const myReplica = (members: Partial<DBInstance> = {}) =>
    live({
      ...MY80,
      DBInstanceIdentifier: "orders-replica",
      ReadReplicaSourceDBInstanceIdentifier: "orders-db",
      ...members,
    });
  const spec = [
    desired({ Engine: "mysql", EngineVersion: "8.4" }, { allowMajorVersionUpgrade: true }),
    desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
  ];

  it("a replica behind its source's declared version gets its own upgrade; the source's comes after", () => {
    const plan = computePlan(spec, [mySource(), myReplica()]);
    const r = entry(plan, "orders-replica");
    assert.equal(r.action, "modify");
    assert.equal(modifyInput(r).EngineVersion, "8.4");
    // Allowed by its source's item.
    assert.equal(modifyInput(r).AllowMajorVersionUpgrade, true);
    assert.deepEqual(r.upgrade, { from: "8.0.35", to: "8.4", major: true });
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "modify");
    assert.deepEqual(s.upgrade?.after, ["orders-replica"]);
  });

  it("planned again once the replica is upgraded (apply killed between them): only the source", () => {
    const plan = computePlan(spec, [mySource(), myReplica({ EngineVersion: "8.4.3" })]);
    assert.equal(entry(plan, "orders-replica").action, "noop");
    const s = entry(plan, "orders-db");
    assert.equal(s.action, "modify");
    assert.equal(s.upgrade?.after, undefined);
  });

  it("a replica newer than its source's declared version is no downgrade", () => {
    const plan = computePlan(
      [
        desired({ Engine: "mysql", EngineVersion: "8.0.35" }),
        desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
      ],
      [mySource(), myReplica({ EngineVersion: "8.0.36", AutoMinorVersionUpgrade: false })],
    );
    assert.equal(entry(plan, "orders-replica").action, "noop");
  });

  it("a replica's major upgrade is blocked when its source's item does not allow it", () => {
    const plan = computePlan(
      [
        desired({ Engine: "mysql", EngineVersion: "8.4" }),
        desired({ DBInstanceIdentifier: "orders-replica" }, { replicaSource: "orders-db" }),
      ],
      [mySource(), myReplica()],
    );
    const r = entry(plan, "orders-replica");
    assert.equal(r.action, "blocked");
    assert.match(r.blocked[0]?.reason ?? "", /on the item of its source orders-db/);
  });

  it("an undeclared live replica that is behind blocks the source; one already upgraded does not", () => {
    const only = [spec[0]!];
    const behind = computePlan(only, [mySource(), myReplica()]);
    const p = entry(behind, "orders-db");
    assert.equal(p.action, "blocked");
    assert.match(p.blocked[0]?.reason ?? "", /read replica orders-replica runs an older version/);
    assert.match(p.blocked[0]?.reason ?? "", /SourceDBInstanceIdentifier: orders-db/);
    const ahead = computePlan(only, [mySource(), myReplica({ EngineVersion: "8.4.3" })]);
    assert.equal(entry(ahead, "orders-db").action, "modify");
  });

  it("the undeclared replicas of a source being upgraded are the ones to read", () => {
    assert.deepEqual(undeclaredReplicasToRead([spec[0]!], [mySource()]), ["orders-replica"]);
    assert.deepEqual(undeclaredReplicasToRead(spec, [mySource()]), []);
    const same = desired({ Engine: "mysql", EngineVersion: "8.0" });
    assert.deepEqual(undeclaredReplicasToRead([same], [mySource()]), []);
  });

  it("apply's recheck of a replica plans it as the whole spec did", () => {
    const plan = computePlan(spec, [mySource(), myReplica()]);
    const r = entry(plan, "orders-replica");
    assert.doesNotThrow(() => checkStillPlanned(r, spec[1]!, myReplica(), {}, spec));
    // Without its source's item, the replica has no version to reach: that would be stale.
    assert.throws(() => checkStillPlanned(r, spec[1]!, myReplica(), {}));
  });
});
