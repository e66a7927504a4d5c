import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { instanceSpec, repoRoot, runCli, tempDir, writeSpec } from "./harness.js";

/* A spec directory holds other YAML too: only rdsctl specs are read from it. */

const WORKFLOW = "name: deploy\non: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n";

describe("spec directories", { concurrency: 2 }, () => {
  test("other YAML and JSON in a directory are skipped with a one-line note each", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "infra");
    mkdirSync(dir);
    writeSpec(dir, "db.yaml", instanceSpec("dir-db"));
    writeSpec(dir, "ci.yml", WORKFLOW);
    writeSpec(dir, "package.json", JSON.stringify({ name: "x", version: "1.0.0" }));
    writeSpec(dir, "schema.json", JSON.stringify({ $schema: "https://json-schema.org/x" }));
    writeSpec(dir, "empty.yaml", "");
    const run = await runCli(["validate", "infra"], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "The spec is valid: 1 instance in 1 file.\n");
    assert.deepEqual(run.stderr.trim().split("\n"), [
      "rdsctl: note: skipped infra/ci.yml: not an rdsctl spec (no rdsctl key at its top level)",
      "rdsctl: note: skipped infra/empty.yaml: not an rdsctl spec (no rdsctl key at its top level)",
      "rdsctl: note: skipped infra/package.json: not an rdsctl spec (no rdsctl key at its top level)",
      "rdsctl: note: skipped infra/schema.json: not an rdsctl spec (no rdsctl key at its top level)",
    ]);
    const json = await runCli(["validate", "infra", "--json", "--quiet"], { cwd });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).files, ["infra/db.yaml"]);
    assert.equal(json.stderr, "", "--quiet leaves the notes out");

    // Named as an argument, the same file is read as a spec, and refused.
    const named = await runCli(["validate", "infra/ci.yml"], { cwd });
    assert.equal(named.code, 1);
    assert.match(named.stderr, /infra\/ci\.yml:1:1: name: unknown top-level key/);
  });

  test("a file that looks like a spec is read, errors and all; unparseable YAML is not hidden", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "specs");
    mkdirSync(dir);
    writeSpec(dir, "ok.yaml", instanceSpec("fine-db"));
    // rdsctl's keys beside another tool's: a spec with a mistake, not another tool's file.
    writeSpec(dir, "typo.yaml", `name: x\n${instanceSpec("typo-db")}`);
    writeSpec(dir, "broken.yaml", "instances: [\n");
    const run = await runCli(["validate", "specs"], { cwd });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^specs\/typo\.yaml:1:1: name: unknown top-level key/m);
    assert.match(run.stderr, /^specs\/broken\.yaml:\d+:\d+: /m);
    assert.doesNotMatch(run.stderr, /note: skipped/);
  });

  test("a directory with no rdsctl spec is an error; the examples directory validates", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "workflows");
    mkdirSync(dir);
    writeSpec(dir, "ci.yml", WORKFLOW);
    const run = await runCli(["validate", "workflows"], { cwd });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^rdsctl: note: skipped workflows\/ci\.yml/);
    assert.match(run.stderr, /rdsctl: no rdsctl spec among workflows\/ci\.yml/);

    const examples = await runCli(["validate", join(repoRoot(), "examples")]);
    assert.equal(examples.code, 0, examples.stderr);
    assert.match(examples.stderr, /note: skipped .*github-actions\.yml: not an rdsctl spec/);
  });
});
