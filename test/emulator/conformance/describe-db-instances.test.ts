import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, CreateDBInstanceReadReplicaCommand } from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, harness } from "../_harness.js";

/*
 * DescribeDBInstances, rule by rule, each test titled with the AWS
 * documentation it comes from. Also covered elsewhere: pagination, MaxRecords,
 * Marker, filters and lookup by ARN (describe.test.ts), the fields a create
 * reports back (roundtrip.property.test.ts, create-settings.test.ts),
 * PendingModifiedValues (modify.test.ts, pending.property.test.ts).
 */

const FIVE_MINUTES = 5 * 60_000;

describe("DescribeDBInstances conformance: LatestRestorableTime", () => {
  it("DBInstance data type, LatestRestorableTime; User Guide, Restoring a DB instance to a specified time: absent until the first backup, then within the last five minutes, moving with the clock", async () => {
    const h = await harness();
    try {
      await h.rds.send(new CreateDBInstanceCommand(createInput("pitr") as never));
      assert.equal((await h.instance("pitr")).LatestRestorableTime, undefined);
      h.emu.advance(4000); // creating -> backing-up
      const backingUp = await h.instance("pitr");
      assert.equal(backingUp.DBInstanceStatus, "backing-up");
      assert.equal(backingUp.LatestRestorableTime, undefined);
      h.emu.advance(2000); // the first backup completes
      const firstBackup = h.emu.now();
      const ready = await h.instance("pitr");
      assert.equal(ready.DBInstanceStatus, "available");
      // Never before the first backup completed.
      assert.equal(ready.LatestRestorableTime?.getTime(), firstBackup);
      for (const step of [FIVE_MINUTES, 7 * 60_000, 3600_000, 1]) {
        h.emu.advance(step);
        // Asked twice, so a cached answer would show a stale time.
        for (let i = 0; i < 2; i++) {
          const at = (await h.instance("pitr")).LatestRestorableTime!.getTime();
          const now = h.emu.now();
          assert.ok(at <= now && at > now - FIVE_MINUTES, `${at} within five minutes of ${now}`);
          assert.ok(at >= firstBackup);
        }
      }
    } finally {
      await h.close();
    }
  });

  it("DBInstance data type, LatestRestorableTime: absent with BackupRetentionPeriod 0 (no automated backups), on an instance or a read replica", async () => {
    const h = await harness();
    try {
      await h.createAvailable("nobackup", { BackupRetentionPeriod: 0 });
      h.emu.advance(3600_000);
      assert.equal((await h.instance("nobackup")).LatestRestorableTime, undefined);
      await h.createAvailable("src");
      await h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "rep",
          SourceDBInstanceIdentifier: "src",
        }),
      );
      h.emu.advance(CREATE_MS + 3600_000);
      const rep = await h.instance("rep");
      assert.equal(rep.BackupRetentionPeriod, 0);
      assert.equal(rep.LatestRestorableTime, undefined);
      assert.ok((await h.instance("src")).LatestRestorableTime instanceof Date);
    } finally {
      await h.close();
    }
  });

  it("ModifyDBInstance API reference, BackupRetentionPeriod: turning backups off removes LatestRestorableTime; turning them on brings it back from that moment", async () => {
    const h = await harness();
    try {
      await h.createAvailable("toggle");
      h.emu.advance(FIVE_MINUTES);
      assert.ok((await h.instance("toggle")).LatestRestorableTime instanceof Date);
      await h.modify("toggle", { BackupRetentionPeriod: 0, ApplyImmediately: true });
      h.emu.advance(10_000);
      assert.equal((await h.instance("toggle")).LatestRestorableTime, undefined);
      h.emu.advance(3600_000);
      await h.modify("toggle", { BackupRetentionPeriod: 7, ApplyImmediately: true });
      h.emu.advance(10_000);
      const on = h.emu.now();
      const back = await h.instance("toggle");
      assert.equal(back.BackupRetentionPeriod, 7);
      const at = back.LatestRestorableTime!.getTime();
      assert.ok(at <= on && at > on - 10_000, "restorable only from when backups came back");
    } finally {
      await h.close();
    }
  });
});
