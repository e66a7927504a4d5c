import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { instanceSpec, repoRoot, runCli, tempDir, writeSpec } from "./harness.js";

// Each test spawns the CLI on its own files: two at a time is safe and halves the wait.
describe("rdsctl without AWS", { concurrency: 2 }, () => {
  test("--version prints package.json's version", async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as {
      version: string;
    };
    const run = await runCli(["--version"]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${pkg.version}\n`);
  });

  test("--help lists every command; each command has its own --help", async () => {
    const top = await runCli(["--help"]);
    assert.equal(top.code, 0);
    for (const command of ["plan", "apply", "validate", "schema", "emulator"]) {
      assert.match(top.stdout, new RegExp(`\\n  ${command}\\b`));
      const help = await runCli([command, "--help"]);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: rdsctl ${command}`));
    }
    const bare = await runCli([]);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /^Usage: rdsctl <command>/);
  });

  test("unknown flags and commands are errors with a hint", async () => {
    const flag = await runCli(["plan", "x.yaml", "--jsn"]);
    assert.equal(flag.code, 1);
    assert.equal(flag.stdout, "");
    assert.equal(
      flag.stderr,
      "rdsctl: unknown flag --jsn for rdsctl plan; did you mean --json? (see rdsctl plan --help)\n",
    );
    const command = await runCli(["pln"]);
    assert.equal(command.code, 1);
    assert.match(
      command.stderr,
      /^rdsctl: unknown command "pln"; commands are plan, apply, validate, schema, emulator/,
    );
    // What the user typed is echoed escaped: it can start no line of its own (a CI workflow command).
    for (const argv of [["x\n::error title=a::b"], ["plan", "x.yaml", "--a\n::error x::y"]]) {
      const injected = await runCli(argv);
      assert.equal(injected.code, 1);
      assert.equal(injected.stderr.split("\n").length, 2, injected.stderr);
      assert.match(injected.stderr, /\\n/);
    }
    const missingValue = await runCli(["plan", "x.yaml", "--region"]);
    assert.equal(missingValue.code, 1);
    assert.match(missingValue.stderr, /^rdsctl: .*--region.*\(see rdsctl plan --help\)\n$/);
    const empty = tempDir();
    const noFile = await runCli(["validate"], { cwd: empty });
    assert.equal(noFile.code, 1);
    assert.equal(
      noFile.stderr,
      `rdsctl: rdsctl validate: no spec FILE given and no rdsctl.yaml in ${empty}; pass a file or a directory, or create rdsctl.yaml with rdsctl init\n`,
    );
    const badAttempts = await runCli(["plan", "x.yaml", "--max-attempts", "zero"]);
    assert.equal(badAttempts.code, 1);
    assert.match(badAttempts.stderr, /--max-attempts must be a whole number/);
  });

  test("validate: a valid spec exits 0, and the examples are valid", async () => {
    const dir = tempDir();
    const file = writeSpec(dir, "ok.yaml", instanceSpec("valid-db"));
    const run = await runCli(["validate", file, join(repoRoot(), "examples", "quickstart.yaml")]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "The spec is valid: 2 instances in 2 files.\n");
    assert.equal(run.stderr, "");
  });

  test("validate: every problem of every file, one per line with file:line:column, exit 1", async () => {
    const dir = tempDir();
    const a = writeSpec(
      dir,
      "a.yaml",
      "instances:\n  - DBInstanceIdentifier: orders-db\n    AlocatedStorage: 20\n    Engine: postgres\n",
    );
    const b = writeSpec(
      dir,
      "b.yaml",
      "instances:\n  - DBInstanceIdentifier: reports-db\n    BackupRetentionPeriod: 99\n",
    );
    const run = await runCli(["validate", a, b]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^rdsctl: the spec has \d+ problem\(s\):$/);
    assert.ok(
      lines.some((l) => l.startsWith(`${a}:3:5: `) && l.includes("did you mean AllocatedStorage?")),
      run.stderr,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`${b}:3:`) && l.includes("BackupRetentionPeriod")),
      run.stderr,
    );
    assert.equal(/\n\s+at /.test(run.stderr), false, "no stack trace without --debug");
  });

  test("validate: a plaintext password is a warning that never shows the password", async () => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "plain.yaml",
      instanceSpec("plain-db", {
        ManageMasterUserPassword: undefined,
        MasterUserPassword: "Plaintext-Pa55word",
      }),
    );
    const run = await runCli(["validate", file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`^rdsctl: warning: ${file}:\\d+:\\d+: .*plaintext`, "i"));
    assert.equal(`${run.stdout}${run.stderr}`.includes("Plaintext-Pa55word"), false);
  });

  test("validate: an unreadable file is a problem like any other", async () => {
    const run = await runCli(["validate", "/nonexistent/rdsctl/spec.yaml"]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^rdsctl: the spec has 1 problem\(s\):\n\/nonexistent\/rdsctl\/spec\.yaml:\d+:\d+: /,
    );
  });

  test("schema prints a JSON Schema of the spec format", async () => {
    const run = await runCli(["schema"]);
    assert.equal(run.code, 0, run.stderr);
    const schema = JSON.parse(run.stdout) as {
      $schema?: string;
      properties?: Record<string, unknown>;
    };
    assert.match(schema.$schema ?? "", /json-schema\.org/);
    assert.ok(schema.properties?.instances !== undefined);
    assert.match(run.stdout, /"AllocatedStorage"/);
    const extra = await runCli(["schema", "extra"]);
    assert.equal(extra.code, 1);
    assert.match(extra.stderr, /rdsctl schema takes no arguments/);
  });
});
