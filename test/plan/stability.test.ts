import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { checkStability, FAILED_STATUSES } from "../../src/plan/stability.js";

const cases: Array<[string, DBInstance, string[], "stable" | "waiting" | "failed", RegExp?]> = [
  [
    "available and nothing pending",
    { DBInstanceStatus: "available" },
    ["DBInstanceClass"],
    "stable",
  ],
  [
    "available right after a modify, the applied field still pending (pitfall 11)",
    { DBInstanceStatus: "available", PendingModifiedValues: { DBInstanceClass: "db.t3.small" } },
    ["DBInstanceClass"],
    "waiting",
    /DBInstanceClass/,
  ],
  [
    "a deferred field left in PMV does not hold the wait",
    { DBInstanceStatus: "available", PendingModifiedValues: { DBInstanceClass: "db.t3.small" } },
    ["VpcSecurityGroupIds"],
    "stable",
  ],
  [
    "DBPortNumber is pending under Port",
    { DBInstanceStatus: "available", PendingModifiedValues: { Port: 5433 } },
    ["DBPortNumber"],
    "waiting",
  ],
  [
    "IAM auth is pending under its describe name",
    {
      DBInstanceStatus: "available",
      PendingModifiedValues: { IAMDatabaseAuthenticationEnabled: true },
    },
    ["EnableIAMDatabaseAuthentication"],
    "waiting",
  ],
  [
    "log exports are pending as a delta",
    {
      DBInstanceStatus: "available",
      PendingModifiedValues: { PendingCloudwatchLogsExports: { LogTypesToEnable: ["upgrade"] } },
    },
    ["CloudwatchLogsExportConfiguration"],
    "waiting",
  ],
  [
    "a masked password still pending",
    { DBInstanceStatus: "available", PendingModifiedValues: { MasterUserPassword: "****" } },
    ["MasterUserPassword"],
    "waiting",
  ],
  ["modifying", { DBInstanceStatus: "modifying" }, [], "waiting", /modifying/],
  ["creating", { DBInstanceStatus: "creating" }, [], "waiting"],
  ["no status yet", {}, [], "waiting"],
  [
    "a parameter group applying",
    {
      DBInstanceStatus: "available",
      DBParameterGroups: [{ DBParameterGroupName: "pg", ParameterApplyStatus: "applying" }],
    },
    [],
    "waiting",
    /pg is applying/,
  ],
  [
    "a parameter group pending-reboot is settled (it waits for a reboot, not time)",
    {
      DBInstanceStatus: "available",
      DBParameterGroups: [{ DBParameterGroupName: "pg", ParameterApplyStatus: "pending-reboot" }],
    },
    [],
    "stable",
  ],
  [
    "an option group pending-apply",
    {
      DBInstanceStatus: "available",
      OptionGroupMemberships: [{ OptionGroupName: "og", Status: "pending-apply" }],
    },
    [],
    "waiting",
  ],
  [
    "a security group being added",
    {
      DBInstanceStatus: "available",
      VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "adding" }],
    },
    [],
    "waiting",
  ],
  [
    "active memberships are settled",
    {
      DBInstanceStatus: "available",
      VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-1", Status: "active" }],
      OptionGroupMemberships: [{ OptionGroupName: "og", Status: "in-sync" }],
    },
    [],
    "stable",
  ],
  [
    "storage-optimization serves traffic: settled",
    { DBInstanceStatus: "storage-optimization" },
    [],
    "stable",
  ],
  ["deleting ends the wait", { DBInstanceStatus: "deleting" }, [], "failed", /deleting/],
  ["stopped ends the wait", { DBInstanceStatus: "stopped" }, [], "failed"],
  [
    "storage-full while storage grows",
    { DBInstanceStatus: "storage-full" },
    ["AllocatedStorage"],
    "waiting",
  ],
  [
    "storage-full otherwise",
    { DBInstanceStatus: "storage-full" },
    ["DBInstanceClass"],
    "failed",
    /AllocatedStorage/,
  ],
  ...FAILED_STATUSES.map((s): [string, DBInstance, string[], "failed", RegExp] => [
    s,
    { DBInstanceStatus: s },
    [],
    "failed",
    new RegExp(s),
  ]),
];

for (const [name, db, appliedNow, state, reason] of cases) {
  test(`stability: ${name}`, () => {
    const got = checkStability(db, appliedNow);
    assert.equal(got.state, state, got.reason);
    if (reason) assert.match(got.reason, reason);
  });
}

test("the failed statuses include the ones RDS documents as needing a person", () => {
  for (const s of [
    "failed",
    "incompatible-parameters",
    "incompatible-network",
    "restore-error",
    "inaccessible-encryption-credentials",
  ]) {
    assert.ok(FAILED_STATUSES.includes(s), s);
  }
  assert.ok(!FAILED_STATUSES.includes("available"));
});

test("stability never throws on odd describe output", () => {
  const odd = [
    { DBInstanceStatus: 3 },
    { DBInstanceStatus: "available", PendingModifiedValues: "x", DBParameterGroups: [null] },
    { DBInstanceStatus: "available", OptionGroupMemberships: {} },
  ];
  for (const db of odd) assert.doesNotThrow(() => checkStability(db as never, ["Port"]));
});
