import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { MAX_SPEC_BYTES } from "../../src/spec/_bytes.js";
import { repoRoot, runCli, tempDir, withEmulator } from "../cli/harness.js";

/**
 * Every file of test/fixtures/bad-specs is a spec rdsctl must refuse offline:
 * `rdsctl validate` (the built CLI) exits 1 and prints, for that file, a
 * `file:line:column` (or `file:1:1` where no line applies) with the expected
 * message from expected.json, and no stack trace.
 */
const DIR = join(repoRoot(), "test", "fixtures", "bad-specs");
const EXPECTED = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<
  string,
  string
>;
const FILES = readdirSync(DIR).filter((f) => f !== "expected.json");
const STACK = /^\s+at .+[:(]\d+|Error: .*\n\s+at /m;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function assertRefused(
  run: { code: number | null; stdout: string; stderr: string },
  file: string,
  expected: string,
) {
  const all = run.stdout + run.stderr;
  assert.equal(run.code, 1, `${file}: exit ${run.code}\n${all}`);
  assert.doesNotMatch(all, STACK, `${file}: stack trace\n${all}`);
  const line = new RegExp(`^${escapeRegExp(file)}:\\d+:\\d+: .*${escapeRegExp(expected)}`, "m");
  assert.match(run.stderr, line, `${file}: expected "${expected}" at file:line:column\n${all}`);
}

describe("the bad-input corpus", { concurrency: 4 }, () => {
  test("has at least 80 specs, each with its expected message", () => {
    assert.ok(FILES.length >= 80, `${FILES.length} files`);
    assert.deepEqual([...FILES].sort(), Object.keys(EXPECTED).sort());
  });

  // Eight files per run keeps the suite quick on a small machine; each file's
  // problems are printed on lines starting with its own path, so each is checked on its own.
  for (let i = 0; i < FILES.length; i += 8) {
    const batch = FILES.slice(i, i + 8);
    test(`validate refuses ${batch.join(", ")}`, async () => {
      const files = batch.map((name) => join(DIR, name));
      const run = await runCli(["validate", ...files]);
      for (const [k, name] of batch.entries()) {
        assertRefused(run, files[k] ?? "", EXPECTED[name] ?? "");
      }
    });
  }

  test("validate refuses each file alone too (a sample)", async () => {
    for (const name of FILES.filter((_, i) => i % 9 === 4)) {
      const file = join(DIR, name);
      assertRefused(await runCli(["validate", file]), file, EXPECTED[name] ?? "");
    }
  });

  test(`a file over ${MAX_SPEC_BYTES} bytes is refused at once, also through its directory; a directory with no spec file is refused`, async () => {
    const dir = tempDir();
    const big = join(dir, "big.yaml");
    writeFileSync(big, Buffer.alloc(MAX_SPEC_BYTES + 1, "# padding\n"));
    const started = Date.now();
    const run = await runCli(["validate", big]);
    assertRefused(run, big, `over the ${MAX_SPEC_BYTES / (1024 * 1024)} MiB limit for a spec file`);
    assert.ok(Date.now() - started < 10_000);
    // A directory stands for the spec files in it: the big one is refused the same way.
    const viaDir = await runCli(["validate", dir]);
    assertRefused(
      viaDir,
      big,
      `over the ${MAX_SPEC_BYTES / (1024 * 1024)} MiB limit for a spec file`,
    );
    const none = await runCli(["validate", tempDir()]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /is a directory with no \*\.yaml, \*\.yml or \*\.json spec file/);
  });

  test("a spec read from a FIFO is read up to the limit, never further", async () => {
    const dir = tempDir();
    const fifo = join(dir, "spec.fifo");
    execFileSync("mkfifo", [fifo]);
    // A writer that would never stop: the reader gives up past the limit.
    const writer = spawn("sh", ["-c", 'exec yes "# x" > "$0"', fifo], { stdio: "ignore" });
    try {
      const run = await runCli(["validate", fifo], { timeoutMs: 30_000 });
      assertRefused(run, fifo, "over the 4 MiB limit for a spec file");
    } finally {
      writer.kill("SIGKILL");
    }
  });

  test("plan refuses a sample of them before any API call", () =>
    withEmulator({ timeScale: 0 }, async (emulator) => {
      const sample = FILES.filter((_, i) => i % 10 === 0);
      for (const name of sample) {
        emulator.clearRequestLog();
        const file = join(DIR, name);
        const run = await runCli([
          "plan",
          file,
          "--endpoint-url",
          emulator.url,
          "--region",
          "us-east-1",
        ]);
        assertRefused(run, file, EXPECTED[name] ?? "");
        assert.deepEqual(
          emulator.requestLog().map((e) => e.action),
          [],
          `${name}: no request may reach the endpoint`,
        );
      }
    }));
});
