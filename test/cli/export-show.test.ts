import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readApplyNdjson } from "../helpers/ndjson.js";
import { runCli, tempDir, writeSpec } from "./harness.js";

/* Adoption through the CLI: outputs after apply, show, export then plan. */

const SPEC = `region: us-east-1
instances:
  - DBInstanceIdentifier: managed-db
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    ManageMasterUserPassword: true
    BackupRetentionPeriod: 7
    Tags: { team: platform }
  - DBInstanceIdentifier: plain-db
    Engine: mysql
    EngineVersion: "8.0.39"
    AutoMinorVersionUpgrade: false
    DBInstanceClass: db.t4g.small
    AllocatedStorage: 100
    StorageType: io1
    Iops: 1000
    MasterUsername: admin
    MasterUserPassword: { env: PLAIN_PW }
    Tags: { team: platform, app: shop }
wait:
  delaySeconds: 0.05
  maxDelaySeconds: 0.2
  timeoutSeconds: 30
`;

const PASSWORD = "Plain-db-pw-98765";

test("apply reports outputs; show prints them; export then plan gives No changes", async () => {
  const cwd = tempDir("rdsctl-export-");
  writeSpec(cwd, "rdsctl.yaml", SPEC);
  const env = { RDSCTL_LOCAL_TIME_SCALE: "0", PLAIN_PW: PASSWORD };

  const text = await runCli(["apply", "rdsctl.yaml", "--local", "--yes"], { cwd, env });
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /^Apply complete: 2 created, 0 modified, 0 unchanged\.\n\nOutputs:\n {2}managed-db: managed-db\..+:5432 \(available\)\n {4}arn: arn:aws:rds:us-east-1:123456789012:db:managed-db\n {4}master secret: arn:aws:secretsmanager:/m,
  );
  assert.match(text.stdout, /^ {2}plain-db: plain-db\..+:3306 \(available\)\n {4}arn: [^\n]+\n?$/m);
  assert.doesNotMatch(text.stdout + text.stderr, new RegExp(PASSWORD));

  // A modify: the modified instance's outputs after the wait, the unchanged one's from the plan's read.
  writeSpec(
    cwd,
    "rdsctl.yaml",
    SPEC.replace("BackupRetentionPeriod: 7", "BackupRetentionPeriod: 8"),
  );
  const applied = await runCli(["apply", "rdsctl.yaml", "--local", "--yes", "--json"], {
    cwd,
    env,
  });
  assert.equal(applied.code, 0, applied.stderr);
  const result = readApplyNdjson(applied.stdout).document.result;
  const managed = result.instances.find((i: { id: string }) => i.id === "managed-db");
  const plain = result.instances.find((i: { id: string }) => i.id === "plain-db");
  assert.equal(managed.outcome, "modified", "the existing members are kept");
  assert.match(managed.outputs.address, /^managed-db\..+\.rds\.amazonaws\.com$/);
  assert.equal(managed.outputs.port, 5432);
  assert.equal(managed.outputs.arn, "arn:aws:rds:us-east-1:123456789012:db:managed-db");
  assert.equal(managed.outputs.status, "available");
  assert.match(managed.outputs.masterUserSecretArn, /^arn:aws:secretsmanager:us-east-1:/);
  assert.equal(plain.outcome, "unchanged");
  assert.equal(plain.outputs.port, 3306);
  assert.equal(plain.outputs.masterUserSecretArn, null);

  const shown = await runCli(["show", "rdsctl.yaml", "--local", "--json"], { cwd });
  assert.equal(shown.code, 0, shown.stderr);
  const doc = JSON.parse(shown.stdout);
  assert.deepEqual(
    doc.instances.map((i: { id: string; exists: boolean }) => [i.id, i.exists]),
    [
      ["managed-db", true],
      ["plain-db", true],
    ],
  );
  assert.equal(doc.instances[0].outputs.arn, managed.outputs.arn);
  assert.deepEqual(doc.instances[0].pending, []);
  const byId = await runCli(["show", "--id", "PLAIN-DB", "--id", "nope", "--local"], { cwd });
  // An id asked for that does not exist is an error, after the others are shown.
  assert.equal(byId.code, 1, byId.stderr);
  assert.match(byId.stdout, /^ {2}plain-db: plain-db\..+:3306 \(available\)$/m);
  assert.match(byId.stdout, /^ {2}nope: does not exist$/m);
  assert.match(byId.stderr, /^rdsctl: no DB instance nope \(--id;/m);
  const byIdJson = await runCli(["show", "--id", "nope", "--local", "--json"], { cwd });
  assert.equal(byIdJson.code, 1, byIdJson.stderr);
  const missingDoc = JSON.parse(byIdJson.stdout);
  assert.deepEqual(missingDoc.instances, [
    { id: "nope", exists: false, outputs: null, pending: [] },
  ]);
  assert.equal(missingDoc.error.code, "USAGE");
  // A declared instance not created yet is listed as such: exit 0.
  writeSpec(cwd, "later.yaml", SPEC.replace("managed-db", "later-db"));
  const declared = await runCli(["show", "later.yaml", "--local"], { cwd });
  assert.equal(declared.code, 0, declared.stderr);
  assert.match(declared.stdout, /^ {2}later-db: does not exist$/m);

  const exported = await runCli(["export", "--local", "--out", "adopted.yaml"], { cwd });
  assert.equal(exported.code, 0, exported.stderr);
  const yaml = readFileSync(join(cwd, "adopted.yaml"), "utf8");
  assert.match(yaml, /MasterUserPassword: \{ env: PLAIN_DB_MASTER_PASSWORD \}/);
  assert.match(yaml, /EngineVersion: 8\.0\.39/);
  assert.match(yaml, /defaults:\n(?: {2}.*\n)*? {2}Tags:\n {4}team: platform\n/);
  assert.doesNotMatch(yaml, new RegExp(PASSWORD));

  const again = await runCli(["export", "--local", "--out", "adopted.yaml"], { cwd });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /adopted\.yaml already exists; pass --force/);
  assert.equal(readFileSync(join(cwd, "adopted.yaml"), "utf8"), yaml, "left untouched");

  // Planned without the password variable: nothing is sent, so nothing needs it.
  const plan = await runCli(["plan", "adopted.yaml", "--local", "--detailed-exitcode"], { cwd });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  assert.equal(plan.stdout, "No changes. 2 instances match the spec.\n");

  const one = await runCli(["export", "--local", "--id", "Managed-DB"], { cwd });
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /DBInstanceIdentifier: managed-db/);
  assert.doesNotMatch(one.stdout, /plain-db/);
  const missing = await runCli(["export", "--local", "--id", "nope"], { cwd });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no DB instance nope in us-east-1/);

  writeFileSync(join(cwd, "adopted.yaml"), "old");
  const forced = await runCli(["export", "--local", "--out", "adopted.yaml", "--force"], { cwd });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(readFileSync(join(cwd, "adopted.yaml"), "utf8"), yaml);
});
