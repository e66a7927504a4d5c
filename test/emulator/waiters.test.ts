import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  ModifyDBInstanceCommand,
  waitUntilDBInstanceAvailable,
  waitUntilDBInstanceDeleted,
} from "@aws-sdk/client-rds";
import {
  assertWaiterFails,
  CREATE_MS,
  createInput,
  FAST_POLL,
  type Harness,
  suiteHarness,
} from "./_harness.js";

/** Move the manual clock forward in the background while a waiter polls. */
function ticking(h: Harness, stepMs: number): () => void {
  const timer = setInterval(() => h.emu.advance(stepMs), 5);
  return () => clearInterval(timer);
}

describe("SDK waiters against the emulator", () => {
  const h = suiteHarness();

  it("waitUntilDBInstanceAvailable succeeds once creating and backing-up are over", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput("w1")));
    const stop = ticking(h, 500);
    try {
      const out = await waitUntilDBInstanceAvailable(
        { client: h.rds, maxWaitTime: 10, ...FAST_POLL },
        { DBInstanceIdentifier: "w1" },
      );
      assert.equal(out.state, "SUCCESS");
    } finally {
      stop();
    }
    const log = h.emu.requestLog().filter((e) => e.action === "DescribeDBInstances");
    assert.ok(log.length >= 2, "the waiter polled more than once");
  });

  it("waitUntilDBInstanceAvailable fails when the instance is being deleted", async () => {
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "w1", SkipFinalSnapshot: true }),
    );
    await assertWaiterFails(waitUntilDBInstanceAvailable, h.rds, "w1");
  });

  it("waitUntilDBInstanceDeleted succeeds once the instance is gone (DBInstanceNotFound)", async () => {
    const stop = ticking(h, 500);
    try {
      const out = await waitUntilDBInstanceDeleted(
        { client: h.rds, maxWaitTime: 10, ...FAST_POLL },
        { DBInstanceIdentifier: "w1" },
      );
      assert.equal(out.state, "SUCCESS");
    } finally {
      stop();
    }
  });

  it("waitUntilDBInstanceDeleted fails on an instance that is creating", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput("w2")));
    await assertWaiterFails(waitUntilDBInstanceDeleted, h.rds, "w2");
  });

  it("waitUntilDBInstanceAvailable right after a modify returns at once: the status still reads available", async () => {
    h.emu.advance(CREATE_MS);
    await h.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: "w2",
        DBInstanceClass: "db.t3.small",
        ApplyImmediately: true,
      }),
    );
    const out = await waitUntilDBInstanceAvailable(
      { client: h.rds, maxWaitTime: 5, ...FAST_POLL },
      { DBInstanceIdentifier: "w2" },
    );
    assert.equal(out.state, "SUCCESS");
    const body = out.reason as {
      DBInstances: Array<{ PendingModifiedValues?: { DBInstanceClass?: string } }>;
    };
    assert.equal(body.DBInstances[0]?.PendingModifiedValues?.DBInstanceClass, "db.t3.small");
  });

  it("waitUntilDBInstanceAvailable times out on a stopped instance", async () => {
    h.emu.advance(4000);
    const { StopDBInstanceCommand } = await import("@aws-sdk/client-rds");
    await h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "w2" }));
    h.emu.advance(2000);
    await assert.rejects(
      waitUntilDBInstanceAvailable(
        { client: h.rds, maxWaitTime: 0.3, minDelay: 0.05, maxDelay: 0.1 },
        { DBInstanceIdentifier: "w2" },
      ),
      (err: Error) => err.name === "TimeoutError" || /TIMEOUT/.test(err.message),
    );
  });
});
