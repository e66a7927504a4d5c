import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DescribeDBEngineVersionsCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

/*
 * RDS for SQL Server and RDS for Oracle: create, describe, modify and stop
 * with their engine-specific rules. Sources: RDS API Reference,
 * CreateDBInstance (Port, LicenseModel, AllocatedStorage, DBName,
 * MasterUsername, CharacterSetName); RDS User Guide, "Requirements and
 * considerations for RDS for Oracle replicas" and "Stopping an Amazon RDS DB
 * instance temporarily" (limitations).
 */

const sqlserver = (id: string, extra: Record<string, unknown> = {}) =>
  createInput(id, {
    Engine: "sqlserver-se",
    EngineVersion: "16.00",
    DBInstanceClass: "db.m6i.large",
    MasterUsername: "admin",
    ...extra,
  });

const oracle = (id: string, extra: Record<string, unknown> = {}) =>
  createInput(id, {
    Engine: "oracle-ee",
    EngineVersion: "19",
    DBInstanceClass: "db.m5.large",
    MasterUsername: "admin",
    MasterUserPassword: "S3cretPass",
    ...extra,
  });

describe("RDS for SQL Server", () => {
  const h = suiteHarness();
  const create = (input: Record<string, unknown>) =>
    h.rds.send(new CreateDBInstanceCommand(input as never));

  it("creates with port 1433, license-included, the default collation and no DBName", async () => {
    const db = (await create(sqlserver("mssql1"))).DBInstance!;
    assert.equal(db.Engine, "sqlserver-se");
    assert.equal(db.EngineVersion, "16.00.4230.2.v1");
    assert.equal(db.LicenseModel, "license-included");
    assert.equal(db.CharacterSetName, "SQL_Latin1_General_CP1_CI_AS");
    assert.equal(db.DBName, undefined);
    assert.equal(db.DBParameterGroups?.[0]?.DBParameterGroupName, "default.sqlserver-se-16.0");
    assert.equal(db.OptionGroupMemberships?.[0]?.OptionGroupName, "default:sqlserver-se-16-00");
    h.emu.advance(CREATE_MS);
    const live = await h.instance("mssql1");
    assert.equal(live.Endpoint?.Port, 1433);
  });

  it("refuses a DBName, a reserved port, another license model and storage past 16 TiB", async () => {
    await rejectsWith(
      create(sqlserver("m2", { DBName: "app" })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(create(sqlserver("m3", { Port: 1434 })), "InvalidParameterValue", 400);
    await rejectsWith(
      create(sqlserver("m4", { LicenseModel: "bring-your-own-license" })),
      "InvalidParameterCombination",
      400,
    );
    const e = await rejectsWith(
      create(sqlserver("m5", { AllocatedStorage: 16385 })),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, /sqlserver-se/);
    await rejectsWith(
      create(sqlserver("m6", { StorageType: "io1", AllocatedStorage: 20, Iops: 1000 })),
      "InvalidParameterCombination",
      400,
    );
  });

  it("refuses Multi-AZ for Express and Web, and takes it for Standard", async () => {
    for (const Engine of ["sqlserver-ex", "sqlserver-web"]) {
      await rejectsWith(
        create(
          sqlserver(`maz-${Engine}`, { Engine, DBInstanceClass: "db.t3.small", MultiAZ: true }),
        ),
        "InvalidParameterCombination",
        400,
      );
    }
    const ex = (
      await create(sqlserver("ex1", { Engine: "sqlserver-ex", DBInstanceClass: "db.t3.micro" }))
    ).DBInstance!;
    assert.equal(ex.MultiAZ, false);
    h.emu.advance(CREATE_MS);
    await rejectsWith(h.modify("ex1", { MultiAZ: true }), "InvalidParameterCombination", 400);
  });

  it("refuses to stop a Multi-AZ instance, and stops a Single-AZ one", async () => {
    await create(sqlserver("stop-maz", { MultiAZ: true }));
    await create(sqlserver("stop-saz"));
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "stop-maz" })),
      "InvalidDBInstanceState",
      400,
    );
    const stopped = await h.rds.send(
      new StopDBInstanceCommand({ DBInstanceIdentifier: "stop-saz" }),
    );
    assert.equal(stopped.DBInstance?.DBInstanceStatus, "stopping");
  });

  it("allows read replicas for Enterprise Edition only", async () => {
    await create(sqlserver("src-se"));
    await create(sqlserver("src-ee", { Engine: "sqlserver-ee" }));
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "src-se-r",
          SourceDBInstanceIdentifier: "src-se",
        }),
      ),
      "InvalidParameterCombination",
      400,
    );
    const rep = await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "src-ee-r",
        SourceDBInstanceIdentifier: "src-ee",
      }),
    );
    assert.equal(rep.DBInstance?.Engine, "sqlserver-ee");
    assert.equal(rep.DBInstance?.CharacterSetName, "SQL_Latin1_General_CP1_CI_AS");
  });

  it("upgrades 2019 to 2022 with AllowMajorVersionUpgrade, to a class 2022 offers", async () => {
    await create(sqlserver("up1", { EngineVersion: "15.00.4430.1.v1" }));
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      h.modify("up1", { EngineVersion: "16.00.4236.2.v1" }),
      "InvalidParameterCombination",
      400,
    );
    const out = await h.modify("up1", {
      EngineVersion: "16.00.4236.2.v1",
      AllowMajorVersionUpgrade: true,
      ApplyImmediately: true,
    });
    assert.equal(out.DBInstance?.PendingModifiedValues?.EngineVersion, "16.00.4236.2.v1");
  });
});

describe("RDS for Oracle", () => {
  const h = suiteHarness();
  const create = (input: Record<string, unknown>) =>
    h.rds.send(new CreateDBInstanceCommand(input as never));

  it("creates with port 1521, bring-your-own-license, ORCL and the default character sets", async () => {
    const db = (await create(oracle("ora1"))).DBInstance!;
    assert.equal(db.EngineVersion, "19.0.0.0.ru-2025-07.rur-2025-07.r1");
    assert.equal(db.LicenseModel, "bring-your-own-license");
    assert.equal(db.DBName, "ORCL");
    assert.equal(db.CharacterSetName, "AL32UTF8");
    assert.equal(db.NcharCharacterSetName, "AL16UTF16");
    assert.equal(db.DBParameterGroups?.[0]?.DBParameterGroupName, "default.oracle-ee-19");
    h.emu.advance(CREATE_MS);
    assert.equal((await h.instance("ora1")).Endpoint?.Port, 1521);
  });

  it("takes a character set, a SID and license-included for Standard Edition Two", async () => {
    const db = (
      await create(
        oracle("ora2", {
          Engine: "oracle-se2",
          LicenseModel: "license-included",
          CharacterSetName: "WE8MSWIN1252",
          NcharCharacterSetName: "UTF8",
          DBName: "sales",
        }),
      )
    ).DBInstance!;
    assert.equal(db.LicenseModel, "license-included");
    assert.equal(db.CharacterSetName, "WE8MSWIN1252");
    assert.equal(db.NcharCharacterSetName, "UTF8");
    assert.equal(db.DBName, "SALES");
  });

  it("refuses license-included Enterprise Edition, a long SID, a bad character set and reserved users", async () => {
    const e = await rejectsWith(
      create(oracle("o3", { LicenseModel: "license-included" })),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, /oracle-ee/);
    await rejectsWith(create(oracle("o4", { DBName: "toolongsid" })), "InvalidParameterValue", 400);
    await rejectsWith(
      create(oracle("o5", { CharacterSetName: "KLINGON8" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create(oracle("o6", { MasterUsername: "system" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create(createInput("pg-cs", { CharacterSetName: "AL32UTF8" })),
      "InvalidParameterCombination",
      400,
    );
  });

  it("offers 21c only as a CDB, and upgrades a CDB from 19c to 21c", async () => {
    await rejectsWith(
      create(oracle("o7", { EngineVersion: "21" })),
      "InvalidParameterCombination",
      400,
    );
    await create(oracle("cdb1", { Engine: "oracle-ee-cdb" }));
    h.emu.advance(CREATE_MS);
    const out = await h.modify("cdb1", {
      EngineVersion: "21",
      AllowMajorVersionUpgrade: true,
      ApplyImmediately: true,
    });
    assert.equal(
      out.DBInstance?.PendingModifiedValues?.EngineVersion,
      "21.0.0.0.ru-2025-07.rur-2025-07.r1",
    );
  });

  it("allows read replicas of Enterprise Edition only, and not of a db.t3.small source", async () => {
    await create(oracle("se2src", { Engine: "oracle-se2" }));
    await create(oracle("smallsrc", { DBInstanceClass: "db.t3.small" }));
    await create(oracle("eesrc"));
    h.emu.advance(CREATE_MS);
    for (const src of ["se2src", "smallsrc"]) {
      await rejectsWith(
        h.rds.send(
          new CreateDBInstanceReadReplicaCommand({
            DBInstanceIdentifier: `${src}-r`,
            SourceDBInstanceIdentifier: src,
          }),
        ),
        "InvalidParameterCombination",
        400,
      );
    }
    const rep = await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "eesrc-r",
        SourceDBInstanceIdentifier: "eesrc",
      }),
    );
    assert.equal(rep.DBInstance?.CharacterSetName, "AL32UTF8");
    assert.equal(rep.DBInstance?.LicenseModel, "bring-your-own-license");
  });

  it("describes the Oracle and SQL Server versions with their families and upgrade targets", async () => {
    const ora = await h.rds.send(
      new DescribeDBEngineVersionsCommand({ Engine: "oracle-ee-cdb", DefaultOnly: true }),
    );
    assert.deepEqual(
      ora.DBEngineVersions?.map((v) => [
        v.EngineVersion,
        v.DBParameterGroupFamily,
        v.MajorEngineVersion,
      ]),
      [["21.0.0.0.ru-2025-07.rur-2025-07.r1", "oracle-ee-cdb-21", "21"]],
    );
    const ms = await h.rds.send(
      new DescribeDBEngineVersionsCommand({
        Engine: "sqlserver-ex",
        EngineVersion: "15.00.4430.1.v1",
      }),
    );
    const v = ms.DBEngineVersions![0]!;
    assert.equal(v.DBEngineVersionDescription, "SQL Server 2019 15.00.4430.1.v1");
    assert.equal(v.SupportsReadReplica, false);
    assert.deepEqual(
      v.ValidUpgradeTarget?.map((t) => [t.EngineVersion, t.IsMajorVersionUpgrade]),
      [
        ["15.00.4455.2.v1", false],
        ["16.00.4215.2.v1", true],
        ["16.00.4225.2.v1", true],
        ["16.00.4230.2.v1", true],
        ["16.00.4236.2.v1", true],
      ],
    );
  });
});
