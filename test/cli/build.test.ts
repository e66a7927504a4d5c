import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { repoRoot, runCli, tempDir } from "./harness.js";

// bin/rdsctl.js runs the esbuild bundle in dist/cli (scripts/build-cli.mjs).
describe("the built program", () => {
  test("is the bundle, with a source map beside its entry", () => {
    const cli = join(repoRoot(), "dist", "cli");
    assert.ok(existsSync(join(cli, "main.js")), "dist/cli/main.js");
    assert.ok(existsSync(join(cli, "main.js.map")), "dist/cli/main.js.map");
  });

  test("--debug stack traces name the TypeScript sources, through the source maps", async () => {
    const missing = join(tempDir(), "missing.yaml");
    const run = await runCli(["validate", missing, "--debug"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\n\s+at .*src\/spec\/load\.ts:\d+:\d+/, run.stderr);
    assert.doesNotMatch(run.stderr, /dist\/cli\/chunk-/, run.stderr);
  });
});
