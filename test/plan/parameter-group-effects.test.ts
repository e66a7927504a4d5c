import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ResourcePlan } from "../../src/kinds/types.js";
import { computePlan } from "../../src/plan/compute.js";
import { restartsNow } from "../../src/plan/downtime.js";
import { rebootNotices } from "../../src/plan/reboot-notices.js";
import type { InstancePlan, PlanOptions } from "../../src/plan/types.js";
import { desired, live } from "./_fixtures.js";

/**
 * What a change to a parameter group (PlanOptions.parameterGroupChanges, from
 * the group's plan) does to the plan of each instance that uses it: static
 * parameters need a reboot (planned only with the policy or --reboot),
 * dynamic ones a wait until in-sync, and an instance created now nothing.
 */

const FIELDS = { DBInstanceClass: "db.t3.micro", DBParameterGroupName: "orders-pg" };

function liveWith(id: string, status = "in-sync", group = "orders-pg") {
  return live({
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    DBParameterGroups: [{ DBParameterGroupName: group, ParameterApplyStatus: status }],
  });
}

function changes(staticNames: string[], dynamic: string[] = []): PlanOptions {
  return {
    parameterGroupChanges: new Map([
      ["orders-pg", { name: "orders-pg", static: staticNames, dynamic }],
    ]),
  };
}

function only(plan: { instances: InstancePlan[] }): InstancePlan {
  const [inst] = plan.instances;
  assert.ok(inst !== undefined);
  return inst;
}

describe("instances of a parameter group this plan changes", () => {
  it("static parameters with policy.rebootWhenNeeded: a reboot, with downtime and its reason", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", ...FIELDS },
      { policy: { rebootWhenNeeded: true } },
    );
    const inst = only(computePlan([d], [liveWith("orders-db")], changes(["shared_buffers"])));
    assert.equal(inst.action, "modify");
    assert.deepEqual(inst.calls, [{ kind: "reboot" }]);
    assert.ok(restartsNow(inst), "a planned reboot takes its turn under the downtime limit");
    const [change] = inst.changes;
    assert.equal(inst.changes.length, 1);
    assert.equal(change?.field, "DBParameterGroupName");
    assert.equal(change?.downtime, true);
    assert.equal(change?.timing, "immediate");
    assert.match(
      change?.risk?.reason ?? "",
      /^orders-db is rebooted so that the new values of shared_buffers \(orders-pg\) take effect$/,
    );
    assert.ok(
      inst.notices.some((n) =>
        n.message.startsWith(
          "shared_buffers: static, needs a reboot of orders-db; apply reboots it",
        ),
      ),
      JSON.stringify(inst.notices),
    );
    assert.deepEqual(inst.parameterGroupChange, {
      group: "orders-pg",
      dynamic: [],
      static: ["shared_buffers"],
      reboot: true,
    });
  });

  it("static parameters with --reboot (PlanOptions.reboot) plan the same reboot", () => {
    const d = desired({ DBInstanceIdentifier: "orders-db", ...FIELDS });
    const options = { ...changes(["shared_buffers"]), reboot: true };
    const inst = only(computePlan([d], [liveWith("orders-db")], options));
    assert.deepEqual(inst.calls, [{ kind: "reboot" }]);
    assert.ok(inst.notices.some((n) => n.message.includes("apply reboots it (--reboot)")));
  });

  it("static parameters without the policy: a notice, no call, left pending-reboot", () => {
    const d = desired({ DBInstanceIdentifier: "orders-db", ...FIELDS });
    const inst = only(computePlan([d], [liveWith("orders-db")], changes(["shared_buffers"])));
    assert.equal(inst.action, "noop");
    assert.deepEqual(inst.calls, []);
    assert.deepEqual(inst.changes, []);
    assert.equal(inst.parameterGroupChange?.reboot, false);
    const notice = inst.notices.find((n) => n.message.includes("static"));
    assert.match(
      notice?.message ?? "",
      /^shared_buffers: static, needs a reboot of orders-db; apply leaves it pending-reboot\. Run apply with --reboot/,
    );
  });

  it("the same entry whether the group already reads pending-reboot or not (the check before the calls)", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", ...FIELDS },
      { policy: { rebootWhenNeeded: true } },
    );
    const options = changes(["shared_buffers"]);
    const before = only(computePlan([d], [liveWith("orders-db", "in-sync")], options));
    const after = only(computePlan([d], [liveWith("orders-db", "pending-reboot")], options));
    assert.deepEqual(after.changes, before.changes);
    assert.deepEqual(after.calls, before.calls);
    assert.deepEqual(after.calls, [{ kind: "reboot" }], "one reboot, not one per reason");
  });

  it("dynamic parameters: no reboot, no call; the instance is marked to be waited on", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", ...FIELDS },
      { policy: { rebootWhenNeeded: true } },
    );
    const inst = only(computePlan([d], [liveWith("orders-db")], changes([], ["work_mem"])));
    assert.equal(inst.action, "noop");
    assert.deepEqual(inst.calls, []);
    assert.equal(restartsNow(inst), false);
    assert.deepEqual(inst.parameterGroupChange, {
      group: "orders-pg",
      dynamic: ["work_mem"],
      static: [],
      reboot: false,
    });
    assert.ok(
      inst.notices.some((n) =>
        /work_mem: dynamic.*waits until orders-db is in-sync/.test(n.message),
      ),
    );
  });

  it("dynamic parameters on a group already pending-reboot: the pending reboot is still planned", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", ...FIELDS },
      { policy: { rebootWhenNeeded: true } },
    );
    const db = liveWith("orders-db", "pending-reboot");
    const inst = only(computePlan([d], [db], changes([], ["work_mem"])));
    assert.deepEqual(inst.calls, [{ kind: "reboot" }]);
    assert.equal(inst.parameterGroupChange?.reboot, false);
    assert.deepEqual(inst.parameterGroupChange?.dynamic, ["work_mem"]);
  });

  it("the live group counts when the spec names none", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", DBInstanceClass: "db.t3.micro" },
      { policy: { rebootWhenNeeded: true } },
    );
    const inst = only(computePlan([d], [liveWith("orders-db")], changes(["shared_buffers"])));
    assert.deepEqual(inst.calls, [{ kind: "reboot" }]);
  });

  it("an instance of another group, and one switched to the group by this plan, get nothing from it", () => {
    const policy = { policy: { rebootWhenNeeded: true } };
    const other = desired(
      { DBInstanceIdentifier: "other-db", DBInstanceClass: "db.t3.micro" },
      policy,
    );
    const switched = desired({ DBInstanceIdentifier: "switch-db", ...FIELDS }, policy);
    const plan = computePlan(
      [other, switched],
      [liveWith("other-db", "in-sync", "other-pg"), liveWith("switch-db", "in-sync", "old-pg")],
      changes(["shared_buffers"]),
    );
    const [a, b] = plan.instances;
    assert.equal(a?.action, "noop");
    assert.equal(a?.parameterGroupChange, undefined);
    // The switch is its own modify; its reboot follows it (the follow-up reboot of apply).
    assert.equal(b?.parameterGroupChange, undefined);
    assert.deepEqual(
      b?.calls.map((c) => c.kind),
      ["modify"],
    );
  });

  it("an instance created in this plan needs nothing: it starts with the group's values", () => {
    const d = desired(
      { DBInstanceIdentifier: "orders-db", ...FIELDS, Engine: "postgres" },
      { policy: { rebootWhenNeeded: true } },
    );
    const inst = only(computePlan([d], [], changes(["shared_buffers"], ["work_mem"])));
    assert.equal(inst.action, "create");
    assert.deepEqual(
      inst.calls.map((c) => c.kind),
      ["create"],
    );
    assert.equal(inst.parameterGroupChange, undefined);
    assert.equal(inst.notices.filter((n) => /static|dynamic/.test(n.message)).length, 0);
  });
});

describe("rebootNotices", () => {
  const group = (id: string, staticNames: string[], region?: string): ResourcePlan => ({
    kind: "parameter-group",
    id,
    ...(region === undefined ? {} : { region }),
    source: { file: "rdsctl.yaml", line: 1, column: 1 },
    action: "modify",
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
    instanceEffects: { static: staticNames, dynamic: [] },
  });

  it("says on the group every instance its static change needs a reboot of", () => {
    const policy = { policy: { rebootWhenNeeded: true } };
    const ids = ["orders-db", "orders-replica", "reports-db"];
    const plan = computePlan(
      ids.map((id) =>
        desired({ DBInstanceIdentifier: id, ...FIELDS }, id === "reports-db" ? {} : policy),
      ),
      ids.map((id) => liveWith(id)),
      changes(["shared_buffers"]),
    );
    const resources = [
      group("orders-pg", ["shared_buffers"]),
      group("other-pg", ["max_connections"]),
    ];
    const [orders, other] = rebootNotices(resources, plan.instances, "us-east-1");
    assert.deepEqual(
      orders?.notices.map((n) => n.message),
      [
        "shared_buffers: static, needs a reboot of orders-db, orders-replica, reports-db; " +
          "apply reboots orders-db, orders-replica and leaves the others pending-reboot.",
      ],
    );
    assert.deepEqual(other?.notices, [], "no instance uses it: nothing to say");
    assert.deepEqual(resources[0]?.notices, [], "the input is not changed");
  });

  it("a group of another region names none of this region's instances", () => {
    const d = desired({ DBInstanceIdentifier: "orders-db", ...FIELDS });
    const plan = computePlan([d], [liveWith("orders-db")], changes(["shared_buffers"]));
    const [west] = rebootNotices(
      [group("orders-pg", ["shared_buffers"], "eu-west-1")],
      plan.instances,
      "us-east-1",
    );
    assert.deepEqual(west?.notices, []);
    const [east] = rebootNotices(
      [group("orders-pg", ["shared_buffers"])],
      plan.instances,
      "us-east-1",
    );
    assert.match(
      east?.notices[0]?.message ?? "",
      /needs a reboot of orders-db; apply leaves them pending-reboot/,
    );
  });
});
