import assert from "node:assert/strict";
import { test } from "node:test";
import { computePlan } from "../../src/plan/compute.js";
import type { SecretRef } from "../../src/spec/types.js";
import { PASSWORD_VERSION_TAG } from "../../src/spec/types.js";
import { desired, live } from "./_fixtures.js";
import { type PlanCase, runCase } from "./_run-case.js";

const ID = { DBInstanceIdentifier: "orders-db", ApplyImmediately: false };
const PASSWORD: SecretRef = { kind: "literal", value: "hunter2-do-not-print" };
const ENV_PASSWORD: SecretRef = { kind: "env", name: "ORDERS_DB_PASSWORD" };

/** Pitfall 9: the password is write-only and rotated only on request. */
const password: PlanCase[] = [
  {
    name: "a declared password is not sent to an existing instance",
    d: desired({ MasterUserPassword: ENV_PASSWORD, DBInstanceClass: "db.t3.micro" }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "noop",
    changes: [],
  },
  {
    name: "--rotate-password sends it, as a reference, applied now",
    d: desired({ MasterUserPassword: ENV_PASSWORD }),
    observed: [live({})],
    options: { rotatePassword: new Set(["orders-db"]) },
    action: "modify",
    changes: ["MasterUserPassword"],
    modify: { ...ID, MasterUserPassword: ENV_PASSWORD },
    appliedNow: ["MasterUserPassword"],
    check: (p) => {
      assert.equal(p.changes[0]?.sensitive, true);
      assert.equal(p.changes[0]?.to, "(sensitive)");
    },
  },
  {
    name: "--rotate-password matches the identifier case-insensitively",
    d: desired({ MasterUserPassword: ENV_PASSWORD }),
    observed: [live({})],
    options: { rotatePassword: new Set(["Orders-DB"]) },
    action: "modify",
    changes: ["MasterUserPassword"],
  },
  {
    name: "--rotate-password for another instance changes nothing here",
    d: desired({ MasterUserPassword: ENV_PASSWORD }),
    observed: [live({})],
    options: { rotatePassword: new Set(["other-db"]) },
    action: "noop",
  },
  {
    name: "a new password version rotates and records the version in the tag",
    d: desired({ MasterUserPassword: ENV_PASSWORD }, { passwordVersion: "2" }),
    observed: [live({ TagList: [{ Key: PASSWORD_VERSION_TAG, Value: "1" }] })],
    action: "modify",
    changes: ["MasterUserPassword", `Tags.${PASSWORD_VERSION_TAG}`],
    modify: { ...ID, MasterUserPassword: ENV_PASSWORD },
    calls: ["modify", "add-tags"],
    check: (p) => {
      const tags = p.calls.find((c) => c.kind === "add-tags");
      assert.deepEqual(tags?.kind === "add-tags" && tags.tags, [
        { Key: PASSWORD_VERSION_TAG, Value: "2" },
      ]);
    },
  },
  {
    name: "the recorded password version matches: nothing to do",
    d: desired({ MasterUserPassword: ENV_PASSWORD }, { passwordVersion: "2" }),
    observed: [live({ TagList: [{ Key: PASSWORD_VERSION_TAG, Value: "2" }] })],
    action: "noop",
  },
  {
    name: "a managed password is rotated by Secrets Manager, which needs ApplyImmediately",
    d: desired({ ManageMasterUserPassword: true }),
    observed: [live({ MasterUserSecret: { SecretArn: "arn:s" } })],
    options: { rotatePassword: new Set(["orders-db"]) },
    action: "modify",
    modify: { ...ID, ApplyImmediately: true, RotateMasterUserPassword: true },
  },
  {
    name: "a rotation with no password declared is a notice",
    d: desired({ DBInstanceClass: "db.t3.micro" }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    options: { rotatePassword: new Set(["orders-db"]) },
    action: "noop",
    notices: [/neither MasterUserPassword nor ManageMasterUserPassword/],
  },
  {
    name: "turning Secrets Manager management off carries the declared password",
    d: desired({ ManageMasterUserPassword: false, MasterUserPassword: ENV_PASSWORD }),
    observed: [live({ MasterUserSecret: { SecretArn: "arn:s" } })],
    action: "modify",
    modify: { ...ID, ManageMasterUserPassword: false, MasterUserPassword: ENV_PASSWORD },
  },
  {
    // RDS refuses ManageMasterUserPassword=false without a MasterUserPassword.
    name: "turning management off without a declared password is blocked, not planned",
    d: desired({ ManageMasterUserPassword: false }),
    observed: [live({ MasterUserSecret: { SecretArn: "arn:s" } })],
    action: "blocked",
    blocked: ["ManageMasterUserPassword:refused"],
    calls: [],
    reasons: [/cannot be turned off without a new MasterUserPassword.*Declare MasterUserPassword/],
    check: (p) => assert.deepEqual(p.changes, []),
  },
  {
    name: "turning management on carries the secret's KMS key",
    d: desired({ ManageMasterUserPassword: true, MasterUserSecretKmsKeyId: "k1" }),
    observed: [live({})],
    action: "modify",
    modify: { ...ID, ManageMasterUserPassword: true, MasterUserSecretKmsKeyId: "k1" },
    check: (p) => assert.deepEqual(p.notices, []),
  },
  {
    name: "a different secret key on a managed instance is immutable",
    d: desired({ ManageMasterUserPassword: true, MasterUserSecretKmsKeyId: "k2" }),
    observed: [
      live({ MasterUserSecret: { SecretArn: "arn:s", KmsKeyId: "arn:aws:kms:r:1:key/k1" } }),
    ],
    action: "blocked",
    blocked: ["MasterUserSecretKmsKeyId:immutable"],
  },
  {
    name: "a replica's password belongs to its source",
    d: desired({ MasterUserPassword: ENV_PASSWORD }, { replicaSource: "orders-primary" }),
    observed: [live({ ReadReplicaSourceDBInstanceIdentifier: "orders-primary" })],
    options: { rotatePassword: new Set(["orders-db"]) },
    action: "noop",
    notices: [/inherited from its source instance orders-primary/],
  },
];

/** Tags go through the tagging APIs, never through Modify. */
const tags: PlanCase[] = [
  {
    name: "new and changed tags are added; undeclared ones stay without purgeTags",
    d: desired({ Tags: { team: "orders", env: "prod" } }),
    observed: [
      live({
        TagList: [
          { Key: "team", Value: "payments" },
          { Key: "owner", Value: "alice" },
        ],
      }),
    ],
    action: "modify",
    changes: ["Tags.team", "Tags.env"],
    calls: ["add-tags"],
    check: (p) => {
      const call = p.calls[0];
      assert.ok(call?.kind === "add-tags");
      assert.deepEqual(call.tags, [
        { Key: "team", Value: "orders" },
        { Key: "env", Value: "prod" },
      ]);
      const team = p.changes.find((c) => c.field === "Tags.team");
      assert.deepEqual(
        { from: team?.from, to: team?.to, timing: team?.timing, downtime: team?.downtime },
        { from: "payments", to: "orders", timing: "immediate", downtime: false },
      );
    },
  },
  {
    name: "purgeTags removes undeclared keys but never aws:, rds: or rdsctl's own",
    d: desired({ Tags: { team: "orders" } }, { policy: { purgeTags: true } }),
    observed: [
      live({
        TagList: [
          { Key: "team", Value: "orders" },
          { Key: "owner", Value: "alice" },
          { Key: "aws:cloudformation:stack-name", Value: "s" },
          { Key: "rds:auto", Value: "x" },
          { Key: "AWS:Upper", Value: "u" },
          { Key: PASSWORD_VERSION_TAG, Value: "3" },
        ],
      }),
    ],
    action: "modify",
    changes: ["Tags.owner"],
    calls: ["remove-tags"],
    check: (p) => {
      const call = p.calls[0];
      assert.ok(call?.kind === "remove-tags");
      assert.deepEqual(call.keys, ["owner"]);
    },
  },
  {
    name: "matching tags are no change, whatever their order",
    d: desired({ Tags: { a: "1", b: "2" } }),
    observed: [
      live({
        TagList: [
          { Key: "b", Value: "2" },
          { Key: "a", Value: "1" },
        ],
      }),
    ],
    action: "noop",
  },
  {
    name: "tags and a field change: modify first, then tags",
    d: desired({ Tags: { a: "1" }, DBInstanceClass: "db.t3.small" }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
    calls: ["modify", "add-tags"],
    modify: { ...ID, DBInstanceClass: "db.t3.small" },
  },
];

/** policy.updatable: a compliance allowlist. */
const policy: PlanCase[] = [
  {
    name: "a listed field is modified",
    d: desired({ DBInstanceClass: "db.t3.small" }, { policy: { updatable: ["DBInstanceClass"] } }),
    observed: [live({ DBInstanceClass: "db.t3.micro" })],
    action: "modify",
  },
  {
    name: "an unlisted field is blocked by policy with what to do",
    d: desired(
      { DBInstanceClass: "db.t3.micro", AllocatedStorage: 50 },
      { policy: { updatable: ["DBInstanceClass"] } },
    ),
    observed: [live({ DBInstanceClass: "db.t3.micro", AllocatedStorage: 20 })],
    action: "blocked",
    blocked: ["AllocatedStorage:policy"],
    reasons: [
      /^orders-db: AllocatedStorage would change from 20 to 50, but policy\.updatable does not list it\. Add AllocatedStorage to policy\.updatable, or revert the spec \(rdsctl\.yaml:4\)\.$/,
    ],
  },
  {
    name: "an unlisted field that matches is fine",
    d: desired({ AllocatedStorage: 20 }, { policy: { updatable: [] } }),
    observed: [live({ AllocatedStorage: 20 })],
    action: "noop",
  },
  {
    name: "tags are governed by the name Tags",
    d: desired({ Tags: { team: "orders" } }, { policy: { updatable: ["DBInstanceClass"] } }),
    observed: [live({})],
    action: "blocked",
    blocked: ["Tags.team:policy"],
  },
  {
    name: "an unlisted password rotation is blocked, and the value is never in the reason",
    d: desired({ MasterUserPassword: PASSWORD }, { policy: { updatable: ["DBInstanceClass"] } }),
    observed: [live({})],
    options: { rotatePassword: new Set(["orders-db"]) },
    action: "blocked",
    blocked: ["MasterUserPassword:policy"],
  },
];

const groups: Array<[string, PlanCase[]]> = [
  ["password", password],
  ["tags", tags],
  ["policy", policy],
];
for (const [group, cases] of groups) {
  for (const c of cases) {
    test(`${group}: ${c.name}`, () => {
      runCase(c);
    });
  }
}

test("a literal password never appears anywhere in a plan but the create call's reference", () => {
  const d = desired({ MasterUserPassword: PASSWORD, Engine: "postgres" });
  const plans = [
    computePlan([d], []),
    computePlan([d], [live({ Engine: "mysql" })], { rotatePassword: new Set(["orders-db"]) }),
    computePlan(
      [desired({ MasterUserPassword: PASSWORD }, { policy: { updatable: [] } })],
      [live({})],
      { rotatePassword: new Set(["orders-db"]) },
    ),
  ];
  for (const plan of plans) {
    const p = plan.instances[0];
    assert.ok(p);
    const visible = JSON.stringify({ changes: p.changes, blocked: p.blocked, notices: p.notices });
    assert.ok(!visible.includes(PASSWORD.value), visible);
  }
});
