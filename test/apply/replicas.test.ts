import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RdsApi } from "../../src/aws/rds-api.js";
import { ApplyFailedError, AwsCallError, SpecInvalidError } from "../../src/errors.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/** Read replicas in the same run as their sources, in dependency order. */
describe("apply with read replicas", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const primary = (id: string) => desiredInstance(id, { BackupRetentionPeriod: 7 });
  const replica = (id: string, source: string, fields: Record<string, unknown> = {}) =>
    desiredInstance(id, { DBInstanceClass: "db.t3.micro", ...fields }, { replicaSource: source });
  /** A replica item as a user writes it: only its own fields (inherited ones removed). */
  function ownOnly(d: ReturnType<typeof replica>) {
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

  it("the blog's flow in one run: create, wait, then the replica, each created once", async () => {
    const spec = specOf(
      primary("instance-name"),
      ownOnly(replica("instance-name-replica", "instance-name")),
    );
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls, i.status]),
      [
        ["instance-name", "created", ["create"], "available"],
        ["instance-name-replica", "created", ["create-replica"], "available"],
      ],
    );
    const sent = t.actions().filter((a) => !a.startsWith("Describe"));
    assert.deepEqual(sent, ["CreateDBInstance", "CreateDBInstanceReadReplica"]);
    const live = await t.api.describeInstance("instance-name-replica");
    assert.equal(live?.ReadReplicaSourceDBInstanceIdentifier, "instance-name");
    // Running it again sends nothing.
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
  });

  it("a replica declared before its source, and one whose source already exists", async () => {
    await applySpec(specOf(primary("old-primary")), conn(), t.clock);
    t.emulator.clearRequestLog();
    const spec = specOf(
      ownOnly(replica("new-replica", "new-primary")),
      primary("new-primary"),
      ownOnly(replica("old-replica", "old-primary")),
    );
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      [
        ["new-replica", "created"],
        ["new-primary", "created"],
        ["old-replica", "created"],
      ],
    );
    const order = t.emulator
      .requestLog()
      .filter((e) => e.action.startsWith("Create"))
      .map((e) => e.action);
    // The replica of the existing source does not wait for the new primary.
    assert.deepEqual(order.slice(0, 2).sort(), ["CreateDBInstance", "CreateDBInstanceReadReplica"]);
    assert.equal(order.length, 3);
  });

  it("fields CreateDBInstanceReadReplica does not take go in a modify once the replica is available", async () => {
    const spec = specOf(
      primary("pm-primary"),
      ownOnly(
        replica("pm-replica", "pm-primary", { PreferredMaintenanceWindow: "sun:05:00-sun:06:00" }),
      ),
    );
    const bound = await planSpec(spec, conn());
    const kinds = bound.plan.instances[1]?.calls.map((c) => c.kind);
    assert.deepEqual(kinds, ["create-replica", "modify"]);
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(result.instances[1]?.calls, ["create-replica", "modify"]);
    const live = await t.api.describeInstance("pm-replica");
    assert.equal(live?.PreferredMaintenanceWindow, "sun:05:00-sun:06:00");
  });

  it("a cascade in one run: the middle replica gets its own backups on before its replica is created", async () => {
    const spec = specOf(
      ownOnly(replica("cas-leaf", "cas-mid")),
      ownOnly(replica("cas-mid", "cas-primary", { BackupRetentionPeriod: 3 })),
      primary("cas-primary"),
    );
    const bound = await planSpec(spec, conn());
    const mid = bound.plan.instances[1];
    assert.deepEqual(
      mid?.calls.map((c) => c.kind),
      ["create-replica", "modify"],
    );
    const modify = mid?.calls[1];
    assert.equal(modify?.kind, "modify");
    if (modify?.kind === "modify") {
      assert.equal(modify.input.BackupRetentionPeriod, 3);
      assert.equal(modify.input.ApplyImmediately, true);
    }
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls]),
      [
        ["cas-leaf", "created", ["create-replica"]],
        ["cas-mid", "created", ["create-replica", "modify"]],
        ["cas-primary", "created", ["create"]],
      ],
    );
    const log = t.emulator.requestLog();
    assert.deepEqual(
      log.filter((e) => !e.action.startsWith("Describe")).map((e) => `${e.action} ${e.id}`),
      [
        "CreateDBInstance cas-primary",
        "CreateDBInstanceReadReplica cas-mid",
        "ModifyDBInstance cas-mid",
        "CreateDBInstanceReadReplica cas-leaf",
      ],
    );
    // Every answer RDS gave was a success: the leaf was not sent before the middle had backups.
    assert.deepEqual(
      log.filter((e) => e.status !== 200).map((e) => e.action),
      [],
    );
    const midLive = await t.api.describeInstance("cas-mid");
    assert.equal(midLive?.BackupRetentionPeriod, 3);
    assert.equal(midLive?.ReadReplicaSourceDBInstanceIdentifier, "cas-primary");
    const leafLive = await t.api.describeInstance("cas-leaf");
    assert.equal(leafLive?.ReadReplicaSourceDBInstanceIdentifier, "cas-mid");
    assert.equal(leafLive?.BackupRetentionPeriod, 0);
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 3, blocked: 0 });
  });

  it("a cascade with --no-wait still holds the leaf until the middle replica has backups on", async () => {
    const spec = specOf(
      primary("nw-primary"),
      ownOnly(replica("nw-mid", "nw-primary", { BackupRetentionPeriod: 2 })),
      ownOnly(replica("nw-leaf", "nw-mid")),
    );
    const { result } = await applySpec(spec, conn(), { ...t.clock, wait: false });
    assert.deepEqual(
      result.instances.map((i) => i.outcome),
      ["created", "created", "created"],
    );
    const log = t.emulator.requestLog();
    assert.deepEqual(
      log.filter((e) => e.status !== 200).map((e) => `${e.action} ${e.errorCode}`),
      [],
    );
    const modifyAt = log.findIndex((e) => e.action === "ModifyDBInstance");
    const leafAt = log.findIndex((e) => e.id === "nw-leaf" && e.action.startsWith("Create"));
    assert.ok(modifyAt >= 0 && leafAt > modifyAt);
  });

  it("a cascade whose middle replica declares no retention is refused before any call", async () => {
    const spec = specOf(
      primary("nc-primary"),
      ownOnly(replica("nc-mid", "nc-primary")),
      ownOnly(replica("nc-leaf", "nc-mid")),
    );
    const thrown = await applySpec(spec, conn(), t.clock).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof SpecInvalidError, String(thrown));
    assert.match(
      thrown.message,
      /nc-leaf: its source nc-mid has automated backups off \(BackupRetentionPeriod 0, a new read replica starts with them off\).*set BackupRetentionPeriod to 1 or more on nc-mid/,
    );
    assert.deepEqual(t.mutating(), []);
  });

  it("a source that fails: its replicas are skipped, the rest complete, nothing else is sent for them", async () => {
    const refusing: RdsApi = {
      ...t.api,
      createInstance: async (input) => {
        if (input.DBInstanceIdentifier === "bad-primary") {
          throw new AwsCallError("bad-primary: CreateDBInstance: quota exceeded", "QuotaExceeded");
        }
        return t.api.createInstance(input);
      },
    };
    const spec = specOf(
      primary("bad-primary"),
      ownOnly(replica("bad-replica-1", "bad-primary")),
      ownOnly(replica("bad-replica-2", "bad-primary")),
      primary("good-primary"),
      ownOnly(replica("good-replica", "good-primary")),
    );
    const thrown = await applySpec(
      spec,
      { region: "us-east-1", apiFactory: () => refusing },
      t.clock,
    ).then(
      () => assert.fail("apply must fail"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError);
    assert.deepEqual(
      thrown.result.instances.map((i) => [i.id, i.outcome]),
      [
        ["bad-primary", "failed"],
        ["bad-replica-1", "skipped"],
        ["bad-replica-2", "skipped"],
        ["good-primary", "created"],
        ["good-replica", "created"],
      ],
    );
    assert.match(thrown.result.instances[1]?.skippedBecause ?? "", /source bad-primary failed/);
    assert.equal(thrown.errors.length, 1);
    const replicaCreates = t.emulator
      .requestLog()
      .filter((e) => e.action === "CreateDBInstanceReadReplica");
    assert.equal(replicaCreates.length, 1);
  });

  it("refuses before any call: a missing source, a cycle, an inherited field that disagrees, no backups", async () => {
    const cases: Array<[ReturnType<typeof specOf>, RegExp]> = [
      [
        specOf(ownOnly(replica("orphan", "nowhere"))),
        /source nowhere is neither declared in the spec nor found in RDS/,
      ],
      [
        specOf(ownOnly(replica("cyc-a", "cyc-b")), ownOnly(replica("cyc-b", "cyc-a"))),
        /cycle \(cyc-a -> cyc-b -> cyc-a\)/,
      ],
      [
        specOf(
          primary("ver-primary"),
          replica("ver-replica", "ver-primary", { EngineVersion: "15" }),
        ),
        /EngineVersion is 15, but a read replica takes EngineVersion from its source ver-primary, which has 16/,
      ],
      [
        specOf(
          desiredInstance("nobackup", { BackupRetentionPeriod: 0 }),
          ownOnly(replica("nobackup-replica", "nobackup")),
        ),
        /automated backups off \(BackupRetentionPeriod 0/,
      ],
    ];
    for (const [spec, message] of cases) {
      t.emulator.clearRequestLog();
      const thrown = await applySpec(spec, conn(), t.clock).then(
        () => assert.fail("must refuse"),
        (e: unknown) => e,
      );
      assert.ok(thrown instanceof SpecInvalidError, String(thrown));
      assert.match(thrown.message, message);
      assert.deepEqual(
        t.actions().filter((a) => !a.startsWith("Describe")),
        [],
      );
    }
  });

  it("a live replica declared without a source is blocked, never promoted by itself", async () => {
    await applySpec(
      specOf(primary("pr-primary"), ownOnly(replica("pr-replica", "pr-primary"))),
      conn(),
      t.clock,
    );
    const standalone = desiredInstance("pr-replica", { DBInstanceClass: "db.t3.micro" });
    for (const k of [
      "Engine",
      "EngineVersion",
      "AllocatedStorage",
      "MasterUsername",
      "MasterUserPassword",
    ])
      delete standalone.fields[k];
    const bound = await planSpec(specOf(primary("pr-primary"), standalone), conn());
    const entry = bound.plan.instances[1];
    assert.equal(entry?.action, "blocked");
    assert.equal(entry?.blocked[0]?.kind, "promotion");
    assert.match(entry?.blocked[0]?.reason ?? "", /--promote pr-replica/);
    const promoted = await planSpec(specOf(primary("pr-primary"), standalone), conn(), {
      promote: new Set(["pr-replica"]),
    });
    assert.deepEqual(
      promoted.plan.instances[1]?.calls.map((c) => c.kind),
      ["promote"],
    );
  });
});
