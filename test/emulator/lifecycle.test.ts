import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RebootDBInstanceCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
  waitUntilDBInstanceAvailable,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, harness, suiteHarness } from "./_harness.js";

describe("instance lifecycle over the wire", () => {
  const h = suiteHarness();

  const status = (id: string) => h.instance(id);

  it("creates: creating without endpoint, then backing-up, then available with server defaults", async () => {
    const out = await h.rds.send(new CreateDBInstanceCommand(createInput("Life-DB")));
    const created = out.DBInstance!;
    assert.equal(created.DBInstanceIdentifier, "life-db");
    assert.equal(created.DBInstanceStatus, "creating");
    assert.equal(created.Endpoint, undefined);
    assert.equal(created.EngineVersion, "16.10");
    assert.equal(created.PendingModifiedValues?.MasterUserPassword, "****");
    assert.equal(created.StorageType, "gp3");
    assert.equal(created.Iops, 3000);
    assert.equal(created.StorageThroughput, 125);
    assert.equal(created.BackupRetentionPeriod, 1);
    assert.equal(created.AutoMinorVersionUpgrade, true);
    assert.equal(created.CopyTagsToSnapshot, false);
    assert.equal(created.LicenseModel, "postgresql-license");
    assert.equal(created.NetworkType, "IPV4");
    assert.equal(created.CACertificateIdentifier, "rds-ca-rsa2048-g1");
    assert.match(created.PreferredBackupWindow!, /^\d\d:\d\d-\d\d:\d\d$/);
    assert.match(created.PreferredMaintenanceWindow!, /^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/);
    assert.deepEqual(created.DBParameterGroups, [
      { DBParameterGroupName: "default.postgres16", ParameterApplyStatus: "in-sync" },
    ]);
    assert.equal(created.OptionGroupMemberships?.[0]?.OptionGroupName, "default:postgres-16");
    assert.equal(created.DBSubnetGroup?.DBSubnetGroupName, "default");
    assert.equal(created.DBSubnetGroup?.Subnets?.length, 3);
    assert.equal(created.VpcSecurityGroups?.length, 1);
    assert.equal(created.DBInstanceArn, "arn:aws:rds:us-east-1:123456789012:db:life-db");

    h.emu.advance(3999);
    assert.equal((await status("life-db")).DBInstanceStatus, "creating");
    h.emu.advance(1);
    const backingUp = await status("life-db");
    assert.equal(backingUp.DBInstanceStatus, "backing-up");
    assert.equal(backingUp.Endpoint?.Port, 5432);
    assert.equal(backingUp.PendingModifiedValues, undefined);
    h.emu.advance(2000);
    const available = await status("LIFE-DB");
    assert.equal(available.DBInstanceStatus, "available");
    assert.ok(available.InstanceCreateTime instanceof Date);
    assert.match(
      available.Endpoint!.Address!,
      /^life-db\.[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/,
    );
  });

  it("reboots: rebooting for 2 s, then available", async () => {
    const out = await h.rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: "life-db" }));
    assert.equal(out.DBInstance?.DBInstanceStatus, "rebooting");
    h.emu.advance(2000);
    assert.equal((await status("life-db")).DBInstanceStatus, "available");
  });

  it("stops and starts: stopping -> stopped -> starting -> available", async () => {
    const stop = await h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "life-db" }));
    assert.equal(stop.DBInstance?.DBInstanceStatus, "stopping");
    h.emu.advance(2000);
    assert.equal((await status("life-db")).DBInstanceStatus, "stopped");
    const start = await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "life-db" }));
    assert.equal(start.DBInstance?.DBInstanceStatus, "starting");
    h.emu.advance(3000);
    assert.equal((await status("life-db")).DBInstanceStatus, "available");
  });

  it("deletes: deleting, then gone (DBInstanceNotFound)", async () => {
    const out = await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "life-db", SkipFinalSnapshot: true }),
    );
    assert.equal(out.DBInstance?.DBInstanceStatus, "deleting");
    h.emu.advance(2000);
    await assert.rejects(status("life-db"), { name: "DBInstanceNotFoundFault" });
    const all = await h.rds.send(new DescribeDBInstancesCommand({}));
    assert.deepEqual(all.DBInstances, []);
  });

  it("on the real clock, transitions happen as time passes (time scale 0.01: a create takes 60 ms)", async () => {
    const real = await harness({ clock: "real", timeScale: 0.01 });
    try {
      await real.rds.send(new CreateDBInstanceCommand(createInput("realtime")));
      const out = await waitUntilDBInstanceAvailable(
        { client: real.rds, maxWaitTime: 5, minDelay: 0.02, maxDelay: 0.05 },
        { DBInstanceIdentifier: "realtime" },
      );
      assert.equal(out.state, "SUCCESS");
      const statuses = real.emu
        .requestLog()
        .filter((e) => e.action === "DescribeDBInstances")
        .map((e) => e.status);
      assert.ok(statuses.length >= 2 && statuses.every((s) => s === 200));
    } finally {
      await real.close();
    }
  });

  it("generates the same resource ids, endpoints and windows for the same seed", async () => {
    const made = async (seed: number) => {
      const x = await harness({ seed });
      try {
        const d = (await x.rds.send(new CreateDBInstanceCommand(createInput("seeded"))))
          .DBInstance!;
        x.emu.advance(CREATE_MS);
        const live = await x.rds.send(
          new DescribeDBInstancesCommand({ DBInstanceIdentifier: "seeded" }),
        );
        const e = live.DBInstances![0]!;
        return [
          d.DbiResourceId,
          d.PreferredBackupWindow,
          d.PreferredMaintenanceWindow,
          d.AvailabilityZone,
          e.Endpoint?.Address,
        ];
      } finally {
        await x.close();
      }
    };
    const a = await made(11);
    assert.deepEqual(await made(11), a);
    assert.notDeepEqual(await made(12), a);
  });

  it("time scale 0 makes every transition due by the next call", async () => {
    const fast = await harness({ timeScale: 0 });
    try {
      const out = await fast.rds.send(new CreateDBInstanceCommand(createInput("quick")));
      assert.equal(out.DBInstance?.DBInstanceStatus, "creating");
      const d = await fast.rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: "quick" }),
      );
      assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "available");
    } finally {
      await fast.close();
    }
  });
});
