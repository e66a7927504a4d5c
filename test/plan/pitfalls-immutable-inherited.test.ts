import { test } from "node:test";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ID = { DBInstanceIdentifier: "orders-db", ApplyImmediately: false };

/** Pitfalls 12, 13 and 14: immutable fields, the availability zone, only what differs. */
const immutable: PlanCase[] = [
  ...(
    [
      ["Engine", "mysql", { Engine: "postgres" }, /new instance with the new engine/],
      ["DBName", "other", { DBName: "app" }, /SQL/],
      ["MasterUsername", "root", { MasterUsername: "appadmin" }, /another user/],
      [
        "StorageEncrypted",
        true,
        { StorageEncrypted: false },
        /To encrypt: .*copy it with a KMS key/,
      ],
      ["StorageEncrypted", false, { StorageEncrypted: true }, /cannot be decrypted/],
      ["CharacterSetName", "UTF8", { CharacterSetName: "AL32UTF8" }, /character set/],
      ["Timezone", "UTC", { Timezone: "Central Standard Time" }, /time zone/],
      ["AvailabilityZone", "us-east-1b", { AvailabilityZone: "us-east-1a" }, /zone/],
      ["DBClusterIdentifier", "c2", { DBClusterIdentifier: "c1" }, /cluster/],
    ] as const
  ).map(
    ([field, value, members, hint]): PlanCase => ({
      name: `${field} cannot change in place (to ${String(value)})`,
      d: desired({ [field]: value }),
      observed: [live(members as Record<string, unknown>)],
      action: "blocked",
      blocked: [`${field}:immutable`],
      reasons: [new RegExp(`^orders-db: ${field} cannot change from .* in place`), hint],
    }),
  ),
  {
    name: "the Engine message says what, why, what to do, and where",
    d: desired({ DBInstanceClass: "db.t3.micro", Engine: "mysql" }),
    observed: [live({ Engine: "postgres", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    reasons: [
      /^orders-db: Engine cannot change from postgres to mysql in place \(RDS has no such modification\)\. Create a new instance with the new engine and migrate the data \(for example with AWS DMS or a dump and restore\), or revert the spec \(rdsctl\.yaml:4\)\.$/,
    ],
  },
  {
    name: "a blocked field blocks the whole instance: nothing else is sent",
    d: desired({ DBInstanceClass: "db.t3.small", Engine: "mysql" }),
    observed: [live({ Engine: "postgres", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    changes: ["DBInstanceClass"],
    blocked: ["Engine:immutable"],
    calls: [],
  },
  {
    name: "the availability zone is not compared when Multi-AZ is declared",
    d: desired({ MultiAZ: true, AvailabilityZone: "us-east-1a" }),
    observed: [live({ MultiAZ: true, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "nor when the live instance is Multi-AZ",
    d: desired({ AvailabilityZone: "us-east-1a" }),
    observed: [live({ MultiAZ: true, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "nor when it is not declared",
    d: desired({ MultiAZ: false }),
    observed: [live({ MultiAZ: false, AvailabilityZone: "us-east-1b" })],
    action: "noop",
  },
  {
    name: "subnet group, port and Multi-AZ are modified in place, only what differs",
    d: desired({
      DBSubnetGroupName: "new-subnets",
      Port: 5433,
      MultiAZ: true,
      DBInstanceClass: "db.t3.micro",
      BackupRetentionPeriod: 7,
    }),
    observed: [
      live({
        DBSubnetGroup: { DBSubnetGroupName: "old-subnets" },
        Endpoint: { Port: 5432 },
        MultiAZ: false,
        DBInstanceClass: "db.t3.micro",
        BackupRetentionPeriod: 7,
      }),
    ],
    action: "modify",
    changes: ["DBSubnetGroupName", "Port", "MultiAZ"],
    modify: { ...ID, DBSubnetGroupName: "new-subnets", DBPortNumber: 5433, MultiAZ: true },
  },
  {
    name: "MultiTenant only turns on",
    d: desired({ MultiTenant: false }),
    observed: [live({ MultiTenant: true })],
    action: "blocked",
    blocked: ["MultiTenant:immutable"],
  },
];

/** Pitfall 15: inherited fields of replicas and cluster members. */
const inherited: PlanCase[] = [
  {
    name: "a read replica's engine version and storage are not compared",
    d: desired(
      { EngineVersion: "15", AllocatedStorage: 10, DBInstanceClass: "db.t3.micro" },
      { replicaSource: "orders-primary" },
    ),
    observed: [
      live({
        ReadReplicaSourceDBInstanceIdentifier: "orders-primary",
        EngineVersion: "16.3",
        AllocatedStorage: 100,
        DBInstanceClass: "db.t3.micro",
      }),
    ],
    action: "noop",
    notices: [/EngineVersion is inherited from its source instance orders-primary/],
  },
  {
    name: "a read replica's own fields still are",
    d: desired({ DBInstanceClass: "db.t3.small" }, { replicaSource: "orders-primary" }),
    observed: [
      live({
        ReadReplicaSourceDBInstanceIdentifier: "orders-primary",
        DBInstanceClass: "db.t3.micro",
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.small" },
  },
  {
    name: "an Aurora member's storage and backups come from its cluster",
    d: desired({ BackupRetentionPeriod: 1, StorageEncrypted: false, Port: 3306 }),
    observed: [
      live({
        DBClusterIdentifier: "orders-cluster",
        BackupRetentionPeriod: 7,
        StorageEncrypted: true,
        Endpoint: { Port: 3307 },
      }),
    ],
    action: "noop",
    notices: [/inherited from its cluster orders-cluster/],
  },
];

/** Timing of individual fields. */
const timing: PlanCase[] = [
  {
    name: "backup retention between non-zero values applies now without downtime",
    d: desired({ BackupRetentionPeriod: 14 }),
    observed: [live({ BackupRetentionPeriod: 7 })],
    action: "modify",
    appliedNow: ["BackupRetentionPeriod"],
    check: (p) => {
      const c = p.changes[0];
      if (c?.timing !== "immediate" || c.downtime) throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "turning backups on follows ApplyImmediately and has downtime",
    d: desired({ BackupRetentionPeriod: 7 }),
    observed: [live({ BackupRetentionPeriod: 0 })],
    action: "modify",
    appliedNow: [],
    check: (p) => {
      const c = p.changes[0];
      if (c?.timing !== "maintenance-window" || !c.downtime) throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "always-immediate fields ignore ApplyImmediately",
    d: desired({ DeletionProtection: true, PubliclyAccessible: false }),
    observed: [live({ DeletionProtection: false, PubliclyAccessible: true })],
    action: "modify",
    appliedNow: ["DeletionProtection", "PubliclyAccessible"],
    modify: { ...ID, DeletionProtection: true, PubliclyAccessible: false },
  },
];

const groups: Array<[string, PlanCase[]]> = [
  ["immutable", immutable],
  ["inherited", inherited],
  ["timing", timing],
];

for (const [group, cases] of groups) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      runCase(c);
    });
  }
}
