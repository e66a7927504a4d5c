import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import type { ProgressEvent } from "../../src/apply/types.js";
import type { PlanOptions } from "../../src/plan/types.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * The instance side of a parameter group's static change, with the real SDK
 * against the emulator. The group's own change is made by its kind before the
 * instances; here the instances reach the state it leaves them in
 * (pending-reboot) by being switched to the group, and the plan is told of the
 * change as the pipeline tells it (PlanOptions.parameterGroupChanges).
 */
describe("rolling reboots of a group's instances, on the emulator", () => {
  const t = suiteEmulator();
  const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
  const ids = ["orders-db", "orders-replica", "reports-db"];

  function fleet(group: string, rebootWhenNeeded = false): DesiredInstance[] {
    const policy = { rebootWhenNeeded };
    const fields = { DBParameterGroupName: group };
    return [
      desiredInstance("orders-db", { ...fields, BackupRetentionPeriod: 1 }, { policy }),
      desiredInstance("orders-replica", fields, { policy, replicaSource: "orders-db" }),
      desiredInstance("reports-db", fields, { policy }),
    ];
  }

  const statuses = async () =>
    Promise.all(ids.map(async (id) => (await t.api.describeInstance(id))?.DBParameterGroups?.[0]));

  const staticChange: PlanOptions = {
    parameterGroupChanges: new Map([
      ["orders-pg", { name: "orders-pg", static: ["shared_buffers"], dynamic: [] }],
    ]),
  };

  beforeEach(async () => {
    const raw = t.rawClient();
    for (const name of ["first-pg", "orders-pg"]) {
      await raw.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: name,
          DBParameterGroupFamily: "postgres16",
          Description: "app parameters",
        }),
      );
    }
    raw.destroy();
    await applySpec(specOf(...fleet("first-pg", true)), conn, t.clock);
    // Switched without a reboot: every instance is left pending-reboot on orders-pg.
    const left = await applySpec(specOf(...fleet("orders-pg")), conn, t.clock);
    assert.deepEqual(left.result.pendingReboot, ids);
    for (const g of await statuses()) {
      assert.deepEqual(
        [g?.DBParameterGroupName, g?.ParameterApplyStatus],
        ["orders-pg", "pending-reboot"],
      );
    }
  });

  it("with --reboot and a limit of 1: one at a time, the replica before its source, all in-sync", async () => {
    const spec = specOf(...fleet("orders-pg"));
    const planOptions = { ...staticChange, reboot: true };
    const { plan } = await planSpec(spec, conn, planOptions);
    assert.deepEqual(
      plan.instances.map((i) => i.calls.map((c) => c.kind)),
      [["reboot"], ["reboot"], ["reboot"]],
    );
    const windows = new Map<string, { start: number; end?: number }>();
    const onProgress = (e: ProgressEvent) => {
      if (e.type === "call" && e.call === "reboot") windows.set(e.id, { start: t.emulator.now() });
      const w = windows.get(e.id);
      if (e.type === "stable" && w !== undefined) w.end = t.emulator.now();
    };
    t.emulator.clearRequestLog();
    const { result } = await applySpec(spec, conn, {
      ...t.clock,
      planOptions,
      maxParallelDowntime: 1,
      onProgress,
    });
    assert.deepEqual(t.mutating(), ["RebootDBInstance", "RebootDBInstance", "RebootDBInstance"]);
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls, r.status]),
      ids.map((id) => [id, "modified", ["reboot"], "available"]),
    );
    assert.equal(result.pendingReboot, undefined);
    const spans = ids.map((id) => {
      const w = windows.get(id);
      assert.ok(w?.end !== undefined, `${id} was rebooted and seen stable`);
      return { id, start: w.start, end: w.end };
    });
    for (const a of spans) {
      for (const b of spans) {
        if (a === b) continue;
        assert.ok(a.end <= b.start || b.end <= a.start, `${a.id} and ${b.id} overlapped`);
      }
    }
    const [primary, replica] = spans;
    assert.ok((replica?.end ?? 0) <= (primary?.start ?? 0), "the replica first");
    for (const g of await statuses()) assert.equal(g?.ParameterApplyStatus, "in-sync");

    // Done: planned again with the same change, the groups are in-sync and the reboot is not repeated.
    t.emulator.clearRequestLog();
    await applySpec(spec, conn, { ...t.clock, planOptions: { reboot: true } });
    assert.deepEqual(t.mutating(), []);
  });

  it("without the policy or --reboot: the plan says so and apply leaves them pending-reboot", async () => {
    const spec = specOf(...fleet("orders-pg"));
    t.emulator.clearRequestLog();
    const { plan, result } = await applySpec(spec, conn, {
      ...t.clock,
      planOptions: staticChange,
    });
    assert.deepEqual(t.mutating(), []);
    assert.ok(
      plan.instances.every((i) =>
        i.notices.some((n) =>
          n.message.startsWith(`shared_buffers: static, needs a reboot of ${i.id}`),
        ),
      ),
    );
    assert.deepEqual(result.pendingReboot, ids);
  });
});
