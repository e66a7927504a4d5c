import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EmulatorHandle } from "../../src/emulator/api.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  afterAccountLine,
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

const ACCOUNT = "210987654321";

function withAccountEmulator(fn: (emulator: EmulatorHandle) => Promise<void>): Promise<void> {
  return withEmulator({ timeScale: 0, seed: 3, accountId: ACCOUNT }, fn);
}

/** A one-instance spec with extra top-level keys. */
function specWith(id: string, top: string): string {
  return `${top}\n${instanceSpec(id)}`;
}

function actions(emulator: EmulatorHandle): string[] {
  return emulator.requestLog().map((e) => e.action);
}

describe("accounts: the account is read first and a disallowed one is refused", {
  concurrency: 2,
}, () => {
  test("a disallowed account is refused before any RDS call, for plan and apply, text and JSON", () =>
    withAccountEmulator(async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(
        dir,
        "spec.yaml",
        specWith("guarded-db", 'allowedAccountIds: ["111111111111", "222222222222"]'),
      );
      const url = ["--endpoint-url", emulator.url];
      for (const args of [
        ["plan", file],
        ["apply", file, "--yes"],
      ]) {
        emulator.clearRequestLog();
        const run = await runCli([...args, ...url]);
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, "", "nothing planned, nothing shown");
        assert.match(run.stderr, new RegExp(`^account ${ACCOUNT}, region us-east-1\\n`));
        assert.match(
          afterAccountLine(run.stderr),
          new RegExp(
            `^rdsctl: the credentials in use are for account ${ACCOUNT} .*111111111111, 222222222222.*nothing was read or sent`,
          ),
        );
        assert.deepEqual(actions(emulator), ["GetCallerIdentity"], "no RDS call at all");
      }
      for (const args of [
        ["plan", file, "--json"],
        ["apply", file, "--yes", "--json"],
      ]) {
        emulator.clearRequestLog();
        const run = await runCli([...args, ...url]);
        assert.equal(run.code, 1, run.stderr);
        const doc = JSON.parse(run.stdout);
        assert.equal(doc.error.code, "ACCOUNT_NOT_ALLOWED");
        assert.deepEqual(actions(emulator), ["GetCallerIdentity"]);
      }
    }));

  test("show FILE checks the account as plan does: a disallowed one is refused before any RDS call", () =>
    withAccountEmulator(async (emulator) => {
      const dir = tempDir();
      const denied = writeSpec(
        dir,
        "denied.yaml",
        specWith("shown-db", 'allowedAccountIds: ["111111111111"]'),
      );
      const url = ["--endpoint-url", emulator.url];
      emulator.clearRequestLog();
      const run = await runCli(["show", denied, "--json", ...url]);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(JSON.parse(run.stdout).error.code, "ACCOUNT_NOT_ALLOWED");
      assert.match(run.stderr, new RegExp(`^account ${ACCOUNT}, region us-east-1\\n`));
      assert.deepEqual(actions(emulator), ["GetCallerIdentity"], "no RDS call at all");

      const allowed = writeSpec(
        dir,
        "allowed.yaml",
        specWith("shown-db", `allowedAccountIds: ["${ACCOUNT}"]`),
      );
      const ok = await runCli(["show", allowed, ...url]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /shown-db: does not exist/);
    }));

  test("an allowed account proceeds; the account is printed and in the JSON", () =>
    withAccountEmulator(async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(
        dir,
        "spec.yaml",
        specWith("allowed-db", `allowedAccountIds: ["111111111111", "${ACCOUNT}"]`),
      );
      const url = ["--endpoint-url", emulator.url];
      const planned = await runCli(["plan", file, "--json", ...url]);
      assert.equal(planned.code, 0, planned.stderr);
      const plan = JSON.parse(planned.stdout);
      assert.deepEqual(plan.account, {
        id: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/emulator`,
        regions: ["us-east-1"],
      });
      assert.equal(plan.instances[0].action, "create");
      assert.deepEqual(
        [...new Set(actions(emulator))],
        ["GetCallerIdentity", "DescribeDBInstances", "DescribeOrderableDBInstanceOptions"],
        "the account is read before anything else (then the plan's reads)",
      );

      const applied = await runCli(["apply", file, "--yes", "--json", ...url]);
      assert.equal(applied.code, 0, applied.stderr);
      const doc = readApplyNdjson(applied.stdout).document;
      assert.equal(doc.account.id, ACCOUNT);
      assert.equal(doc.result.instances[0].outcome, "created");
      assert.match(applied.stderr, new RegExp(`^account ${ACCOUNT}, region us-east-1\\n`));
      assert.ok(emulator.requestLog().some((e) => MUTATING_ACTIONS.has(e.action)));
    }));

  test("without allowedAccountIds the account is still printed first", () =>
    withAccountEmulator(async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("printed-db"));
      const run = await runCli(["plan", file, "--endpoint-url", emulator.url]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, `account ${ACCOUNT}, region us-east-1\n`);
      assert.match(run.stdout, /^\+ printed-db/m);
    }));

  test("an STS that answers 500: two attempts and a warning without allowedAccountIds; the usual retries and a refusal with it", () =>
    withAccountEmulator(async (emulator) => {
      emulator.setFaults([{ kind: "error500", action: "GetCallerIdentity", rate: 1 }]);
      const dir = tempDir();
      const plain = writeSpec(dir, "plain.yaml", instanceSpec("sts-down-db"));
      const url = ["--endpoint-url", emulator.url, "--max-attempts", "4"];
      const run = await runCli(["plan", plain, ...url]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /warning: the account could not be read .*InternalFailure.*; going on/,
      );
      assert.match(run.stdout, /^\+ sts-down-db/m);
      const calls = actions(emulator);
      assert.equal(calls.filter((a) => a === "GetCallerIdentity").length, 2);
      assert.ok(calls.includes("DescribeDBInstances"));

      emulator.clearRequestLog();
      const guarded = writeSpec(
        dir,
        "guarded.yaml",
        specWith("sts-guarded-db", `allowedAccountIds: ["${ACCOUNT}"]`),
      );
      const refused = await runCli(["plan", guarded, ...url]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /GetCallerIdentity failed: InternalFailure/);
      assert.deepEqual(actions(emulator), Array(4).fill("GetCallerIdentity"));
    }));

  test("assumeRoleArn: the role is assumed and its account is the one checked", () =>
    withAccountEmulator(async (emulator) => {
      const dir = tempDir();
      const role = "arn:aws:iam::333333333333:role/deployer";
      const allowed = writeSpec(
        dir,
        "allowed.yaml",
        specWith(
          "role-db",
          `assumeRoleArn: ${role}\nexternalId: ci-2024\nallowedAccountIds: ["333333333333"]`,
        ),
      );
      const url = ["--endpoint-url", emulator.url];
      const ok = await runCli(["plan", allowed, ...url]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stderr, "account 333333333333, region us-east-1\n");
      assert.deepEqual(
        [...new Set(actions(emulator))],
        [
          "AssumeRole",
          "GetCallerIdentity",
          "DescribeDBInstances",
          "DescribeOrderableDBInstanceOptions",
        ],
      );

      emulator.clearRequestLog();
      const refused = writeSpec(
        dir,
        "refused.yaml",
        specWith("role-db", `assumeRoleArn: ${role}\nallowedAccountIds: ["${ACCOUNT}"]`),
      );
      const run = await runCli(["plan", refused, ...url]);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /account 333333333333 \(arn:aws:sts::333333333333:assumed-role\/deployer\//,
      );
      assert.deepEqual(actions(emulator), ["AssumeRole", "GetCallerIdentity"]);
    }));

  test("the spec's account keys are checked offline", async () => {
    const dir = tempDir();
    const bad = writeSpec(
      dir,
      "bad.yaml",
      specWith(
        "checked-db",
        'allowedAccountIds: [123456789012, "12345"]\nexternalId: lonely\nassumeRoleArn: arn:aws:iam::1:user/x',
      ),
    );
    const run = await runCli(["validate", bad]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /allowedAccountIds\[0\]: write the account id as a quoted string/);
    assert.match(run.stderr, /allowedAccountIds\[1\]: "12345" is not an AWS account id/);
    assert.match(run.stderr, /assumeRoleArn: "arn:aws:iam::1:user\/x" is not an IAM role ARN/);

    const a = writeSpec(dir, "a.yaml", specWith("a-db", "profile: prod"));
    const b = writeSpec(dir, "b.yaml", specWith("b-db", "profile: staging"));
    const split = await runCli(["validate", a, b]);
    assert.equal(split.code, 1);
    assert.match(split.stderr, /b\.yaml:1:\d+: profile: differs from the one in .*a\.yaml/);
    const lonely = writeSpec(dir, "lonely.yaml", specWith("l-db", "externalId: abc"));
    const alone = await runCli(["validate", lonely]);
    assert.match(alone.stderr, /externalId: sent only when assuming a role/);
  });
});
