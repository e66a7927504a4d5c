import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { ChangeBlockedError } from "../../src/errors.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * Engine upgrades that cannot go through are blocked at plan time, against
 * the emulator over the real SDK: nothing mutating is sent, and the reason
 * says what to do.
 */
describe("engine upgrades blocked before any call", () => {
  const t = suiteEmulator();
  const conn = { region: "us-east-1", apiFactory: () => t.api };

  async function createGroup(name: string, family: string): Promise<void> {
    const raw = t.rawClient();
    try {
      await raw.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: name,
          DBParameterGroupFamily: family,
          Description: name,
        }),
      );
    } finally {
      raw.destroy();
    }
  }

  beforeEach(async () => {
    await createGroup("app-pg16", "postgres16");
    await createGroup("app-pg17", "postgres17");
    await applySpec(
      specOf(
        desiredInstance("orders-db", { EngineVersion: "16.10", DBParameterGroupName: "app-pg16" }),
      ),
      conn,
      t.clock,
    );
    t.emulator.clearRequestLog();
  });

  /** Applies; the apply must be refused as blocked, with nothing mutating sent. Returns the instance's blocked changes. */
  async function refused(d: DesiredInstance) {
    const err = await applySpec(specOf(d), conn, t.clock).then(
      () => assert.fail("the apply must be refused"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ChangeBlockedError, String(err));
    assert.deepEqual(t.mutating(), [], "nothing mutating was sent");
    const { plan } = await planSpec(specOf(d), conn);
    const p = plan.instances.find((i) => i.id === d.id);
    assert.equal(p?.action, "blocked");
    return p?.blocked ?? [];
  }

  it("a major upgrade the spec does not allow", async () => {
    const blocked = await refused(
      desiredInstance("orders-db", { EngineVersion: "17", DBParameterGroupName: "app-pg17" }),
    );
    assert.equal(blocked[0]?.kind, "policy");
    assert.match(blocked[0]?.reason ?? "", /AllowMajorVersionUpgrade: true/);
  });

  it("still on the old family's custom group: blocked with the advice", async () => {
    const blocked = await refused(
      desiredInstance(
        "orders-db",
        { EngineVersion: "17", DBParameterGroupName: "app-pg16" },
        { allowMajorVersionUpgrade: true },
      ),
    );
    assert.equal(blocked[0]?.field, "DBParameterGroupName");
    assert.equal(blocked[0]?.kind, "refused");
    assert.match(blocked[0]?.reason ?? "", /Family: postgres17/);
    assert.match(blocked[0]?.reason ?? "", /rdsctl export/);
  });

  it("a version that is not a valid upgrade target: blocked with the valid ones listed", async () => {
    const blocked = await refused(
      desiredInstance(
        "orders-db",
        { EngineVersion: "17.3", DBParameterGroupName: "app-pg17" },
        { allowMajorVersionUpgrade: true },
      ),
    );
    assert.equal(blocked[0]?.field, "EngineVersion");
    assert.equal(blocked[0]?.kind, "refused");
    assert.match(
      blocked[0]?.reason ?? "",
      /17\.3 is not a valid upgrade target of postgres 16\.10 in us-east-1 \(valid targets: [^)]*17\.\d/,
    );
  });

  it("allowed, with a group of the new family: one ModifyDBInstance carries the version and the group", async () => {
    const { plan } = await planSpec(
      specOf(
        desiredInstance(
          "orders-db",
          { EngineVersion: "17", DBParameterGroupName: "app-pg17" },
          { allowMajorVersionUpgrade: true },
        ),
      ),
      conn,
    );
    assert.deepEqual(t.mutating(), []);
    const p = plan.instances[0];
    assert.equal(p?.action, "modify");
    const modify = p?.calls.filter((c) => c.kind === "modify") ?? [];
    assert.equal(modify.length, 1);
    const call = modify[0];
    assert.ok(call?.kind === "modify");
    const input = call.input;
    assert.deepEqual(
      {
        EngineVersion: input.EngineVersion,
        DBParameterGroupName: input.DBParameterGroupName,
        AllowMajorVersionUpgrade: input.AllowMajorVersionUpgrade,
      },
      { EngineVersion: "17", DBParameterGroupName: "app-pg17", AllowMajorVersionUpgrade: true },
    );
    assert.equal(p?.upgrade?.parameterGroup, "app-pg17");
  });
});

/** MySQL: the replicas are upgraded first; one the spec does not declare is read, and blocks while behind. */
describe("engine upgrades: MySQL replicas, planned against the emulator", () => {
  const t = suiteEmulator();
  const conn = { region: "us-east-1", apiFactory: () => t.api };
  const MYSQL = { Engine: "mysql", EngineVersion: "8.0.43", BackupRetentionPeriod: 1 };
  const source = (version: string) =>
    desiredInstance(
      "shop-db",
      { ...MYSQL, EngineVersion: version },
      { allowMajorVersionUpgrade: true },
    );
  function replica(): DesiredInstance {
    const d = desiredInstance("shop-replica", {}, { replicaSource: "shop-db" });
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

  beforeEach(async () => {
    await applySpec(specOf(source("8.0.43"), replica()), conn, t.clock);
    t.emulator.clearRequestLog();
  });

  it("the replica gets its own upgrade, and the source's waits for it", async () => {
    const { plan } = await planSpec(specOf(source("8.4"), replica()), conn);
    assert.deepEqual(t.mutating(), []);
    const [s, r] = plan.instances;
    assert.equal(r?.action, "modify");
    assert.deepEqual(r?.upgrade, { from: "8.0.43", to: "8.4", major: true });
    assert.equal(s?.action, "modify");
    assert.deepEqual(s?.upgrade?.after, ["shop-replica"]);
  });

  it("a replica the spec does not declare is read, and blocks the source while it is behind", async () => {
    const { plan } = await planSpec(specOf(source("8.4")), conn);
    assert.deepEqual(t.mutating(), []);
    const reads = t.actions().filter((a) => a === "DescribeDBInstances").length;
    assert.ok(reads >= 2, `the undeclared replica is read too (${reads} DescribeDBInstances)`);
    const s = plan.instances[0];
    assert.equal(s?.action, "blocked");
    assert.match(s?.blocked[0]?.reason ?? "", /read replica shop-replica runs an older version/);
  });
});
