import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { snapshotName } from "../../src/apply/snapshot.js";
import type { ProgressEvent } from "../../src/apply/types.js";
import { ApplyFailedError } from "../../src/errors.js";
import type { PlanOptions } from "../../src/plan/types.js";
import { applyResultToJson } from "../../src/render/apply-result.js";
import { planToJson } from "../../src/render/plan-json.js";
import type { SnapshotTrigger } from "../../src/spec/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { MUTATING_ACTIONS, suiteEmulator } from "../helpers/emulator.js";

describe("snapshotBefore: apply takes a snapshot before the change", () => {
  const t = suiteEmulator();
  const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };

  it("names the snapshot after the instance and the apply's clock, in UTC", () => {
    assert.equal(
      snapshotName("orders-db", Date.UTC(2026, 0, 2, 3, 4, 5)),
      "orders-db-rdsctl-20260102-030405",
    );
  });

  it("a class change with snapshotBefore [class-change]: one snapshot, available, before ModifyDBInstance; a second apply sends nothing", async () => {
    await applySpec(specOf(desiredInstance("snapdb")), conn, t.clock);
    const spec = specOf(
      desiredInstance(
        "snapdb",
        { DBInstanceClass: "db.t3.small" },
        { applyImmediately: true, policy: { snapshotBefore: ["class-change"] } },
      ),
    );
    const { plan } = await planSpec(spec, conn);
    assert.deepEqual(planToJson(plan).instances[0]?.steps, [
      "CreateDBSnapshot",
      "ModifyDBInstance",
    ]);
    t.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const applied = await applySpec(spec, conn, {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    // The request order the emulator saw: the snapshot, polled until available, then the change.
    const log = t.emulator.requestLog().map((e) => e.action);
    assert.deepEqual(t.mutating(), ["CreateDBSnapshot", "ModifyDBInstance"]);
    const created = log.indexOf("CreateDBSnapshot");
    const modified = log.indexOf("ModifyDBInstance");
    assert.ok(log.slice(created, modified).includes("DescribeDBSnapshots"), log.join(","));
    const result = applied.result.instances[0];
    assert.ok(result);
    assert.equal(result.outcome, "modified");
    assert.deepEqual(result.calls, ["snapshot", "modify"]);
    assert.match(result.snapshot ?? "", /^snapdb-rdsctl-\d{8}-\d{6}$/);
    // Named from the apply's clock (here the emulator's) when it was sent.
    const sentAt = t.emulator.requestLog().find((e) => e.action === "CreateDBSnapshot")?.time;
    assert.equal(result.snapshot, snapshotName("snapdb", Date.parse(sentAt ?? "")));
    const snap = await t.api.describeSnapshot?.(result.snapshot ?? "");
    assert.equal(snap?.Status, "available");
    assert.equal(snap?.DBInstanceIdentifier, "snapdb");
    assert.equal((await t.api.describeInstance("snapdb"))?.DBInstanceClass, "db.t3.small");
    assert.equal(applyResultToJson(applied.result).instances[0]?.snapshot, result.snapshot);
    const types = events.filter((e) => e.id === "snapdb").map((e) => e.type);
    assert.ok(types.includes("snapshot") && types.includes("wait-snapshot"), types.join(","));

    t.emulator.clearRequestLog();
    const again = await applySpec(spec, conn, t.clock);
    assert.equal(again.plan.instances[0]?.action, "noop");
    assert.deepEqual(t.mutating(), []);
    assert.equal(again.result.instances[0]?.snapshot, undefined);
  });

  it("--snapshot-before (plan options) takes one too; without either, none is taken", async () => {
    await applySpec(specOf(desiredInstance("flagdb")), conn, t.clock);
    const spec = (cls: string) =>
      specOf(desiredInstance("flagdb", { DBInstanceClass: cls }, { applyImmediately: true }));
    t.emulator.clearRequestLog();
    await applySpec(spec("db.t3.small"), conn, t.clock);
    assert.deepEqual(t.mutating(), ["ModifyDBInstance"]);
    t.emulator.clearRequestLog();
    const applied = await applySpec(spec("db.t3.medium"), conn, {
      ...t.clock,
      planOptions: { snapshotBefore: ["class-change"] },
    });
    assert.deepEqual(t.mutating(), ["CreateDBSnapshot", "ModifyDBInstance"]);
    assert.match(applied.result.instances[0]?.snapshot ?? "", /^flagdb-rdsctl-/);
  });

  it("interrupted while the snapshot is creating: nothing else is sent; a later run takes a new one, then the change", async () => {
    await applySpec(specOf(desiredInstance("killdb")), conn, t.clock);
    const spec = specOf(
      desiredInstance(
        "killdb",
        { DBInstanceClass: "db.t3.small" },
        { applyImmediately: true, policy: { snapshotBefore: ["class-change"] } },
      ),
    );
    const interrupt = new AbortController();
    t.emulator.clearRequestLog();
    await assert.rejects(
      applySpec(spec, conn, {
        ...t.clock,
        signal: interrupt.signal,
        onProgress: (e) => {
          if (e.type === "snapshot") interrupt.abort();
        },
      }),
    );
    assert.deepEqual(t.mutating(), ["CreateDBSnapshot"]);
    assert.equal((await t.api.describeInstance("killdb"))?.DBInstanceClass, "db.t3.micro");
    // Run again a moment later, the first snapshot still creating.
    t.emulator.advance(1000);
    t.emulator.clearRequestLog();
    const again = await applySpec(spec, conn, t.clock);
    assert.deepEqual(t.mutating(), ["CreateDBSnapshot", "ModifyDBInstance"]);
    // A new snapshot, under a new name: RDS took it (not DBSnapshotAlreadyExists).
    assert.deepEqual(
      t.emulator
        .requestLog()
        .filter((e) => e.action === "CreateDBSnapshot")
        .map((e) => e.status),
      [200],
    );
    const second = again.result.instances[0]?.snapshot;
    assert.match(second ?? "", /^killdb-rdsctl-/);
    assert.equal((await t.api.describeSnapshot?.(second ?? ""))?.Status, "available");
    assert.equal((await t.api.describeInstance("killdb"))?.DBInstanceClass, "db.t3.small");
  });

  it("risky covers a reboot for a static parameter change: the snapshot, then the reboot", async () => {
    const raw = t.rawClient();
    await raw.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "snap-pg16",
        DBParameterGroupFamily: "postgres16",
        Description: "app parameters",
      }),
    );
    raw.destroy();
    const declared = (snapshotBefore?: SnapshotTrigger[]) =>
      specOf(
        desiredInstance(
          "rebootdb",
          { DBParameterGroupName: "snap-pg16" },
          { policy: { rebootWhenNeeded: true, ...(snapshotBefore ? { snapshotBefore } : {}) } },
        ),
      );
    await applySpec(specOf(desiredInstance("rebootdb")), conn, t.clock);
    // Switched to the group with nothing to reboot yet; then a static change of it is planned.
    await applySpec(declared(), conn, t.clock);
    const staticChange: PlanOptions = {
      parameterGroupChanges: new Map([
        ["snap-pg16", { name: "snap-pg16", static: ["shared_buffers"], dynamic: [] }],
      ]),
    };
    const { plan } = await planSpec(declared(["risky"]), conn, staticChange);
    const planned = plan.instances[0];
    assert.deepEqual(
      planned?.calls.map((c) => c.kind),
      ["snapshot", "reboot"],
    );
    assert.deepEqual(planned?.snapshotBefore, ["risky"]);
    t.emulator.clearRequestLog();
    const applied = await applySpec(declared(["risky"]), conn, {
      ...t.clock,
      planOptions: staticChange,
    });
    assert.deepEqual(t.mutating(), ["CreateDBSnapshot", "RebootDBInstance"]);
    assert.deepEqual(applied.result.instances[0]?.calls, ["snapshot", "reboot"]);
    assert.match(applied.result.instances[0]?.snapshot ?? "", /^rebootdb-rdsctl-/);
  });

  it("a snapshot that cannot be taken fails the instance and sends nothing else", async () => {
    await applySpec(specOf(desiredInstance("denieddb")), conn, t.clock);
    const spec = specOf(
      desiredInstance(
        "denieddb",
        { DBInstanceClass: "db.t3.small" },
        { applyImmediately: true, policy: { snapshotBefore: ["class-change"] } },
      ),
    );
    t.emulator.setDenied(["CreateDBSnapshot"]);
    t.emulator.clearRequestLog();
    try {
      const failed = await applySpec(spec, conn, t.clock).then(
        () => assert.fail("must fail"),
        (e: unknown) => e,
      );
      assert.ok(failed instanceof ApplyFailedError);
      const r = failed.result.instances[0];
      assert.equal(r?.outcome, "failed");
      assert.deepEqual(r?.calls, []);
      assert.equal(r?.snapshot, undefined);
    } finally {
      t.emulator.setDenied([]);
    }
    // The snapshot was refused (AccessDenied), and nothing was sent after it.
    assert.deepEqual(
      t.emulator
        .requestLog()
        .filter((e) => MUTATING_ACTIONS.has(e.action))
        .map((e) => [e.action, e.status]),
      [["CreateDBSnapshot", 403]],
    );
    assert.equal((await t.api.describeInstance("denieddb"))?.DBInstanceClass, "db.t3.micro");
  });
});
