import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, startCli, tempDir, withEmulator } from "./harness.js";

test("rdsctl emulator prints its start-up lines, serves RDS, and stops on SIGTERM", async () => {
  const cli = startCli(["emulator", "--port", "0", "--seed", "3"]);
  const url = await new Promise<string>((resolve, reject) => {
    const printed = () => cli.output().stdout + cli.output().stderr;
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${printed()}`)), 10_000);
    cli.child.stdout?.on("data", () => {
      const { stdout } = cli.output();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout);
      if (match !== null && stdout.endsWith("\n")) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    cli.child.on("exit", () => reject(new Error(`exited early: ${printed()}`)));
  });
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0",
    },
    body: "Action=DescribeDBInstances&Version=2014-10-31",
  });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /DescribeDBInstancesResponse/);
  cli.child.kill("SIGTERM");
  const { code, stderr } = await cli.done;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /SIGTERM received, stopping the emulator/);
});

test("rdsctl emulator rejects bad flag values before starting", async () => {
  const port = await runCli(["emulator", "--port", "70000"]);
  assert.equal(port.code, 1);
  assert.match(port.stderr, /--port must be a whole number from 0 to 65535/);
  const scale = await runCli(["emulator", "--time-scale=-1"]);
  assert.equal(scale.code, 1);
  assert.match(scale.stderr, /--time-scale must be a number of 0 or more/);
  const faults = await runCli(["emulator", "--faults", "nonsense=2"]);
  assert.equal(faults.code, 1);
  assert.match(faults.stderr, /^rdsctl: --faults: /);
});

test("rdsctl emulator on a port in use says so", async () => {
  await withEmulator({}, async (busy) => {
    const run = await runCli(["emulator", "--port", String(busy.port)]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `rdsctl: emulator: 127.0.0.1:${busy.port} is already in use; pass another --port\n`,
    );
  });
});

test("rdsctl emulator names a corrupt state file once, without repeating its own name", async () => {
  const statePath = join(tempDir("rdsctl-emu-"), "state.json");
  writeFileSync(statePath, "{ not json");
  const run = await runCli(["emulator", "--port", "0", "--state", statePath]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^rdsctl: emulator: The emulator state file .*state\.json is corrupt/);
  assert.doesNotMatch(run.stderr, /rdsctl: rdsctl/);
});
