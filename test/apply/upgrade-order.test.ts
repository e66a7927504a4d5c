import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBInstance, ModifyDBInstanceMessage } from "@aws-sdk/client-rds";
import type { ApplyOptions, ApplyResult, BoundPlan, ProgressEvent } from "../../src/apply/types.js";
import type { RdsApi } from "../../src/aws/rds-api.js";
import { ApplyFailedError, AwsCallError } from "../../src/errors.js";
import { computePlan, summarizePlan } from "../../src/plan/compute.js";
import type { InstancePlan, UpgradeStep } from "../../src/plan/types.js";
import { progressEventJson, progressLine } from "../../src/render/progress.js";
import { applyPlan } from "../../src/workflow.js";
import { desiredInstance, TEST_WAIT } from "../helpers/desired.js";

/**
 * The order of engine upgrades across a source and its read replicas, against
 * a scripted RDS on a fake clock: MySQL replicas upgraded (and waited on until
 * they run the target) before their source, the source skipped when one of
 * them failed, no deadlock under a downtime limit of 1; a PostgreSQL source's
 * one call waited on together with the replicas RDS upgrades with it.
 */

/** How long an upgrade keeps an instance `upgrading`. */
const UPGRADE_MS = 60_000;
/** A PostgreSQL replica upgraded with its source ends this much later than the source. */
const REPLICA_LAG_MS = 40_000;
/** After RebootDBInstance: `rebooting` this long, then available and in-sync. */
const REBOOT_MS = 20_000;

/** The full version RDS picks for a declared one. */
const FULL: Record<string, string> = { "8.4": "8.4.3", "17": "17.2" };

interface Upgrade {
  id: string;
  to: string;
  start: number;
  end: number;
}

interface State {
  db: DBInstance;
  upgrade?: { to: string; start: number; end: number };
  rebootAt?: number;
}

class FakeRds {
  now = 0;
  /** Every ModifyDBInstance with an EngineVersion that was accepted (replicas upgraded with a source too). */
  readonly upgrades: Upgrade[] = [];
  readonly reboots: Array<{ id: string; start: number; end: number }> = [];
  /** The ids of each DescribeDBInstances. */
  readonly describes: string[][] = [];
  /** Ids whose ModifyDBInstance is refused. */
  readonly refuse = new Set<string>();
  readonly #state = new Map<string, State>();

  add(db: DBInstance): void {
    this.#state.set(db.DBInstanceIdentifier ?? "", { db: structuredClone(db) });
  }

  read(id: string): DBInstance | undefined {
    const s = this.#state.get(id);
    if (s === undefined) return undefined;
    const db = structuredClone(s.db);
    if (s.upgrade !== undefined) {
      if (this.now < s.upgrade.end) {
        db.DBInstanceStatus = "upgrading";
      } else {
        db.EngineVersion = s.upgrade.to;
        db.DBInstanceStatus = "available";
      }
    }
    if (s.rebootAt !== undefined) {
      if (this.now < s.rebootAt + REBOOT_MS) db.DBInstanceStatus = "rebooting";
      else {
        const [group] = db.DBParameterGroups ?? [];
        db.DBParameterGroups = [{ ...group, ParameterApplyStatus: "in-sync" }];
      }
    }
    return db;
  }

  #replicasOf(id: string): string[] {
    return [...this.#state.values()].flatMap((s) =>
      s.db.ReadReplicaSourceDBInstanceIdentifier === id ? [s.db.DBInstanceIdentifier ?? ""] : [],
    );
  }

  #modify(input: ModifyDBInstanceMessage): DBInstance {
    const id = input.DBInstanceIdentifier ?? "";
    const s = this.#state.get(id);
    const live = this.read(id);
    if (s === undefined || live === undefined) throw new Error(`${id}: not found`);
    if (this.refuse.has(id)) {
      throw new AwsCallError(
        `${id}: ModifyDBInstance failed: scripted refusal`,
        "InvalidParameterCombination",
      );
    }
    if (live.DBInstanceStatus !== "available") {
      throw new AwsCallError(`${id}: not available`, "InvalidDBInstanceState");
    }
    const version = input.EngineVersion;
    if (version === undefined) throw new Error(`${id}: only upgrades are scripted`);
    const to = FULL[version] ?? version;
    const replicas = this.#replicasOf(id);
    if (live.Engine === "mysql") {
      const behind = replicas.filter((r) => this.read(r)?.EngineVersion !== to);
      if (behind.length > 0) {
        throw new AwsCallError(
          `${id}: DBUpgradeDependencyFailure: replicas ${behind.join(", ")} run an older version`,
          "DBUpgradeDependencyFailure",
        );
      }
    }
    if (input.ApplyImmediately !== true) {
      s.db.PendingModifiedValues = { EngineVersion: to };
      return this.read(id) as DBInstance;
    }
    const upgrade = { to, start: this.now, end: this.now + UPGRADE_MS };
    s.upgrade = upgrade;
    this.upgrades.push({ id, ...upgrade });
    if (live.Engine === "postgres") {
      for (const r of replicas) {
        const rs = this.#state.get(r) as State;
        rs.upgrade = { ...upgrade, end: upgrade.end + REPLICA_LAG_MS };
        this.upgrades.push({ id: r, ...rs.upgrade });
      }
    }
    return this.read(id) as DBInstance;
  }

  api(): RdsApi {
    const unused = (name: string) => () => {
      throw new Error(`${name} is not expected here`);
    };
    const api: Partial<RdsApi> = {
      describeInstances: async (ids) => {
        this.describes.push([...ids]);
        return ids.flatMap((id) => this.read(id) ?? []);
      },
      describeInstance: async (id) => this.read(id),
      modifyInstance: async (input) => this.#modify(input),
      rebootInstance: async (id) => {
        const s = this.#state.get(id);
        if (s === undefined || this.read(id)?.DBInstanceStatus !== "available") {
          throw new AwsCallError(`${id}: not available`, "InvalidDBInstanceState");
        }
        s.rebootAt = this.now;
        this.reboots.push({ id, start: this.now, end: this.now + REBOOT_MS });
        return this.read(id) as DBInstance;
      },
      createInstance: unused("CreateDBInstance"),
    };
    return api as RdsApi;
  }

  clock() {
    return {
      sleep: async (ms: number) => {
        this.now += ms;
      },
      now: () => this.now,
    };
  }

  upgradeOf(id: string): Upgrade {
    const found = this.upgrades.filter((u) => u.id === id);
    assert.equal(found.length, 1, `${id} upgraded once`);
    return found[0] as Upgrade;
  }
}

const LOC = { file: "test.yaml", line: 1, column: 1 };

function live(
  id: string,
  engine: "mysql" | "postgres",
  version: string,
  source?: string,
): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: `arn:aws:rds:us-east-1:123456789012:db:${id}`,
    DBInstanceStatus: "available",
    DBInstanceClass: "db.t3.micro",
    Engine: engine,
    EngineVersion: version,
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    TagList: [],
    ...(source === undefined ? {} : { ReadReplicaSourceDBInstanceIdentifier: source }),
  };
}

/** An upgrade applied now, as the planner plans it. */
function upgradePlan(db: DBInstance, to: string, step: Partial<UpgradeStep> = {}): InstancePlan {
  const id = db.DBInstanceIdentifier ?? "";
  const from = db.EngineVersion ?? "";
  const plan: InstancePlan = {
    id,
    action: "modify",
    source: LOC,
    changes: [
      { field: "EngineVersion", from, to, timing: "immediate", downtime: true, sensitive: false },
    ],
    blocked: [],
    notices: [],
    calls: [
      {
        kind: "modify",
        input: {
          DBInstanceIdentifier: id,
          EngineVersion: to,
          AllowMajorVersionUpgrade: true,
          ApplyImmediately: true,
        },
        appliedNow: ["EngineVersion"],
      },
    ],
    status: "available",
    upgrade: { from, to, major: true, ...step },
  };
  if (db.DBInstanceArn !== undefined) plan.arn = db.DBInstanceArn;
  if (db.ReadReplicaSourceDBInstanceIdentifier !== undefined) {
    plan.replicaOf = db.ReadReplicaSourceDBInstanceIdentifier;
  }
  return plan;
}

/** A PostgreSQL replica upgraded by its source: nothing of its own to send. */
function withSourcePlan(db: DBInstance, source: string, to: string): InstancePlan {
  return {
    id: db.DBInstanceIdentifier ?? "",
    action: "noop",
    source: LOC,
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
    status: "available",
    upgrade: { from: db.EngineVersion ?? "", to, major: true, withSource: source },
  };
}

function bind(rds: FakeRds, dbs: DBInstance[], instances: InstancePlan[]): BoundPlan {
  for (const db of dbs) rds.add(db);
  return {
    plan: { instances, summary: summarizePlan(instances) },
    observed: dbs,
    desired: [],
    planOptions: {},
    regions: new Map([
      ["us-east-1", { api: rds.api(), ids: new Set(dbs.map((d) => d.DBInstanceIdentifier ?? "")) }],
    ]),
  };
}

/** The result of an apply that may fail for some instances (ApplyFailedError carries it). */
async function applyAll(bound: BoundPlan, options: ApplyOptions): Promise<ApplyResult> {
  try {
    return await applyPlan(bound, options);
  } catch (err) {
    if (err instanceof ApplyFailedError) return err.result;
    throw err;
  }
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

describe("MySQL: replicas upgraded before their source", () => {
  const source = live("shop-db", "mysql", "8.0.39");
  const replicaA = live("shop-replica-a", "mysql", "8.0.39", "shop-db");
  const replicaB = live("shop-replica-b", "mysql", "8.0.39", "shop-db");
  const other = live("audit-db", "mysql", "8.0.39");

  it("limit 1: each replica ends on 8.4 before the next restart, the source last, nothing deadlocks", async () => {
    const rds = new FakeRds();
    // The source first in the plan: it must still wait for its replicas.
    const plans = [
      upgradePlan(source, "8.4", { after: ["shop-replica-a", "shop-replica-b"] }),
      upgradePlan(replicaA, "8.4"),
      upgradePlan(replicaB, "8.4"),
      upgradePlan(other, "8.4"),
    ];
    const events: ProgressEvent[] = [];
    const result = await applyPlan(bind(rds, [source, replicaA, replicaB, other], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
      maxParallelDowntime: 1,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls, r.status]),
      [
        ["shop-db", "modified", ["modify"], "available"],
        ["shop-replica-a", "modified", ["modify"], "available"],
        ["shop-replica-b", "modified", ["modify"], "available"],
        ["audit-db", "modified", ["modify"], "available"],
      ],
    );
    const primary = rds.upgradeOf("shop-db");
    for (const id of ["shop-replica-a", "shop-replica-b"]) {
      const replica = rds.upgradeOf(id);
      assert.ok(replica.end <= primary.start, `${id} ran 8.4 before its source's upgrade was sent`);
    }
    for (const a of rds.upgrades) {
      for (const b of rds.upgrades) {
        if (a !== b) assert.ok(!overlaps(a, b), `${a.id} and ${b.id} restarted together`);
      }
    }
    for (const id of ["shop-db", "shop-replica-a", "shop-replica-b", "audit-db"]) {
      assert.equal(rds.read(id)?.EngineVersion, "8.4.3");
    }
    const told = events.filter((e) => e.type === "upgrade-wait");
    assert.deepEqual(told, [
      {
        type: "upgrade-wait",
        id: "shop-db",
        step: "after",
        on: ["shop-replica-a", "shop-replica-b"],
        to: "8.4",
      },
    ]);
    assert.equal(
      progressLine(told[0] as ProgressEvent),
      "shop-db: its upgrade to 8.4 waits until its replicas shop-replica-a, shop-replica-b run 8.4",
    );
    assert.deepEqual(
      progressEventJson(told[0] as ProgressEvent, { time: 0, region: "us-east-1" }),
      {
        type: "upgrade-wait",
        time: "1970-01-01T00:00:00.000Z",
        id: "shop-db",
        region: "us-east-1",
        step: "after",
        on: ["shop-replica-a", "shop-replica-b"],
        to: "8.4",
      },
    );
  });

  it("limit 4: the replicas restart together, the source still only after both run 8.4", async () => {
    const rds = new FakeRds();
    const plans = [
      upgradePlan(source, "8.4", { after: ["shop-replica-a", "shop-replica-b"] }),
      upgradePlan(replicaA, "8.4"),
      upgradePlan(replicaB, "8.4"),
    ];
    const result = await applyPlan(bind(rds, [source, replicaA, replicaB], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
      maxParallelDowntime: 4,
    });
    assert.ok(result.instances.every((r) => r.outcome === "modified"));
    const a = rds.upgradeOf("shop-replica-a");
    const b = rds.upgradeOf("shop-replica-b");
    assert.ok(overlaps(a, b), "the limit lets both replicas upgrade at once");
    const primary = rds.upgradeOf("shop-db");
    assert.ok(Math.max(a.end, b.end) <= primary.start);
  });

  it("a replica whose upgrade fails: the source is skipped with the reason, nothing is sent to it", async () => {
    const rds = new FakeRds();
    rds.refuse.add("shop-replica-b");
    const plans = [
      upgradePlan(source, "8.4", { after: ["shop-replica-a", "shop-replica-b"] }),
      upgradePlan(replicaA, "8.4"),
      upgradePlan(replicaB, "8.4"),
    ];
    const events: ProgressEvent[] = [];
    const result = await applyAll(bind(rds, [source, replicaA, replicaB], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls]),
      [
        ["shop-db", "skipped", []],
        ["shop-replica-a", "modified", ["modify"]],
        ["shop-replica-b", "failed", []],
      ],
    );
    const skippedBecause = result.instances[0]?.skippedBecause ?? "";
    assert.match(skippedBecause, /its replica shop-replica-b failed/);
    assert.deepEqual(
      rds.upgrades.map((u) => u.id),
      ["shop-replica-a"],
    );
    assert.equal(rds.read("shop-db")?.EngineVersion, "8.0.39");
    assert.ok(events.some((e) => e.type === "skipped" && e.id === "shop-db"));
  });

  it("a replica whose upgrade this run queued for its maintenance window: the source is skipped, not waited on for ever", async () => {
    const rds = new FakeRds();
    const deferred = upgradePlan(replicaA, "8.4");
    const call = deferred.calls[0];
    assert.ok(call?.kind === "modify");
    call.input.ApplyImmediately = false;
    call.appliedNow = [];
    const change = deferred.changes[0];
    assert.ok(change !== undefined);
    change.timing = "maintenance-window";
    const plans = [upgradePlan(source, "8.4", { after: ["shop-replica-a"] }), deferred];
    const result = await applyAll(bind(rds, [source, replicaA], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
    });
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls]),
      [
        ["shop-db", "skipped", []],
        ["shop-replica-a", "modified", ["modify"]],
      ],
    );
    assert.match(
      result.instances[0]?.skippedBecause ?? "",
      /shop-replica-a still runs 8\.0\.39 \(8\.4\.3 is queued for its maintenance window\)/,
    );
    assert.deepEqual(rds.upgrades, []);
    assert.ok(rds.now < TEST_WAIT.timeoutSeconds * 1000, "no wait ran to its timeout");
  });
});

describe("PostgreSQL: replicas upgraded with their source", () => {
  const source = live("orders-db", "postgres", "16.4");
  const replica = live("orders-replica", "postgres", "16.4", "orders-db");
  source.ReadReplicaDBInstanceIdentifiers = ["orders-replica"];

  it("one call to the source; its wait covers the replica until it runs 17, in the same describes", async () => {
    const rds = new FakeRds();
    const plans = [
      upgradePlan(source, "17", { upgradedWith: ["orders-replica"] }),
      withSourcePlan(replica, "orders-db", "17"),
    ];
    const events: Array<ProgressEvent & { at: number }> = [];
    const result = await applyPlan(bind(rds, [source, replica], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
      maxParallelDowntime: 1,
      onProgress: (e) => events.push({ ...e, at: rds.now }),
    });
    assert.deepEqual(
      rds.upgrades.map((u) => u.id),
      ["orders-db", "orders-replica"],
      "one ModifyDBInstance, to the source; RDS upgraded the replica with it",
    );
    const [primary, second] = result.instances;
    assert.deepEqual(
      [primary?.outcome, primary?.calls, primary?.status],
      ["modified", ["modify"], "available"],
    );
    assert.deepEqual(
      [second?.outcome, second?.calls, second?.status, second?.upgradedWithSource, second?.waited],
      ["modified", [], "available", "orders-db", true],
    );
    assert.equal(rds.read("orders-replica")?.EngineVersion, "17.2");
    // The source is done only once its replica runs 17 (it ends REPLICA_LAG_MS later).
    const done = events.find((e) => e.type === "instance-done" && e.id === "orders-db");
    assert.ok(done !== undefined && done.at >= rds.upgradeOf("orders-replica").end);
    // The source was never polled apart from its replica: one DescribeDBInstances per round.
    const withSource = rds.describes.filter((ids) => ids.includes("orders-db"));
    assert.ok(withSource.length > 1);
    for (const ids of withSource)
      assert.deepEqual([...ids].sort(), ["orders-db", "orders-replica"]);
    // And the replica alone only once its source was stable (it ends later).
    assert.ok(rds.describes.some((ids) => ids.length === 1 && ids[0] === "orders-replica"));
    const told = events.filter((e) => e.type === "upgrade-wait").map(({ at: _at, ...e }) => e);
    assert.deepEqual(told, [
      {
        type: "upgrade-wait",
        id: "orders-replica",
        step: "with-source",
        on: ["orders-db"],
        to: "17",
      },
      { type: "upgrade-wait", id: "orders-db", step: "replicas", on: ["orders-replica"], to: "17" },
    ]);
    assert.equal(
      progressLine(told[0] as ProgressEvent),
      "orders-replica: upgraded to 17 with its source orders-db; waiting for that upgrade",
    );
    assert.equal(
      progressLine(told[1] as ProgressEvent),
      "orders-db: waiting for orders-replica, upgraded with it, to run 17 too",
    );
  });

  it("a source whose upgrade fails: its replica is skipped, saying so", async () => {
    const rds = new FakeRds();
    rds.refuse.add("orders-db");
    const plans = [
      upgradePlan(source, "17", { upgradedWith: ["orders-replica"] }),
      withSourcePlan(replica, "orders-db", "17"),
    ];
    const result = await applyAll(bind(rds, [source, replica], plans), {
      ...rds.clock(),
      defaultWait: TEST_WAIT,
    });
    assert.deepEqual(
      result.instances.map((r) => r.outcome),
      ["failed", "skipped"],
    );
    assert.match(result.instances[1]?.skippedBecause ?? "", /its source orders-db.* failed/);
    assert.equal(rds.read("orders-replica")?.EngineVersion, "16.4");
  });

  it("a replica with a reboot of its own: rebooted after its source's upgrade ended, no deadlock at limit 1", async () => {
    const rds = new FakeRds();
    // The source on the engine's default group (it moves to the new default by itself),
    // the replica on a custom one waiting for a reboot.
    const src: DBInstance = {
      ...source,
      DBParameterGroups: [
        { DBParameterGroupName: "default.postgres16", ParameterApplyStatus: "in-sync" },
      ],
    };
    const rep: DBInstance = {
      ...replica,
      DBParameterGroups: [
        { DBParameterGroupName: "orders-pg", ParameterApplyStatus: "pending-reboot" },
      ],
    };
    const policy = { rebootWhenNeeded: true, allowMajorVersionUpgrade: true };
    const desired = [
      desiredInstance("orders-db", { EngineVersion: "17" }, { policy, applyImmediately: true }),
      desiredInstance(
        "orders-replica",
        { DBParameterGroupName: "orders-pg", EngineVersion: "17" },
        { policy, replicaSource: "orders-db" },
      ),
    ];
    // The plans as computed from the live state: the source's upgrade, the replica's reboot.
    const [sourcePlan, replicaPlan] = computePlan(desired, [src, rep]).instances as [
      InstancePlan,
      InstancePlan,
    ];
    assert.deepEqual(
      [sourcePlan.calls.map((c) => c.kind), replicaPlan.calls.map((c) => c.kind)],
      [["modify"], ["reboot"]],
    );
    const plans = [
      {
        ...sourcePlan,
        upgrade: { from: "16.4", to: "17", major: true, upgradedWith: ["orders-replica"] },
      },
      { ...replicaPlan, upgrade: { from: "16.4", to: "17", major: true, withSource: "orders-db" } },
    ];
    const bound = { ...bind(rds, [src, rep], plans), desired };
    const result = await applyPlan(bound, { ...rds.clock(), maxParallelDowntime: 1 });
    assert.deepEqual(
      result.instances.map((r) => [r.id, r.outcome, r.calls, r.upgradedWithSource]),
      [
        ["orders-db", "modified", ["modify"], undefined],
        ["orders-replica", "modified", ["reboot"], "orders-db"],
      ],
    );
    const reboot = rds.reboots[0];
    assert.ok(reboot !== undefined && reboot.start >= rds.upgradeOf("orders-replica").end);
    assert.equal(rds.read("orders-replica")?.EngineVersion, "17.2");
  });
});
