import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CreateDBSnapshotMessage, DBSnapshot } from "@aws-sdk/client-rds";
import { type SnapshotStep, takeSnapshot } from "../../src/apply/snapshot.js";
import type { ProgressEvent } from "../../src/apply/types.js";
import type { RdsApi } from "../../src/aws/rds-api.js";
import {
  ApplyInterruptedError,
  AwsCallError,
  InstanceFailedError,
  WaitTimeoutError,
} from "../../src/errors.js";

/** A client that answers CreateDBSnapshot and then each DescribeDBSnapshots with the next status. */
function fakeApi(statuses: Array<string | undefined>, create?: () => Promise<DBSnapshot>) {
  const sent: CreateDBSnapshotMessage[] = [];
  let describes = 0;
  const api = {
    async createSnapshot(input: CreateDBSnapshotMessage): Promise<DBSnapshot> {
      sent.push(input);
      if (create !== undefined) return create();
      return { DBSnapshotIdentifier: input.DBSnapshotIdentifier, Status: "creating" };
    },
    async describeSnapshot(id: string): Promise<DBSnapshot | undefined> {
      const status = statuses[Math.min(describes, statuses.length - 1)];
      describes += 1;
      return status === undefined
        ? undefined
        : { DBSnapshotIdentifier: id, DBInstanceIdentifier: "db1", Status: status };
    },
  } as unknown as RdsApi;
  return { api, sent, describes: () => describes };
}

function step(api: RdsApi, extra: Partial<SnapshotStep> = {}) {
  let clock = Date.UTC(2026, 11, 4, 6, 0, 0);
  const events: ProgressEvent[] = [];
  const sleeps: number[] = [];
  const s: SnapshotStep = {
    api,
    id: "db1",
    tags: [{ Key: "rdsctl:spec", Value: "orders" }],
    wait: { delaySeconds: 2, maxDelaySeconds: 8, timeoutSeconds: 30 },
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    emit: (e) => events.push(e),
    send: (create) => create(),
    ...extra,
  };
  return { s, events, sleeps };
}

describe("the snapshot step of apply", () => {
  it("sends the named, tagged snapshot and polls with back-off until it is available", async () => {
    const fake = fakeApi(["creating", "creating", "creating", "available"]);
    const { s, events, sleeps } = step(fake.api);
    assert.equal(await takeSnapshot(s), "db1-rdsctl-20261204-060000");
    assert.deepEqual(fake.sent, [
      {
        DBSnapshotIdentifier: "db1-rdsctl-20261204-060000",
        DBInstanceIdentifier: "db1",
        Tags: [{ Key: "rdsctl:spec", Value: "orders" }],
      },
    ]);
    assert.deepEqual(sleeps, [2000, 4000, 8000, 8000]);
    assert.deepEqual(
      events.map((e) => (e.type === "wait-snapshot" ? `${e.type}:${e.status}` : e.type)),
      [
        "snapshot",
        "wait-snapshot:creating",
        "wait-snapshot:creating",
        "wait-snapshot:creating",
        "wait-snapshot:available",
      ],
    );
  });

  it("a snapshot that fails is an InstanceFailedError; one never available times out", async () => {
    const failed = step(fakeApi(["creating", "failed"]).api).s;
    await assert.rejects(takeSnapshot(failed), (err: unknown) => {
      assert.ok(err instanceof InstanceFailedError);
      assert.match(
        err.message,
        /snapshot db1-rdsctl-20261204-060000 is failed; the change it was taken for was not sent/,
      );
      return true;
    });
    const slow = step(fakeApi(["creating"]).api).s;
    await assert.rejects(takeSnapshot(slow), (err: unknown) => {
      assert.ok(err instanceof WaitTimeoutError);
      assert.match(err.message, /not available after 30s.*re-running apply takes a new snapshot/);
      return true;
    });
  });

  it("an interruption while waiting stops at once, saying nothing after it was sent", async () => {
    const abort = new AbortController();
    const fake = fakeApi(["creating"]);
    const { s } = step(fake.api, {
      signal: abort.signal,
      sleep: () => new Promise(() => {}),
    });
    const running = takeSnapshot(s);
    setImmediate(() => abort.abort());
    await assert.rejects(running, (err: unknown) => {
      assert.ok(err instanceof ApplyInterruptedError);
      assert.match(err.message, /nothing after it was sent/);
      return true;
    });
  });

  it("a retried create answered DBSnapshotAlreadyExists adopts the snapshot of this instance", async () => {
    const fake = fakeApi(["available"], () =>
      Promise.reject(
        new AwsCallError("CreateDBSnapshot: already exists", "DBSnapshotAlreadyExists"),
      ),
    );
    const { s } = step(fake.api);
    assert.equal(await takeSnapshot(s), "db1-rdsctl-20261204-060000");
  });

  it("a client without the snapshot calls is refused before anything is sent", async () => {
    const { s } = step({} as RdsApi);
    await assert.rejects(takeSnapshot(s), /cannot take snapshots/);
  });
});
