import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DescribeDBSnapshotsCommand } from "@aws-sdk/client-rds";
import type { ProgressEvent } from "../../src/apply/types.js";
import { loadSpec } from "../../src/spec/index.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { suiteEmulator, type TestEmulator } from "../helpers/emulator.js";

/**
 * Issue 17's "Done when", end to end with the real SDK against the emulator:
 * a PostgreSQL 16 primary on a custom parameter group with an in-Region
 * replica, upgraded to 17 in one run with a snapshot first; the same spec
 * still naming the postgres16 group, blocked before any call; a MySQL 8.0
 * primary and replica upgraded to 8.4 replica first, also when the first run
 * is stopped between the two; a target that is no valid upgrade target.
 */

const WAIT = "wait:\n  delaySeconds: 5\n  maxDelaySeconds: 30\n  timeoutSeconds: 7200\n";

interface PgOptions {
  version: string;
  /** The group the primary names. */
  group: string;
  /** Declare the postgres17 copy of the group. */
  copy?: boolean;
  snapshot?: boolean;
  allowMajor?: boolean;
}

/** The PostgreSQL fleet: app-pg16 (and its postgres17 copy), orders-db and its replica. */
function pgSpec(o: PgOptions): string {
  const groups = [
    "  - DBParameterGroupName: app-pg16",
    "    DBParameterGroupFamily: postgres16",
    "    Description: orders parameters",
    "    Parameters:",
    '      work_mem: "8192"',
  ];
  if (o.copy === true) {
    groups.push(
      "  - DBParameterGroupName: app-pg17",
      "    DBParameterGroupFamily: postgres17",
      "    Description: orders parameters",
      "    Parameters:",
      '      work_mem: "8192"',
    );
  }
  const policy = o.snapshot === true ? "policy:\n  snapshotBefore: [major-upgrade]\n" : "";
  return [
    "region: us-east-1",
    WAIT + policy,
    "parameterGroups:",
    ...groups,
    "instances:",
    "  - DBInstanceIdentifier: orders-db",
    "    Engine: postgres",
    `    EngineVersion: "${o.version}"`,
    "    DBInstanceClass: db.t4g.micro",
    "    AllocatedStorage: 20",
    "    MasterUsername: app",
    "    MasterUserPassword: { env: UPGRADE_TEST_PASSWORD }",
    "    BackupRetentionPeriod: 1",
    `    DBParameterGroupName: ${o.group}`,
    "    ApplyImmediately: true",
    ...(o.allowMajor === true ? ["    AllowMajorVersionUpgrade: true"] : []),
    "  - DBInstanceIdentifier: orders-replica",
    "    SourceDBInstanceIdentifier: orders-db",
    "    DBInstanceClass: db.t4g.micro",
    "",
  ].join("\n");
}

/** The MySQL fleet: shop-db and its replica, both on the default group. */
function mysqlSpec(version: string): string {
  return [
    "region: us-east-1",
    `${WAIT}policy:\n  allowMajorVersionUpgrade: true`,
    "instances:",
    "  - DBInstanceIdentifier: shop-db",
    "    Engine: mysql",
    `    EngineVersion: "${version}"`,
    "    DBInstanceClass: db.t4g.micro",
    "    AllocatedStorage: 20",
    "    MasterUsername: admin",
    "    MasterUserPassword: { env: UPGRADE_TEST_PASSWORD }",
    "    BackupRetentionPeriod: 1",
    "    ApplyImmediately: true",
    "  - DBInstanceIdentifier: shop-replica",
    "    SourceDBInstanceIdentifier: shop-db",
    "    DBInstanceClass: db.t4g.micro",
    "    ApplyImmediately: true",
    "",
  ].join("\n");
}

async function snapshotsOf(t: TestEmulator, id: string) {
  const raw = t.rawClient();
  try {
    const out = await raw.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: id }));
    return out.DBSnapshots ?? [];
  } finally {
    raw.destroy();
  }
}

describe("issue 17, done when: engine upgrades that finish, on the emulator", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-upgrade-"));
  process.env.UPGRADE_TEST_PASSWORD = "upgrade-test-password";

  async function specOf(name: string, text: string) {
    const file = join(dir, name);
    writeFileSync(file, text);
    return loadSpec([file]);
  }

  async function version(id: string): Promise<string | undefined> {
    return (await t.api.describeInstance(id))?.EngineVersion;
  }

  async function createPgFleet(): Promise<void> {
    const spec = await specOf("pg.yaml", pgSpec({ version: "16", group: "app-pg16" }));
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      [
        ["orders-db", "created"],
        ["orders-replica", "created"],
      ],
    );
    assert.match((await version("orders-db")) ?? "", /^16\./);
  }

  it("PostgreSQL 16 -> 17 with the declared postgres17 copy: one snapshot first, one ModifyDBInstance, both on 17 and in sync", async () => {
    await createPgFleet();
    const spec = await specOf(
      "pg.yaml",
      pgSpec({ version: "17", group: "app-pg17", copy: true, snapshot: true, allowMajor: true }),
    );
    const { plan } = await planSpec(spec, conn());
    const primary = plan.instances.find((i) => i.id === "orders-db");
    assert.equal(primary?.action, "modify", JSON.stringify(primary?.blocked));
    assert.equal(primary?.upgrade?.major, true);
    assert.equal(primary?.upgrade?.parameterGroup, "app-pg17");
    assert.deepEqual(primary?.upgrade?.upgradedWith, ["orders-replica"]);
    assert.deepEqual(primary?.snapshotBefore, ["major-upgrade"]);
    assert.equal(primary?.calls[0]?.kind, "snapshot");
    const replica = plan.instances.find((i) => i.id === "orders-replica");
    assert.equal(replica?.upgrade?.withSource, "orders-db");
    assert.ok(
      !(replica?.calls ?? []).some((c) => c.kind === "modify" && "EngineVersion" in c.input),
      "nothing sends the replica a version",
    );

    t.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const { result } = await applySpec(spec, conn(), {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    const log = t.emulator.requestLog();
    const at = (action: string, id?: string) =>
      log.flatMap((e, i) => (e.action === action && (id === undefined || e.id === id) ? [i] : []));
    assert.equal(at("CreateDBSnapshot").length, 1, "one snapshot");
    assert.deepEqual(
      at("ModifyDBInstance").map((i) => log[i]?.id),
      ["orders-db"],
      "one ModifyDBInstance, for the primary",
    );
    const snapshotAt = at("CreateDBSnapshot")[0] ?? Number.POSITIVE_INFINITY;
    const modifyAt = at("ModifyDBInstance")[0] ?? -1;
    assert.ok(snapshotAt < modifyAt, "the snapshot is taken before the upgrade call");
    // The parameter group of the new family exists before the call that names it.
    const groupAt = at("CreateDBParameterGroup")[0] ?? Number.POSITIVE_INFINITY;
    assert.ok(groupAt < modifyAt, "app-pg17 is made before the upgrade");

    const name = result.instances.find((i) => i.id === "orders-db")?.snapshot;
    assert.ok(name?.startsWith("orders-db-"), `the result names it: ${name}`);
    const snapshots = await snapshotsOf(t, "orders-db");
    assert.deepEqual(
      snapshots.map((s) => [s.DBSnapshotIdentifier, s.Status, s.SnapshotType]),
      [[name, "available", "manual"]],
    );
    // The snapshot holds the version from before the upgrade.
    assert.match(snapshots[0]?.EngineVersion ?? "", /^16\./);

    for (const id of ["orders-db", "orders-replica"]) {
      const db = await t.api.describeInstance(id);
      assert.match(db?.EngineVersion ?? "", /^17\./, `${id} on 17`);
      assert.equal(db?.DBInstanceStatus, "available");
      assert.equal(db?.DBParameterGroups?.[0]?.ParameterApplyStatus, "in-sync", `${id} in sync`);
    }
    const db = await t.api.describeInstance("orders-db");
    assert.equal(db?.DBParameterGroups?.[0]?.DBParameterGroupName, "app-pg17");

    // Run again: nothing to do, no mutating call.
    t.emulator.clearRequestLog();
    const again = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(t.mutating(), []);
    assert.ok(again.plan.instances.every((i) => i.action === "noop"));
  });

  it("the same spec still naming the postgres16 group is blocked before any call, with the advice", async () => {
    await createPgFleet();
    const spec = await specOf(
      "pg.yaml",
      pgSpec({ version: "17", group: "app-pg16", snapshot: true, allowMajor: true }),
    );
    t.emulator.clearRequestLog();
    const { plan } = await planSpec(spec, conn());
    const primary = plan.instances.find((i) => i.id === "orders-db");
    assert.equal(primary?.action, "blocked");
    const why = primary?.blocked.map((b) => b.reason).join("\n") ?? "";
    assert.match(why, /app-pg16/);
    assert.match(why, /postgres17/);
    assert.match(why, /export/);
    await assert.rejects(applySpec(spec, conn(), t.clock));
    assert.deepEqual(t.mutating(), [], "nothing sent");
    assert.match((await version("orders-db")) ?? "", /^16\./);
  });

  it("a major version the spec does not allow is blocked, saying how to allow it", async () => {
    await createPgFleet();
    const spec = await specOf("pg.yaml", pgSpec({ version: "17", group: "app-pg17", copy: true }));
    const { plan } = await planSpec(spec, conn());
    const primary = plan.instances.find((i) => i.id === "orders-db");
    assert.equal(primary?.action, "blocked");
    assert.match(
      primary?.blocked.map((b) => b.reason).join("\n") ?? "",
      /AllowMajorVersionUpgrade/,
    );
  });

  it("a target that is not a valid upgrade target is blocked with the valid ones listed", async () => {
    await createPgFleet();
    const spec = await specOf(
      "pg.yaml",
      pgSpec({ version: "16.99", group: "app-pg16", allowMajor: true }),
    );
    const { plan } = await planSpec(spec, conn());
    const primary = plan.instances.find((i) => i.id === "orders-db");
    assert.equal(primary?.action, "blocked");
    const why = primary?.blocked.map((b) => b.reason).join("\n") ?? "";
    assert.match(why, /16\.99/);
    assert.match(why, /17\.\d+/, `the valid targets are listed: ${why}`);
  });

  it("MySQL 8.0 -> 8.4: the replica is upgraded before the source, and a run stopped between the two converges", async () => {
    const first = await applySpec(await specOf("shop.yaml", mysqlSpec("8.0")), conn(), t.clock);
    assert.ok(first.result.instances.every((i) => i.outcome === "created"));
    const spec = await specOf("shop.yaml", mysqlSpec("8.4"));
    const { plan } = await planSpec(spec, conn());
    const source = plan.instances.find((i) => i.id === "shop-db");
    assert.deepEqual(source?.upgrade?.after, ["shop-replica"]);

    // Stopped once the replica's upgrade call is answered, before the source's.
    const stop = new AbortController();
    t.emulator.clearRequestLog();
    await applySpec(spec, conn(), {
      ...t.clock,
      signal: stop.signal,
      onProgress: (e) => {
        if (e.type === "call-done" && e.id === "shop-replica" && e.call === "modify") stop.abort();
      },
    }).catch(() => undefined);
    assert.deepEqual(
      t.emulator
        .requestLog()
        .filter((e) => e.action === "ModifyDBInstance")
        .map((e) => e.id),
      ["shop-replica"],
      "the replica first, and the source not yet",
    );
    assert.match((await version("shop-db")) ?? "", /^8\.0\./);

    // Run again: only the source is left, sent once the replica has finished.
    t.emulator.clearRequestLog();
    const again = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      t.emulator
        .requestLog()
        .filter((e) => e.action === "ModifyDBInstance")
        .map((e) => e.id),
      ["shop-db"],
    );
    assert.ok(again.result.instances.every((i) => i.outcome !== "failed"));
    for (const id of ["shop-db", "shop-replica"]) {
      assert.match((await version(id)) ?? "", /^8\.4\./, `${id} on 8.4`);
    }
    t.emulator.clearRequestLog();
    await applySpec(spec, conn(), t.clock);
    assert.deepEqual(t.mutating(), [], "converged: nothing left to send");
  });

  it("MySQL 8.0 -> 8.4 in one run: the replica's upgrade ends before the source's is sent", async () => {
    await applySpec(await specOf("shop.yaml", mysqlSpec("8.0")), conn(), t.clock);
    t.emulator.clearRequestLog();
    const { result } = await applySpec(
      await specOf("shop.yaml", mysqlSpec("8.4")),
      conn(),
      t.clock,
    );
    assert.deepEqual(
      t.emulator
        .requestLog()
        .filter((e) => e.action === "ModifyDBInstance")
        .map((e) => e.id),
      ["shop-replica", "shop-db"],
    );
    assert.ok(result.instances.every((i) => i.outcome === "modified"));
    for (const id of ["shop-db", "shop-replica"]) {
      assert.match((await version(id)) ?? "", /^8\.4\./, `${id} on 8.4`);
    }
  });
});
