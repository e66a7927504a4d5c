import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DescribeOrderableDBInstanceOptionsCommand,
  paginateDescribeOrderableDBInstanceOptions,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, instancePerTest, rejectsWith, suiteHarness } from "./_harness.js";

/*
 * Orderable DB instance classes (RDS API Reference,
 * DescribeOrderableDBInstanceOptions and OrderableDBInstanceOption; RDS
 * User Guide, "Supported DB engines for DB instance classes"), and RDS's
 * refusal of a class an engine and version do not offer.
 */

const COMBINATION =
  /^RDS does not support creating a DB instance with the following combination: DBInstanceClass=db\.t4g\.micro, Engine=sqlserver-ex, EngineVersion=16\.00\.4230\.2\.v1, LicenseModel=license-included\. For supported combinations of instance class and database engine version, see the documentation\.$/;

describe("DescribeOrderableDBInstanceOptions", () => {
  const h = suiteHarness();

  it("answers one option per version, class, license model and storage type, with storage and IOPS bounds", async () => {
    const out = await h.rds.send(
      new DescribeOrderableDBInstanceOptionsCommand({
        Engine: "postgres",
        EngineVersion: "16.10",
        DBInstanceClass: "db.t4g.micro",
      }),
    );
    const options = out.OrderableDBInstanceOptions!;
    assert.deepEqual(
      options.map((o) => o.StorageType),
      ["gp2", "gp3", "io1", "io2", "standard"],
    );
    const gp3 = options.find((o) => o.StorageType === "gp3")!;
    assert.equal(gp3.Engine, "postgres");
    assert.equal(gp3.EngineVersion, "16.10");
    assert.equal(gp3.DBInstanceClass, "db.t4g.micro");
    assert.equal(gp3.LicenseModel, "postgresql-license");
    assert.equal(gp3.MultiAZCapable, true);
    assert.equal(gp3.ReadReplicaCapable, true);
    assert.equal(gp3.Vpc, true);
    assert.equal(gp3.MinStorageSize, 20);
    assert.equal(gp3.MaxStorageSize, 65536);
    assert.equal(gp3.SupportsIops, true);
    assert.equal(gp3.SupportsStorageThroughput, true);
    assert.equal(gp3.MaxStorageThroughputPerIops, 0.25);
    assert.deepEqual(
      gp3.AvailabilityZones?.map((z) => z.Name),
      ["us-east-1a", "us-east-1b", "us-east-1c"],
    );
    const io1 = options.find((o) => o.StorageType === "io1")!;
    assert.deepEqual(
      [io1.MinStorageSize, io1.MinIopsPerDbInstance, io1.MaxIopsPerDbInstance, io1.MaxIopsPerGib],
      [100, 1000, 256000, 50],
    );
    const standard = options.find((o) => o.StorageType === "standard")!;
    assert.deepEqual([standard.MinStorageSize, standard.MaxStorageSize], [5, 3072]);
    assert.equal(standard.SupportsIops, false);
  });

  it("offers Graviton classes to the open-source engines only", async () => {
    const graviton = async (Engine: string) =>
      (
        await h.rds.send(
          new DescribeOrderableDBInstanceOptionsCommand({
            Engine,
            DBInstanceClass: "db.r7g.large",
          }),
        )
      ).OrderableDBInstanceOptions!.length;
    assert.ok((await graviton("mysql")) > 0);
    assert.ok((await graviton("mariadb")) > 0);
    assert.equal(await graviton("sqlserver-ee"), 0);
    assert.equal(await graviton("oracle-ee"), 0);
  });

  it("filters by license model; Oracle SE2 has both models, EE bring-your-own-license only", async () => {
    const licenses = async (Engine: string, LicenseModel?: string) =>
      new Set(
        (
          await h.rds.send(
            new DescribeOrderableDBInstanceOptionsCommand({
              Engine,
              EngineVersion: "19",
              DBInstanceClass: "db.m5.large",
              LicenseModel,
            }),
          )
        ).OrderableDBInstanceOptions!.map((o) => o.LicenseModel),
      );
    assert.deepEqual([...(await licenses("oracle-se2"))].sort(), [
      "bring-your-own-license",
      "license-included",
    ]);
    assert.deepEqual([...(await licenses("oracle-ee"))], ["bring-your-own-license"]);
    assert.deepEqual([...(await licenses("oracle-ee", "license-included"))], []);
  });

  it("marks SQL Server Express and Web as not Multi-AZ capable and only Enterprise as replica capable", async () => {
    const first = async (Engine: string, DBInstanceClass: string) =>
      (
        await h.rds.send(
          new DescribeOrderableDBInstanceOptionsCommand({
            Engine,
            DBInstanceClass,
            MaxRecords: 20,
          }),
        )
      ).OrderableDBInstanceOptions![0]!;
    const ex = await first("sqlserver-ex", "db.t3.small");
    assert.deepEqual([ex.MultiAZCapable, ex.ReadReplicaCapable], [false, false]);
    assert.deepEqual([ex.MinStorageSize, ex.MaxStorageSize], [20, 16384]);
    const se = await first("sqlserver-se", "db.m6i.large");
    assert.deepEqual([se.MultiAZCapable, se.ReadReplicaCapable], [true, false]);
    const ee = await first("sqlserver-ee", "db.r6i.large");
    assert.deepEqual([ee.MultiAZCapable, ee.ReadReplicaCapable], [true, true]);
    assert.equal(ee.LicenseModel, "license-included");
  });

  it("pages with MaxRecords and Marker through every option, and shows nothing outside a VPC", async () => {
    const seen: string[] = [];
    for await (const page of paginateDescribeOrderableDBInstanceOptions(
      { client: h.rds, pageSize: 200 },
      { Engine: "mariadb", EngineVersion: "11.4" },
    )) {
      assert.ok(page.OrderableDBInstanceOptions!.length <= 200);
      for (const o of page.OrderableDBInstanceOptions!) {
        seen.push(`${o.EngineVersion} ${o.DBInstanceClass} ${o.StorageType}`);
      }
    }
    assert.ok(seen.length > 200, `${seen.length} options`);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes("11.4.7 db.t4g.micro gp3"));
    const nonVpc = await h.rds.send(
      new DescribeOrderableDBInstanceOptionsCommand({ Engine: "mariadb", Vpc: false }),
    );
    assert.deepEqual(nonVpc.OrderableDBInstanceOptions, []);
  });

  it("needs a known engine and MaxRecords within 20 to 1000", async () => {
    await rejectsWith(
      h.rds.send(new DescribeOrderableDBInstanceOptionsCommand({ Engine: "informix" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new DescribeOrderableDBInstanceOptionsCommand({ Engine: "postgres", MaxRecords: 1001 }),
      ),
      "InvalidParameterValue",
      400,
    );
  });
});

describe("classes that are not orderable are refused", () => {
  const h = suiteHarness();
  const fresh = instancePerTest(h, "ord");

  it("refuses a create with a class the engine does not offer, in RDS's words", async () => {
    const e = await rejectsWith(
      h.rds.send(
        new CreateDBInstanceCommand(
          createInput("ex1", {
            Engine: "sqlserver-ex",
            EngineVersion: "16.00",
            DBInstanceClass: "db.t4g.micro",
          }),
        ),
      ),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, COMBINATION);
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceCommand(createInput("old1", { DBInstanceClass: "db.m3.medium" })),
      ),
      "InvalidParameterCombination",
      400,
    );
  });

  it("refuses a modify to a class the engine does not offer, and changes nothing", async () => {
    const e = await rejectsWith(
      h.modify(fresh.id, { DBInstanceClass: "db.t2.micro", ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(
      e.message,
      /DBInstanceClass=db\.t2\.micro, Engine=postgres, EngineVersion=16\.10,/,
    );
    const db = await h.instance(fresh.id);
    assert.equal(db.DBInstanceClass, "db.t3.micro");
    assert.equal(db.PendingModifiedValues, undefined);
    const ok = await h.modify(fresh.id, { DBInstanceClass: "db.m7g.large" });
    assert.equal(ok.DBInstance?.PendingModifiedValues?.DBInstanceClass, "db.m7g.large");
  });

  it("refuses a read replica with a class the engine does not offer", async () => {
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: `${fresh.id}-r`,
          SourceDBInstanceIdentifier: fresh.id,
          DBInstanceClass: "db.z9.large",
        }),
      ),
      "InvalidParameterCombination",
      400,
    );
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: `${fresh.id}-r`,
        SourceDBInstanceIdentifier: fresh.id,
        DBInstanceClass: "db.r6g.large",
      }),
    );
    h.emu.advance(CREATE_MS);
    assert.equal((await h.instance(`${fresh.id}-r`)).DBInstanceClass, "db.r6g.large");
  });
});
