import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readApplyNdjson } from "../helpers/ndjson.js";
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

/** Two instances in one spec: `ok` fits the emulator's storage quota, `huge` does not. */
function twoInstanceSpec(): string {
  const one = instanceSpec("ok-db").split("\n").slice(1, -5).join("\n");
  const two = instanceSpec("huge-db", { AllocatedStorage: 900 })
    .split("\n")
    .slice(2, -5)
    .join("\n");
  return `region: us-east-1\n${one}\n${two}\n${FAST_WAIT}`;
}

describe("apply outcomes: partial failure, nothing listening, SIGINT and SIGTERM", {
  concurrency: 2,
}, () => {
  test("one instance refused: the other is still created, every outcome printed, exit 1", () =>
    withEmulator({ seed: 3, timeScale: 0, storageQuotaGiB: 100 }, async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(dir, "rdsctl.yaml", twoInstanceSpec());
      const endpoint = ["--endpoint-url", emulator.url];
      const run = await runCli(["apply", file, "--yes", ...endpoint]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^\+ ok-db created \(available, waited /m);
      assert.match(run.stdout, /^! huge-db failed \(no call completed\): huge-db: .*quota/im);
      assert.match(
        run.stdout,
        /^Apply incomplete: 1 created, 0 modified, 0 unchanged, 1 failed\.$/m,
      );
      assert.match(run.stderr, /apply failed for 1 of 2 instance\(s\); the others finished/);
      assert.match(run.stderr, /run apply again/);

      const again = await runCli(["apply", file, "--yes", "--json", ...endpoint]);
      assert.equal(again.code, 1, again.stderr);
      const doc = readApplyNdjson(again.stdout).document;
      assert.deepEqual(
        doc.result.instances.map((i: { id: string; outcome: string }) => [i.id, i.outcome]),
        [
          ["ok-db", "unchanged"],
          ["huge-db", "failed"],
        ],
      );
      assert.equal(doc.result.failed, 1);
      const failed = doc.result.instances[1];
      assert.equal(failed.error.code, "AWS_ERROR");
      assert.match(failed.error.message, /^huge-db: .*quota/i);
      assert.equal(doc.result.instances[0].error, null);
      assert.match(
        again.stderr,
        /rdsctl: huge-db: .*quota/i,
        "JSON runs list each error on stderr",
      );
    }));

  test("a loopback endpoint with nothing listening fails at once with what to start", async () => {
    const port = await closedPort();
    const dir = tempDir();
    const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("nobody-db"));
    const started = Date.now();
    const run = await runCli(["plan", file, "--endpoint-url", `http://127.0.0.1:${port}`]);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      `rdsctl: nothing is listening at http://127.0.0.1:${port}: start \`rdsctl emulator --port ${port}\`, or use --local\n`,
    );
    assert.ok(seconds < 4, `took ${seconds}s`);
  });

  test("Ctrl-C during the wait: no new call, the instances that had calls named, exit 130", () =>
    interruptDuringWait("SIGINT", 130));

  test("SIGTERM (how CI cancels a job) during the wait: the same report, exit 143", () =>
    interruptDuringWait("SIGTERM", 143));
});

/**
 * Starts an apply, sends `signal` once it is polling for the new instance, and
 * checks the report, the exit code and that nothing was changed afterwards.
 */
function interruptDuringWait(signal: NodeJS.Signals, code: number): Promise<void> {
  // Creating takes 20 s at this scale: the wait is certainly running when the signal comes.
  return withEmulator({ seed: 3, timeScale: 5 }, async (emulator) => {
    const dir = tempDir();
    const id = `${signal.toLowerCase()}-db`;
    const file = writeSpec(dir, "rdsctl.yaml", instanceSpec(id));
    const cli = startCli(["apply", file, "--yes", "--endpoint-url", emulator.url]);
    const waiting = () => {
      const log = emulator.requestLog().map((e) => e.action);
      return (
        log.lastIndexOf("DescribeDBInstances") > log.indexOf("CreateDBInstance") &&
        log.includes("CreateDBInstance")
      );
    };
    const deadline = Date.now() + 10_000;
    while (!waiting() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.ok(waiting(), "apply reached its wait");
    const signalledAt = emulator.requestLog().length;
    cli.child.kill(signal);
    const run = await cli.done;
    assert.equal(run.code, code, run.stderr);
    assert.match(run.stderr, new RegExp(`rdsctl: ${signal} received: no new call will be sent`));
    assert.match(
      run.stderr,
      new RegExp(`apply interrupted by ${signal}: calls were sent for 1 instance\\(s\\): ${id}\\.`),
    );
    assert.match(run.stderr, /running apply again converges/);
    assert.match(
      run.stdout,
      new RegExp(`^! ${id} failed \\(completed calls: create\\): ${id}: interrupted`, "m"),
    );
    const after = emulator
      .requestLog()
      .slice(signalledAt)
      .map((e) => e.action);
    assert.deepEqual(
      after.filter((a) => MUTATING_ACTIONS.has(a)),
      [],
    );
  });
}
