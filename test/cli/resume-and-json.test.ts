import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EmulatorHandle } from "../../src/emulator/api.js";
import {
  closedPort,
  FAST_WAIT,
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  startCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

/** An emulator whose clock moves only when the test says: an instance stays creating until then. */
function withFrozenEmulator(fn: (emulator: EmulatorHandle) => Promise<void>): Promise<void> {
  return withEmulator({ seed: 5, clock: "manual" }, fn);
}

/** instanceSpec with another wait section. */
function withWait(spec: string, timeoutSeconds: number): string {
  return spec.replace(
    FAST_WAIT,
    `wait:\n  delaySeconds: 0.05\n  maxDelaySeconds: 0.1\n  timeoutSeconds: ${timeoutSeconds}\n`,
  );
}

function describes(emulator: EmulatorHandle): number {
  return emulator.requestLog().filter((e) => e.action === "DescribeDBInstances").length;
}

/** DescribeDBInstances calls after the first CreateDBInstance: the polls of the create's wait. */
function pollsAfterCreate(emulator: EmulatorHandle): number {
  const log = emulator.requestLog();
  const created = log.findIndex((e) => e.action === "CreateDBInstance");
  if (created < 0) return 0;
  return log.slice(created).filter((e) => e.action === "DescribeDBInstances").length;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("apply resumes a timed-out wait; --json failures; flags", { concurrency: 2 }, () => {
  test("after a wait timeout, plan notes the creating instance and apply waits for it", () =>
    withFrozenEmulator(async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "t.yaml", withWait(instanceSpec("resume-db"), 0.3));
      const first = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(first.code, 1, first.stderr);
      assert.match(first.stdout, /not stable after 0\.3s \(last status "creating"/);

      const planned = await runCli(["plan", file, ...url]);
      assert.equal(planned.code, 0, planned.stderr);
      assert.match(planned.stdout, /note: still creating; apply waits for it\./);

      writeSpec(dir, "t.yaml", withWait(instanceSpec("resume-db"), 30));
      emulator.clearRequestLog();
      const second = startCli(["apply", file, "--yes", ...url]);
      // The plan's describe and a first poll have seen it creating: now let it finish.
      await until(() => describes(emulator) >= 2, "apply to poll");
      emulator.advance(60_000);
      const run = await second.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ {2}resume-db unchanged \(available, waited \d+s\)$/m);
      assert.match(run.stdout, /Apply complete: 0 created, 0 modified, 1 unchanged\./);
      const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
      assert.deepEqual(sent, []);
    }));

  test("--rotate-password with an undeclared id is a usage error for plan and apply", async () => {
    const dir = tempDir();
    const file = writeSpec(dir, "t.yaml", instanceSpec("known-db"));
    const port = await closedPort();
    for (const command of ["plan", "apply"]) {
      const run = await runCli([
        command,
        file,
        "--rotate-password",
        "nope-db",
        "--endpoint-url",
        `http://127.0.0.1:${port}`,
      ]);
      assert.equal(run.code, 1, command);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        "rdsctl: --rotate-password: nope-db is not declared in the spec; declared: known-db\n",
      );
    }
  });

  test("--json: refusals and errors still print exactly one JSON document on stdout", () =>
    withFrozenEmulator(async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "t.yaml", instanceSpec("json-db"));

      const refused = await runCli(["apply", file, "--json", ...url]);
      assert.equal(refused.code, 1);
      const doc = JSON.parse(refused.stdout);
      assert.equal(doc.plan.instances[0].action, "create");
      assert.equal(doc.result, null);
      assert.equal(doc.error.code, "USAGE");
      assert.match(doc.error.message, /standard input is not a terminal/);
      assert.match(refused.stderr, /^rdsctl: refusing to apply without confirmation/m);

      const bad = writeSpec(
        dir,
        "bad.yaml",
        instanceSpec("json-db", { AllocatedStorage: '"lots"' }),
      );
      const invalidPlan = await runCli(["plan", bad, "--json", ...url]);
      assert.equal(invalidPlan.code, 1);
      const planDoc = JSON.parse(invalidPlan.stdout);
      assert.deepEqual(Object.keys(planDoc), ["formatVersion", "rdsctlVersion", "error"]);
      assert.equal(planDoc.error.code, "SPEC_INVALID");
      assert.equal(planDoc.error.problems[0].file, bad);
      assert.match(planDoc.error.problems[0].path, /AllocatedStorage/);
      assert.match(invalidPlan.stderr, /^rdsctl: the spec has 1 problem/);

      const invalidApply = await runCli(["apply", bad, "--json", "--yes", ...url]);
      assert.equal(invalidApply.code, 1);
      const applyDoc = JSON.parse(invalidApply.stdout);
      assert.equal(applyDoc.plan, null);
      assert.equal(applyDoc.error.code, "SPEC_INVALID");

      const port = await closedPort();
      const unreachable = ["--endpoint-url", `http://127.0.0.1:${port}`];
      for (const command of ["plan", "apply"]) {
        const yes = command === "apply" ? ["--yes"] : [];
        const run = await runCli([command, file, "--json", ...yes, ...unreachable]);
        assert.equal(run.code, 1);
        const error = JSON.parse(run.stdout).error;
        assert.match(error.message, /nothing is listening/, command);
        assert.match(run.stderr, /^rdsctl: nothing is listening/);
      }
    }));

  test("--json: a blocked apply prints the plan and the error in one document", () =>
    withFrozenEmulator(async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "t.yaml", instanceSpec("blocked-db"));
      const created = startCli(["apply", file, "--yes", ...url]);
      await until(() => pollsAfterCreate(emulator) >= 1, "the create's wait");
      emulator.advance(60_000);
      assert.equal((await created.done).code, 0);
      writeSpec(dir, "t.yaml", instanceSpec("blocked-db", { Engine: "mysql" }));
      const run = await runCli(["apply", file, "--json", "--yes", ...url]);
      assert.equal(run.code, 1);
      const doc = JSON.parse(run.stdout);
      assert.equal(doc.plan.instances[0].action, "blocked");
      assert.equal(doc.result, null);
      assert.equal(doc.error.code, "CHANGE_BLOCKED");
    }));

  test("--region that the spec's region overrides is named in a warning", async () => {
    const dir = tempDir();
    const file = writeSpec(dir, "t.yaml", instanceSpec("region-db"));
    const port = await closedPort();
    const run = await runCli([
      "plan",
      file,
      "--region",
      "eu-west-1",
      "--endpoint-url",
      `http://127.0.0.1:${port}`,
    ]);
    assert.match(
      run.stderr,
      /^rdsctl: warning: --region eu-west-1 is not used: the spec names region us-east-1/m,
    );
  });
});
