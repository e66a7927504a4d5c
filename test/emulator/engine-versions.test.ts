import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, DescribeDBEngineVersionsCommand } from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

/*
 * The version catalogue (src/emulator/rules/engine-versions-data.ts): current
 * minors per major, default minors, and upgrade targets. Sources: RDS API
 * Reference, DescribeDBEngineVersions and CreateDBInstance (EngineVersion);
 * RDS User Guide, "Upgrading a DB instance engine version" (major upgrades
 * need AllowMajorVersionUpgrade; no downgrades).
 */

describe("engine versions up to the present", () => {
  const h = suiteHarness();
  const versions = async (Engine: string) =>
    (await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine }))).DBEngineVersions!.map(
      (v) => v.EngineVersion!,
    );

  it("lists current minors of every major, oldest first", async () => {
    const pg = await versions("postgres");
    for (const v of ["13.23", "14.20", "15.15", "16.10", "16.11", "17.6", "17.7"]) {
      assert.ok(pg.includes(v), v);
    }
    assert.ok(pg.indexOf("16.9") < pg.indexOf("16.10"));
    const mysql = await versions("mysql");
    assert.ok(mysql.includes("8.4.7") && mysql.includes("8.0.44"));
    const maria = await versions("mariadb");
    for (const v of ["10.6.23", "10.11.14", "11.4.8"]) assert.ok(maria.includes(v), v);
  });

  it("resolves a major-only version to the major's default minor on create", async () => {
    const cases: Array<[string, string, string]> = [
      ["postgres", "16", "16.10"],
      ["postgres", "17", "17.6"],
      ["mysql", "8.4", "8.4.6"],
      ["mariadb", "10.6", "10.6.22"],
    ];
    for (const [Engine, EngineVersion, full] of cases) {
      const id = `v-${Engine}-${EngineVersion.replace(/\./g, "-")}`;
      const out = await h.rds.send(
        new CreateDBInstanceCommand(createInput(id, { Engine, EngineVersion }) as never),
      );
      assert.equal(out.DBInstance?.EngineVersion, full);
    }
  });

  it("lists newer minors and the documented majors as upgrade targets", async () => {
    const one = async (Engine: string, EngineVersion: string) =>
      (
        await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine, EngineVersion }))
      ).DBEngineVersions![0]!.ValidUpgradeTarget!.map(
        (t) => `${t.EngineVersion}${t.IsMajorVersionUpgrade ? "*" : ""}`,
      );
    assert.deepEqual(await one("mysql", "8.4.6"), ["8.4.7"]);
    const fromMysql80 = await one("mysql", "8.0.44");
    assert.ok(fromMysql80.every((t) => t.startsWith("8.4.") && t.endsWith("*")));
    const fromMaria106 = await one("mariadb", "10.6.23");
    assert.ok(fromMaria106.includes("10.11.14*") && fromMaria106.includes("11.4.8*"));
    const fromPg16 = await one("postgres", "16.10");
    assert.deepEqual(fromPg16.slice(0, 1), ["16.11"]);
    assert.ok(fromPg16.includes("17.7*"));
    assert.ok(!fromPg16.some((t) => t.startsWith("16.9") || t.startsWith("15.")));
  });

  it("upgrades across majors with AllowMajorVersionUpgrade and refuses a downgrade", async () => {
    await h.createAvailable("up-maria", { Engine: "mariadb", EngineVersion: "10.6.21" });
    await rejectsWith(
      h.modify("up-maria", { EngineVersion: "10.6.20" }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      h.modify("up-maria", { EngineVersion: "11.4" }),
      "InvalidParameterCombination",
      400,
    );
    const out = await h.modify("up-maria", {
      EngineVersion: "11.4",
      AllowMajorVersionUpgrade: true,
      ApplyImmediately: true,
    });
    assert.equal(out.DBInstance?.PendingModifiedValues?.EngineVersion, "11.4.7");
    h.emu.advance(CREATE_MS);
    const done = await h.instance("up-maria");
    assert.equal(done.EngineVersion, "11.4.7");
    assert.equal(done.DBParameterGroups?.[0]?.DBParameterGroupName, "default.mariadb11.4");
  });

  it("the maintenance window brings a minor below the default up to it", async () => {
    await h.createAvailable("amv", { Engine: "mysql", EngineVersion: "8.0.39" });
    h.emu.runMaintenanceWindow();
    assert.equal((await h.instance("amv")).EngineVersion, "8.0.43");
  });
});
