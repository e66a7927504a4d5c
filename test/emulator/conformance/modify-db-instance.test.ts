import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, type ModifyDBInstanceCommandInput } from "@aws-sdk/client-rds";
import { roundStorageIncrease } from "../../../src/emulator/rules/storage.js";
import { CREATE_MS, createInput, instancePerTest, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * ModifyDBInstance, rule by rule, each test titled with the AWS documentation
 * it comes from. Also covered elsewhere: what applies now, in flight or at the
 * maintenance window and the transitional statuses (modify.test.ts,
 * pending.property.test.ts), major upgrades (major-upgrade.test.ts), the
 * statuses that refuse a modification (injected-status.test.ts), Domain and
 * ProcessorFeatures (domain.test.ts, processor.test.ts).
 */

describe("ModifyDBInstance conformance: the 10% storage increase, over every size", () => {
  it("ModifyDBInstance API reference, AllocatedStorage: an increase under 10% is rounded up to ceil(current × 1.1), for every size from 20 to 65,536 GiB", () => {
    for (let current = 20; current <= 65536; current++) {
      const rounded = roundStorageIncrease("postgres", "gp2", current, current + 1);
      if (current === 65536) {
        // Not an increase the type allows: left for the size check to refuse.
        assert.equal(rounded, 65537);
        continue;
      }
      // The smallest whole size at least 10% above the current one, capped at the type's maximum.
      const tenPercent = rounded * 10 >= current * 11 && (rounded - 1) * 10 < current * 11;
      if (!(tenPercent || rounded === 65536) || rounded > 65536) {
        assert.fail(`${current} -> ${current + 1} rounded to ${rounded}`);
      }
      // A request already at or above the minimum is kept; a decrease or no change is left alone.
      if (roundStorageIncrease("postgres", "gp2", current, rounded) !== rounded)
        assert.fail(`${current}`);
      if (roundStorageIncrease("postgres", "gp2", current, rounded + 1) !== rounded + 1)
        assert.fail(`${current}`);
      if (roundStorageIncrease("postgres", "gp2", current, current) !== current)
        assert.fail(`${current}`);
      if (roundStorageIncrease("postgres", "gp2", current, current - 1) !== current - 1)
        assert.fail(`${current}`);
    }
    assert.equal(roundStorageIncrease("postgres", "gp2", 100, 105), 110);
    assert.equal(roundStorageIncrease("postgres", "gp2", 100, 110), 110);
    assert.equal(roundStorageIncrease("postgres", "gp2", 100, 111), 111);
    assert.equal(roundStorageIncrease("postgres", "gp2", 65000, 65100), 65536);
    assert.equal(roundStorageIncrease("postgres", "standard", 3000, 3001), 3072);
  });
});

describe("ModifyDBInstance conformance: storage size", () => {
  const h = suiteHarness();
  let n = 0;
  const gp2 = async (size: number) => {
    n += 1;
    const id = `rs${n}`;
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput(id, { StorageType: "gp2", AllocatedStorage: size }) as never,
      ),
    );
    h.emu.advance(CREATE_MS);
    return id;
  };

  it("ModifyDBInstance API reference, AllocatedStorage: 100 -> 105 and 100 -> 110 both end at 110 GiB", async () => {
    for (const asked of [105, 110]) {
      const id = await gp2(100);
      const out = await h.modify(id, { AllocatedStorage: asked, ApplyImmediately: true });
      assert.equal(out.DBInstance?.PendingModifiedValues?.AllocatedStorage, 110);
      h.emu.advance(10_000);
      assert.equal((await h.instance(id)).AllocatedStorage, 110);
    }
    const id = await gp2(100);
    const out = await h.modify(id, { AllocatedStorage: 111 });
    assert.equal(out.DBInstance?.PendingModifiedValues?.AllocatedStorage, 111);
  });

  it("ModifyDBInstance API reference, AllocatedStorage: small sizes round up too (20 -> 21 ends at 22; 21 -> 22 at 24)", async () => {
    const a = await gp2(20);
    assert.equal(
      (await h.modify(a, { AllocatedStorage: 21 })).DBInstance?.PendingModifiedValues
        ?.AllocatedStorage,
      22,
    );
    const b = await gp2(21);
    assert.equal(
      (await h.modify(b, { AllocatedStorage: 22 })).DBInstance?.PendingModifiedValues
        ?.AllocatedStorage,
      24,
    );
  });

  it("ModifyDBInstance API reference, AllocatedStorage (choice): a rounded-up increase stops at the storage type's maximum", async () => {
    const id = await gp2(65000);
    const out = await h.modify(id, { AllocatedStorage: 65100 });
    assert.equal(out.DBInstance?.PendingModifiedValues?.AllocatedStorage, 65536);
  });

  it("User Guide, Increasing DB instance storage capacity: storage can't be decreased (InvalidParameterCombination, RDS's storage-size words)", async () => {
    const id = await gp2(100);
    const e = await rejectsWith(
      h.modify(id, { AllocatedStorage: 50, ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.equal(
      e.message,
      "Invalid storage size for engine name postgres and storage type gp2: 50",
    );
    assert.equal((await h.instance(id)).PendingModifiedValues, undefined);
  });

  it("ModifyDBInstance API reference, AllocatedStorage: a size above the type's maximum is InvalidParameterCombination", async () => {
    const id = await gp2(100);
    const e = await rejectsWith(
      h.modify(id, { AllocatedStorage: 70000 }),
      "InvalidParameterCombination",
      400,
    );
    assert.equal(
      e.message,
      "Invalid storage size for engine name postgres and storage type gp2: 70000",
    );
  });
});

describe("ModifyDBInstance conformance: growth and the master password", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "mg", { EngineVersion: "15" });
  const get = () => h.instance(fresh.id);
  const modify = async (input: Partial<ModifyDBInstanceCommandInput>) =>
    (await h.modify(fresh.id, input)).DBInstance!;

  it("ModifyDBInstance API reference, AllocatedStorage: storage grows only, small increases rounded up to +10%", async () => {
    await rejectsWith(modify({ AllocatedStorage: 10 }), "InvalidParameterCombination", 400);
    const out = await modify({ AllocatedStorage: 21 });
    assert.equal(out.PendingModifiedValues?.AllocatedStorage, 22);
    const more = await modify({ AllocatedStorage: 30, ApplyImmediately: true });
    assert.equal(more.PendingModifiedValues?.AllocatedStorage, 30);
    h.emu.advance(3500);
    assert.equal((await get()).AllocatedStorage, 30);
  });

  it("ModifyDBInstance API reference, MasterUserPassword: the engine's length rule applies (PostgreSQL 8 to 128)", async () => {
    await rejectsWith(
      modify({ MasterUserPassword: "P1!".repeat(43) }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(modify({ MasterUserPassword: "with@at123" }), "InvalidParameterValue", 400);
    const out = await modify({ MasterUserPassword: `${"P".repeat(126)}1!` });
    assert.equal(out.PendingModifiedValues?.MasterUserPassword, "****");
  });
});

describe("ModifyDBInstance conformance: MySQL's master password", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "my", { Engine: "mysql", EngineVersion: "8.0" });

  it("ModifyDBInstance API reference, MasterUserPassword: MySQL takes 8 to 41 characters", async () => {
    const e = await rejectsWith(
      h.modify(fresh.id, { MasterUserPassword: `${"P".repeat(40)}1!` }),
      "InvalidParameterValue",
      400,
    );
    assert.match(e.message, /longer than 41 characters/);
    const out = await h.modify(fresh.id, { MasterUserPassword: `${"P".repeat(39)}1!` });
    assert.equal(out.DBInstance?.PendingModifiedValues?.MasterUserPassword, "****");
  });
});

describe("ModifyDBInstance conformance: storage type changes", () => {
  const h = suiteHarness();
  // 100 GiB gp3: below 400 GiB, so it reports the 3000 IOPS / 125 MiBps baseline.
  const fresh = instancePerTest(h, "sm", { StorageType: "gp3", AllocatedStorage: 100 });
  const get = () => h.instance(fresh.id);
  const modify = (input: Partial<ModifyDBInstanceCommandInput>) => h.modify(fresh.id, input);

  it("ModifyDBInstance API reference, StorageType and Iops: gp3 -> io1 with IOPS equal to the gp3 baseline is accepted and applied", async () => {
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

  it("ModifyDBInstance API reference, ApplyImmediately: gp3 -> io1 deferred shows the new type in PendingModifiedValues until the window", async () => {
    const out = (await modify({ StorageType: "io1", Iops: 3000 })).DBInstance!;
    assert.equal(out.StorageType, "gp3");
    assert.equal(out.PendingModifiedValues?.StorageType, "io1");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.deepEqual([done.StorageType, done.Iops], ["io1", 3000]);
  });

  it("ModifyDBInstance API reference, Iops: gp3 -> io1 or io2 without IOPS is refused: provisioned volumes need a figure", async () => {
    const err = await rejectsWith(
      modify({ StorageType: "io1", ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(err.message, /IOPS/);
    await rejectsWith(modify({ StorageType: "io2" }), "InvalidParameterCombination", 400);
    assert.equal((await get()).PendingModifiedValues, undefined);
  });

  it("CreateDBInstance API reference, Iops: io1 IOPS must be between 0.5 and 50 times the GiB allocated", async () => {
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

  it("ModifyDBInstance API reference, StorageType (choice): io1 -> io2 without IOPS keeps the provisioned figure", async () => {
    await modify({ StorageType: "io1", Iops: 4000, ApplyImmediately: true });
    h.emu.advance(10_000);
    await modify({ StorageType: "io2", ApplyImmediately: true });
    h.emu.advance(10_000);
    const done = await get();
    assert.deepEqual([done.StorageType, done.Iops], ["io2", 4000]);
  });

  it("User Guide, Amazon RDS DB instance storage, gp3 storage: io1 -> gp3 below 400 GiB goes back to the baseline; IOPS may not be set there", async () => {
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
