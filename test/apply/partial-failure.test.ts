import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RdsApi } from "../../src/aws/rds-api.js";
import {
  ApplyFailedError,
  ApplyInterruptedError,
  AwsCallError,
  InstanceFailedError,
} from "../../src/errors.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * One instance failing must not hide what apply did to the others: every
 * instance finishes when it can, and ApplyFailedError carries every outcome
 * and every error.
 */
describe("apply with some instances failing reports every outcome", () => {
  const t = suiteEmulator();

  /** The emulator's api, with CreateDBInstance refused for one identifier. */
  function refusingCreate(refused: string): RdsApi {
    return {
      ...t.api,
      createInstance: async (input) => {
        if (input.DBInstanceIdentifier === refused) {
          throw new AwsCallError(`${refused}: CreateDBInstance: quota exceeded`, "QuotaExceeded");
        }
        return t.api.createInstance(input);
      },
    };
  }

  it("a call error and a failed status: the others are created and modified, both errors carried", async () => {
    await applySpec(
      specOf(desiredInstance("mod-ok")),
      { region: "us-east-1", apiFactory: () => t.api },
      t.clock,
    );
    const conn: WorkflowConnection = {
      region: "us-east-1",
      apiFactory: () => refusingCreate("refused"),
    };
    const spec = specOf(
      desiredInstance("new-ok"),
      desiredInstance("mod-ok", { BackupRetentionPeriod: 3 }, { applyImmediately: true }),
      desiredInstance("refused"),
      desiredInstance("goes-bad"),
    );
    const onProgress = (e: { type: string; id: string; call?: string }) => {
      if (e.type === "call-done" && e.id === "goes-bad") {
        t.emulator.setInstanceStatus("goes-bad", "failed", { afterMs: 1000 });
      }
    };
    const thrown = await applySpec(spec, conn, { ...t.clock, onProgress }).then(
      () => assert.fail("apply must fail"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError, `got ${String(thrown)}`);
    const outcomes = thrown.result.instances.map((i) => [i.id, i.outcome, i.calls]);
    assert.deepEqual(outcomes, [
      ["new-ok", "created", ["create"]],
      ["mod-ok", "modified", ["modify"]],
      ["refused", "failed", []],
      ["goes-bad", "failed", ["create"]],
    ]);
    assert.equal(thrown.result.mutatingCalls, 3);
    assert.equal(thrown.errors.length, 2);
    assert.ok(thrown.errors[0] instanceof AwsCallError);
    assert.ok(thrown.errors[1] instanceof InstanceFailedError);
    assert.equal(thrown.result.instances[2]?.error, thrown.errors[0]);
    assert.match(thrown.message, /2 of 4 instance/);
    assert.match(thrown.message, /refused: CreateDBInstance: quota exceeded/);
    assert.match(thrown.message, /goes-bad: /);
    // The successful ones really finished: waited until stable, nothing left to do.
    const ok = thrown.result.instances.filter((i) => i.outcome !== "failed");
    assert.ok(ok.every((i) => i.waited && i.status === "available"));
    const again = await planSpec(
      specOf(desiredInstance("new-ok"), desiredInstance("mod-ok", { BackupRetentionPeriod: 3 })),
      conn,
    );
    assert.deepEqual(
      again.plan.instances.map((i) => i.action),
      ["noop", "noop"],
    );
  });

  it("an aborted signal stops new calls: what was sent is reported, the rest fail as interrupted", async () => {
    const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
    const interrupt = new AbortController();
    const spec = specOf(desiredInstance("first"), desiredInstance("second"));
    // Only one instance at a time: the second waits for a slot while the first is created.
    const onProgress = (e: { type: string; id: string }) => {
      if (e.type === "call-done" && e.id === "first") interrupt.abort();
    };
    const thrown = await applySpec(spec, conn, {
      ...t.clock,
      concurrency: 1,
      onProgress,
      signal: interrupt.signal,
    }).then(
      () => assert.fail("apply must report the interruption"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError, `got ${String(thrown)}`);
    assert.deepEqual(
      thrown.result.instances.map((i) => [i.id, i.outcome, i.calls]),
      [
        ["first", "failed", ["create"]],
        ["second", "failed", []],
      ],
    );
    assert.ok(thrown.errors.every((e) => e instanceof ApplyInterruptedError));
    assert.deepEqual(
      t.actions().filter((a) => a === "CreateDBInstance"),
      ["CreateDBInstance"],
      "nothing was sent after the interruption",
    );
  });
});
