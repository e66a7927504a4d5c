import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runCli, tempDir, writeSpec } from "./harness.js";

describe("rdsctl validate with groups beside the instances", () => {
  test("a spec of subnet groups alone is valid and counts them", async () => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "groups.yaml",
      [
        "region: us-east-1",
        "subnetGroups:",
        "  - DBSubnetGroupName: app",
        "    DBSubnetGroupDescription: app subnets",
        "    SubnetIds: [subnet-a1, subnet-b2]",
        "",
      ].join("\n"),
    );
    const run = await runCli(["validate", file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "The spec is valid: 0 instances and 1 DB subnet group in 1 file.\n");
  });

  test("a duplicated group name is a problem at its line and column, exit 1", async () => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "dup.yaml",
      [
        "subnetGroups:",
        "  - DBSubnetGroupName: app",
        "    DBSubnetGroupDescription: a",
        "    SubnetIds: [subnet-a1]",
        "  - DBSubnetGroupName: App",
        "    DBSubnetGroupDescription: b",
        "    SubnetIds: [subnet-b2]",
        "",
      ].join("\n"),
    );
    const run = await runCli(["validate", file]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /dup\.yaml:5:24: .*"app" is already declared at .*dup\.yaml:2:24/);
  });
});
