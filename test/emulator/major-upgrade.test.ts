import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CreateDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
} from "@aws-sdk/client-rds";
import { instancePerTest, rejectsWith, suiteHarness } from "./_harness.js";

/** rds-api.md section 7: a major upgrade must name a group of the new family when a custom one is attached. */
describe("major version upgrade with a custom parameter group", () => {
  const h = suiteHarness();
  before(async () => {
    for (const [name, family] of [
      ["app-pg15", "postgres15"],
      ["app-pg16", "postgres16"],
    ]) {
      await h.rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: name,
          DBParameterGroupFamily: family,
          Description: "app",
        }),
      );
    }
  });

  const fresh = instancePerTest(h, "u", { EngineVersion: "15", DBParameterGroupName: "app-pg15" });
  const get = () => h.instance(fresh.id);
  const modify = async (input: Partial<ModifyDBInstanceCommandInput>) =>
    (await h.modify(fresh.id, input)).DBInstance!;
  const upgrade = { EngineVersion: "16", AllowMajorVersionUpgrade: true, ApplyImmediately: true };

  it("refuses the upgrade without a DBParameterGroupName, in RDS's words, and changes nothing", async () => {
    const e = await rejectsWith(modify(upgrade), "InvalidParameterCombination", 400);
    assert.match(
      e.message,
      /current DB instance parameter group app-pg15 is custom\. You must explicitly specify a new DB instance parameter group/,
    );
    const db = await get();
    assert.equal(db.EngineVersion, "15.14");
    assert.equal(db.PendingModifiedValues, undefined);
    assert.equal(db.DBParameterGroups?.[0]?.DBParameterGroupName, "app-pg15");
  });

  it("refuses a group of the old family named in the upgrade", async () => {
    const e = await rejectsWith(
      modify({ ...upgrade, DBParameterGroupName: "app-pg15" }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, /postgres16/);
    assert.equal((await get()).EngineVersion, "15.14");
  });

  it("upgrades with a new-family group: pending-database-upgrade, then in-sync after the upgrade", async () => {
    const out = await modify({ ...upgrade, DBParameterGroupName: "app-pg16" });
    assert.equal(out.PendingModifiedValues?.EngineVersion, "16.10");
    assert.deepEqual(out.DBParameterGroups, [
      { DBParameterGroupName: "app-pg16", ParameterApplyStatus: "pending-database-upgrade" },
    ]);
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "upgrading");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.EngineVersion, "16.10");
    assert.deepEqual(done.DBParameterGroups, [
      { DBParameterGroupName: "app-pg16", ParameterApplyStatus: "in-sync" },
    ]);
  });

  it("a deferred upgrade keeps the new group waiting until the maintenance window", async () => {
    const out = await modify({
      EngineVersion: "16",
      AllowMajorVersionUpgrade: true,
      DBParameterGroupName: "app-pg16",
    });
    assert.equal(out.PendingModifiedValues?.EngineVersion, "16.10");
    assert.equal(out.DBParameterGroups?.[0]?.ParameterApplyStatus, "pending-database-upgrade");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.equal(done.EngineVersion, "16.10");
    assert.equal(done.DBParameterGroups?.[0]?.ParameterApplyStatus, "in-sync");
  });

  it("a default group needs no DBParameterGroupName and moves to the new default", async () => {
    await h.createAvailable(`${fresh.id}d`, { EngineVersion: "15" });
    await h.rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: `${fresh.id}d`, ...upgrade }),
    );
    h.emu.advance(3500);
    const d = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${fresh.id}d` }),
    );
    assert.equal(
      d.DBInstances?.[0]?.DBParameterGroups?.[0]?.DBParameterGroupName,
      "default.postgres16",
    );
  });
});
