import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { createInput, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * CreateDBInstance, rule by rule, each test titled with the AWS documentation
 * it comes from. Also covered elsewhere: server-filled defaults and the
 * lifecycle (lifecycle.test.ts), parameters reported back or refused
 * (create-settings.test.ts, roundtrip.property.test.ts), identifiers and
 * other malformed values (errors.test.ts), Domain (domain.test.ts),
 * ProcessorFeatures (processor.test.ts).
 */
describe("CreateDBInstance conformance", () => {
  const h = suiteHarness();

  let n = 0;
  const create = (extra: Record<string, unknown>) => {
    n += 1;
    return h.rds.send(new CreateDBInstanceCommand(createInput(`st-${n}`, extra) as never));
  };

  it("User Guide, Amazon RDS DB instance storage, gp3 storage: from 400 GiB 12000 IOPS / 500 MiBps unless set; throughput at most 0.25 MiBps per IOPS", async () => {
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

  it("CreateDBInstance API reference, Iops and StorageType: io1/io2 need IOPS within their ratio to storage; gp2 takes neither IOPS nor throughput", async () => {
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

  it("CreateDBInstance API reference, MaxAllocatedStorage: must exceed the allocated size", async () => {
    await rejectsWith(
      create({ AllocatedStorage: 100, MaxAllocatedStorage: 100 }),
      "InvalidParameterValue",
      400,
    );
    const ok = (await create({ AllocatedStorage: 100, MaxAllocatedStorage: 200 })).DBInstance!;
    assert.equal(ok.MaxAllocatedStorage, 200);
  });

  it("CreateDBInstance API reference, KmsKeyId: an encrypted instance reports its key as a full ARN", async () => {
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

  it("CreateDBInstance API reference, AllocatedStorage: a size outside the engine's and storage type's bounds is InvalidParameterCombination, in RDS's words", async () => {
    // gp2 and gp3 20-65,536 GiB, io1 and io2 100-65,536, standard (magnetic) 5-3,072.
    const cases: Array<[string, number, number | undefined]> = [
      ["gp2", 19, undefined],
      ["gp2", 65537, undefined],
      ["gp3", 5, undefined],
      ["io1", 50, 1000],
      ["io2", 99, 1000],
      ["standard", 4, undefined],
      ["standard", 3073, undefined],
    ];
    for (const [type, size, iops] of cases) {
      const e = await rejectsWith(
        create({ StorageType: type, AllocatedStorage: size, Iops: iops }),
        "InvalidParameterCombination",
        400,
      );
      assert.equal(
        e.message,
        `Invalid storage size for engine name postgres and storage type ${type}: ${size}`,
      );
    }
    for (const [type, size, iops] of [
      ["gp2", 20, undefined],
      ["gp2", 65536, undefined],
      ["io1", 100, 1000],
      ["standard", 5, undefined],
      ["standard", 3072, undefined],
    ] as const) {
      const out = (await create({ StorageType: type, AllocatedStorage: size, Iops: iops }))
        .DBInstance!;
      assert.deepEqual([out.StorageType, out.AllocatedStorage], [type, size]);
    }
  });

  it("CreateDBInstance API reference, StorageType: an unknown storage type is InvalidParameterValue", async () => {
    await rejectsWith(create({ StorageType: "sc1" }), "InvalidParameterValue", 400);
  });

  it("CreateDBInstance API reference, MasterUserPassword: MariaDB and MySQL take 8 to 41 characters, PostgreSQL 8 to 128", async () => {
    const long = (n: number) => `${"P".repeat(n - 2)}1!`;
    for (const [engine, version] of [
      ["mysql", "8.0"],
      ["mariadb", "11.4"],
    ]) {
      const ok = await create({
        Engine: engine,
        EngineVersion: version,
        MasterUserPassword: long(41),
      });
      assert.equal(ok.DBInstance?.Engine, engine);
      const e = await rejectsWith(
        create({ Engine: engine, EngineVersion: version, MasterUserPassword: long(42) }),
        "InvalidParameterValue",
        400,
      );
      assert.equal(
        e.message,
        "The parameter MasterUserPassword is not a valid password because it is longer than 41 characters.",
      );
      assert.ok(!e.message.includes(long(42)));
    }
    await create({ MasterUserPassword: long(128) });
    await rejectsWith(create({ MasterUserPassword: long(129) }), "InvalidParameterValue", 400);
    const short = await rejectsWith(
      create({ Engine: "mysql", EngineVersion: "8.0", MasterUserPassword: "Sh0rt!x" }),
      "InvalidParameterValue",
      400,
    );
    assert.match(short.message, /shorter than 8 characters/);
  });

  it("CreateDBInstance API reference, MasterUserPassword: printable ASCII other than '/', '\"', '@' and space", async () => {
    for (const bad of [
      "with/slash1",
      'with"quote1',
      "with@at123",
      "with space1",
      "tab\there1",
      "caf\u00e9pass1",
    ]) {
      const e = await rejectsWith(
        create({ MasterUserPassword: bad }),
        "InvalidParameterValue",
        400,
      );
      assert.match(e.message, /Only printable ASCII characters besides/);
      assert.ok(!e.message.includes(bad));
    }
    await create({ MasterUserPassword: "!#$%&'()*+,-.:;<=>?[\\]^_`{|}~" });
  });
});
