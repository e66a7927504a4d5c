import assert from "node:assert/strict";
import { test } from "node:test";
import {
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

test("plan and apply stop at the plan-time checks: exit 1, file:line, the variable named, nothing sent", () =>
  withEmulator({}, async (emulator) => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "spec.yaml",
      instanceSpec("secretless-db", {
        ManageMasterUserPassword: undefined,
        MasterUserPassword: "{ env: RDSCTL_CLI_UNSET_PW }",
        DBInstanceClass: "db.q9.giant",
      }),
    );
    const url = ["--endpoint-url", emulator.url];
    for (const command of [["plan"], ["apply", "--yes"]]) {
      const run = await runCli([...command, file, ...url], { env: { RDSCTL_CLI_UNSET_PW: "" } });
      assert.equal(run.code, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      assert.match(
        run.stderr,
        /spec\.yaml:\d+:\d+: secretless-db: MasterUserPassword is needed now .*RDSCTL_CLI_UNSET_PW is not set/,
      );
      assert.match(
        run.stderr,
        /spec\.yaml:\d+:\d+: secretless-db: DBInstanceClass db\.q9\.giant is not offered for postgres/,
      );
    }
    const json = await runCli(["plan", file, "--json", ...url]);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.error.code, "SPEC_INVALID");
    assert.equal(doc.error.problems.length, 2);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(sent, []);
  }));

test("a mistyped region is refused at once with a suggestion, before any call", async () => {
  const dir = tempDir();
  const file = writeSpec(
    dir,
    "spec.yaml",
    instanceSpec("region-typo-db").replace("region: us-east-1", "region: eu-wst-1"),
  );
  const started = Date.now();
  const run = await runCli(["plan", file]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /spec\.yaml:1:9: region "eu-wst-1" is not an AWS region; did you mean eu-west-1\?/,
  );
  assert.ok(Date.now() - started < 10_000);
});
