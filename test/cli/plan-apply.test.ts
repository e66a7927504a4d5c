import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { EmulatorHandle } from "../../src/emulator/api.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  ANSI,
  afterAccountLine,
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator as withOwnEmulator,
  writeSpec,
} from "./harness.js";

interface TestEmulator {
  emulator: EmulatorHandle;
  /** `--endpoint-url <url>` */
  endpoint(): string[];
  /** Actions the emulator logged (for this instance, when given) since the last call. */
  takeLog(id?: string): string[];
}

/**
 * Each test gets its own emulator (time scale 0: every transition is due by
 * the next call), so the tests can run side by side and each request log
 * holds only that test's calls.
 */
function withEmulator(fn: (emu: TestEmulator) => Promise<void>): Promise<void> {
  return withOwnEmulator({ timeScale: 0, seed: 7 }, (emulator) =>
    fn({
      emulator,
      endpoint: () => ["--endpoint-url", emulator.url],
      takeLog: (id) => {
        const log = emulator
          .requestLog()
          .filter((e) => id === undefined || e.id === undefined || e.id.includes(id));
        emulator.clearRequestLog();
        return log.map((e) => e.action);
      },
    }),
  );
}

function mutating(actions: string[]): string[] {
  return actions.filter((a) => MUTATING_ACTIONS.has(a));
}

// Two at a time: the spawned CLIs are CPU-bound and test files run one by one.
describe("rdsctl plan and apply against the emulator", { concurrency: 2 }, () => {
  test("the newcomer scenario: create and wait, No changes, one-field modify, Engine blocked", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("newcomer-db"));
      takeLog();

      const first = await runCli(["apply", file, "--yes", ...endpoint()]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^\+ newcomer-db \[us-east-1\] will be created/m);
      assert.match(first.stdout, /^1 to create, 0 to modify, 0 unchanged, 0 blocked$/m);
      assert.match(
        first.stdout,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ newcomer-db: available after /m,
        "it waited until available",
      );
      assert.match(first.stdout, /^Apply complete: 1 created, 0 modified, 0 unchanged\.$/m);
      const created = takeLog("newcomer-db");
      assert.deepEqual(mutating(created), ["CreateDBInstance"]);
      assert.ok(
        created.lastIndexOf("DescribeDBInstances") > created.indexOf("CreateDBInstance"),
        "polled after create",
      );

      const again = await runCli(["apply", file, "--yes", ...endpoint()]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, "No changes. 1 instance matches the spec.\n");
      assert.deepEqual(mutating(takeLog()), []);

      writeSpec(
        dir,
        "rdsctl.yaml",
        instanceSpec("newcomer-db", { AllocatedStorage: 30, ApplyImmediately: true }),
      );
      const planned = await runCli(["plan", file, "--json", "--detailed-exitcode", ...endpoint()]);
      assert.equal(planned.code, 2, planned.stderr);
      const plan = JSON.parse(planned.stdout);
      assert.equal(plan.instances.length, 1);
      assert.equal(plan.instances[0].id, "newcomer-db");
      assert.equal(plan.instances[0].action, "modify");
      assert.deepEqual(
        plan.instances[0].changes.map(
          (c: { field: string; from: unknown; to: unknown; timing: string }) => [
            c.field,
            c.from,
            c.to,
            c.timing,
          ],
        ),
        [["AllocatedStorage", 20, 30, "immediate"]],
      );
      assert.deepEqual(plan.instances[0].blocked, []);
      assert.deepEqual(mutating(takeLog()), [], "plan sends nothing");

      const modified = await runCli(["apply", file, "--yes", ...endpoint()]);
      assert.equal(modified.code, 0, modified.stderr);
      assert.match(modified.stdout, /^ {4}AllocatedStorage: 20 -> 30 {2}\(immediate\)$/m);
      assert.match(modified.stdout, /^Apply complete: 0 created, 1 modified, 0 unchanged\.$/m);
      assert.deepEqual(mutating(takeLog()), ["ModifyDBInstance"]);
      const settled = await runCli(["plan", file, "--detailed-exitcode", ...endpoint()]);
      assert.equal(settled.code, 0, settled.stdout + settled.stderr);
      assert.match(settled.stdout, /^No changes\./);

      writeSpec(
        dir,
        "rdsctl.yaml",
        instanceSpec("newcomer-db", {
          AllocatedStorage: 30,
          Engine: "mysql",
          EngineVersion: '"8.0"',
        }),
      );
      const blockedPlan = await runCli(["plan", file, "--json", ...endpoint()]);
      assert.equal(blockedPlan.code, 1);
      const json = JSON.parse(blockedPlan.stdout);
      assert.equal(json.instances[0].action, "blocked");
      assert.ok(json.instances[0].blocked.some((b: { field: string }) => b.field === "Engine"));
      assert.match(
        afterAccountLine(blockedPlan.stderr),
        /^rdsctl: \d+ changes? (is|are) blocked:\n {2}newcomer-db: .*Engine/,
      );
      const blockedApply = await runCli(["apply", file, "--yes", ...endpoint()]);
      assert.equal(blockedApply.code, 1);
      assert.match(blockedApply.stdout, /^! newcomer-db \[us-east-1\] is blocked/m);
      assert.match(
        afterAccountLine(blockedApply.stderr),
        /^rdsctl: refusing to apply: .*blocked:\n {2}newcomer-db: /,
      );
      assert.deepEqual(mutating(takeLog()), [], "a blocked apply sends nothing");
    }));

  test("plan --detailed-exitcode: 2 with changes, 0 without the flag, only reads sent", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("exitcode-db"));
      takeLog();
      const detailed = await runCli(["plan", file, "--detailed-exitcode", ...endpoint()]);
      assert.equal(detailed.code, 2, detailed.stderr);
      assert.match(detailed.stdout, /^\+ exitcode-db \[us-east-1\] will be created/m);
      const plain = await runCli(["plan", file, ...endpoint()]);
      assert.equal(plain.code, 0, plain.stderr);
      // The account, the plan's describe, the class check and the region listing for rename hints.
      assert.deepEqual([...new Set(takeLog())].sort(), [
        "DescribeDBInstances",
        "DescribeOrderableDBInstanceOptions",
        "GetCallerIdentity",
      ]);
    }));

  test("apply with no terminal and no --yes refuses, says why, and sends nothing", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("refused-db"));
      takeLog();
      const run = await runCli(["apply", file, ...endpoint()], { input: "yes\n" });
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /^\+ refused-db \[us-east-1\] will be created/m,
        "the plan is still shown",
      );
      assert.match(
        afterAccountLine(run.stderr),
        /^rdsctl: refusing to apply without confirmation: standard input is not a terminal.*--yes/,
      );
      assert.deepEqual(mutating(takeLog()), []);
    }));

  test("apply --no-wait returns after the calls; --json ends with one document with plan and result", () =>
    withEmulator(async ({ endpoint }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("nowait-db"));
      const run = await runCli(["apply", file, "--yes", "--no-wait", "--json", ...endpoint()]);
      assert.equal(run.code, 0, run.stderr);
      const { events, document: doc } = readApplyNdjson(run.stdout);
      assert.deepEqual(
        events.map((e) => [e.type, e.id, e.region, e.call]),
        [
          ["call", "nowait-db", "us-east-1", "create"],
          ["call-done", "nowait-db", "us-east-1", "create"],
          ["instance-done", "nowait-db", "us-east-1", undefined],
        ],
      );
      assert.equal(doc.plan.instances[0].action, "create");
      assert.deepEqual(doc.result.instances[0].calls, ["create"]);
      assert.equal(doc.result.instances[0].waited, false);
      assert.equal(doc.result.mutatingCalls, 1);
      assert.match(
        run.stderr,
        /nowait-db: sending CreateDBInstance/,
        "progress goes to stderr with --json",
      );
      const file2 = writeSpec(dir, "spec2.yaml", instanceSpec("onedoc-db"));
      const single = await runCli([
        "apply",
        file2,
        "--yes",
        "--no-wait",
        "--json-document",
        ...endpoint(),
      ]);
      assert.equal(single.code, 0, single.stderr);
      assert.ok(single.stdout.split("\n").length > 3, "pretty-printed over several lines");
      const whole = JSON.parse(single.stdout);
      assert.deepEqual(
        Object.keys(whole),
        ["formatVersion", "rdsctlVersion", "plan", "result", "error", "account"],
        "only the document, no events",
      );
      assert.deepEqual(whole.result.instances[0].calls, ["create"]);
    }));

  test("a password is never printed: env secret, rotation, JSON, errors", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const password = "Env-Secret-Pa55word-41";
      const dir = tempDir();
      const file = writeSpec(
        dir,
        "spec.yaml",
        instanceSpec("secret-db", {
          ManageMasterUserPassword: undefined,
          MasterUserPassword: "{ env: SECRET_DB_PASSWORD }",
        }),
      );
      const env = { SECRET_DB_PASSWORD: password };
      const runs = [
        await runCli(["plan", file, ...endpoint()], { env }),
        await runCli(["plan", file, "--json", ...endpoint()], { env }),
        await runCli(["apply", file, "--yes", ...endpoint()], { env }),
        await runCli(["plan", file, "--json", "--rotate-password", "secret-db", ...endpoint()], {
          env,
        }),
        await runCli(
          ["apply", file, "--yes", "--rotate-password", "SECRET-DB", "--debug", ...endpoint()],
          { env },
        ),
        await runCli(["apply", file, "--yes", ...endpoint()], { env: {} }),
      ];
      assert.equal(runs[2]?.code, 0, runs[2]?.stderr);
      assert.match(runs[0]?.stdout ?? "", /MasterUserPassword: \(sensitive\)/);
      const rotated = JSON.parse(runs[3]?.stdout ?? "{}");
      const change = rotated.instances[0].changes.find(
        (c: { field: string }) => c.field === "MasterUserPassword",
      );
      assert.equal(change?.to, "(sensitive)");
      assert.equal(runs[4]?.code, 0, runs[4]?.stderr);
      for (const run of runs) {
        assert.equal(
          `${run.stdout}${run.stderr}`.includes(password),
          false,
          `${run.stdout}${run.stderr}`,
        );
        assert.equal(`${run.stdout}${run.stderr}`.includes('SECRET_DB_PASSWORD"'), false);
      }
      takeLog();
    }));

  test("output is plain when piped or with NO_COLOR; FORCE_COLOR shows colour is possible", () =>
    withEmulator(async ({ endpoint }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("colour-db"));
      const piped = await runCli(["plan", file, ...endpoint()]);
      assert.equal(piped.code, 0, piped.stderr);
      assert.equal(ANSI.test(piped.stdout + piped.stderr), false);
      const noColor = await runCli(["plan", file, ...endpoint()], {
        env: { NO_COLOR: "1", FORCE_COLOR: "1" },
      });
      assert.equal(ANSI.test(noColor.stdout + noColor.stderr), false);
      const forced = await runCli(["plan", file, ...endpoint()], { env: { FORCE_COLOR: "1" } });
      assert.equal(
        ANSI.test(forced.stdout),
        true,
        "the same plan in colour, so the checks above can fail",
      );
      assert.equal(forced.stdout.replace(/\u001b\[\d+m/g, ""), piped.stdout);
    }));

  test("AWS errors are one line on stderr; --debug adds the stack", () =>
    withEmulator(async ({ emulator, endpoint }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("unreachable-db"));
      emulator.setFaults([{ kind: "error500" }]);
      const args = ["plan", file, ...endpoint(), "--max-attempts", "1"];
      const plain = await runCli(args);
      assert.equal(plain.code, 1);
      assert.match(
        plain.stderr,
        /^rdsctl: warning: the account could not be read \(GetCallerIdentity failed: .*InternalFailure.*\); going on\nrdsctl: unreachable-db: DescribeDBInstances failed: .*InternalFailure/,
      );
      assert.equal(/\n\s+at /.test(plain.stderr), false, plain.stderr);
      const debug = await runCli([...args, "--debug"]);
      assert.equal(debug.code, 1);
      assert.match(debug.stderr, /\n\s+at /, "stack trace with --debug");
    }));

  test("an invalid spec stops plan and apply before any call; validate never calls AWS", () =>
    withEmulator(async ({ emulator, endpoint, takeLog }) => {
      const dir = tempDir();
      const bad = writeSpec(dir, "bad.yaml", instanceSpec("invalid-db", { AlocatedStorage: 30 }));
      const good = writeSpec(dir, "good.yaml", instanceSpec("offline-db"));
      takeLog();
      for (const command of ["plan", "apply"]) {
        const run = await runCli(
          [command, bad, "--yes", ...endpoint()].filter(
            (a) => command === "apply" || a !== "--yes",
          ),
        );
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(
          run.stderr,
          new RegExp(
            `^rdsctl: the spec has 1 problem\\(s\\):\\n${bad}:\\d+:5: .*AlocatedStorage: unknown field; did you mean AllocatedStorage\\?\\n$`,
          ),
        );
      }
      // The SDK's own endpoint variable is set: validate still must not use it.
      const validated = await runCli(["validate", good], {
        env: { AWS_ENDPOINT_URL_RDS: emulator.url },
      });
      assert.equal(validated.code, 0, validated.stderr);
      assert.deepEqual(takeLog(), []);
    }));

  test("the SDK's environment variables work without flags (AWS_ENDPOINT_URL_RDS, AWS_REGION)", () =>
    withEmulator(async ({ emulator, takeLog }) => {
      const dir = tempDir();
      const file = writeSpec(
        dir,
        "spec.yaml",
        instanceSpec("envvar-db").replace("region: us-east-1\n", ""),
      );
      takeLog();
      const run = await runCli(["plan", file, "--json"], {
        env: { AWS_ENDPOINT_URL_RDS: emulator.url, AWS_REGION: "us-east-1" },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).instances[0].action, "create");
      assert.deepEqual(
        [...new Set(takeLog())].sort(),
        ["DescribeDBInstances", "DescribeOrderableDBInstanceOptions", "GetCallerIdentity"],
        "the account and the plan were read from the emulator",
      );
    }));

  test("a deferred change is applied once, then shown as pending, not planned again", () =>
    withEmulator(async ({ emulator, endpoint, takeLog }) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("deferred-db"));
      assert.equal((await runCli(["apply", file, "--yes", ...endpoint()])).code, 0);
      writeSpec(dir, "spec.yaml", instanceSpec("deferred-db", { DBInstanceClass: "db.t4g.small" }));
      const planned = await runCli(["plan", file, "--json", ...endpoint()]);
      const change = JSON.parse(planned.stdout).instances[0].changes[0];
      assert.deepEqual(
        [change.field, change.timing, change.downtime],
        ["DBInstanceClass", "maintenance-window", true],
      );
      takeLog();
      const applied = await runCli(["apply", file, "--yes", ...endpoint()]);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(
        applied.stdout,
        /^ {4}DBInstanceClass: db\.t4g\.micro -> db\.t4g\.small {2}\(maintenance-window, causes downtime\)$/m,
      );
      assert.deepEqual(mutating(takeLog()), ["ModifyDBInstance"]);
      const again = await runCli(["plan", file, "--detailed-exitcode", ...endpoint()]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(
        again.stdout,
        /^ {2}deferred-db \[us-east-1\] unchanged\n {4}note: .*DBInstanceClass.*maintenance window/m,
      );
      assert.match(again.stdout, /^No changes\. 1 instance matches the spec\.$/m);
      emulator.runMaintenanceWindow();
      const after = await runCli(["plan", file, "--detailed-exitcode", ...endpoint()]);
      assert.equal(after.code, 0);
      assert.equal(
        after.stdout,
        "No changes. 1 instance matches the spec.\n",
        "nothing pending any more",
      );
      assert.deepEqual(mutating(takeLog()), []);
    }));

  test("a wait that times out exits 1 naming the instance, its status and that apply resumes", () =>
    // Real timings here: a create takes seconds, the spec allows half of one.
    withOwnEmulator({ timeScale: 1 }, async (emulator) => {
      const dir = tempDir();
      const spec = instanceSpec("slow-db").replace(
        /wait:[\s\S]*$/,
        "wait:\n  delaySeconds: 0.1\n  maxDelaySeconds: 0.1\n  timeoutSeconds: 0.5\n",
      );
      const file = writeSpec(dir, "spec.yaml", spec);
      const run = await runCli(["apply", file, "--yes", "--endpoint-url", emulator.url]);
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /^! slow-db failed \(completed calls: create\): slow-db: not stable/m,
      );
      assert.match(run.stdout, /creating|backing-up/, "the last status seen");
      assert.match(run.stdout, /re-?run/i, "says that running apply again resumes");
      assert.match(afterAccountLine(run.stderr), /^rdsctl: apply failed for 1 of 1 instance\(s\)/);
      assert.match(run.stderr, /run apply again/);
    }));

  test("files in different regions: each region planned and applied through its own client", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const dir = tempDir();
      const east = writeSpec(dir, "east.yaml", instanceSpec("east-db"));
      const west = writeSpec(
        dir,
        "west.yaml",
        instanceSpec("west-db").replace("region: us-east-1", "region: eu-west-1"),
      );
      const run = await runCli(["apply", east, west, "--yes", "--json", ...endpoint()]);
      assert.equal(run.code, 0, run.stderr);
      const { events, document: doc } = readApplyNdjson(run.stdout);
      assert.deepEqual(
        events
          .filter((e) => e.type === "stable")
          .map((e) => [e.id, e.region, e.status])
          .sort(),
        [
          ["east-db", "us-east-1", "available"],
          ["west-db", "eu-west-1", "available"],
        ],
        "each event names its instance's region",
      );
      assert.deepEqual(
        doc.plan.instances.map((i: { id: string; region: string }) => [i.id, i.region]),
        [
          ["east-db", "us-east-1"],
          ["west-db", "eu-west-1"],
        ],
      );
      assert.deepEqual(
        doc.result.instances.map((i: { id: string; waited: boolean; status: string }) => [
          i.id,
          i.waited,
          i.status,
        ]),
        [
          ["east-db", true, "available"],
          ["west-db", true, "available"],
        ],
      );
      assert.deepEqual(mutating(takeLog()).sort(), ["CreateDBInstance", "CreateDBInstance"]);
      const again = await runCli(["plan", east, west, "--detailed-exitcode", ...endpoint()]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
    }));

  test("plan never reads a { file } secret: a FIFO there neither hangs nor is read, and is refused before any call", () =>
    withEmulator(async ({ endpoint, takeLog }) => {
      const dir = tempDir();
      const fifo = join(dir, "pw.fifo");
      execFileSync("mkfifo", [fifo]);
      const file = writeSpec(
        dir,
        "spec.yaml",
        instanceSpec("file-secret-db", {
          ManageMasterUserPassword: undefined,
          MasterUserPassword: "{ file: pw.fifo }",
        }),
      );
      // validate never looks at secrets: it finishes at once whatever the file is.
      const validate = await runCli(["validate", file], { timeoutMs: 15_000 });
      assert.equal(validate.code, 0, validate.stderr);
      // plan checks that the secret a create will send can be read (without
      // reading it): the FIFO is refused at once, located in the spec.
      takeLog();
      const run = await runCli(["plan", file, ...endpoint()], { timeoutMs: 15_000 });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(
        run.stderr,
        /spec\.yaml:\d+:\d+: file-secret-db: MasterUserPassword is needed now/,
      );
      assert.match(run.stderr, /pw\.fifo is not a regular file/);
      // apply stops at the same check: nothing is sent.
      const apply = await runCli(["apply", file, "--yes", ...endpoint()], { timeoutMs: 15_000 });
      assert.equal(apply.code, 1, apply.stdout + apply.stderr);
      assert.match(apply.stdout + apply.stderr, /pw\.fifo is not a regular file/);
      assert.deepEqual(mutating(takeLog()), []);
    }));

  test("apply never prints a password read from a { file }", () =>
    withEmulator(async ({ endpoint }) => {
      const dir = tempDir();
      const secret = "FileSecretPassw0rd";
      writeSpec(dir, "pw.txt", `${secret}\n`);
      const file = writeSpec(
        dir,
        "spec.yaml",
        instanceSpec("file-secret-db", {
          ManageMasterUserPassword: undefined,
          MasterUserPassword: "{ file: pw.txt }",
        }),
      );
      const run = await runCli(["apply", file, "--yes", "--json", ...endpoint()]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.includes(secret), false);
      assert.equal(run.stderr.includes(secret), false);
    }));
});
