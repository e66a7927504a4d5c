import assert from "node:assert/strict";
import { test } from "node:test";
import { RDS_API_ACTIONS } from "../../src/aws/rds-api.js";
import { SIGNED } from "../emulator/_harness.js";
import {
  afterAccountLine,
  instanceSpec,
  runCli,
  startCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

const ADVISORY = [
  ...new Set(
    Object.values(RDS_API_ACTIONS)
      .filter((a) => a.use === "advisory")
      .map((a) => a.action),
  ),
];

test("every advisory action denied: plan warns, apply creates and then resizes, a re-plan exits 0 with no changes", () =>
  withEmulator({ timeScale: 0, deny: ADVISORY }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const spec = writeSpec(dir, "spec.yaml", instanceSpec("lp-db"));
    const plan = await runCli(["plan", spec, "--detailed-exitcode", ...url]);
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(
      plan.stdout,
      /^warning: lp-db: could not check that db\.t4g\.micro is offered for postgres in us-east-1 \(rds:DescribeOrderableDBInstanceOptions was denied: AccessDenied\); RDS will check it when the call is made$/m,
    );
    assert.match(plan.stdout, /1 to create, 0 to modify, 0 unchanged, 0 blocked, 1 warning$/m);
    const json = JSON.parse((await runCli(["plan", spec, "--json", ...url])).stdout);
    assert.equal(json.summary.warnings, 1);
    assert.equal(json.warnings[0].check, "orderable");

    const apply = await runCli(["apply", spec, "--yes", ...url]);
    assert.equal(apply.code, 0, apply.stderr);
    const resized = writeSpec(
      dir,
      "resized.yaml",
      instanceSpec("lp-db", { DBInstanceClass: "db.t4g.small", ApplyImmediately: true }),
    );
    const resize = await runCli(["apply", resized, "--yes", ...url]);
    assert.equal(resize.code, 0, resize.stderr);
    assert.match(resize.stdout, /could not check that db\.t4g\.small is offered/);

    emulator.clearRequestLog();
    const again = await runCli(["plan", resized, "--detailed-exitcode", ...url]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^No changes\. 1 instance matches the spec\.$/m);
    assert.deepEqual(
      emulator.requestLog().map((e) => e.action),
      ["GetCallerIdentity", "DescribeDBInstances"],
    );
    const denied = new Set(
      emulator
        .requestLog()
        .filter((e) => e.errorCode === "AccessDenied")
        .map((e) => e.action),
    );
    assert.equal(denied.size, 0, "a no-op plan asks nothing it could be denied");
  }));

test("a denied DescribeDBInstances: exit 1, the action and the permission named, nothing else asked of RDS", () =>
  withEmulator({ deny: "DescribeDBInstances" }, async (emulator) => {
    const spec = writeSpec(tempDir(), "spec.yaml", instanceSpec("denied-db"));
    for (const command of [["plan"], ["apply", "--yes"], ["show", "--id", "denied-db"]]) {
      emulator.clearRequestLog();
      const run = await runCli([
        ...command,
        ...(command[0] === "show" ? [] : [spec]),
        "--endpoint-url",
        emulator.url,
        "--region",
        "us-east-1",
      ]);
      assert.equal(run.code, 1, run.stderr);
      const message = command[0] === "show" ? run.stderr : afterAccountLine(run.stderr);
      assert.match(
        message,
        /^rdsctl: .*DescribeDBInstances failed: AccessDenied: .*not authorized to perform: rds:DescribeDBInstances/,
      );
      assert.match(
        message,
        /the credentials need the IAM permission rds:DescribeDBInstances; see docs\/iam\.md\)\n$/,
      );
      assert.doesNotMatch(run.stderr, /retrying/);
      const rds = emulator.requestLog().filter((e) => e.action !== "GetCallerIdentity");
      assert.deepEqual(
        rds.map((e) => [e.action, e.status]),
        [["DescribeDBInstances", 403]],
        `${command[0]}: one attempt, then nothing`,
      );
    }
  }));

test("rdsctl emulator --deny answers those actions AccessDenied (403, Sender) and says so at start", async () => {
  const cli = startCli([
    "emulator",
    "--port",
    "0",
    "--deny",
    "DescribeDBEngineVersions",
    "--deny",
    "rds:DescribeEvents",
  ]);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL: ${cli.output().stdout}`)), 10_000);
      cli.child.stdout?.on("data", () => {
        const { stdout } = cli.output();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout);
        if (match !== null && /Admin.*\n/.test(stdout)) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
    });
    assert.match(
      cli.output().stdout,
      /^Denied \(answered AccessDenied\): DescribeDBEngineVersions, DescribeEvents\.$/m,
    );
    const ask = (action: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...SIGNED,
        },
        body: `Action=${action}&Version=2014-10-31&Engine=postgres`,
      });
    const denied = await ask("DescribeDBEngineVersions");
    assert.equal(denied.status, 403);
    const body = await denied.text();
    assert.match(
      body,
      /^<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: rds:DescribeDBEngineVersions /,
    );
    assert.equal((await ask("DescribeDBInstances")).status, 200);
    const admin = await fetch(`${url}/_emulator/deny`, {
      method: "DELETE",
      headers: { "x-rdsctl-emulator": "1" },
    });
    assert.deepEqual(await admin.json(), []);
    assert.equal((await ask("DescribeDBEngineVersions")).status, 200);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.done;
  }
  const bad = await runCli(["emulator", "--deny", "describe-db-instances"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^rdsctl: --deny: "describe-db-instances" is not an action name/);
});

test("--local with RDSCTL_LOCAL_DENY: the embedded emulator denies those actions; a bad name stops at start", async () => {
  const cwd = tempDir("rdsctl-local-deny-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("local-deny-db"));
  const env = {
    RDSCTL_LOCAL_TIME_SCALE: "0",
    RDSCTL_LOCAL_DENY: "DescribeOrderableDBInstanceOptions",
  };
  const plan = await runCli(["plan", "rdsctl.yaml", "--local"], { cwd, env });
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /rds:DescribeOrderableDBInstanceOptions was denied: AccessDenied/);
  const bad = await runCli(["plan", "rdsctl.yaml", "--local"], {
    cwd,
    env: { ...env, RDSCTL_LOCAL_DENY: "not an action" },
  });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^rdsctl: --local: "not an action" is not an action name/m);
});
