import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, type Harness, harness, rejectsWith } from "./_harness.js";

/** rds-api.md section 7: a major upgrade must name a group of the new family when a custom one is attached. */
describe("major version upgrade with a custom parameter group", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
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
  after(() => h.close());

  let n = 0;
  let id = "";
  beforeEach(async () => {
    n += 1;
    id = `u${n}`;
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput(id, { EngineVersion: "15", DBParameterGroupName: "app-pg15" }),
      ),
    );
    h.emu.advance(CREATE_MS);
  });

  const get = async (): Promise<DBInstance> =>
    (await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })))
      .DBInstances![0]!;
  const modify = async (input: Record<string, unknown>) =>
    (await h.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: id, ...input })))
      .DBInstance!;
  const upgrade = { EngineVersion: "16", AllowMajorVersionUpgrade: true, ApplyImmediately: true };

  it("refuses the upgrade without a DBParameterGroupName, in RDS's words, and changes nothing", async () => {
    const e = await rejectsWith(modify(upgrade), "InvalidParameterCombination", 400);
    assert.match(
      e.message,
      /current DB instance parameter group app-pg15 is custom\. You must explicitly specify a new DB instance parameter group/,
    );
    const db = await get();
    assert.equal(db.EngineVersion, "15.12");
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
    assert.equal((await get()).EngineVersion, "15.12");
  });

  it("upgrades with a new-family group: pending-database-upgrade, then in-sync after the upgrade", async () => {
    const out = await modify({ ...upgrade, DBParameterGroupName: "app-pg16" });
    assert.equal(out.PendingModifiedValues?.EngineVersion, "16.8");
    assert.deepEqual(out.DBParameterGroups, [
      { DBParameterGroupName: "app-pg16", ParameterApplyStatus: "pending-database-upgrade" },
    ]);
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "upgrading");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.EngineVersion, "16.8");
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
    assert.equal(out.PendingModifiedValues?.EngineVersion, "16.8");
    assert.equal(out.DBParameterGroups?.[0]?.ParameterApplyStatus, "pending-database-upgrade");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.equal(done.EngineVersion, "16.8");
    assert.equal(done.DBParameterGroups?.[0]?.ParameterApplyStatus, "in-sync");
  });

  it("a default group needs no DBParameterGroupName and moves to the new default", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput(`${id}d`, { EngineVersion: "15" })));
    h.emu.advance(CREATE_MS);
    await h.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: `${id}d`, ...upgrade }));
    h.emu.advance(3500);
    const d = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${id}d` }));
    assert.equal(
      d.DBInstances?.[0]?.DBParameterGroups?.[0]?.DBParameterGroupName,
      "default.postgres16",
    );
  });
});
