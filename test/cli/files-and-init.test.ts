import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { STARTER_SPEC } from "../../src/cli/starter-spec.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  instanceSpec,
  MUTATING_ACTIONS,
  repoRoot,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

const VERSION = (
  JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as {
    version: string;
  }
).version;

test("init then apply --local --yes works in an empty directory, with no FILE", async () => {
  const cwd = tempDir("rdsctl-init-");
  // The starter spec takes its password from the environment.
  const env = { RDSCTL_LOCAL_TIME_SCALE: "0", QUICKSTART_DB_PASSWORD: "starter-password" };
  const init = await runCli(["init"], { cwd });
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /^Wrote rdsctl\.yaml\./);
  assert.equal(readFileSync(join(cwd, "rdsctl.yaml"), "utf8"), STARTER_SPEC);
  const applied = await runCli(["apply", "--local", "--yes"], { cwd, env });
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /Apply complete: 1 created, 0 modified, 0 unchanged\./);
  const again = await runCli(["plan", "--local", "--detailed-exitcode"], { cwd, env });
  assert.equal(again.code, 0, again.stdout + again.stderr);
});

test("init never overwrites a spec unless --force is given", async () => {
  const cwd = tempDir("rdsctl-init-");
  writeFileSync(join(cwd, "rdsctl.yaml"), "mine\n");
  const refused = await runCli(["init"], { cwd });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /rdsctl\.yaml already exists .*--force/);
  assert.equal(readFileSync(join(cwd, "rdsctl.yaml"), "utf8"), "mine\n");
  const forced = await runCli(["init", "--force"], { cwd });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(readFileSync(join(cwd, "rdsctl.yaml"), "utf8"), STARTER_SPEC);
});

test("the starter spec is the quickstart example, naming the default file", () => {
  const example = readFileSync(join(repoRoot(), "examples", "quickstart.yaml"), "utf8");
  assert.equal(
    STARTER_SPEC,
    example.replace("npx rdsctl apply examples/quickstart.yaml --local", "rdsctl apply --local"),
  );
});

test("a directory argument reads every *.yaml, *.yml and *.json in it; an empty one is an error", async () => {
  const cwd = tempDir();
  const dir = join(cwd, "fleet");
  mkdirSync(dir);
  writeSpec(dir, "b.yaml", instanceSpec("b-db"));
  writeSpec(dir, "a.yml", instanceSpec("a-db"));
  const json = {
    instances: [
      {
        DBInstanceIdentifier: "c-db",
        Engine: "postgres",
        EngineVersion: "16",
        DBInstanceClass: "db.t4g.micro",
        AllocatedStorage: 20,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
      },
    ],
  };
  writeSpec(dir, "c.json", JSON.stringify(json));
  writeSpec(dir, "notes.txt", "not a spec");
  mkdirSync(join(dir, "nested.yaml"));
  const run = await runCli(["validate", "fleet", "--json"], { cwd });
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout);
  assert.deepEqual(doc.files, ["fleet/a.yml", "fleet/b.yaml", "fleet/c.json"]);
  assert.equal(doc.instances, 3);

  mkdirSync(join(cwd, "empty"));
  const empty = await runCli(["validate", "empty"], { cwd });
  assert.equal(empty.code, 1);
  assert.match(
    empty.stderr,
    /empty is a directory with no \*\.yaml, \*\.yml or \*\.json spec file/,
  );
});

test("validate --json: the document with its versions, valid or with every located problem", async () => {
  const cwd = tempDir();
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("ok-db"));
  const valid = await runCli(["validate", "--json"], { cwd });
  assert.equal(valid.code, 0, valid.stderr);
  assert.deepEqual(JSON.parse(valid.stdout), {
    formatVersion: 1,
    rdsctlVersion: VERSION,
    valid: true,
    problems: [],
    warnings: [],
    files: ["rdsctl.yaml"],
    instances: 1,
    error: null,
  });
  writeSpec(cwd, "rdsctl.yaml", instanceSpec("ok-db", { AllocatedStorage: '"lots"' }));
  const invalid = await runCli(["validate", "--json"], { cwd });
  assert.equal(invalid.code, 1);
  const doc = JSON.parse(invalid.stdout);
  assert.equal(doc.valid, false);
  assert.equal(doc.formatVersion, 1);
  assert.equal(doc.rdsctlVersion, VERSION);
  assert.equal(doc.error.code, "SPEC_INVALID");
  assert.equal(doc.problems.length, 1);
  assert.deepEqual(Object.keys(doc.problems[0]), ["file", "line", "column", "message"]);
  assert.equal(doc.problems[0].file, "rdsctl.yaml");
  assert.match(doc.problems[0].message, /AllocatedStorage/);
});

test("--target limits plan and apply to the named instances; an unknown one is a usage error", () =>
  withEmulator({ seed: 11, timeScale: 0 }, async (emulator) => {
    const cwd = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const two = `${instanceSpec("urgent-db").split("wait:")[0]}${instanceSpec("blocked-db").split("instances:\n")[1]}`;
    writeSpec(cwd, "rdsctl.yaml", two);
    const plan = await runCli(["plan", "--json", "--target", "URGENT-DB", ...url], { cwd });
    assert.equal(plan.code, 0, plan.stderr);
    const doc = JSON.parse(plan.stdout);
    assert.equal(doc.formatVersion, 1);
    assert.equal(doc.rdsctlVersion, VERSION);
    assert.deepEqual(
      doc.instances.map((i: { id: string }) => i.id),
      ["urgent-db"],
    );
    const applied = await runCli(["apply", "--yes", "--json", "--target", "urgent-db", ...url], {
      cwd,
    });
    assert.equal(applied.code, 0, applied.stderr);
    const result = readApplyNdjson(applied.stdout).document;
    assert.equal(result.formatVersion, 1);
    assert.equal(result.rdsctlVersion, VERSION);
    const created = emulator
      .requestLog()
      .filter((e) => MUTATING_ACTIONS.has(e.action))
      .map((e) => e.id);
    assert.deepEqual(created, ["urgent-db"]);

    emulator.clearRequestLog();
    const unknown = await runCli(["plan", "--json", "--target", "nope-db", ...url], { cwd });
    assert.equal(unknown.code, 1);
    const error = JSON.parse(unknown.stdout);
    assert.equal(error.error.code, "USAGE");
    assert.equal(error.formatVersion, 1);
    assert.match(
      error.error.message,
      /--target: nope-db is not declared in the spec; declared: urgent-db, blocked-db/,
    );
    assert.deepEqual(emulator.requestLog(), [], "nothing is read for a usage error");
  }));
