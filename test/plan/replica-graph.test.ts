import assert from "node:assert/strict";
import { test } from "node:test";
import {
  declaredReplicaProblems,
  maxReplicaDepth,
  replicaGraph,
} from "../../src/plan/replica-graph.js";
import { desired, live } from "./_fixtures.js";

const replicaOf = (id: string, source: string, fields: Record<string, unknown> = {}) =>
  desired({ DBInstanceIdentifier: id, ...fields }, { replicaSource: source });

test("dependencies: a replica waits for its declared source only", () => {
  const g = replicaGraph(
    [
      replicaOf("r1", "p"),
      desired({ DBInstanceIdentifier: "p", Engine: "mysql" }),
      replicaOf("r2", "old"),
    ],
    [live({ DBInstanceIdentifier: "old", Engine: "mysql", BackupRetentionPeriod: 1 })],
  );
  assert.deepEqual([...g.dependsOn], [["r1", "p"]]);
  assert.equal(g.sources.get("r2")?.kind, "live");
  assert.deepEqual(g.problems, []);
});

test("a cycle is one problem naming the loop", () => {
  const g = replicaGraph([replicaOf("a", "b"), replicaOf("b", "c"), replicaOf("c", "a")], []);
  const cycles = g.problems.filter((p) => /cycle/.test(p.message));
  assert.equal(cycles.length, 1);
  assert.match(cycles[0]?.message ?? "", /a -> b -> c -> a/);
});

test("chains: three cascading levels for MySQL, a fourth refused; no cascade before PostgreSQL 14.1", () => {
  const mysql = [
    desired({ DBInstanceIdentifier: "p", Engine: "mysql" }),
    // A replica that is the source of another needs its own backups on.
    replicaOf("l1", "p", { BackupRetentionPeriod: 1 }),
    replicaOf("l2", "l1", { BackupRetentionPeriod: 1 }),
    replicaOf("l3", "l2"),
  ];
  assert.deepEqual(replicaGraph(mysql, []).problems, []);
  const deeper = replicaGraph(
    [
      ...mysql.slice(0, 3),
      replicaOf("l3", "l2", { BackupRetentionPeriod: 1 }),
      replicaOf("l4", "l3"),
    ],
    [],
  ).problems;
  assert.equal(deeper.length, 1);
  assert.match(deeper[0]?.message ?? "", /l4: .*level 4 below p.*at most 3/);
  const pg13 = replicaGraph(
    [
      desired({ DBInstanceIdentifier: "p", Engine: "postgres", EngineVersion: "13.4" }),
      replicaOf("l1", "p", { BackupRetentionPeriod: 1 }),
      replicaOf("l2", "l1"),
    ],
    [],
  ).problems;
  assert.match(pg13[0]?.message ?? "", /l2: .*at most 1/);
  assert.equal(pg13.length, 1);
  // A new replica starts with backups off: as a source it must declare its retention.
  const noBackups = replicaGraph(
    [
      desired({ DBInstanceIdentifier: "p", Engine: "mysql" }),
      replicaOf("m1", "p"),
      replicaOf("m2", "m1"),
    ],
    [],
  ).problems;
  assert.equal(noBackups.length, 1);
  assert.match(
    noBackups[0]?.message ?? "",
    /^m2: its source m1 has automated backups off .*on m1$/,
  );
  assert.equal(maxReplicaDepth("postgres", "14.1"), 3);
  assert.equal(maxReplicaDepth("postgres", "14.0"), 1);
  assert.equal(maxReplicaDepth("mariadb", undefined), 3);
  assert.equal(maxReplicaDepth("oracle-ee", "19"), 1);
});

test("inherited conflicts name the source, declared or live; equal values pass", () => {
  const declared = replicaGraph(
    [
      desired({ DBInstanceIdentifier: "p", DBName: "app" }),
      replicaOf("r", "p", { DBName: "other" }),
    ],
    [],
  ).problems;
  assert.equal(declared.length, 1);
  assert.match(
    declared[0]?.message ?? "",
    /r: DBName is other, .* source p, which has app \(declared at/,
  );
  const fromLive = replicaGraph(
    [replicaOf("r", "p", { EngineVersion: "15" })],
    [live({ DBInstanceIdentifier: "p", EngineVersion: "16.3", BackupRetentionPeriod: 1 })],
  ).problems;
  assert.match(fromLive[0]?.message ?? "", /which has 16\.3 \(in RDS\)/);
  const same = replicaGraph(
    [replicaOf("r", "p", { EngineVersion: "16" })],
    [live({ DBInstanceIdentifier: "p", EngineVersion: "16.3", BackupRetentionPeriod: 1 })],
  ).problems;
  assert.deepEqual(same, []);
});

test("a field no replica can take is refused; a source ARN in another region resolves there", () => {
  const refused = replicaGraph(
    [replicaOf("r", "p", { DBClusterIdentifier: "c" })],
    [live({ DBInstanceIdentifier: "p", BackupRetentionPeriod: 1 })],
  ).problems;
  assert.match(refused[0]?.message ?? "", /DBClusterIdentifier cannot be set on a read replica/);
  const arn = "arn:aws:rds:eu-west-1:123456789012:db:far";
  const g = replicaGraph(
    [desired({ DBInstanceIdentifier: "far" }, { region: "eu-west-1" }), replicaOf("near", arn, {})],
    [],
    { regionOf: (d) => d.region ?? "us-east-1" },
  );
  assert.deepEqual([...g.dependsOn], [["near", "far"]]);
});

test("declared problems: a replica of itself, a cycle and a declared chain too deep, with no read of RDS", () => {
  const problems = declaredReplicaProblems([
    replicaOf("self", "self"),
    replicaOf("a", "b"),
    replicaOf("b", "a"),
    desired({ DBInstanceIdentifier: "p", Engine: "postgres", EngineVersion: "13.4" }),
    replicaOf("r1", "p"),
    replicaOf("r2", "r1"),
  ]).map((p) => `${p.id}: ${p.field}`);
  assert.deepEqual(problems.sort(), [
    "a: SourceDBInstanceIdentifier",
    "r2: SourceDBInstanceIdentifier",
    "self: SourceDBInstanceIdentifier",
  ]);
});

test("declared problems: a source the spec does not declare may be live, so it is left to the plan", () => {
  assert.deepEqual(declaredReplicaProblems([replicaOf("r1", "somewhere-live")]), []);
  // A source in another region (an ARN) is not the instance itself.
  const crossRegion = desired(
    { DBInstanceIdentifier: "same" },
    { replicaSource: "arn:aws:rds:eu-west-1:123456789012:db:same", region: "us-east-1" },
  );
  assert.deepEqual(declaredReplicaProblems([crossRegion]), []);
});
