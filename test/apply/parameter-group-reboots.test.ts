import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import type { BoundPlan, ProgressEvent } from "../../src/apply/types.js";
import type { RdsApi } from "../../src/aws/rds-api.js";
import { computePlan, summarizePlan } from "../../src/plan/compute.js";
import type { PlanOptions } from "../../src/plan/types.js";
import { progressLine } from "../../src/render/progress.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applyPlan } from "../../src/workflow.js";
import { desiredInstance } from "../helpers/desired.js";

/**
 * Rolling reboots for a parameter group's static change, against a fake RDS
 * on a fake clock that records when each reboot starts and when the instance
 * is back (available, then in-sync later still): at most the downtime limit
 * at a time, never a source with its replica, replicas first, each waited on
 * until in-sync. And the wait of a dynamic change until in-sync.
 */

/** After RebootDBInstance: `rebooting` until this, then `available` but still pending-reboot... */
const AVAILABLE_AFTER_MS = 20_000;
/** ...until this, then `in-sync`. */
const IN_SYNC_AFTER_MS = 30_000;

interface Reboot {
  id: string;
  start: number;
  /** When the instance is available and in-sync again. */
  end: number;
}

class FakeRds {
  now = 0;
  readonly reboots: Reboot[] = [];
  readonly #state = new Map<string, { db: DBInstance; rebootAt?: number; inSyncAt?: number }>();

  add(db: DBInstance, inSyncAt?: number): void {
    const id = db.DBInstanceIdentifier ?? "";
    this.#state.set(id, { db, ...(inSyncAt === undefined ? {} : { inSyncAt }) });
  }

  /** The instance as RDS would describe it now. */
  read(id: string): DBInstance | undefined {
    const s = this.#state.get(id);
    if (s === undefined) return undefined;
    const [group] = s.db.DBParameterGroups ?? [];
    let status = s.db.DBInstanceStatus;
    let applyStatus = group?.ParameterApplyStatus;
    if (s.rebootAt !== undefined) {
      const since = this.now - s.rebootAt;
      status = since < AVAILABLE_AFTER_MS ? "rebooting" : "available";
      if (since >= IN_SYNC_AFTER_MS) applyStatus = "in-sync";
    }
    if (s.inSyncAt !== undefined && this.now >= s.inSyncAt) applyStatus = "in-sync";
    return structuredClone({
      ...s.db,
      DBInstanceStatus: status,
      DBParameterGroups: [{ ...group, ParameterApplyStatus: applyStatus }],
    });
  }

  api(): RdsApi {
    const unused = (name: string) => () => {
      throw new Error(`${name} is not expected here`);
    };
    const api: Partial<RdsApi> = {
      describeInstances: async (ids) => ids.flatMap((id) => this.read(id) ?? []),
      describeInstance: async (id) => this.read(id),
      rebootInstance: async (id) => {
        const s = this.#state.get(id);
        if (s === undefined) throw new Error(`${id}: not found`);
        if (this.read(id)?.DBInstanceStatus !== "available")
          throw new Error(`${id}: not available`);
        // What this apply ends on: only one reboot per instance stays recorded.
        s.rebootAt = this.now;
        this.reboots.push({ id, start: this.now, end: this.now + IN_SYNC_AFTER_MS });
        return this.read(id) as DBInstance;
      },
      modifyInstance: unused("ModifyDBInstance"),
      createInstance: unused("CreateDBInstance"),
    };
    return api as RdsApi;
  }

  /** Apply's clock: its waits move this one. */
  clock() {
    return {
      sleep: async (ms: number) => {
        this.now += ms;
      },
      now: () => this.now,
    };
  }
}

const GROUP = "orders-pg";

function liveOf(d: DesiredInstance, applyStatus: string): DBInstance {
  return {
    DBInstanceIdentifier: d.id,
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${d.id}`,
    DBInstanceStatus: "available",
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    EngineVersion: "16.4",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    TagList: [],
    DBParameterGroups: [{ DBParameterGroupName: GROUP, ParameterApplyStatus: applyStatus }],
    ...(d.replicaSource === undefined
      ? {}
      : { ReadReplicaSourceDBInstanceIdentifier: d.replicaSource }),
  };
}

/** primary, its replica, and a third instance, all on the group, with the given policy. */
function fleet(rebootWhenNeeded: boolean): DesiredInstance[] {
  const policy = { rebootWhenNeeded };
  const fields = { DBParameterGroupName: GROUP };
  return [
    desiredInstance("orders-db", fields, { policy }),
    desiredInstance("orders-replica", fields, { policy, replicaSource: "orders-db" }),
    desiredInstance("reports-db", fields, { policy }),
  ];
}

function bind(
  rds: FakeRds,
  desired: DesiredInstance[],
  planOptions: PlanOptions,
  applyStatus = "pending-reboot",
  inSyncAt?: number,
): BoundPlan {
  const observed = desired.map((d) => liveOf(d, applyStatus));
  for (const db of observed) rds.add(db, inSyncAt);
  const plan = computePlan(desired, observed, planOptions);
  return {
    plan,
    observed,
    desired,
    planOptions,
    regions: new Map([["us-east-1", { api: rds.api(), ids: new Set(desired.map((d) => d.id)) }]]),
  };
}

function changes(staticNames: string[], dynamic: string[] = []): PlanOptions {
  return {
    parameterGroupChanges: new Map([[GROUP, { name: GROUP, static: staticNames, dynamic }]]),
  };
}

function overlaps(a: Reboot, b: Reboot): boolean {
  return a.start < b.end && b.start < a.end;
}

function rebootOf(rds: FakeRds, id: string): Reboot {
  const found = rds.reboots.filter((r) => r.id === id);
  assert.equal(found.length, 1, `${id} rebooted once`);
  return found[0] as Reboot;
}

describe("reboots for a parameter group's static change", () => {
  it("limit 1: each instance rebooted once, never two at a time, the replica before its source", async () => {
    const rds = new FakeRds();
    const bound = bind(rds, fleet(true), changes(["shared_buffers"]));
    assert.deepEqual(
      bound.plan.instances.map((i) => i.calls.map((c) => c.kind)),
      [["reboot"], ["reboot"], ["reboot"]],
    );
    const result = await applyPlan(bound, { ...rds.clock(), maxParallelDowntime: 1 });
    assert.equal(rds.reboots.length, 3);
    const primary = rebootOf(rds, "orders-db");
    const replica = rebootOf(rds, "orders-replica");
    rebootOf(rds, "reports-db");
    for (const a of rds.reboots) {
      for (const b of rds.reboots) {
        if (a !== b) assert.ok(!overlaps(a, b), `${a.id} and ${b.id} rebooted at the same time`);
      }
    }
    // Waited until in-sync, not only available: the source started after the replica was in sync.
    assert.ok(
      replica.end <= primary.start,
      "the replica is rebooted and in-sync before its source",
    );
    for (const r of result.instances) {
      assert.equal(r.outcome, "modified");
      assert.deepEqual(r.calls, ["reboot"]);
      assert.equal(r.waited, true);
    }
    for (const id of ["orders-db", "orders-replica", "reports-db"]) {
      assert.equal(rds.read(id)?.DBParameterGroups?.[0]?.ParameterApplyStatus, "in-sync");
    }
    assert.equal(result.pendingReboot, undefined);
  });

  it("limit 2: two reboot together, but never a source with its replica", async () => {
    const rds = new FakeRds();
    const bound = bind(rds, fleet(true), changes(["shared_buffers"]));
    await applyPlan(bound, { ...rds.clock(), maxParallelDowntime: 2 });
    const primary = rebootOf(rds, "orders-db");
    const replica = rebootOf(rds, "orders-replica");
    const third = rebootOf(rds, "reports-db");
    assert.ok(!overlaps(primary, replica), "source and replica never together");
    assert.ok(replica.end <= primary.start, "the replica first");
    assert.ok(
      overlaps(third, replica) || overlaps(third, primary),
      "the limit of 2 lets the third reboot beside one of them",
    );
    const atOnce = Math.max(
      ...rds.reboots.map((r) => rds.reboots.filter((o) => overlaps(r, o)).length),
    );
    assert.ok(atOnce <= 2, `at most 2 at a time, saw ${atOnce}`);
  });

  it("--reboot (PlanOptions.reboot) reboots them as the policy does", async () => {
    const rds = new FakeRds();
    const options = { ...changes(["shared_buffers"]), reboot: true };
    const bound = bind(rds, fleet(false), options);
    const result = await applyPlan(bound, rds.clock());
    assert.equal(rds.reboots.length, 3);
    assert.equal(result.pendingReboot, undefined);
  });

  it("without the policy or --reboot: no reboot, and the result lists what is left pending-reboot", async () => {
    const rds = new FakeRds();
    const bound = bind(rds, fleet(false), changes(["shared_buffers"]));
    const result = await applyPlan(bound, rds.clock());
    assert.deepEqual(rds.reboots, []);
    assert.equal(result.mutatingCalls, 0);
    assert.deepEqual(result.pendingReboot, ["orders-db", "orders-replica", "reports-db"]);
  });
});

describe("a dynamic change to a parameter group", () => {
  it("waits for each instance until in-sync, without a reboot", async () => {
    const rds = new FakeRds();
    const bound = bind(rds, fleet(true), changes([], ["work_mem"]), "applying", 40_000);
    assert.deepEqual(
      bound.plan.instances.map((i) => i.action),
      ["noop", "noop", "noop"],
    );
    const events: ProgressEvent[] = [];
    const result = await applyPlan(bound, { ...rds.clock(), onProgress: (e) => events.push(e) });
    const told = events.filter((e) => e.type === "wait-parameters");
    assert.deepEqual(
      told.map((e) => [e.id, e.group]),
      [
        ["orders-db", GROUP],
        ["orders-replica", GROUP],
        ["reports-db", GROUP],
      ],
    );
    assert.equal(
      progressLine(told[0] as ProgressEvent),
      "orders-db: parameter group orders-pg changed; waiting until it is in-sync",
    );
    assert.deepEqual(rds.reboots, []);
    assert.equal(result.mutatingCalls, 0);
    assert.ok(rds.now >= 40_000, `apply ended at ${rds.now} ms, before the instances were in-sync`);
    for (const r of result.instances) {
      assert.equal(r.outcome, "unchanged");
      assert.equal(r.waited, true);
    }
    assert.equal(result.pendingReboot, undefined);
  });

  it("with --no-wait, nothing is waited for", async () => {
    const rds = new FakeRds();
    const bound = bind(rds, fleet(true), changes([], ["work_mem"]), "applying", 40_000);
    const result = await applyPlan(bound, { ...rds.clock(), wait: false });
    assert.equal(rds.now, 0);
    assert.ok(result.instances.every((r) => !r.waited));
  });
});

describe("a group changed in one region only", () => {
  it("each region's instances are checked before their calls with that region's plan options", async () => {
    const east = new FakeRds();
    const west = new FakeRds();
    const policy = { rebootWhenNeeded: true };
    const fields = { DBParameterGroupName: GROUP };
    const desired = [
      desiredInstance("east-db", fields, { policy }),
      desiredInstance("west-db", fields, { policy, region: "eu-west-1" }),
    ];
    const [eastDb, westDb] = desired as [DesiredInstance, DesiredInstance];
    // East's group got the static change; west's group of the same name did not.
    const eastLive = liveOf(eastDb, "pending-reboot");
    const westLive = liveOf(westDb, "in-sync");
    east.add(eastLive);
    west.add(westLive);
    const eastOptions = changes(["shared_buffers"]);
    const instances = [
      ...computePlan([eastDb], [eastLive], eastOptions).instances,
      ...computePlan([westDb], [westLive], {}).instances,
    ];
    const bound: BoundPlan = {
      plan: { instances, summary: summarizePlan(instances) },
      observed: [eastLive, westLive],
      desired,
      planOptions: {},
      regionPlanOptions: new Map([["us-east-1", eastOptions]]),
      regions: new Map([
        ["us-east-1", { api: east.api(), ids: new Set(["east-db"]) }],
        ["eu-west-1", { api: west.api(), ids: new Set(["west-db"]) }],
      ]),
    };
    const clock = {
      sleep: async (ms: number) => {
        east.now += ms;
        west.now += ms;
      },
      now: () => east.now,
    };
    const result = await applyPlan(bound, clock);
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls]),
      [
        ["east-db", "modified", ["reboot"]],
        ["west-db", "unchanged", []],
      ],
    );
    assert.deepEqual(
      east.reboots.map((r) => r.id),
      ["east-db"],
    );
    assert.deepEqual(west.reboots, []);
  });
});
