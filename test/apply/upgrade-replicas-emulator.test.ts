import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { ApplyFailedError, ApplyInterruptedError } from "../../src/errors.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * Engine upgrades of a source and its read replica against the emulator's
 * per-engine rules: MySQL replicas first (RDS refuses the source while a
 * replica runs an older version), an interrupted run converging when run
 * again, and PostgreSQL's one call on the source upgrading its replica.
 */
describe("engine upgrades with read replicas (emulator)", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const policy = { allowMajorVersionUpgrade: true };

  function primary(id: string, engine: string, version: string): DesiredInstance {
    return desiredInstance(
      id,
      { Engine: engine, EngineVersion: version, BackupRetentionPeriod: 7 },
      { applyImmediately: true, policy },
    );
  }

  /** A replica item as a user writes it: its own fields only (the version comes from its source). */
  function replica(id: string, source: string): DesiredInstance {
    const d = desiredInstance(id, {}, { applyImmediately: true, policy, replicaSource: source });
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

  async function version(id: string): Promise<string | undefined> {
    return (await t.api.describeInstance(id))?.EngineVersion;
  }

  /** The ids each ModifyDBInstance named, in order. */
  function modified(): string[] {
    return t.emulator
      .requestLog()
      .filter((e) => e.action === "ModifyDBInstance")
      .map((e) => e.id ?? "");
  }

  it("MySQL 8.0 primary and replica to 8.4: the replica first, then the source; both end on 8.4", async () => {
    await applySpec(
      specOf(primary("shop-db", "mysql", "8.0"), replica("shop-replica", "shop-db")),
      conn(),
      t.clock,
    );
    t.emulator.clearRequestLog();
    const spec = specOf(primary("shop-db", "mysql", "8.4"), replica("shop-replica", "shop-db"));
    const bound = await planSpec(spec, conn());
    assert.deepEqual(
      bound.plan.instances.map((i) => [i.id, i.action, i.upgrade?.after]),
      [
        ["shop-db", "modify", ["shop-replica"]],
        ["shop-replica", "modify", undefined],
      ],
    );
    const events: ProgressEvent[] = [];
    const { result } = await applySpec(spec, conn(), {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls, i.status]),
      [
        ["shop-db", "modified", ["modify"], "available"],
        ["shop-replica", "modified", ["modify"], "available"],
      ],
    );
    assert.deepEqual(modified(), ["shop-replica", "shop-db"]);
    assert.match((await version("shop-db")) ?? "", /^8\.4\./);
    assert.match((await version("shop-replica")) ?? "", /^8\.4\./);
    // The source's call went out only after the replica was seen stable on 8.4.
    const order = events.flatMap((e) =>
      (e.type === "stable" && e.id === "shop-replica") || (e.type === "call" && e.id === "shop-db")
        ? [`${e.type} ${e.id}`]
        : [],
    );
    assert.equal(order.at(-1), "call shop-db");
    assert.ok(order.includes("stable shop-replica"));
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
  });

  it("MySQL: interrupted after the replica's call, run again it converges with only the source modified", async () => {
    await applySpec(
      specOf(primary("kill-db", "mysql", "8.0"), replica("kill-replica", "kill-db")),
      conn(),
      t.clock,
    );
    const spec = specOf(primary("kill-db", "mysql", "8.4"), replica("kill-replica", "kill-db"));
    const interrupt = new AbortController();
    const thrown = await applySpec(spec, conn(), {
      ...t.clock,
      signal: interrupt.signal,
      onProgress: (e) => {
        if (e.type === "call-done" && e.id === "kill-replica") interrupt.abort();
      },
    }).then(
      () => assert.fail("apply must report the interruption"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError, `got ${String(thrown)}`);
    assert.ok(thrown.errors.every((e) => e instanceof ApplyInterruptedError));
    assert.deepEqual(
      thrown.result.instances.map((i) => [i.id, i.calls]),
      [
        ["kill-db", []],
        ["kill-replica", ["modify"]],
      ],
    );
    assert.match((await version("kill-db")) ?? "", /^8\.0\./);

    // Run again at once, the replica's upgrade still under way.
    t.emulator.clearRequestLog();
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls]),
      [
        ["kill-db", "modified", ["modify"]],
        ["kill-replica", "unchanged", []],
      ],
    );
    assert.deepEqual(t.mutating(), ["ModifyDBInstance"]);
    assert.deepEqual(modified(), ["kill-db"]);
    assert.match((await version("kill-db")) ?? "", /^8\.4\./);
    assert.match((await version("kill-replica")) ?? "", /^8\.4\./);
  });

  it("PostgreSQL 16 primary and replica to 17: one call to the source, the replica waited on with it", async () => {
    await applySpec(
      specOf(primary("pg-db", "postgres", "16"), replica("pg-replica", "pg-db")),
      conn(),
      t.clock,
    );
    t.emulator.clearRequestLog();
    const spec = specOf(primary("pg-db", "postgres", "17"), replica("pg-replica", "pg-db"));
    const bound = await planSpec(spec, conn());
    assert.deepEqual(
      bound.plan.instances.map((i) => [i.id, i.upgrade?.upgradedWith, i.upgrade?.withSource]),
      [
        ["pg-db", ["pg-replica"], undefined],
        ["pg-replica", undefined, "pg-db"],
      ],
    );
    const events: ProgressEvent[] = [];
    const { result } = await applySpec(spec, conn(), {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls, i.status, i.upgradedWithSource]),
      [
        ["pg-db", "modified", ["modify"], "available", undefined],
        ["pg-replica", "modified", [], "available", "pg-db"],
      ],
    );
    assert.deepEqual(modified(), ["pg-db"]);
    assert.match((await version("pg-db")) ?? "", /^17\./);
    assert.match((await version("pg-replica")) ?? "", /^17\./);
    assert.ok(
      events.some((e) => e.type === "upgrade-wait" && e.id === "pg-db" && e.step === "replicas"),
    );
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
  });
});
