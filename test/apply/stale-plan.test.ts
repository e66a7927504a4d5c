import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DBInstance, DeleteDBInstanceCommand } from "@aws-sdk/client-rds";
import { movedSincePlan } from "../../src/apply/recheck.js";
import { ApplyFailedError, PlanStaleError } from "../../src/errors.js";
import { computePlan } from "../../src/plan/compute.js";
import { applyPlan, applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/** A live instance that matches desiredInstance(id) but for what `extra` says. */
function liveInstance(id: string, extra: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${id}`,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    EngineVersion: "16.4",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    DBInstanceStatus: "available",
    BackupRetentionPeriod: 1,
    PendingModifiedValues: {},
    ...extra,
  };
}

describe("the plan entry an instance must still have when apply reaches it", () => {
  const desired = desiredInstance("entry-db", { BackupRetentionPeriod: 5 });
  const planAgainst = (db: DBInstance) => {
    const entry = computePlan([desired], [db]).instances[0];
    assert.ok(entry !== undefined);
    return entry;
  };

  it("a status that moves within its class (backing-up to available) moves nothing", () => {
    const planned = planAgainst(liveInstance("entry-db", { DBInstanceStatus: "backing-up" }));
    assert.equal(planned.action, "modify");
    assert.deepEqual(movedSincePlan(planned, planAgainst(liveInstance("entry-db"))), []);
  });

  it("a planned field whose live value moved is named", () => {
    const planned = planAgainst(liveInstance("entry-db"));
    const moved = planAgainst(liveInstance("entry-db", { BackupRetentionPeriod: 3 }));
    assert.deepEqual(movedSincePlan(planned, moved), ["BackupRetentionPeriod"]);
  });

  it("a value that is now pending is named, as is a status in which RDS refuses changes", () => {
    const planned = planAgainst(liveInstance("entry-db"));
    const pending = planAgainst(
      liveInstance("entry-db", { PendingModifiedValues: { BackupRetentionPeriod: 5 } }),
    );
    assert.deepEqual(movedSincePlan(planned, pending), ["BackupRetentionPeriod"]);
    const stopped = planAgainst(liveInstance("entry-db", { DBInstanceStatus: "stopped" }));
    assert.ok(movedSincePlan(planned, stopped).length > 0);
  });
});

describe("apply refuses an instance that changed between plan and apply", () => {
  const t = suiteEmulator();

  it("names the instance and the field, sends it nothing, and applies the others", async () => {
    const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
    await applySpec(
      specOf(desiredInstance("moved-db"), desiredInstance("still-db")),
      conn,
      t.clock,
    );
    const spec = specOf(
      desiredInstance("moved-db", { BackupRetentionPeriod: 5 }, { applyImmediately: true }),
      desiredInstance("still-db", { BackupRetentionPeriod: 5 }, { applyImmediately: true }),
    );
    const bound = await planSpec(spec, conn);
    assert.deepEqual(
      bound.plan.instances.map((i) => i.action),
      ["modify", "modify"],
    );
    // Someone else changes a planned field of one instance after the plan was made.
    await t.api.modifyInstance({
      DBInstanceIdentifier: "moved-db",
      BackupRetentionPeriod: 3,
      ApplyImmediately: true,
    });
    t.emulator.advance(60_000);
    t.emulator.clearRequestLog();

    const thrown = await applyPlan(bound, t.clock).then(
      () => assert.fail("the moved instance must be refused"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError);
    assert.equal(thrown.errors.length, 1);
    const refusal = thrown.errors[0];
    assert.ok(refusal instanceof PlanStaleError);
    assert.equal(refusal.code, "PLAN_STALE");
    assert.equal(refusal.instanceId, "moved-db");
    assert.deepEqual(refusal.moved, ["BackupRetentionPeriod"]);
    assert.match(refusal.message, /^moved-db: .*changed since the plan.*BackupRetentionPeriod/);
    assert.match(refusal.message, /nothing was sent to it/);

    const [moved, still] = thrown.result.instances;
    assert.equal(moved?.outcome, "failed");
    assert.deepEqual(moved?.calls, []);
    assert.equal(still?.outcome, "modified");
    assert.deepEqual(still?.calls, ["modify"]);
    const modifies = t.emulator.requestLog().filter((e) => e.action === "ModifyDBInstance");
    assert.deepEqual(
      modifies.map((e) => e.id),
      ["still-db"],
    );
    assert.equal((await t.api.describeInstance("moved-db"))?.BackupRetentionPeriod, 3);
    assert.equal((await t.api.describeInstance("still-db"))?.BackupRetentionPeriod, 5);
  });

  it("refuses an instance deleted since the plan, naming it", async () => {
    const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
    await applySpec(specOf(desiredInstance("gone-db")), conn, t.clock);
    const spec = specOf(
      desiredInstance("gone-db", { BackupRetentionPeriod: 4 }, { applyImmediately: true }),
    );
    const bound = await planSpec(spec, conn);
    const raw = t.rawClient();
    try {
      await raw.send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: "gone-db", SkipFinalSnapshot: true }),
      );
    } finally {
      raw.destroy();
    }
    t.emulator.advance(60_000);
    t.emulator.clearRequestLog();
    await assert.rejects(applyPlan(bound, t.clock), (err: unknown) => {
      assert.ok(err instanceof ApplyFailedError);
      assert.ok(err.errors[0] instanceof PlanStaleError);
      assert.match(err.errors[0].message, /^gone-db: .*no longer exists/);
      return true;
    });
    assert.deepEqual(t.mutating(), []);
  });
});
