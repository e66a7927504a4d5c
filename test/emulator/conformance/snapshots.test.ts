import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  paginateDescribeDBSnapshots,
  waitUntilDBSnapshotAvailable,
} from "@aws-sdk/client-rds";
import {
  FAST_POLL,
  harness,
  instancePerTest,
  rejectsWith,
  suiteHarness,
  suiteTempDir,
} from "../_harness.js";

/*
 * CreateDBSnapshot and DescribeDBSnapshots, rule by rule, each test titled
 * with the AWS documentation it comes from (the API references of both
 * actions; RDS User Guide, "Creating a DB snapshot for a Single-AZ DB
 * instance", USER_CreateSnapshot). Also covered elsewhere: the snapshot taken
 * by apply before a change (test/apply/snapshot-before.test.ts).
 */

/** Emulator time a manual snapshot takes at time scale 1. */
const SNAPSHOT_MS = 3000;

describe("CreateDBSnapshot and DescribeDBSnapshots", () => {
  const h = suiteHarness();
  const inst = instancePerTest(h, "snap", {
    CopyTagsToSnapshot: true,
    Tags: [{ Key: "team", Value: "db" }],
  });

  async function snapshot(id: string): Promise<DBSnapshot> {
    const out = await h.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }));
    assert.equal(out.DBSnapshots?.length, 1);
    return out.DBSnapshots![0]!;
  }

  it("USER_CreateSnapshot: the snapshot is creating and the instance backing-up, then both available, with SnapshotCreateTime", async () => {
    const started = h.emu.now();
    const out = await h.rds.send(
      new CreateDBSnapshotCommand({
        DBSnapshotIdentifier: "Snap1-Before",
        DBInstanceIdentifier: inst.id,
      }),
    );
    const created = out.DBSnapshot!;
    assert.equal(created.DBSnapshotIdentifier, "snap1-before");
    assert.equal(created.Status, "creating");
    assert.equal(created.SnapshotType, "manual");
    assert.equal(created.SnapshotCreateTime, undefined);
    assert.equal(created.DBInstanceIdentifier, inst.id);
    assert.equal(created.Engine, "postgres");
    assert.equal(created.DBSnapshotArn, "arn:aws:rds:us-east-1:123456789012:snapshot:snap1-before");
    // CopyTagsToSnapshot and no Tags asked: the instance's tags.
    assert.deepEqual(created.TagList, [{ Key: "team", Value: "db" }]);
    assert.equal((await h.instance(inst.id)).DBInstanceStatus, "backing-up");
    h.emu.advance(SNAPSHOT_MS - 1);
    assert.equal((await snapshot("snap1-before")).Status, "creating");
    h.emu.advance(1);
    const done = await snapshot("snap1-before");
    assert.equal(done.Status, "available");
    assert.equal(done.PercentProgress, 100);
    assert.equal(done.SnapshotCreateTime?.getTime(), started);
    assert.equal((await h.instance(inst.id)).DBInstanceStatus, "available");
    const events = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: inst.id, SourceType: "db-instance" }),
    );
    assert.ok(events.Events?.some((e) => e.Message === "Creating manual snapshot"));
  });

  it("CreateDBSnapshot API reference, Errors and DBSnapshotIdentifier constraints: DBSnapshotAlreadyExists, DBInstanceNotFound, InvalidDBInstanceState, a bad identifier", async () => {
    await h.rds.send(
      new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "s2", DBInstanceIdentifier: inst.id }),
    );
    // The instance is backing-up.
    const busy = await rejectsWith(
      h.rds.send(
        new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "s2b", DBInstanceIdentifier: inst.id }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    assert.match(busy.message, /backing-up/);
    h.emu.advance(SNAPSHOT_MS);
    await rejectsWith(
      h.rds.send(
        new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "S2", DBInstanceIdentifier: inst.id }),
      ),
      "DBSnapshotAlreadyExists",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "s2c", DBInstanceIdentifier: "nope" }),
      ),
      "DBInstanceNotFound",
      404,
    );
    for (const bad of ["1abc", "a--b", "a-", "a_b", `a${"b".repeat(255)}`]) {
      await rejectsWith(
        h.rds.send(
          new CreateDBSnapshotCommand({ DBSnapshotIdentifier: bad, DBInstanceIdentifier: inst.id }),
        ),
        "InvalidParameterValue",
        400,
      );
    }
    // A modify not yet started (the instance still reads available) makes it busy too.
    await h.modify(inst.id, { DBInstanceClass: "db.t3.small", ApplyImmediately: true });
    await rejectsWith(
      h.rds.send(
        new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "s2d", DBInstanceIdentifier: inst.id }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    await rejectsWith(
      h.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "s2d" })),
      "DBSnapshotNotFound",
      404,
    );
    assert.equal((await snapshot("s2")).Status, "available", "the refusals changed nothing");
  });

  it("CreateDBSnapshot API reference, Tags; CopyTagsToSnapshot: asked tags win over the instance's; the snapshot ARN takes tags", async () => {
    const out = await h.rds.send(
      new CreateDBSnapshotCommand({
        DBSnapshotIdentifier: "s3",
        DBInstanceIdentifier: inst.id,
        Tags: [{ Key: "why", Value: "upgrade" }],
      }),
    );
    assert.deepEqual(out.DBSnapshot?.TagList, [{ Key: "why", Value: "upgrade" }]);
    await h.rds.send(
      new AddTagsToResourceCommand({
        ResourceName: out.DBSnapshot!.DBSnapshotArn!,
        Tags: [{ Key: "more", Value: "1" }],
      }),
    );
    assert.deepEqual(
      (await snapshot("s3")).TagList?.map((t) => t.Key),
      ["why", "more"],
    );
    h.emu.advance(SNAPSHOT_MS);
  });

  it("DescribeDBSnapshots API reference (the SDK's waitUntilDBSnapshotAvailable): succeeds once the snapshot is available", async () => {
    await h.rds.send(
      new CreateDBSnapshotCommand({ DBSnapshotIdentifier: "s4", DBInstanceIdentifier: inst.id }),
    );
    const timer = setInterval(() => h.emu.advance(500), 5);
    try {
      const out = await waitUntilDBSnapshotAvailable(
        { client: h.rds, maxWaitTime: 10, ...FAST_POLL },
        { DBSnapshotIdentifier: "s4" },
      );
      assert.equal(out.state, "SUCCESS");
    } finally {
      clearInterval(timer);
    }
    assert.equal((await snapshot("s4")).Status, "available");
  });

  it("DescribeDBSnapshots API reference, DBInstanceIdentifier, SnapshotType, Filters, MaxRecords and Marker: lists in pages (the SDK paginator)", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = `page-${String(i).padStart(2, "0")}`;
      ids.push(id);
      await h.rds.send(
        new CreateDBSnapshotCommand({ DBSnapshotIdentifier: id, DBInstanceIdentifier: inst.id }),
      );
      h.emu.advance(SNAPSHOT_MS);
    }
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeDBSnapshots(
      { client: h.rds, pageSize: 20 },
      { DBInstanceIdentifier: inst.id, SnapshotType: "manual" },
    )) {
      pages += 1;
      seen.push(...(page.DBSnapshots ?? []).map((s) => s.DBSnapshotIdentifier!));
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen, ids);
    const automated = await h.rds.send(
      new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: inst.id, SnapshotType: "automated" }),
    );
    assert.deepEqual(automated.DBSnapshots, []);
    const byFilter = await h.rds.send(
      new DescribeDBSnapshotsCommand({
        Filters: [{ Name: "db-snapshot-id", Values: ["page-03"] }],
      }),
    );
    assert.deepEqual(
      byFilter.DBSnapshots?.map((s) => s.DBSnapshotIdentifier),
      ["page-03"],
    );
    await rejectsWith(
      h.rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: "weekly" })),
      "InvalidParameterValue",
      400,
    );
  });

  it("CreateDBSnapshot API reference, SnapshotQuotaExceeded: past the manual snapshot quota (100 a region)", async () => {
    let n = 0;
    for await (const page of paginateDescribeDBSnapshots({ client: h.rds }, {}))
      n += page.DBSnapshots?.length ?? 0;
    for (; n < 100; n++) {
      await h.rds.send(
        new CreateDBSnapshotCommand({
          DBSnapshotIdentifier: `q${n}`,
          DBInstanceIdentifier: inst.id,
        }),
      );
      h.emu.advance(SNAPSHOT_MS);
    }
    await rejectsWith(
      h.rds.send(
        new CreateDBSnapshotCommand({
          DBSnapshotIdentifier: "one-more",
          DBInstanceIdentifier: inst.id,
        }),
      ),
      "SnapshotQuotaExceeded",
      400,
    );
  });

  it("is refused with AccessDenied when denied, as other actions are", async () => {
    h.emu.setDenied("CreateDBSnapshot,DescribeDBSnapshots");
    try {
      await rejectsWith(
        h.rds.send(
          new CreateDBSnapshotCommand({
            DBSnapshotIdentifier: "denied",
            DBInstanceIdentifier: inst.id,
          }),
        ),
        "AccessDenied",
        403,
      );
      await rejectsWith(h.rds.send(new DescribeDBSnapshotsCommand({})), "AccessDenied", 403);
    } finally {
      h.emu.setDenied([]);
    }
    assert.equal((await h.instance(inst.id)).DBInstanceStatus, "available");
  });
});

describe("snapshots in the state file", () => {
  const tmp = suiteTempDir("rdsctl-snapshots-");

  it("a snapshot, creating or available, survives a restart and finishes on the clock", async () => {
    const statePath = join(tmp.path, "state.json");
    const first = await harness({ statePath });
    await first.createAvailable("kept");
    await first.rds.send(
      new CreateDBSnapshotCommand({
        DBSnapshotIdentifier: "kept-snap",
        DBInstanceIdentifier: "kept",
      }),
    );
    await first.close();
    const second = await harness({ statePath });
    try {
      const out = await second.rds.send(
        new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: "kept" }),
      );
      assert.deepEqual(
        out.DBSnapshots?.map((s) => [s.DBSnapshotIdentifier, s.Status]),
        [["kept-snap", "creating"]],
      );
      second.emu.advance(SNAPSHOT_MS);
      const later = await second.rds.send(
        new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "kept-snap" }),
      );
      assert.equal(later.DBSnapshots?.[0]?.Status, "available");
    } finally {
      await second.close();
    }
  });
});
