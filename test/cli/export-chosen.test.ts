import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

/*
 * export against the emulator, which serves neither KMS nor EC2: the account
 * checks cannot be made, so the key and the group are written with a note,
 * the assigned windows are left out, and the file plans empty. --all writes all.
 */

const SPEC = `region: us-east-1
instances:
  - DBInstanceIdentifier: enc-db
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    ManageMasterUserPassword: true
    StorageEncrypted: true
wait:
  delaySeconds: 0.05
  maxDelaySeconds: 0.2
  timeoutSeconds: 30
`;

test("export leaves out assigned windows, keeps what it could not check, and plans empty", () =>
  withEmulator({ seed: 5, timeScale: 0 }, async (emulator) => {
    const dir = tempDir("rdsctl-export-chosen-");
    const url = ["--endpoint-url", emulator.url, "--region", "us-east-1"];
    const file = writeSpec(dir, "s.yaml", SPEC);
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);

    const out = await runCli(["export", ...url]);
    assert.equal(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stdout, /PreferredBackupWindow|PreferredMaintenanceWindow/);
    assert.match(out.stdout, /KmsKeyId: arn:aws:kms:/);
    assert.match(out.stdout, /VpcSecurityGroupIds:/);
    assert.match(
      out.stderr,
      /left out a 30-minute window.*enc-db PreferredBackupWindow, enc-db PreferredMaintenanceWindow.*--all/,
    );
    assert.match(
      out.stderr,
      /could not check whether a KMS key is the region's AWS managed key \(/,
    );
    assert.match(
      out.stderr,
      /could not check whether a security group is its VPC's default one \(the endpoint does not serve DescribeSecurityGroups: InvalidAction\); the value is written/,
    );
    const requests = emulator.requestLog().map((e) => e.action);
    assert.ok(requests.includes("DescribeSecurityGroups"), requests.join(","));

    const exported = writeSpec(dir, "exported.yaml", out.stdout);
    const plan = await runCli(["plan", exported, "--detailed-exitcode", ...url]);
    assert.equal(plan.code, 0, `${plan.stdout}${plan.stderr}`);
    assert.match(plan.stdout, /No changes/);

    const all = await runCli(["export", "--all", ...url]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /PreferredBackupWindow: "?\d\d:\d\d-\d\d:\d\d/);
    assert.match(all.stdout, /PreferredMaintenanceWindow:/);
    assert.doesNotMatch(all.stderr, /left out|could not check/);
  }));
