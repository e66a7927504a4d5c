import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { ChangeBlockedError } from "../../src/errors.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/** A live replica whose item drops SourceDBInstanceIdentifier: blocked, promoted only when named. */
describe("apply --promote", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const primary = () => desiredInstance("pro-primary", { BackupRetentionPeriod: 7 });
  /** The replica's item as a user writes it: only its own fields, inherited ones left out. */
  function ownOnly(d: DesiredInstance): DesiredInstance {
    for (const k of [
      "Engine",
      "EngineVersion",
      "AllocatedStorage",
      "MasterUsername",
      "MasterUserPassword",
    ])
      delete d.fields[k];
    return d;
  }

  async function liveReplica(): Promise<void> {
    await applySpec(
      specOf(
        primary(),
        ownOnly(
          desiredInstance(
            "pro-replica",
            { DBInstanceClass: "db.t3.micro" },
            { replicaSource: "pro-primary" },
          ),
        ),
      ),
      conn(),
      t.clock,
    );
    const live = await t.api.describeInstance("pro-replica");
    assert.equal(live?.ReadReplicaSourceDBInstanceIdentifier, "pro-primary");
    t.emulator.clearRequestLog();
  }

  /** The replica's item after the user decided it stands alone, with a new class and retention. */
  const standalone = () =>
    ownOnly(
      desiredInstance(
        "pro-replica",
        { DBInstanceClass: "db.t3.small", BackupRetentionPeriod: 3 },
        { applyImmediately: true },
      ),
    );

  it("is refused without --promote: blocked with advice, nothing sent", async () => {
    await liveReplica();
    const thrown = await applySpec(specOf(primary(), standalone()), conn(), t.clock).then(
      () => assert.fail("apply must refuse"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ChangeBlockedError, String(thrown));
    assert.equal(thrown.blocked.length, 1);
    assert.match(thrown.message, /pro-replica/);
    assert.match(thrown.message, /run apply --promote pro-replica/);
    assert.match(thrown.message, /declare SourceDBInstanceIdentifier: pro-primary/);
    assert.deepEqual(t.mutating(), []);
    const live = await t.api.describeInstance("pro-replica");
    assert.equal(live?.ReadReplicaSourceDBInstanceIdentifier, "pro-primary");
  });

  it("with --promote: PromoteReadReplica, waited for, then the rest of its plan; a second run has nothing to do", async () => {
    await liveReplica();
    const spec = specOf(primary(), standalone());
    const { result } = await applySpec(spec, conn(), {
      ...t.clock,
      planOptions: { promote: new Set(["pro-replica"]) },
    });
    const entry = result.instances.find((i) => i.id === "pro-replica");
    assert.equal(entry?.outcome, "modified");
    assert.equal(entry?.status, "available");
    assert.deepEqual(entry?.calls, ["promote", "modify"]);

    const log = t.emulator.requestLog();
    const mutating = log.filter((e) => !e.action.startsWith("Describe"));
    assert.deepEqual(
      mutating.map((e) => e.action),
      ["PromoteReadReplica", "ModifyDBInstance"],
    );
    // The modify went out only once the promotion was over: a poll between them saw it available again.
    const promoteAt = log.findIndex((e) => e.action === "PromoteReadReplica");
    const modifyAt = log.findIndex((e) => e.action === "ModifyDBInstance");
    assert.ok(
      log.slice(promoteAt + 1, modifyAt).some((e) => e.action === "DescribeDBInstances"),
      "the promotion is waited for before the modify",
    );

    const live = await t.api.describeInstance("pro-replica");
    assert.equal(live?.ReadReplicaSourceDBInstanceIdentifier, undefined);
    assert.equal(live?.DBInstanceClass, "db.t3.small");
    assert.equal(live?.BackupRetentionPeriod, 3);
    assert.equal(live?.DBInstanceStatus, "available");
    const source = await t.api.describeInstance("pro-primary");
    assert.deepEqual(source?.ReadReplicaDBInstanceIdentifiers ?? [], []);

    t.emulator.clearRequestLog();
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
    // And with --promote named again, the instance is no replica any more: nothing to promote.
    const named = await planSpec(spec, conn(), { promote: new Set(["pro-replica"]) });
    assert.deepEqual(named.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
    assert.deepEqual(t.mutating(), []);
  });
  it("a promotion with nothing after it is one wait, reported once with its real length", async () => {
    await liveReplica();
    const alone = ownOnly(
      desiredInstance(
        "pro-replica",
        { DBInstanceClass: "db.t3.micro" },
        { applyImmediately: true },
      ),
    );
    const events: ProgressEvent[] = [];
    const { result } = await applySpec(specOf(primary(), alone), conn(), {
      ...t.clock,
      planOptions: { promote: new Set(["pro-replica"]) },
      onProgress: (e) => events.push(e),
    });
    const entry = result.instances.find((i) => i.id === "pro-replica");
    assert.deepEqual(entry?.calls, ["promote"]);
    const stable = events.filter((e) => e.type === "stable" && e.id === "pro-replica");
    assert.equal(stable.length, 1, JSON.stringify(stable));
    const elapsed = (stable[0] as { elapsedSeconds: number }).elapsedSeconds;
    assert.ok(elapsed >= 5, `the promotion restarts the instance for seconds, got ${elapsed}`);
    assert.ok(
      Math.abs((entry?.waitSeconds ?? 0) - elapsed) <= 0.1,
      `${entry?.waitSeconds} vs ${elapsed}`,
    );
  });

  it("a promotion then a modify: the instance's wait counts both waits", async () => {
    await liveReplica();
    const events: ProgressEvent[] = [];
    const { result } = await applySpec(specOf(primary(), standalone()), conn(), {
      ...t.clock,
      planOptions: { promote: new Set(["pro-replica"]) },
      onProgress: (e) => events.push(e),
    });
    const entry = result.instances.find((i) => i.id === "pro-replica");
    const waits = events
      .filter((e) => e.type === "stable" && e.id === "pro-replica")
      .map((e) => (e as { elapsedSeconds: number }).elapsedSeconds);
    assert.equal(waits.length, 2, JSON.stringify(waits));
    const total = waits.reduce((a, b) => a + b, 0);
    assert.ok((entry?.waitSeconds ?? 0) >= total - 0.2, `${entry?.waitSeconds} < ${total}`);
  });
});
