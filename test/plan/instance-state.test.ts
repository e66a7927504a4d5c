import assert from "node:assert/strict";
import { test } from "node:test";
import { FAILED_STATUSES } from "../../src/plan/stability.js";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

/** Storage-full: only a storage increase goes through, and it goes now. */
const storageFull: PlanCase[] = [
  {
    name: "a storage increase is sent with ApplyImmediately=true although the spec defers",
    d: desired({ AllocatedStorage: 40 }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "modify",
    calls: ["modify"],
    modify: { DBInstanceIdentifier: "orders-db", ApplyImmediately: true, AllocatedStorage: 40 },
    appliedNow: ["AllocatedStorage"],
    notices: [/storage-full.*ApplyImmediately=true.*maintenance window/],
    check: (p) => {
      assert.deepEqual(
        p.changes.map((c) => [c.field, c.timing]),
        [["AllocatedStorage", "immediate"]],
      );
    },
  },
  {
    name: "a declared, different MaxAllocatedStorage rides along",
    d: desired({ AllocatedStorage: 40, MaxAllocatedStorage: 100 }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "modify",
    modify: {
      DBInstanceIdentifier: "orders-db",
      ApplyImmediately: true,
      AllocatedStorage: 40,
      MaxAllocatedStorage: 100,
    },
    appliedNow: ["AllocatedStorage", "MaxAllocatedStorage"],
  },
  {
    name: "an increase queued for the maintenance window is sent again, to apply now",
    d: desired({ AllocatedStorage: 40 }),
    observed: [
      live({
        DBInstanceStatus: "storage-full",
        AllocatedStorage: 20,
        PendingModifiedValues: { AllocatedStorage: 40 },
      }),
    ],
    action: "modify",
    modify: { DBInstanceIdentifier: "orders-db", ApplyImmediately: true, AllocatedStorage: 40 },
    appliedNow: ["AllocatedStorage"],
  },
  {
    name: "with the increase, any other difference is blocked by state, field by field",
    d: desired({ AllocatedStorage: 40, DBInstanceClass: "db.t3.small", Port: 5433 }),
    observed: [
      live({
        DBInstanceStatus: "storage-full",
        AllocatedStorage: 20,
        DBInstanceClass: "db.t3.micro",
        Endpoint: { Port: 5432 },
      }),
    ],
    action: "blocked",
    blocked: ["DBInstanceClass:state", "Port:state"],
    reasons: [
      /^orders-db: DBInstanceClass \(db\.t3\.micro -> db\.t3\.small\) cannot be applied while the instance is storage-full.*storage increase can go alone, then run apply again.*\(rdsctl\.yaml:2\)\.$/,
    ],
  },
  {
    name: "without an increase, a difference is blocked with: raise storage first",
    d: desired({ DBInstanceClass: "db.t3.small" }),
    observed: [live({ DBInstanceStatus: "storage-full", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    blocked: ["DBInstanceClass:state"],
    reasons: [/Raise AllocatedStorage first.*then run apply again/],
  },
  {
    name: "MaxAllocatedStorage alone is no storage increase: blocked",
    d: desired({ MaxAllocatedStorage: 100 }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "blocked",
    blocked: ["MaxAllocatedStorage:state"],
  },
  {
    name: "a storage type change (which carries the size) is blocked",
    d: desired({ StorageType: "gp3" }),
    observed: [
      live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20, StorageType: "gp2" }),
    ],
    action: "blocked",
    blocked: ["StorageType:state"],
  },
  {
    name: "a parameter group reboot is blocked",
    d: desired({ DBParameterGroupName: "pg" }, { policy: { rebootWhenNeeded: true } }),
    observed: [
      live({
        DBInstanceStatus: "storage-full",
        DBParameterGroups: [{ DBParameterGroupName: "pg", ParameterApplyStatus: "pending-reboot" }],
      }),
    ],
    action: "blocked",
    blocked: ["DBParameterGroupName:state"],
  },
  {
    name: "ApplyImmediately already true: no notice needed",
    d: desired({ AllocatedStorage: 40 }, { applyImmediately: true }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "modify",
    check: (p) => assert.ok(!p.notices.some((n) => /ApplyImmediately=true/.test(n.message))),
  },
  {
    name: "an increase that policy does not allow stays blocked by policy",
    d: desired({ AllocatedStorage: 40 }, { policy: { updatable: ["DBInstanceClass"] } }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "blocked",
    blocked: ["AllocatedStorage:policy"],
  },
  {
    name: "nothing to change: a noop that says how to get out of storage-full",
    d: desired({ AllocatedStorage: 20 }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "noop",
    notices: [/storage-full.*Raise AllocatedStorage.*immediately/],
  },
  {
    name: "an increase on an available instance still follows the spec's ApplyImmediately",
    d: desired({ AllocatedStorage: 40 }),
    observed: [live({ AllocatedStorage: 20 })],
    action: "modify",
    modify: { DBInstanceIdentifier: "orders-db", ApplyImmediately: false, AllocatedStorage: 40 },
  },
];
for (const c of storageFull)
  test(`storage-full: ${c.name}`, () => {
    runCase(c);
  });

/** Tags are not instance state: they are planned in any status but deletion. */
const tagStatuses = ["stopped", "stopping", "storage-full", ...FAILED_STATUSES];
for (const status of tagStatuses) {
  test(`tags: a tag change on an instance in status ${status} is planned, not blocked`, () => {
    runCase({
      name: status,
      d: desired({ Tags: { team: "orders" } }),
      observed: [live({ DBInstanceStatus: status, TagList: [{ Key: "team", Value: "old" }] })],
      action: "modify",
      calls: ["add-tags"],
      blocked: [],
      changes: ["Tags.team"],
    });
  });
}

test("tags: a purge on a failed instance is planned as remove-tags", () => {
  runCase({
    name: "purge",
    d: desired({ Tags: {} }, { policy: { purgeTags: true } }),
    observed: [live({ DBInstanceStatus: "failed", TagList: [{ Key: "old", Value: "1" }] })],
    action: "modify",
    calls: ["remove-tags"],
  });
});

test("tags: with a storage increase on storage-full, both go out", () => {
  runCase({
    name: "both",
    d: desired({ AllocatedStorage: 40, Tags: { team: "orders" } }),
    observed: [live({ DBInstanceStatus: "storage-full", AllocatedStorage: 20 })],
    action: "modify",
    calls: ["modify", "add-tags"],
    modify: { DBInstanceIdentifier: "orders-db", ApplyImmediately: true, AllocatedStorage: 40 },
  });
});

test("tags: on a stopped instance with another change, the state block is not about tags", () => {
  runCase({
    name: "mixed",
    d: desired({ DBInstanceClass: "db.t3.small", Tags: { team: "orders" } }),
    observed: [live({ DBInstanceStatus: "stopped", DBInstanceClass: "db.t3.micro" })],
    action: "blocked",
    blocked: ["DBInstanceStatus:state"],
  });
});

test("tags: an instance being deleted is left alone, tags included", () => {
  runCase({
    name: "deleting",
    d: desired({ Tags: { team: "orders" } }),
    observed: [live({ DBInstanceStatus: "deleting" })],
    action: "blocked",
    blocked: ["DBInstanceStatus:state"],
  });
});
