import { test } from "node:test";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ID = { DBInstanceIdentifier: "orders-db", ApplyImmediately: false };

/** Pitfall 1: engine versions are dot-boundary prefixes, never downgraded. */
const engineVersion: PlanCase[] = [
  {
    name: "a major version matches the full live version",
    d: desired({ Engine: "postgres", EngineVersion: "16" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "noop",
    changes: [],
  },
  {
    name: '"1" does not match "16.3" (dot boundary) and is a downgrade',
    d: desired({ Engine: "postgres", EngineVersion: "1" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
    reasons: [/cannot go down from 16\.3 to 1 .*\(rdsctl\.yaml:4\)\.$/],
  },
  {
    name: "a pinned minor behind an auto-upgraded one is drift kept, not a change",
    d: desired({ Engine: "postgres", EngineVersion: "16.3" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: true })],
    action: "noop",
    changes: [],
    notices: [/16\.4 is newer than the declared 16\.3.*kept/],
  },
  {
    name: "the declared AutoMinorVersionUpgrade wins over the live one",
    d: desired({ Engine: "postgres", EngineVersion: "16.3", AutoMinorVersionUpgrade: false }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: false })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "without auto minor upgrades a lower minor is a blocked downgrade",
    d: desired({ Engine: "postgres", EngineVersion: "16.3" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.4", AutoMinorVersionUpgrade: false })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "a lower major is blocked even with auto minor upgrades",
    d: desired({ Engine: "postgres", EngineVersion: "15" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3", AutoMinorVersionUpgrade: true })],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
  },
  {
    name: "a postgres major upgrade sends AllowMajorVersionUpgrade",
    d: desired({ Engine: "postgres", EngineVersion: "17" }, { allowMajorVersionUpgrade: true }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "modify",
    changes: ["EngineVersion"],
    modify: { ...ID, EngineVersion: "17", AllowMajorVersionUpgrade: true },
    appliedNow: [],
  },
  {
    name: "a postgres minor upgrade does not",
    d: desired({ Engine: "postgres", EngineVersion: "16.4" }),
    observed: [live({ Engine: "postgres", EngineVersion: "16.3" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "16.4" },
  },
  {
    name: "mysql 8.0 -> 8.4 is a major upgrade (two-segment majors)",
    d: desired({ Engine: "mysql", EngineVersion: "8.4" }, { allowMajorVersionUpgrade: true }),
    observed: [live({ Engine: "mysql", EngineVersion: "8.0.35" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "8.4", AllowMajorVersionUpgrade: true },
  },
  {
    name: "mysql 8.0.35 -> 8.0.36 is not",
    d: desired({ Engine: "mysql", EngineVersion: "8.0.36" }),
    observed: [live({ Engine: "mysql", EngineVersion: "8.0.35" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "8.0.36" },
  },
  {
    name: "mariadb 10.6 -> 10.11 is a major upgrade, using the live engine when undeclared",
    d: desired({ EngineVersion: "10.11" }, { allowMajorVersionUpgrade: true }),
    observed: [live({ Engine: "mariadb", EngineVersion: "10.6.14" })],
    action: "modify",
    modify: { ...ID, EngineVersion: "10.11", AllowMajorVersionUpgrade: true },
  },
  {
    name: "an upgrade already pending is not sent again",
    d: desired({ Engine: "postgres", EngineVersion: "17" }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "noop",
    notices: [/EngineVersion 17\.2 is pending for the next maintenance window/],
  },
  {
    name: "going back from a queued upgrade is a downgrade (RDS compares with the queued one)",
    d: desired({ Engine: "postgres", EngineVersion: "16" }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "blocked",
    blocked: ["EngineVersion:version-downgrade"],
    reasons: [/from 17\.2 \(queued for the maintenance window\) to 16 /],
  },
  {
    name: "a further upgrade over a queued one: from the queued version, major vs live",
    d: desired({ Engine: "postgres", EngineVersion: "17.4" }, { allowMajorVersionUpgrade: true }),
    observed: [
      live({
        Engine: "postgres",
        EngineVersion: "16.3",
        PendingModifiedValues: { EngineVersion: "17.2" },
      }),
    ],
    action: "modify",
    modify: { ...ID, EngineVersion: "17.4", AllowMajorVersionUpgrade: true },
    check: (p) => {
      if (p.changes[0]?.from !== "17.2") throw new Error(JSON.stringify(p.changes));
    },
  },
];

/** Pitfall 2: pending modifications count as applied. */
const deferred: PlanCase[] = [
  {
    name: "a value pending for the maintenance window is not drift",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "noop",
    changes: [],
    notices: [/DBInstanceClass db\.t3\.small is pending .*live: db\.t3\.micro/],
  },
  {
    name: "declared equals live but another value is pending: send live to cancel",
    d: desired({ DBInstanceClass: "db.t3.micro" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.micro" },
    check: (p) => {
      const c = p.changes[0];
      if (c?.from !== "db.t3.small" || c.to !== "db.t3.micro") throw new Error("from/to");
    },
  },
  {
    name: "a deferrable change waits for the window with ApplyImmediately false",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.small" },
    appliedNow: [],
    check: (p) => {
      if (p.changes[0]?.timing !== "maintenance-window" || p.changes[0].downtime !== true) {
        throw new Error(JSON.stringify(p.changes));
      }
    },
  },
  {
    name: "and applies now with ApplyImmediately true",
    d: desired({ DBInstanceClass: "db.t3.small" }, { applyImmediately: true }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
    modify: { ...ID, ApplyImmediately: true, DBInstanceClass: "db.t3.small" },
    appliedNow: ["DBInstanceClass"],
  },
  {
    name: "a third value replaces the pending one; the change is from the pending value",
    d: desired({ DBInstanceClass: "db.t3.large" }),
    observed: [
      live({
        DBInstanceClass: "db.t3.micro",
        PendingModifiedValues: { DBInstanceClass: "db.t3.small" },
      }),
    ],
    action: "modify",
    modify: { ...ID, DBInstanceClass: "db.t3.large" },
    check: (p) => {
      const c = p.changes[0];
      if (c?.from !== "db.t3.small" || c.to !== "db.t3.large") throw new Error(JSON.stringify(c));
    },
  },
  {
    name: "pending storage counts as applied",
    d: desired({ AllocatedStorage: 40 }),
    observed: [live({ AllocatedStorage: 20, PendingModifiedValues: { AllocatedStorage: 40 } })],
    action: "noop",
    notices: [/AllocatedStorage 40 is pending/],
  },
];

const groups: Array<[string, PlanCase[]]> = [
  ["engine version", engineVersion],
  ["deferred", deferred],
];

for (const [group, cases] of groups) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      runCase(c);
    });
  }
}
