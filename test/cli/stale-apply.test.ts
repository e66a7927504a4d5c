import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import { run } from "../../src/cli/commands/apply.js";
import type { CommandContext } from "../../src/cli/context.js";
import { reportError } from "../../src/cli/report-error.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  instanceSpec,
  isolatedEnv,
  repoRoot,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

// As the entry point does: the SDK's Node-support notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A spec of two instances, each with the given BackupRetentionPeriod. */
function twoInstances(retention: number): string {
  const one = (id: string) =>
    instanceSpec(id, { BackupRetentionPeriod: retention, ApplyImmediately: true });
  const [head, first] = one("moved-db").split("instances:\n");
  const second = one("still-db").split("instances:\n")[1] ?? "";
  const instances = (text: string | undefined) => (text ?? "").split("wait:")[0];
  return `${head}instances:\n${instances(first)}${instances(second)}wait:${second.split("wait:")[1]}`;
}

/** A context on a terminal whose answer the test types when it chooses. */
function terminalContext(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  const ctx: CommandContext = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    color: false,
    errColor: false,
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: isolatedEnv(),
    cwd,
    addSecret: () => {},
    stdin,
    onSignal: () => () => {},
  };
  return { ctx, out, err, stdin };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("apply refuses an instance changed between the plan shown and the yes, and applies the others", () =>
  withEmulator({ seed: 4, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "rdsctl.yaml", twoInstances(1));
    const created = await runCli(["apply", file, "--yes", ...url]);
    assert.equal(created.code, 0, created.stderr);
    writeSpec(dir, "rdsctl.yaml", twoInstances(5));

    const { ctx, out, err, stdin } = terminalContext(dir);
    const running = run([file, "--json", "--no-wait", ...url], ctx).then(
      () => 0,
      (thrown: unknown) => reportError(thrown, ctx, false),
    );
    await until(() => err.join("").includes('Type "yes" to go ahead'), "the question");
    // While the person reads the plan, someone else changes a planned field.
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    await api.modifyInstance({
      DBInstanceIdentifier: "moved-db",
      BackupRetentionPeriod: 3,
      ApplyImmediately: true,
    });
    emulator.clearRequestLog();
    stdin.end("yes\n");

    assert.equal(await running, 1);
    const doc = readApplyNdjson(out.join("")).document;
    assert.deepEqual(
      doc.plan.instances.map((i: { action: string }) => i.action),
      ["modify", "modify"],
    );
    assert.equal(doc.error.code, "APPLY_FAILED");
    const [moved, still] = doc.result.instances;
    assert.equal(moved.outcome, "failed");
    assert.deepEqual(moved.calls, []);
    assert.equal(moved.error.code, "PLAN_STALE");
    assert.match(moved.error.message, /^moved-db: .*changed since the plan.*BackupRetentionPeriod/);
    assert.equal(still.outcome, "modified");
    assert.deepEqual(still.calls, ["modify"]);
    assert.match(err.join(""), /rdsctl: apply failed for 1 of 2 instance\(s\)/);
    assert.match(err.join(""), /rdsctl: moved-db: refused: .*BackupRetentionPeriod/);
    const modifies = emulator.requestLog().filter((e) => e.action === "ModifyDBInstance");
    assert.deepEqual(
      modifies.map((e) => e.id),
      ["still-db"],
    );
    assert.equal((await api.describeInstance("moved-db"))?.BackupRetentionPeriod, 3);
  }));

/** Every TypeScript file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

test("the CLI applies through the library's applyPlan, as applySpec does, and through nothing else", () => {
  const root = repoRoot();
  const cli = sources(join(root, "src", "cli"));
  for (const file of cli) {
    const text = readFileSync(file, "utf8");
    // The executor, the per-region runner and client construction belong to the workflow.
    assert.doesNotMatch(text, /apply\/(execute|regions)\.js/, file);
    assert.doesNotMatch(text, /\bcreateRdsApi\b/, file);
  }
  const command = readFileSync(join(root, "src", "cli", "commands", "apply.ts"), "utf8");
  assert.match(command, /\{ planSpec, applyPlan, checkRotations \}\] = await modules/);
  assert.match(
    readFileSync(join(root, "src", "cli", "prefetch.ts"), "utf8"),
    /"\.\.\/workflow\.js"/,
  );
  const workflow = readFileSync(join(root, "src", "workflow.ts"), "utf8");
  assert.match(workflow, /const result = await applyPlan\(bound, applyOptions\);/);
});
