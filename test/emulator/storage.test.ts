import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { createInput, rejectsWith, suiteHarness } from "./_harness.js";

describe("storage rules on create", () => {
  const h = suiteHarness();

  let n = 0;
  const create = (extra: Record<string, unknown>) => {
    n += 1;
    return h.rds.send(new CreateDBInstanceCommand(createInput(`st-${n}`, extra) as never));
  };

  it("gp3 from 400 GiB reports 12000 IOPS / 500 MiBps unless set, and accepts settings", async () => {
    const big = (await create({ StorageType: "gp3", AllocatedStorage: 400 })).DBInstance!;
    assert.deepEqual([big.Iops, big.StorageThroughput], [12000, 500]);
    const set = (
      await create({
        StorageType: "gp3",
        AllocatedStorage: 500,
        Iops: 15000,
        StorageThroughput: 750,
      })
    ).DBInstance!;
    assert.deepEqual([set.Iops, set.StorageThroughput], [15000, 750]);
    // Throughput may be at most a quarter of the IOPS (MiBps per IOPS).
    await rejectsWith(
      create({ StorageType: "gp3", AllocatedStorage: 500, Iops: 12000, StorageThroughput: 3001 }),
      "InvalidParameterCombination",
      400,
    );
  });

  it("io1 and io2 need IOPS within their ratio to storage; gp2 takes neither IOPS nor throughput", async () => {
    await rejectsWith(
      create({ StorageType: "io1", AllocatedStorage: 100 }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create({ StorageType: "io1", AllocatedStorage: 100, Iops: 6000 }),
      "InvalidParameterCombination",
      400,
    );
    const io1 = (await create({ AllocatedStorage: 100, Iops: 5000 })).DBInstance!;
    assert.equal(io1.StorageType, "io1");
    assert.equal(io1.Iops, 5000);
    const io2 = (await create({ StorageType: "io2", AllocatedStorage: 100, Iops: 6000 }))
      .DBInstance!;
    assert.equal(io2.Iops, 6000);
    await rejectsWith(
      create({ StorageType: "io1", AllocatedStorage: 50, Iops: 1000 }),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create({ StorageType: "gp2", Iops: 3000 }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create({ StorageType: "gp2", StorageThroughput: 125 }),
      "InvalidParameterCombination",
      400,
    );
    const gp2 = (await create({ StorageType: "gp2" })).DBInstance!;
    assert.deepEqual([gp2.Iops, gp2.StorageThroughput], [undefined, 0]);
    await rejectsWith(create({ StorageType: "sc1" }), "InvalidParameterValue", 400);
  });

  it("MaxAllocatedStorage must exceed the allocated size", async () => {
    await rejectsWith(
      create({ AllocatedStorage: 100, MaxAllocatedStorage: 100 }),
      "InvalidParameterValue",
      400,
    );
    const ok = (await create({ AllocatedStorage: 100, MaxAllocatedStorage: 200 })).DBInstance!;
    assert.equal(ok.MaxAllocatedStorage, 200);
  });

  it("an encrypted instance reports its key as a full ARN", async () => {
    const alias = (await create({ StorageEncrypted: true, KmsKeyId: "alias/app" })).DBInstance!;
    assert.match(alias.KmsKeyId!, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]+$/);
    const again = (await create({ StorageEncrypted: true, KmsKeyId: "alias/app" })).DBInstance!;
    assert.equal(again.KmsKeyId, alias.KmsKeyId);
    const id = (
      await create({ StorageEncrypted: true, KmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })
    ).DBInstance!;
    assert.equal(
      id.KmsKeyId,
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
  });
});
