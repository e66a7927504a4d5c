import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  type ModifyDBInstanceCommandInput,
} from "@aws-sdk/client-rds";
import { createInput, instancePerTest, rejectsWith, suiteHarness } from "./_harness.js";

const TWO_CORES_NO_HT = [
  { Name: "coreCount", Value: "2" },
  { Name: "threadsPerCore", Value: "1" },
];

describe("ProcessorFeatures", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "cpu", {
    DBInstanceClass: "db.m5.xlarge",
    // Given out of order: reported coreCount first.
    ProcessorFeatures: [...TWO_CORES_NO_HT].reverse(),
  });
  const get = (name = fresh.id) => h.instance(name);
  const modify = (input: Partial<ModifyDBInstanceCommandInput>) => h.modify(fresh.id, input);

  it("create reports the features set, and none for an instance on the class defaults", async () => {
    assert.deepEqual((await get()).ProcessorFeatures, TWO_CORES_NO_HT);
    await h.rds.send(new CreateDBInstanceCommand(createInput(`${fresh.id}-plain`)));
    assert.equal((await get(`${fresh.id}-plain`)).ProcessorFeatures, undefined);
  });

  it("a change waits in PendingModifiedValues for the window; unnamed features keep their setting", async () => {
    const out = (await modify({ ProcessorFeatures: [{ Name: "coreCount", Value: "4" }] }))
      .DBInstance!;
    assert.deepEqual(out.ProcessorFeatures, TWO_CORES_NO_HT);
    const pending = [
      { Name: "coreCount", Value: "4" },
      { Name: "threadsPerCore", Value: "1" },
    ];
    assert.deepEqual(out.PendingModifiedValues?.ProcessorFeatures, pending);
    h.emu.advance(60_000);
    assert.deepEqual((await get()).PendingModifiedValues?.ProcessorFeatures, pending);
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.deepEqual(done.ProcessorFeatures, pending);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("ApplyImmediately applies the change through modifying", async () => {
    const out = (
      await modify({
        ProcessorFeatures: [{ Name: "threadsPerCore", Value: "2" }],
        ApplyImmediately: true,
      })
    ).DBInstance!;
    assert.deepEqual(out.PendingModifiedValues?.ProcessorFeatures?.[1], {
      Name: "threadsPerCore",
      Value: "2",
    });
    h.emu.advance(1000);
    assert.equal((await get()).DBInstanceStatus, "modifying");
    h.emu.advance(10_000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.deepEqual(done.ProcessorFeatures, [
      { Name: "coreCount", Value: "2" },
      { Name: "threadsPerCore", Value: "2" },
    ]);
  });

  it("UseDefaultProcessorFeatures shows an empty pending list, then no features", async () => {
    const out = (await modify({ UseDefaultProcessorFeatures: true })).DBInstance!;
    assert.deepEqual(out.PendingModifiedValues?.ProcessorFeatures, []);
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.equal(done.ProcessorFeatures, undefined);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("sending the current features again is no modification; the current value cancels a queued one", async () => {
    await rejectsWith(
      modify({ ProcessorFeatures: TWO_CORES_NO_HT }),
      "InvalidParameterCombination",
      400,
    );
    await modify({ ProcessorFeatures: [{ Name: "coreCount", Value: "4" }] });
    const out = (await modify({ ProcessorFeatures: [{ Name: "coreCount", Value: "2" }] }))
      .DBInstance!;
    assert.equal(out.PendingModifiedValues, undefined);
  });

  it("refuses unknown names, bad values, repeats, and features with UseDefaultProcessorFeatures", async () => {
    await rejectsWith(
      modify({ ProcessorFeatures: [{ Name: "cores", Value: "2" }] }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify({ ProcessorFeatures: [{ Name: "threadsPerCore", Value: "3" }] }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify({ ProcessorFeatures: [{ Name: "coreCount", Value: "0" }] }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify({
        ProcessorFeatures: [
          { Name: "coreCount", Value: "2" },
          { Name: "coreCount", Value: "4" },
        ],
      }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      modify({
        ProcessorFeatures: [{ Name: "coreCount", Value: "4" }],
        UseDefaultProcessorFeatures: true,
      }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceCommand(
          createInput(`${fresh.id}-bad`, {
            ProcessorFeatures: [{ Name: "coreCount", Value: "x" }],
          }),
        ),
      ),
      "InvalidParameterValue",
      400,
    );
    assert.equal((await get()).PendingModifiedValues, undefined);
  });

  it("a read replica takes its own features", async () => {
    const rep = (
      await h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: `${fresh.id}-rep`,
          SourceDBInstanceIdentifier: fresh.id,
          ProcessorFeatures: [{ Name: "coreCount", Value: "4" }],
        }),
      )
    ).DBInstance!;
    assert.deepEqual(rep.ProcessorFeatures, [{ Name: "coreCount", Value: "4" }]);
  });
});
