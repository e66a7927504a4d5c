import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { computePlan } from "../../src/plan/compute.js";
import { parseSpecText } from "../../src/spec/parse.js";
import type { Spec } from "../../src/spec/types.js";
import { repoRoot } from "../helpers/repo-root.js";
import { observedFrom } from "./_fixtures.js";

function parse(text: string, file: string): Spec {
  const result = parseSpecText(text, file);
  assert.ok(result.ok, JSON.stringify(result));
  return result.spec;
}

/** Written the way people write YAML: unquoted versions, the AWS tag list, mixed case. */
const HANDWRITTEN = `
instances:
  - DBInstanceIdentifier: Orders-DB
    Engine: MySQL
    EngineVersion: 8.0
    DBInstanceClass: db.t3.micro
    AllocatedStorage: 20
    MaxAllocatedStorage: 200
    MasterUsername: admin
    MasterUserPassword: { env: ORDERS_DB_PASSWORD }
    MasterUserPasswordVersion: 3
    VpcSecurityGroupIds: [sg-0b2, sg-0a1]
    DBSubnetGroupName: Orders-Subnets
    DBParameterGroupName: Orders-MySQL80
    PreferredMaintenanceWindow: Sun:05:00-Sun:05:30
    PreferredBackupWindow: "03:00-03:30"
    BackupRetentionPeriod: 7
    StorageEncrypted: true
    KmsKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab
    EnableCloudwatchLogsExports: [slowquery, error]
    Port: 3307
    Tags:
      - { Key: team, Value: orders }
      - { Key: cost-center, Value: 42 }
`;

test("specs as the loader reads them: absent -> one create, reported back -> nothing to do", () => {
  const root = repoRoot();
  const specs = [
    parse(HANDWRITTEN, "orders.yaml"),
    ...["quickstart.yaml", "blog.yaml"].map((name) =>
      parse(readFileSync(join(root, "examples", name), "utf8"), name),
    ),
  ];
  for (const spec of specs) {
    const create = computePlan(spec.instances, []);
    assert.equal(create.summary.create, spec.instances.length);
    const observed = spec.instances.map((d) =>
      observedFrom(d, { minorSuffix: ".40", autoscaledBy: 15 }),
    );
    const again = computePlan(spec.instances, observed);
    for (const p of again.instances) {
      assert.deepEqual(
        { action: p.action, changes: p.changes, blocked: p.blocked },
        { action: "noop", changes: [], blocked: [] },
        p.id,
      );
    }
  }
});

test("a one-field edit of a loaded spec is a one-field modify", () => {
  const before = parse(HANDWRITTEN, "orders.yaml");
  const after = parse(
    HANDWRITTEN.replace("AllocatedStorage: 20", "AllocatedStorage: 150"),
    "orders.yaml",
  );
  const observed = before.instances.map((d) => observedFrom(d, { minorSuffix: ".40" }));
  const p = computePlan(after.instances, observed).instances[0];
  assert.ok(p);
  assert.equal(p.action, "modify");
  assert.deepEqual(
    p.changes.map((c) => [c.field, c.from, c.to]),
    [["AllocatedStorage", 20, 150]],
  );
  const call = p.calls[0];
  assert.ok(call?.kind === "modify");
  assert.deepEqual(call.input, {
    DBInstanceIdentifier: "orders-db",
    ApplyImmediately: false,
    AllocatedStorage: 150,
  });
});

test("an Engine edit of a loaded spec is blocked, pointing at its line", () => {
  const before = parse(HANDWRITTEN, "orders.yaml");
  const after = parse(HANDWRITTEN.replace("Engine: MySQL", "Engine: postgres"), "orders.yaml");
  const observed = before.instances.map((d) => observedFrom(d, { minorSuffix: ".40" }));
  const p = computePlan(after.instances, observed).instances[0];
  assert.equal(p?.action, "blocked");
  assert.match(
    p?.blocked[0]?.reason ?? "",
    /^orders-db: Engine cannot change from mysql to postgres in place .*\(orders\.yaml:4\)\.$/,
  );
});
