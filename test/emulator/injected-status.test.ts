import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  type ModifyDBInstanceCommandInput,
  RebootDBInstanceCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
  waitUntilDBInstanceAvailable,
  waitUntilDBInstanceDeleted,
} from "@aws-sdk/client-rds";
import { EmulatorError } from "../../src/emulator/index.js";
import {
  ADMIN,
  assertWaiterFails,
  CREATE_MS,
  createInput,
  FAST_POLL,
  harness,
  instancePerTest,
  rejectsWith,
  suiteHarness,
  suiteTempDir,
} from "./_harness.js";

describe("injected statuses (setInstanceStatus)", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "s");
  const get = (name = fresh.id) => h.instance(name);
  const modify = (input: Partial<ModifyDBInstanceCommandInput>) => h.modify(fresh.id, input);
  const reboot = () => h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: fresh.id }));

  it("failed: modify and reboot refused, delete only without a final snapshot, the waiter fails", async () => {
    h.emu.setInstanceStatus(fresh.id, "failed");
    assert.equal((await get()).DBInstanceStatus, "failed");
    h.emu.advance(60_000);
    assert.equal((await get()).DBInstanceStatus, "failed", "nothing moves a failed instance on");
    const e = await rejectsWith(
      modify({ DBInstanceClass: "db.t3.small", ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    assert.match(e.message, /state failed/);
    await rejectsWith(reboot(), "InvalidDBInstanceState", 400);
    await assertWaiterFails(waitUntilDBInstanceAvailable, h.rds, fresh.id);
    const snap = await rejectsWith(
      h.rds.send(
        new DeleteDBInstanceCommand({
          DBInstanceIdentifier: fresh.id,
          FinalDBSnapshotIdentifier: `${fresh.id}-final`,
        }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    assert.match(snap.message, /SkipFinalSnapshot/);
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: fresh.id, SkipFinalSnapshot: true }),
    );
    assert.equal((await get()).DBInstanceStatus, "deleting");
    h.emu.advance(2000);
    const gone = await waitUntilDBInstanceDeleted(
      { client: h.rds, maxWaitTime: 5, ...FAST_POLL },
      { DBInstanceIdentifier: fresh.id },
    );
    assert.equal(gone.state, "SUCCESS");
  });

  it("afterMs during a create: creating until then, failed after, and the create never completes", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput("doomed")));
    h.emu.setInstanceStatus("DOOMED", "failed", { afterMs: 2000 });
    h.emu.advance(1999);
    assert.equal((await get("doomed")).DBInstanceStatus, "creating");
    h.emu.advance(1);
    const failed = await get("doomed");
    assert.equal(failed.DBInstanceStatus, "failed");
    assert.equal(failed.InstanceCreateTime, undefined);
    h.emu.advance(CREATE_MS * 3);
    assert.equal((await get("doomed")).DBInstanceStatus, "failed");
    const events = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "doomed", SourceType: "db-instance" }),
    );
    assert.ok(
      events.Events?.some((ev) => ev.Message === "DB instance status changed to failed"),
      "the failure is recorded as an event",
    );
  });

  it("a status planned for later survives a modification sent in between", async () => {
    h.emu.setInstanceStatus(fresh.id, "incompatible-parameters", { afterMs: 1000 });
    await modify({ DBPortNumber: 6543 });
    h.emu.advance(1000);
    const broken = await get();
    assert.equal(broken.DBInstanceStatus, "incompatible-parameters");
    assert.equal(broken.PendingModifiedValues?.Port, 6543, "the modification never finished");
    h.emu.advance(10_000);
    assert.equal((await get()).DBInstanceStatus, "incompatible-parameters");
  });

  it("incompatible-parameters: modify refused, the waiter fails, a reboot brings it back", async () => {
    h.emu.setInstanceStatus(fresh.id, "incompatible-parameters");
    await rejectsWith(
      modify({ AllocatedStorage: 30, ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    await assertWaiterFails(waitUntilDBInstanceAvailable, h.rds, fresh.id);
    const rebooting = await reboot();
    assert.equal(rebooting.DBInstance?.DBInstanceStatus, "rebooting");
    h.emu.advance(2000);
    assert.equal((await get()).DBInstanceStatus, "available");
  });

  it("storage-full accepts only a storage increase, which clears it", async () => {
    h.emu.setInstanceStatus(fresh.id, "storage-full");
    await rejectsWith(
      modify({ DBInstanceClass: "db.t3.small", ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    await rejectsWith(
      modify({ AllocatedStorage: 20, ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    const mixed = await rejectsWith(
      modify({ AllocatedStorage: 40, DBInstanceClass: "db.t3.small", ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    assert.match(mixed.message, /not DBInstanceClass/);
    // The SDK's waiter keeps polling storage-full: it neither succeeds nor fails.
    await assert.rejects(
      waitUntilDBInstanceAvailable(
        { client: h.rds, maxWaitTime: 0.2, ...FAST_POLL },
        { DBInstanceIdentifier: fresh.id },
      ),
      (err: Error) => err.name === "TimeoutError",
    );
    const out = await modify({ AllocatedStorage: 40, ApplyImmediately: true });
    assert.equal(out.DBInstance?.PendingModifiedValues?.AllocatedStorage, 40);
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "modifying");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.AllocatedStorage, 40);
  });

  it("storage-full with a deferred increase stays full until the maintenance window applies it", async () => {
    h.emu.setInstanceStatus(fresh.id, "storage-full");
    const out = await modify({ AllocatedStorage: 25 });
    assert.equal(out.DBInstance?.PendingModifiedValues?.AllocatedStorage, 25);
    h.emu.advance(10_000);
    assert.equal((await get()).DBInstanceStatus, "storage-full");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.AllocatedStorage, 25);
  });

  it("storage-optimization takes modifications other than storage", async () => {
    h.emu.setInstanceStatus(fresh.id, "storage-optimization");
    const e = await rejectsWith(
      modify({ AllocatedStorage: 40, ApplyImmediately: true }),
      "InvalidDBInstanceState",
      400,
    );
    assert.match(e.message, /AllocatedStorage/);
    const out = await modify({ DBInstanceClass: "db.t3.small", ApplyImmediately: true });
    assert.equal(out.DBInstance?.PendingModifiedValues?.DBInstanceClass, "db.t3.small");
    h.emu.advance(3500);
    const done = await get();
    assert.equal(done.DBInstanceClass, "db.t3.small");
    assert.equal(done.DBInstanceStatus, "available");
  });

  it("stopped: modify refused, StartDBInstance brings it back", async () => {
    h.emu.setInstanceStatus(fresh.id, "stopped");
    await rejectsWith(modify({ CopyTagsToSnapshot: true }), "InvalidDBInstanceState", 400);
    await rejectsWith(
      h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: fresh.id })),
      "InvalidDBInstanceState",
      400,
    );
    await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: fresh.id }));
    h.emu.advance(3000);
    assert.equal((await get()).DBInstanceStatus, "available");
  });

  it("incompatible-network: StartDBInstance is accepted, a final snapshot is not", async () => {
    h.emu.setInstanceStatus(fresh.id, "incompatible-network");
    await rejectsWith(
      h.rds.send(
        new DeleteDBInstanceCommand({
          DBInstanceIdentifier: fresh.id,
          FinalDBSnapshotIdentifier: "x1",
        }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: fresh.id }));
    h.emu.advance(3000);
    assert.equal((await get()).DBInstanceStatus, "available");
    await rejectsWith(
      h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: fresh.id })),
      "InvalidDBInstanceState",
      400,
    );
  });

  it("a delete drops statuses planned for later", async () => {
    h.emu.setInstanceStatus(fresh.id, "failed", { afterMs: 1000 });
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: fresh.id, SkipFinalSnapshot: true }),
    );
    h.emu.advance(1000);
    assert.equal((await get()).DBInstanceStatus, "deleting");
    h.emu.advance(1000);
    await rejectsWith(get(), "DBInstanceNotFound", 404);
  });

  it("injecting available ends a fault", async () => {
    h.emu.setInstanceStatus(fresh.id, "failed");
    h.emu.setInstanceStatus(fresh.id, "available", { afterMs: 100 });
    h.emu.advance(100);
    assert.equal((await get()).DBInstanceStatus, "available");
  });

  it("refuses an unknown instance, an unknown status and a negative delay", () => {
    assert.throws(
      () => h.emu.setInstanceStatus("nope", "failed"),
      (e: unknown) => e instanceof EmulatorError && e.code === "DBInstanceNotFound",
    );
    assert.throws(
      () => h.emu.setInstanceStatus(fresh.id, "on-fire"),
      (e: unknown) =>
        e instanceof EmulatorError &&
        e.code === "InvalidParameterValue" &&
        /on-fire/.test(e.message) &&
        /incompatible-parameters/.test(e.message),
    );
    assert.throws(
      () => h.emu.setInstanceStatus(fresh.id, "failed", { afterMs: -1 }),
      (e: unknown) => e instanceof EmulatorError && e.code === "InvalidParameterValue",
    );
  });

  it("admin path POST /_emulator/instances/{id}/status", async () => {
    const post = (path: string, body: string) =>
      fetch(`${h.emu.url}/_emulator/instances/${path}/status`, {
        method: "POST",
        body,
        headers: ADMIN,
      });
    const res = await post(fresh.id, JSON.stringify({ status: "failed", afterMs: 500 }));
    assert.equal(res.status, 200);
    const json = (await res.json()) as { id: string; status: string; scheduled: unknown[] };
    assert.equal(json.status, "available");
    assert.equal(json.scheduled.length, 1);
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "failed");
    const now = await post(fresh.id, JSON.stringify({ status: "storage-full" }));
    assert.equal(((await now.json()) as { status: string }).status, "storage-full");
    assert.equal((await post("nope", JSON.stringify({ status: "failed" }))).status, 404);
    assert.equal((await post(fresh.id, JSON.stringify({ status: "on-fire" }))).status, 400);
    assert.equal((await post(fresh.id, "{}")).status, 400);
  });
});

describe("injected statuses persist", () => {
  const dir = suiteTempDir("rdsctl-emu-status-");

  it("a status planned for later fires after a restart", async () => {
    const statePath = join(dir.path, "state.json");
    const first = await harness({ statePath });
    await first.rds.send(new CreateDBInstanceCommand(createInput("later")));
    first.emu.setInstanceStatus("later", "failed", { afterMs: 3000 });
    await first.close();
    const second = await harness({ statePath });
    try {
      second.emu.advance(3000);
      const d = await second.rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: "later" }),
      );
      assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "failed");
    } finally {
      await second.close();
    }
  });
});
