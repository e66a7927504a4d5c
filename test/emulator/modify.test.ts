import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceCommandInput,
  RebootDBInstanceCommand,
} from "@aws-sdk/client-rds";
import {
  CREATE_MS,
  createInput,
  harness,
  instancePerTest,
  rejectsWith,
  suiteHarness,
} from "./_harness.js";

describe("ModifyDBInstance timing", () => {
  const h = suiteHarness();
  before(async () => {
    await h.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "base",
        DBInstanceClass: "db.t3.micro",
        Engine: "postgres",
        EngineVersion: "15",
        AllocatedStorage: 20,
        MasterUsername: "admin1",
        ManageMasterUserPassword: true,
        EnableCloudwatchLogsExports: ["postgresql"],
      }),
    );
    await h.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "app-pg15",
        DBParameterGroupFamily: "postgres15",
        Description: "app",
      }),
    );
  });

  const fresh = instancePerTest(h, "m", { EngineVersion: "15" });
  const get = (name = fresh.id) => h.instance(name);
  const modify = async (input: Partial<ModifyDBInstanceCommandInput>) =>
    (await h.modify(fresh.id, input)).DBInstance!;

  it("defers a class change to the maintenance window with ApplyImmediately=false", async () => {
    const out = await modify({ DBInstanceClass: "db.t3.small" });
    assert.equal(out.DBInstanceClass, "db.t3.micro");
    assert.equal(out.PendingModifiedValues?.DBInstanceClass, "db.t3.small");
    assert.equal(out.DBInstanceStatus, "available");
    h.emu.advance(10_000);
    assert.equal((await get()).PendingModifiedValues?.DBInstanceClass, "db.t3.small");
    h.emu.runMaintenanceWindow();
    const done = await get();
    assert.equal(done.DBInstanceClass, "db.t3.small");
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("the maintenance window upgrades a minor below the default when AutoMinorVersionUpgrade is on", async () => {
    const pinned = `${fresh.id}-pinned`;
    await h.rds.send(
      new CreateDBInstanceCommand(createInput(`${fresh.id}-auto`, { EngineVersion: "16.6" })),
    );
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput(pinned, { EngineVersion: "16.6", AutoMinorVersionUpgrade: false }),
      ),
    );
    h.emu.advance(CREATE_MS);
    h.emu.runMaintenanceWindow();
    assert.equal((await get(`${fresh.id}-auto`)).EngineVersion, "16.10");
    assert.equal((await get(pinned)).EngineVersion, "16.6");
  });

  it("applies a class change with ApplyImmediately=true: available briefly, modifying, then applied", async () => {
    const out = await modify({ DBInstanceClass: "db.t3.large", ApplyImmediately: true });
    assert.equal(out.DBInstanceStatus, "available");
    assert.equal(out.PendingModifiedValues?.DBInstanceClass, "db.t3.large");
    h.emu.advance(499);
    assert.equal((await get()).DBInstanceStatus, "available");
    h.emu.advance(1);
    assert.equal((await get()).DBInstanceStatus, "modifying");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.DBInstanceClass, "db.t3.large");
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("ApplyImmediately=true also applies what was already pending", async () => {
    await modify({ DBInstanceClass: "db.t3.small" });
    await modify({ MultiAZ: true, ApplyImmediately: true });
    h.emu.advance(3500);
    const done = await get();
    assert.equal(done.DBInstanceClass, "db.t3.small");
    assert.equal(done.MultiAZ, true);
    assert.ok(done.SecondaryAvailabilityZone);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("with ApplyImmediately=true, the current value cancels a pending change instead of applying it", async () => {
    await modify({ MultiAZ: true });
    const out = await modify({
      MultiAZ: false,
      DBInstanceClass: "db.t3.small",
      ApplyImmediately: true,
    });
    assert.deepEqual(out.PendingModifiedValues, { DBInstanceClass: "db.t3.small" });
    h.emu.advance(3500);
    const done = await get();
    assert.equal(done.MultiAZ, false);
    assert.equal(done.DBInstanceClass, "db.t3.small");
  });

  it("sending the current value cancels a pending change", async () => {
    await modify({ DBInstanceClass: "db.t3.small" });
    const out = await modify({ DBInstanceClass: "db.t3.micro" });
    assert.equal(out.PendingModifiedValues, undefined);
  });

  it("applies now, whatever ApplyImmediately says: deletion protection, windows, security groups, public access", async () => {
    const out = await modify({
      DeletionProtection: true,
      PreferredMaintenanceWindow: "SUN:05:00-SUN:05:30",
      PreferredBackupWindow: "03:00-03:30",
      VpcSecurityGroupIds: ["sg-0a1", "sg-0b2"],
      PubliclyAccessible: true,
      AutoMinorVersionUpgrade: false,
      CopyTagsToSnapshot: true,
      MaxAllocatedStorage: 100,
    });
    assert.equal(out.DeletionProtection, true);
    assert.equal(out.PreferredMaintenanceWindow, "sun:05:00-sun:05:30");
    assert.equal(out.PreferredBackupWindow, "03:00-03:30");
    assert.deepEqual(
      out.VpcSecurityGroups?.filter((g) => g.Status !== "removing")
        .map((g) => g.VpcSecurityGroupId)
        .sort(),
      ["sg-0a1", "sg-0b2"],
    );
    assert.equal(out.PubliclyAccessible, true);
    assert.equal(out.AutoMinorVersionUpgrade, false);
    assert.equal(out.CopyTagsToSnapshot, true);
    assert.equal(out.MaxAllocatedStorage, 100);
    assert.equal(out.PendingModifiedValues, undefined);
    await modify({ DeletionProtection: false });
  });

  it("shows security groups adding and removing until the modification completes", async () => {
    const out = await modify({ VpcSecurityGroupIds: ["sg-0new"] });
    const statuses = Object.fromEntries(
      out.VpcSecurityGroups!.map((g) => [g.VpcSecurityGroupId, g.Status]),
    );
    assert.deepEqual(statuses, { "sg-0new": "adding", "sg-0d5e7a1f00c0ffee1": "removing" });
    h.emu.advance(3500);
    assert.deepEqual((await get()).VpcSecurityGroups, [
      { VpcSecurityGroupId: "sg-0new", Status: "active" },
    ]);
  });

  it("shows upgrading while an engine version change is applied, renaming while a rename is", async () => {
    await modify({ EngineVersion: "15.15", ApplyImmediately: true });
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "upgrading");
    h.emu.advance(3000);
    await modify({ NewDBInstanceIdentifier: `${fresh.id}-x`, ApplyImmediately: true });
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "renaming");
    h.emu.advance(3000);
    assert.equal((await get(`${fresh.id}-x`)).DBInstanceStatus, "available");
  });

  it("changes the port now and restarts, whatever ApplyImmediately says", async () => {
    const out = await modify({ DBPortNumber: 6543 });
    assert.equal(out.PendingModifiedValues?.Port, 6543);
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "modifying");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.Endpoint?.Port, 6543);
    assert.equal(done.PendingModifiedValues, undefined);
  });

  it("switches the parameter group name now, pending-reboot until RebootDBInstance", async () => {
    const out = await modify({ DBParameterGroupName: "APP-PG15" });
    assert.deepEqual(out.DBParameterGroups, [
      { DBParameterGroupName: "app-pg15", ParameterApplyStatus: "pending-reboot" },
    ]);
    h.emu.advance(3500);
    h.emu.runMaintenanceWindow();
    assert.equal((await get()).DBParameterGroups?.[0]?.ParameterApplyStatus, "pending-reboot");
    await h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: fresh.id }));
    h.emu.advance(2000);
    const done = await get();
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.DBParameterGroups?.[0]?.ParameterApplyStatus, "in-sync");
  });

  it("refuses a parameter group of another family", async () => {
    await rejectsWith(
      modify({ DBParameterGroupName: "default.postgres16" }),
      "InvalidParameterCombination",
      400,
    );
  });

  it("treats CloudwatchLogsExportConfiguration as a delta applied now", async () => {
    const out = await modify({
      CloudwatchLogsExportConfiguration: { EnableLogTypes: ["postgresql", "upgrade"] },
    });
    assert.deepEqual(out.PendingModifiedValues?.PendingCloudwatchLogsExports, {
      LogTypesToEnable: ["postgresql", "upgrade"],
    });
    h.emu.advance(3500);
    assert.deepEqual((await get()).EnabledCloudwatchLogsExports, ["postgresql", "upgrade"]);
    await modify({ CloudwatchLogsExportConfiguration: { DisableLogTypes: ["upgrade"] } });
    h.emu.advance(3500);
    assert.deepEqual((await get()).EnabledCloudwatchLogsExports, ["postgresql"]);
    await rejectsWith(
      modify({ CloudwatchLogsExportConfiguration: { EnableLogTypes: ["slowquery"] } }),
      "InvalidParameterCombination",
      400,
    );
  });

  it("refuses storage beyond the account quota with StorageQuotaExceeded", async () => {
    const q = await harness({ storageQuotaGiB: 100 });
    try {
      await q.rds.send(new CreateDBInstanceCommand(createInput("q1", { AllocatedStorage: 60 })));
      await rejectsWith(
        q.rds.send(new CreateDBInstanceCommand(createInput("q2", { AllocatedStorage: 50 }))),
        "StorageQuotaExceeded",
        400,
      );
      q.emu.advance(CREATE_MS);
      await rejectsWith(
        q.rds.send(
          new ModifyDBInstanceCommand({ DBInstanceIdentifier: "q1", AllocatedStorage: 120 }),
        ),
        "StorageQuotaExceeded",
        400,
      );
    } finally {
      await q.close();
    }
  });

  it("resolves a major-only EngineVersion and needs AllowMajorVersionUpgrade to cross a major", async () => {
    await rejectsWith(modify({ EngineVersion: "16" }), "InvalidParameterCombination", 400);
    await rejectsWith(modify({ EngineVersion: "14.17" }), "InvalidParameterCombination", 400);
    await rejectsWith(modify({ EngineVersion: "15.99" }), "InvalidParameterCombination", 400);
    const minor = await modify({ EngineVersion: "15.15" });
    assert.equal(minor.PendingModifiedValues?.EngineVersion, "15.15");
    const major = await modify({
      EngineVersion: "16",
      AllowMajorVersionUpgrade: true,
      ApplyImmediately: true,
    });
    assert.equal(major.PendingModifiedValues?.EngineVersion, "16.10");
    h.emu.advance(3500);
    const done = await get();
    assert.equal(done.EngineVersion, "16.10");
    assert.equal(done.DBParameterGroups?.[0]?.DBParameterGroupName, "default.postgres16");
    assert.equal(done.OptionGroupMemberships?.[0]?.OptionGroupName, "default:postgres-16");
  });

  it("a major-only version at or below the current minor is no change", async () => {
    await modify({ EngineVersion: "15.15", ApplyImmediately: true });
    h.emu.advance(3500);
    await rejectsWith(modify({ EngineVersion: "15" }), "InvalidParameterCombination", 400);
    assert.equal((await get()).EngineVersion, "15.15");
  });

  it("answers a modification that changes nothing with InvalidParameterCombination", async () => {
    const e = await rejectsWith(
      modify({ DBInstanceClass: "db.t3.micro", ApplyImmediately: true }),
      "InvalidParameterCombination",
      400,
    );
    assert.match(e.message, /No modifications were requested/);
  });

  it("renames with NewDBInstanceIdentifier", async () => {
    const out = await modify({
      NewDBInstanceIdentifier: `${fresh.id}-Renamed`,
      ApplyImmediately: true,
    });
    assert.equal(out.PendingModifiedValues?.DBInstanceIdentifier, `${fresh.id}-renamed`);
    h.emu.advance(3500);
    const renamed = await get(`${fresh.id}-renamed`);
    assert.equal(
      renamed.DBInstanceArn,
      `arn:aws:rds:us-east-1:123456789012:db:${fresh.id}-renamed`,
    );
    await rejectsWith(get(fresh.id), "DBInstanceNotFound", 404);
    await h.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: `${fresh.id}-renamed`,
        NewDBInstanceIdentifier: fresh.id,
        ApplyImmediately: true,
      }),
    );
    h.emu.advance(3500);
  });

  it("refuses a rename onto an existing identifier", async () => {
    await rejectsWith(modify({ NewDBInstanceIdentifier: "base" }), "DBInstanceAlreadyExists", 400);
  });

  it("masks a password change in PendingModifiedValues and never returns the password", async () => {
    const out = await modify({ MasterUserPassword: "N3wPassw0rd!" });
    assert.equal(out.PendingModifiedValues?.MasterUserPassword, "****");
    h.emu.advance(500);
    assert.equal((await get()).DBInstanceStatus, "resetting-master-credentials");
    h.emu.advance(3000);
    const done = await get();
    assert.equal(done.PendingModifiedValues, undefined);
    assert.ok(!JSON.stringify(done).includes("N3wPassw0rd"));
    const log = JSON.stringify(h.emu.requestLog());
    assert.ok(!log.includes("N3wPassw0rd") && !log.includes("S3cret"));
  });

  it("ManageMasterUserPassword yields a MasterUserSecret with a secret ARN", async () => {
    const created = await get("base");
    assert.match(
      created.MasterUserSecret!.SecretArn!,
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/,
    );
    assert.equal(created.MasterUserSecret?.SecretStatus, "active");
    const out = await modify({ ManageMasterUserPassword: true, ApplyImmediately: true });
    assert.equal(out.MasterUserSecret?.SecretStatus, "creating");
    h.emu.advance(3500);
    assert.equal((await get()).MasterUserSecret?.SecretStatus, "active");
    await rejectsWith(
      modify({ MasterUserPassword: "Another1pass" }),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      modify({ ManageMasterUserPassword: false }),
      "InvalidParameterCombination",
      400,
    );
  });

  it("refuses to modify an instance that is not available", async () => {
    await h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: fresh.id }));
    await rejectsWith(modify({ DBInstanceClass: "db.t3.small" }), "InvalidDBInstanceState", 400);
    h.emu.advance(2000);
  });

  it("a refused modification leaves the instance untouched", async () => {
    await rejectsWith(
      modify({ DeletionProtection: true, DBInstanceClass: "db.t3.small", AllocatedStorage: 5 }),
      "InvalidParameterCombination",
      400,
    );
    const same = await get();
    assert.equal(same.DeletionProtection, false);
    assert.equal(same.PendingModifiedValues, undefined);
  });
});
