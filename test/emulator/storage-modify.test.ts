import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ModifyDBInstanceCommandInput } from "@aws-sdk/client-rds";
import { instancePerTest, rejectsWith, suiteHarness } from "./_harness.js";

describe("storage type changes on modify", () => {
  const h = suiteHarness();
  // 100 GiB gp3: below 400 GiB, so it reports the 3000 IOPS / 125 MiBps baseline.
  const fresh = instancePerTest(h, "sm", { StorageType: "gp3", AllocatedStorage: 100 });
  const get = () => h.instance(fresh.id);
  const modify = (input: Partial<ModifyDBInstanceCommandInput>) => h.modify(fresh.id, input);

  it("gp3 -> io1 with IOPS equal to the gp3 baseline is accepted and applied", async () => {
    const before = await get();
    assert.deepEqual([before.StorageType, before.Iops], ["gp3", 3000]);
    const out = (await modify({ StorageType: "io1", Iops: 3000, ApplyImmediately: true }))
      .DBInstance!;
    assert.equal(out.PendingModifiedValues?.StorageType, "io1");
    h.emu.advance(10_000);
    const done = await get();
    assert.equal(done.StorageType, "io1");
    assert.equal(done.Iops, 3000);
    assert.equal(done.StorageThroughput, 0);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("gp3 -> io1 deferred shows the new type in PendingModifiedValues until the window", async () => {
    const out = (await modify({ StorageType: "io1", Iops: 3000 })).DBInstance!;
    assert.equal(out.StorageType, "gp3");
    assert.equal(out.PendingModifiedValues?.StorageType, "io1");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.deepEqual([done.StorageType, done.Iops], ["io1", 3000]);
  });

  it("gp3 -> io1 or io2 without IOPS is refused: provisioned volumes need a figure", async () => {
    const err = await rejectsWith(
      modify({ StorageType: "io1", ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(err.message, /IOPS/);
    await rejectsWith(modify({ StorageType: "io2" }), "InvalidParameterCombination", 400);
    assert.equal((await get()).PendingModifiedValues, undefined);
  });

  it("io1 IOPS must be between 0.5 and 50 times the GiB allocated", async () => {
    // 100 GiB: at most 5000, at least 50 (below the 1000 floor, so 1000 is the real minimum).
    await rejectsWith(
      modify({ StorageType: "io1", Iops: 5001, ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      modify({ StorageType: "io1", Iops: 999, ApplyImmediately: true }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify({
        StorageType: "io1",
        AllocatedStorage: 3000,
        Iops: 1000,
        ApplyImmediately: true,
      }),
      "InvalidParameterCombination",
      400,
    );
    await modify({ StorageType: "io1", Iops: 5000, ApplyImmediately: true });
    h.emu.advance(10_000);
    assert.deepEqual([(await get()).StorageType, (await get()).Iops], ["io1", 5000]);
  });

  it("io1 -> io2 without IOPS keeps the provisioned figure", async () => {
    await modify({ StorageType: "io1", Iops: 4000, ApplyImmediately: true });
    h.emu.advance(10_000);
    await modify({ StorageType: "io2", ApplyImmediately: true });
    h.emu.advance(10_000);
    const done = await get();
    assert.deepEqual([done.StorageType, done.Iops], ["io2", 4000]);
  });

  it("io1 -> gp3 below 400 GiB goes back to the baseline; IOPS may not be set there", async () => {
    await modify({ StorageType: "io1", Iops: 4000, ApplyImmediately: true });
    h.emu.advance(10_000);
    await rejectsWith(
      modify({ StorageType: "gp3", Iops: 4000, ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    await modify({ StorageType: "gp3", ApplyImmediately: true });
    h.emu.advance(10_000);
    const done = await get();
    assert.deepEqual([done.StorageType, done.Iops, done.StorageThroughput], ["gp3", 3000, 125]);
  });
});
