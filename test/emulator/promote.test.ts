import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  CreateDBInstanceReadReplicaCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  PromoteReadReplicaCommand,
  type RDSClient,
} from "@aws-sdk/client-rds";
import { CREATE_MS, client, rejectsWith, suiteHarness } from "./_harness.js";

/** Emulator time of each promotion step at time scale 1: modifying, then rebooting. */
const MODIFYING_MS = 3000;
const REBOOTING_MS = 2000;

describe("PromoteReadReplica", () => {
  const h = suiteHarness();
  let eu: RDSClient | undefined;
  after(() => eu?.destroy());

  async function replicaOf(source: string, replica: string, rds = h.rds, sourceRef = source) {
    await rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: replica,
        SourceDBInstanceIdentifier: sourceRef,
      }),
    );
    h.emu.advance(CREATE_MS);
  }

  it("goes modifying, rebooting, available; stops being a replica; the source drops it", async () => {
    await h.createAvailable("p-src");
    await replicaOf("p-src", "p-rep");
    const answer = await h.rds.send(
      new PromoteReadReplicaCommand({
        DBInstanceIdentifier: "p-rep",
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: "01:00-01:30",
      }),
    );
    assert.equal(answer.DBInstance?.DBInstanceStatus, "modifying");
    assert.equal(answer.DBInstance?.ReadReplicaSourceDBInstanceIdentifier, "p-src");
    h.emu.advance(MODIFYING_MS);
    const rebooting = await h.instance("p-rep");
    assert.equal(rebooting.DBInstanceStatus, "rebooting");
    assert.equal(rebooting.ReadReplicaSourceDBInstanceIdentifier, undefined);
    assert.deepEqual((await h.instance("p-src")).ReadReplicaDBInstanceIdentifiers, []);
    h.emu.advance(REBOOTING_MS);
    const done = await h.instance("p-rep");
    assert.equal(done.DBInstanceStatus, "available");
    assert.equal(done.BackupRetentionPeriod, 7);
    assert.equal(done.PreferredBackupWindow, "01:00-01:30");
    assert.equal(done.PendingModifiedValues?.BackupRetentionPeriod, undefined);
    const events = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "p-rep", SourceType: "db-instance" }),
    );
    assert.ok(events.Events?.some((e) => /promoted/.test(e.Message ?? "")));
    // A stand-alone instance cannot be promoted again.
    const again = await rejectsWith(
      h.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "p-rep" })),
      "InvalidDBInstanceState",
      400,
    );
    assert.equal(again.message, "DB instance p-rep is not a read replica.");
  });

  it("turns automated backups on with a retention of 1 when none is given", async () => {
    await h.createAvailable("d-src");
    await replicaOf("d-src", "d-rep");
    assert.equal((await h.instance("d-rep")).BackupRetentionPeriod, 0);
    await h.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "d-rep" }));
    h.emu.advance(MODIFYING_MS + REBOOTING_MS);
    assert.equal((await h.instance("d-rep")).BackupRetentionPeriod, 1);
  });

  it("refuses an instance that is not a replica, one not available, an unknown one and bad settings", async () => {
    await h.createAvailable("lonely");
    const e = await rejectsWith(
      h.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "lonely" })),
      "InvalidDBInstanceState",
      400,
    );
    assert.equal(e.message, "DB instance lonely is not a read replica.");
    await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "young",
        SourceDBInstanceIdentifier: "lonely",
      }),
    );
    await rejectsWith(
      h.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "young" })),
      "InvalidDBInstanceState",
      400,
    );
    await rejectsWith(
      h.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "ghost" })),
      "DBInstanceNotFound",
      404,
    );
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      h.rds.send(
        new PromoteReadReplicaCommand({ DBInstanceIdentifier: "young", BackupRetentionPeriod: 36 }),
      ),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new PromoteReadReplicaCommand({
          DBInstanceIdentifier: "young",
          PreferredBackupWindow: "1am",
        }),
      ),
      "InvalidParameterValue",
      400,
    );
    assert.equal((await h.instance("young")).DBInstanceStatus, "available");
  });

  it("promotes a replica of another region's source, which drops the replica's ARN", async () => {
    eu = client(h.emu.url, 1, "eu-west-1");
    await h.createAvailable("x-src");
    await replicaOf("x-src", "x-rep", eu, "arn:aws:rds:us-east-1:123456789012:db:x-src");
    assert.deepEqual((await h.instance("x-src")).ReadReplicaDBInstanceIdentifiers, [
      "arn:aws:rds:eu-west-1:123456789012:db:x-rep",
    ]);
    await eu.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: "x-rep" }));
    h.emu.advance(MODIFYING_MS + REBOOTING_MS);
    const [rep] = (await eu.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "x-rep" })))
      .DBInstances!;
    assert.equal(rep!.DBInstanceStatus, "available");
    assert.equal(rep!.ReadReplicaSourceDBInstanceIdentifier, undefined);
    assert.deepEqual((await h.instance("x-src")).ReadReplicaDBInstanceIdentifiers, []);
  });
});
