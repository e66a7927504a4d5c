import assert from "node:assert/strict";
import { test } from "node:test";
import { FAST_WAIT, startCli, tempDir, withEmulator, writeSpec } from "./harness.js";

/** A spec of `n` postgres instances named `<prefix>-<i>`. */
function manyInstances(prefix: string, n: number): string {
  const blocks = Array.from(
    { length: n },
    (_, i) =>
      `  - DBInstanceIdentifier: ${prefix}-${i}\n    Engine: postgres\n    EngineVersion: "16"\n    DBInstanceClass: db.t4g.micro\n    AllocatedStorage: 20\n    MasterUsername: app\n    ManageMasterUserPassword: true`,
  );
  return `region: us-east-1\ninstances:\n${blocks.join("\n")}\n${FAST_WAIT}`;
}

/** Requests one apply can have on the wire at once: 4 instances calling (`--concurrency 4`), plus the poller. */
const MAX_IN_FLIGHT = 5;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`under 97% throttling of CreateDBInstance, ${signal} stops every retry: nothing new is sent and apply exits within 2 s`, () =>
    withEmulator(
      { seed: 11, timeScale: 0, faults: "CreateDBInstance:throttle=0.97" },
      async (emulator) => {
        const dir = tempDir();
        const file = writeSpec(dir, "rdsctl.yaml", manyInstances("storm", 6));
        const cli = startCli(
          ["apply", file, "--yes", "--concurrency", "4", "--endpoint-url", emulator.url],
          {
            cwd: dir,
            timeoutMs: 60_000,
          },
        );
        const creates = () =>
          emulator.requestLog().filter((e) => e.action === "CreateDBInstance").length;
        const deadline = Date.now() + 30_000;
        // Wait until the creates are being retried (several throttled attempts seen).
        while (creates() < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.ok(creates() >= 6, "apply reached its throttled creates");
        const before = emulator.requestLog().length;
        const signalledAt = Date.now();
        cli.child.kill(signal);
        const run = await cli.done;
        const exitedAfter = Date.now() - signalledAt;
        // Anything still running in the process would show up in the log now.
        await new Promise((r) => setTimeout(r, 300));
        const after = emulator.requestLog().slice(before);
        assert.equal(run.code, signal === "SIGINT" ? 130 : 143, run.stderr);
        assert.ok(exitedAfter < 2000, `exited ${exitedAfter} ms after ${signal}`);
        assert.ok(
          after.length <= MAX_IN_FLIGHT,
          `after the signal only requests already in flight are answered, got ${after.length}: ${after.map((e) => e.action).join(", ")}`,
        );
        assert.match(run.stderr, new RegExp(`${signal} received: no new call will be sent`));
        assert.match(run.stderr, new RegExp(`apply interrupted by ${signal}`));
        assert.match(
          run.stderr,
          /retrying CreateDBInstance for storm-\d \(attempt \d+ of 20\): Throttling/,
        );
        assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
      },
    ));
}
