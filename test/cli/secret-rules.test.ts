import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { passwordValueProblem } from "../../src/spec/secret-check.js";
import {
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

/**
 * A password read from { env } or { file } for sending is checked against
 * RDS's rules for the engine before any call: refused at the password field's
 * file:line:column, nothing sent, and the message never holds the secret.
 */
const AT_SIGN = "Hunter2@Secret";

test("RDS's password rules per engine, with messages that never quote the value", () => {
  assert.equal(passwordValueProblem("postgres", "Abcdefgh1!"), undefined);
  assert.match(passwordValueProblem("postgres", AT_SIGN) ?? "", /contains \/, " or @/);
  assert.match(
    passwordValueProblem("postgres", "short1!") ?? "",
    /is 7 characters long; RDS takes 8 to 128 for postgres/,
  );
  assert.equal(passwordValueProblem("postgres", "a".repeat(128)), undefined);
  assert.match(passwordValueProblem("mysql", "a".repeat(42)) ?? "", /8 to 41 for mysql/);
  assert.equal(passwordValueProblem("mariadb", "a".repeat(41)), undefined);
  assert.match(passwordValueProblem("oracle-ee", "a".repeat(31)) ?? "", /8 to 30 for oracle-ee/);
  assert.match(passwordValueProblem("oracle-se2", "Abcdefgh&1") ?? "", /& or '/);
  assert.equal(passwordValueProblem("postgres", "Abcdefgh&1"), undefined);
  assert.match(passwordValueProblem("sqlserver-ex", "a".repeat(129)) ?? "", /8 to 128/);
  assert.match(passwordValueProblem("postgres", "with space1") ?? "", /space/);
  assert.match(passwordValueProblem("postgres", 'quote"d12') ?? "", /contains/);
  for (const bad of [AT_SIGN, "short1!", "with space1", "a".repeat(200)]) {
    assert.ok(!(passwordValueProblem("mysql", bad) ?? "").includes(bad));
  }
});

test("plan and apply refuse an { env } password with @ at its field, before any mutating call", () =>
  withEmulator({ timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "spec.yaml",
      instanceSpec("at-sign-db", {
        ManageMasterUserPassword: undefined,
        MasterUserPassword: "{ env: AT_SIGN_PW }",
      }),
    );
    const env = { AT_SIGN_PW: AT_SIGN };
    for (const command of [["plan"], ["apply", "--yes"]]) {
      emulator.clearRequestLog();
      const run = await runCli([...command, file, "--endpoint-url", emulator.url], { env });
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        /spec\.yaml:9:25: at-sign-db: MasterUserPassword from the environment variable AT_SIGN_PW contains \/, " or @; RDS refuses them\n/m,
      );
      assert.ok(!(run.stdout + run.stderr).includes(AT_SIGN), "the secret is never printed");
      const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
      assert.deepEqual(sent, []);
    }
  }));

test("a { file } password too long for mysql is refused at plan; a valid one plans", () =>
  withEmulator({ timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const secret = join(dir, "pw.txt");
    writeFileSync(secret, `${"x".repeat(45)}\n`);
    const spec = instanceSpec("long-pw-db", {
      Engine: "mysql",
      EngineVersion: '"8.0"',
      ManageMasterUserPassword: undefined,
      MasterUserPassword: `{ file: ${secret} }`,
    });
    const file = writeSpec(dir, "spec.yaml", spec);
    const run = await runCli(["plan", file, "--endpoint-url", emulator.url]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /long-pw-db: MasterUserPassword from the file .*pw\.txt is 45 characters long; RDS takes 8 to 41 for mysql/,
    );
    assert.ok(!run.stderr.includes("x".repeat(45)));
    writeFileSync(secret, "Valid-pw-1234\n");
    const ok = await runCli(["plan", file, "--endpoint-url", emulator.url]);
    assert.equal(ok.code, 0, ok.stderr);
  }));
