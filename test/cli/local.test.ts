import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { instanceSpec, runCli, startCli, tempDir, writeSpec } from "./harness.js";

test("--local keeps the embedded emulator's state in .rdsctl/ of the working directory across runs", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("local-db"));
  // Lifecycle durations scaled to zero so the create finishes by the next poll.
  const env = { RDSCTL_LOCAL_TIME_SCALE: "0" };

  const first = await runCli(["apply", "rdsctl.yaml", "--local", "--yes"], { cwd, env });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Apply complete: 1 created, 0 modified, 0 unchanged\.$/m);
  const statePath = join(cwd, ".rdsctl", "emulator.json");
  assert.ok(existsSync(statePath), "state file written under .rdsctl/");
  assert.match(readFileSync(statePath, "utf8"), /local-db/);

  const second = await runCli(["plan", "rdsctl.yaml", "--local", "--detailed-exitcode"], {
    cwd,
    env,
  });
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.equal(second.stdout, "No changes. 1 instance matches the spec.\n");

  const elsewhere = await runCli(
    ["plan", join(cwd, "rdsctl.yaml"), "--local", "--detailed-exitcode"],
    {
      cwd: tempDir("rdsctl-local-other-"),
      env,
    },
  );
  assert.equal(elsewhere.code, 2, "another directory has its own, empty, emulator state");
});

test("--local with --endpoint-url is refused", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("local-db"));
  const run = await runCli(
    ["plan", "rdsctl.yaml", "--local", "--endpoint-url", "http://127.0.0.1:4566"],
    { cwd },
  );
  assert.equal(run.code, 1);
  assert.match(run.stderr, /--local and --endpoint-url cannot be used together/);
  assert.equal(existsSync(join(cwd, ".rdsctl")), false);
});

test("--local refuses a corrupt state file and leaves it untouched", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("local-db"));
  mkdirSync(join(cwd, ".rdsctl"));
  const statePath = join(cwd, ".rdsctl", "emulator.json");
  writeFileSync(statePath, "{ not json");
  const run = await runCli(["plan", "rdsctl.yaml", "--local"], { cwd });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^rdsctl: --local: .*emulator\.json.*corrupt/);
  assert.equal(readFileSync(statePath, "utf8"), "{ not json");
});

test("--local says so when .rdsctl/ cannot be made", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("local-db"));
  writeFileSync(join(cwd, ".rdsctl"), "a file where the directory should be");
  const run = await runCli(["plan", "rdsctl.yaml", "--local"], { cwd });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^rdsctl: --local: cannot create .*\.rdsctl for the emulator's state \(E[A-Z]+\)/,
  );
});

test("two --local runs at once in one directory both keep their instances: the second waits for the first", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "a.yaml", instanceSpec("first-db"));
  writeSpec(cwd, "b.yaml", instanceSpec("second-db"));
  const lock = join(cwd, ".rdsctl", "emulator.lock");
  // Half the real timings: the first run is still waiting for its create (3 s) when the second starts.
  const first = startCli(["apply", "a.yaml", "--local", "--yes"], {
    cwd,
    env: { RDSCTL_LOCAL_TIME_SCALE: "0.5" },
    timeoutMs: 60_000,
  });
  const deadline = Date.now() + 20_000;
  while (!/sending CreateDBInstance/.test(first.output().stdout) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.ok(existsSync(lock), "the first run holds the lock while it runs");
  const second = runCli(["apply", "b.yaml", "--local", "--yes"], {
    cwd,
    env: { RDSCTL_LOCAL_TIME_SCALE: "0" },
    timeoutMs: 60_000,
  });
  const [a, b] = await Promise.all([first.done, second]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.match(
    b.stderr,
    /--local: another run \(pid \d+\) is using .*\.rdsctl; waiting for it to finish/,
  );
  assert.match(a.stdout, /Apply complete: 1 created/);
  assert.match(b.stdout, /Apply complete: 1 created/);
  assert.equal(existsSync(lock), false, "the lock is gone once both ended");

  const both = await runCli(["plan", "a.yaml", "b.yaml", "--local", "--detailed-exitcode"], {
    cwd,
    env: { RDSCTL_LOCAL_TIME_SCALE: "0" },
  });
  assert.equal(both.code, 0, both.stdout + both.stderr);
  assert.equal(both.stdout, "No changes. 2 instances match the spec.\n");
});

test("a --local lock left by a run that was killed is taken over", async () => {
  const cwd = tempDir("rdsctl-local-");
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("after-kill-db"));
  mkdirSync(join(cwd, ".rdsctl"));
  // A pid far above any the system hands out: its process cannot be alive.
  writeFileSync(join(cwd, ".rdsctl", "emulator.lock"), '{"pid":2147483646}\n');
  const run = await runCli(["plan", "rdsctl.yaml", "--local"], {
    cwd,
    env: { RDSCTL_LOCAL_TIME_SCALE: "0" },
    timeoutMs: 10_000,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /waiting/);
  assert.equal(existsSync(join(cwd, ".rdsctl", "emulator.lock")), false);
});
