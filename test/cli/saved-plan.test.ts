import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  FAST_WAIT,
  instanceSpec,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

// As the entry point does: the SDK's Node-support notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A one-instance spec that applies changes at once. */
function spec(id: string, storage: number): string {
  return instanceSpec(id, { AllocatedStorage: storage, ApplyImmediately: true });
}

test("apply PLAN applies the saved plan when nothing moved, whatever the file is called", () =>
  withEmulator({ seed: 7, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "rdsctl.yaml", spec("saved-db", 20));
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
    writeSpec(dir, "rdsctl.yaml", spec("saved-db", 30));
    const planFile = join(dir, "reviewed.yaml");
    const planned = await runCli(["plan", file, "--out", planFile, ...url]);
    assert.equal(planned.code, 0, planned.stderr);
    assert.match(planned.stdout, /AllocatedStorage: 20 -> 30/);
    assert.match(planned.stderr, /Saved the plan to .*reviewed\.yaml/);
    const saved = JSON.parse(readFileSync(planFile, "utf8")) as Record<string, unknown>;
    assert.equal(saved.format, "rdsctl-saved-plan");
    assert.equal(saved.formatVersion, 1);
    assert.equal(typeof saved.rdsctlVersion, "string");
    assert.deepEqual(saved.regions, ["us-east-1"]);
    // The spec may change after planning: the saved plan is what is applied.
    writeSpec(dir, "rdsctl.yaml", spec("saved-db", 50));

    const applied = await runCli(["apply", planFile, "--yes", "--json", ...url]);
    assert.equal(applied.code, 0, applied.stderr);
    const doc = readApplyNdjson(applied.stdout).document;
    assert.equal(doc.error, null);
    assert.equal(doc.result.instances[0].outcome, "modified");
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    assert.equal((await api.describeInstance("saved-db"))?.AllocatedStorage, 30);
  }));

test("apply PLAN refuses, naming the instance and the field, when live state moved after the plan", () =>
  withEmulator({ seed: 8, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const two = `${spec("moved-db", 20).split("wait:")[0]}${spec("other-db", 20).split("instances:\n")[1]}`;
    const file = writeSpec(dir, "rdsctl.yaml", two);
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
    writeSpec(dir, "rdsctl.yaml", two.replaceAll("AllocatedStorage: 20", "AllocatedStorage: 40"));
    const planFile = join(dir, "ci.plan");
    assert.equal((await runCli(["plan", file, "--out", planFile, ...url])).code, 0);

    // Someone changes one instance between the review and the apply.
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    await api.modifyInstance({
      DBInstanceIdentifier: "moved-db",
      AllocatedStorage: 25,
      ApplyImmediately: true,
    });
    await api.describeInstance("moved-db");
    emulator.clearRequestLog();

    const refused = await runCli(["apply", planFile, "--yes", ...url]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refusing to apply the saved plan/);
    assert.match(refused.stderr, /moved-db: AllocatedStorage: 20 when planned, 25 now/);
    assert.doesNotMatch(refused.stderr, /other-db:/);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(sent, [], "nothing is sent to any instance, the unmoved one included");
    assert.equal((await api.describeInstance("other-db"))?.AllocatedStorage, 20);

    const json = await runCli(["apply", planFile, "--yes", "--json", ...url]);
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.error.code, "PLAN_STALE");
    assert.equal(doc.formatVersion, 1);
  }));

test("a saved plan never holds a secret; one that would send a plaintext password is refused", () =>
  withEmulator({ seed: 9, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const literal = "Literal-pw-9876543";
    const tde = "Tde-store-pw-4567";
    const fromEnv = "Env-pw-1234567";
    const fromFile = "File-pw-7654321";
    writeFileSync(join(dir, "pw.txt"), fromFile);
    const base = (id: string, password: string) =>
      instanceSpec(id, { ManageMasterUserPassword: undefined, MasterUserPassword: password })
        .split("instances:\n")[1]
        ?.split("wait:")[0] ?? "";
    const existing = `${base("literal-db", literal)}${base("tde-db", literal)}`;
    // First the instances whose passwords are written in the spec are created.
    const specs = join(dir, "specs");
    const first = writeSpec(
      dir,
      "first.yaml",
      `region: us-east-1\ninstances:\n${existing}${FAST_WAIT}`,
    );
    const created = await runCli(["apply", first, "--yes", ...url]);
    assert.equal(created.code, 0, created.stderr);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(specs);
    writeSpec(
      specs,
      "a.yaml",
      `region: us-east-1\ninstances:\n${existing.replace(
        "  - DBInstanceIdentifier: tde-db\n",
        `  - DBInstanceIdentifier: tde-db\n    TdeCredentialPassword: ${tde}\n`,
      )}`,
    );
    writeSpec(
      specs,
      "b.yaml",
      `region: us-east-1\ninstances:\n${base("env-db", "{ env: SAVED_PLAN_PW }")}${base("file-db", `{ file: ${join(dir, "pw.txt")} }`)}`,
    );
    const env = { SAVED_PLAN_PW: fromEnv };
    const planFile = join(dir, "plan.json");
    const planned = await runCli(["plan", specs, "--out", planFile, ...url], { env });
    assert.equal(planned.code, 0, planned.stderr);
    assert.match(planned.stdout, /2 to create/);
    const text = readFileSync(planFile, "utf8");
    for (const secret of [literal, tde, fromEnv, fromFile]) {
      assert.equal(text.includes(secret), false, "a secret value is in the saved plan");
    }
    // Both plaintext passwords and the TDE password are withheld, by field.
    assert.equal(text.match(/"withheld": true/g)?.length, 3);
    assert.match(text, /"TdeCredentialPassword": \{\s*"withheld": true\s*\}/);
    assert.match(text, /"name": "SAVED_PLAN_PW"/);

    const applied = await runCli(["apply", planFile, "--yes", ...url], { env });
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /2 created/);
    for (const secret of [literal, tde, fromEnv, fromFile]) {
      assert.equal(applied.stdout.includes(secret) || applied.stderr.includes(secret), false);
    }

    // A plan that would send the plaintext password (a create) cannot be saved.
    const fresh = writeSpec(
      dir,
      "fresh.yaml",
      `region: us-east-1\ninstances:\n${base("new-literal-db", literal)}${FAST_WAIT}`,
    );
    const out = join(dir, "refused.plan");
    const refused = await runCli(["plan", fresh, "--out", out, ...url]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /new-literal-db \(MasterUserPassword\)/);
    assert.equal(refused.stderr.includes(literal), false);
    assert.throws(() => readFileSync(out), /ENOENT/);
  }));

test("a saved plan is applied on its own: with spec files, --target or --rotate-password it is refused", () =>
  withEmulator({ seed: 10, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "rdsctl.yaml", spec("alone-db", 20));
    const planFile = join(dir, "alone.plan");
    assert.equal((await runCli(["plan", file, "--out", planFile, ...url])).code, 0);
    const withFile = await runCli(["apply", planFile, file, "--yes", ...url]);
    assert.equal(withFile.code, 1);
    assert.match(withFile.stderr, /is a saved plan: it is applied on its own/);
    const withTarget = await runCli(["apply", planFile, "--target", "alone-db", "--yes", ...url]);
    assert.match(withTarget.stderr, /--target cannot be used with a saved plan/);
    const asSpec = await runCli(["plan", planFile, ...url]);
    assert.equal(asSpec.code, 1);
    assert.match(asSpec.stderr, /is a saved plan, not a spec: apply it with rdsctl apply/);
    assert.deepEqual(
      emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action)),
      [],
    );
  }));

test("apply PLAN against another endpoint than the plan's says so in one line, before any call", () =>
  withEmulator({ seed: 11, timeScale: 0 }, async (first) =>
    withEmulator({ seed: 12, timeScale: 0 }, async (second) => {
      const dir = tempDir();
      const file = writeSpec(dir, "rdsctl.yaml", spec("elsewhere-db", 20));
      const planFile = join(dir, "plan.json");
      const planned = await runCli(["plan", file, "--out", planFile, "--endpoint-url", first.url]);
      assert.equal(planned.code, 0, planned.stderr);
      assert.equal(JSON.parse(readFileSync(planFile, "utf8")).connection.endpointUrl, first.url);
      second.clearRequestLog();
      const applied = await runCli(["apply", planFile, "--yes", "--endpoint-url", second.url]);
      assert.equal(applied.code, 1, applied.stderr);
      assert.equal(applied.stderr.trim().split("\n").length, 1, `one line: ${applied.stderr}`);
      assert.match(
        applied.stderr,
        new RegExp(
          `^rdsctl: the saved plan was made with endpointUrl ${first.url}, and this run asks for ${second.url}`,
        ),
      );
      assert.doesNotMatch(applied.stderr, /planned from/);
      assert.deepEqual(
        second.requestLog().map((e) => e.action),
        [],
      );
    }),
  ));
