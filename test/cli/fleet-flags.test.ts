import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { run } from "../../src/cli/commands/apply.js";
import type { CommandContext } from "../../src/cli/context.js";
import { reportError } from "../../src/cli/report-error.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import {
  FAST_WAIT,
  isolatedEnv,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

// As the entry point does: the SDK's Node-support notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** One postgres instance as spec YAML lines under `instances:`. */
function item(id: string, extra: Record<string, string | number | boolean> = {}): string {
  const fields: Record<string, string | number | boolean> = {
    DBInstanceIdentifier: id,
    Engine: "postgres",
    EngineVersion: '"16"',
    DBInstanceClass: "db.t4g.micro",
    AllocatedStorage: 20,
    MasterUsername: "app",
    ManageMasterUserPassword: true,
    BackupRetentionPeriod: 7,
    ...extra,
  };
  return Object.entries(fields)
    .map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${v}`)
    .join("\n");
}

/** A replica item: only its own fields. */
function replicaItem(id: string, source: string | undefined, cls = "db.t4g.micro"): string {
  const lines = [`  - DBInstanceIdentifier: ${id}`];
  if (source !== undefined) lines.push(`    SourceDBInstanceIdentifier: ${source}`);
  lines.push(`    DBInstanceClass: ${cls}`);
  return lines.join("\n");
}

function specText(...items: string[]): string {
  return `region: us-east-1\ninstances:\n${items.join("\n")}\n${FAST_WAIT}`;
}

function mutatingLog(log: ReadonlyArray<{ action: string; id?: string }>): string[] {
  return log.filter((e) => MUTATING_ACTIONS.has(e.action)).map((e) => `${e.action} ${e.id}`);
}

/** A context whose stdin is a terminal, with the answer already typed. */
function terminalContext(cwd: string, answer: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  stdin.end(answer);
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
  return { ctx, out, err };
}

describe("apply --promote, --concurrency and --max-parallel-downtime", { concurrency: 2 }, () => {
  test("a live replica without SourceDBInstanceIdentifier: exit 1 with advice, promoted only with --promote, then No changes", () =>
    withEmulator({ seed: 11, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const file = writeSpec(
        dir,
        "rdsctl.yaml",
        specText(item("cli-primary"), replicaItem("cli-replica", "cli-primary")),
      );
      const created = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(created.code, 0, created.stderr);
      assert.deepEqual(mutatingLog(emulator.requestLog()), [
        "CreateDBInstance cli-primary",
        "CreateDBInstanceReadReplica cli-replica",
      ]);

      // The item loses its source (and asks for a larger class): blocked, nothing sent.
      writeSpec(
        dir,
        "rdsctl.yaml",
        specText(
          item("cli-primary"),
          `${replicaItem("cli-replica", undefined, "db.t4g.small")}\n    ApplyImmediately: true`,
        ),
      );
      emulator.clearRequestLog();
      const blocked = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(blocked.code, 1, blocked.stderr);
      assert.match(blocked.stderr, /cli-replica: is a read replica of cli-primary/);
      assert.match(blocked.stderr, /declare SourceDBInstanceIdentifier: cli-primary/);
      assert.match(blocked.stderr, /run apply --promote cli-replica/);
      assert.deepEqual(mutatingLog(emulator.requestLog()), []);

      // Named: promoted, waited for, then the class change.
      const promoted = await runCli([
        "apply",
        file,
        "--yes",
        "--json",
        "--promote",
        "cli-replica",
        ...url,
      ]);
      assert.equal(promoted.code, 0, promoted.stderr);
      const { events, document } = readApplyNdjson(promoted.stdout);
      const replica = document.result.instances.find((i: { id: string }) => i.id === "cli-replica");
      assert.deepEqual(replica.calls, ["promote", "modify"]);
      assert.equal(replica.outcome, "modified");
      assert.deepEqual(mutatingLog(emulator.requestLog()), [
        "PromoteReadReplica cli-replica",
        "ModifyDBInstance cli-replica",
      ]);
      const order = events
        .filter((e) => e.id === "cli-replica" && (e.type === "call" || e.type === "stable"))
        .map((e) => `${e.type}${e.call === undefined ? "" : ` ${e.call}`}`);
      assert.deepEqual(order.slice(0, 3), ["call promote", "stable", "call modify"]);

      emulator.clearRequestLog();
      const again = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /No changes\./);
      assert.deepEqual(mutatingLog(emulator.requestLog()), []);
    }));

  test("--promote of an id the spec does not declare, or declares as a replica: exit 1, nothing read", async () => {
    const dir = tempDir();
    const file = writeSpec(
      dir,
      "rdsctl.yaml",
      specText(item("flag-primary"), replicaItem("flag-replica", "flag-primary")),
    );
    // No endpoint is reachable: the flag is refused before any connection.
    const endpoint = ["--endpoint-url", "http://127.0.0.1:9"];
    const unknown = await runCli(["apply", file, "--yes", "--promote", "nobody", ...endpoint]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, "");
    assert.match(
      unknown.stderr,
      /^rdsctl: --promote: nobody is not declared in the spec; declared: flag-primary, flag-replica$/m,
    );
    const kept = await runCli(["apply", file, "--yes", "--promote", "flag-replica", ...endpoint]);
    assert.equal(kept.code, 1);
    assert.match(
      kept.stderr,
      /--promote: flag-replica declares SourceDBInstanceIdentifier flag-primary, so the spec keeps it a replica/,
    );
    const json = await runCli([
      "apply",
      file,
      "--yes",
      "--json",
      "--promote",
      "nobody",
      ...endpoint,
    ]);
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.error.code, "USAGE");
  });

  test("--concurrency and --max-parallel-downtime take a whole number from 1: anything else is a usage error", async () => {
    const dir = tempDir();
    const file = writeSpec(dir, "rdsctl.yaml", specText(item("n-db")));
    const endpoint = ["--endpoint-url", "http://127.0.0.1:9"];
    for (const flag of ["--concurrency", "--max-parallel-downtime"]) {
      for (const bad of ["0", "-2", "1.5", "many", ""]) {
        const r = await runCli(["apply", file, "--yes", `${flag}=${bad}`, ...endpoint]);
        assert.equal(r.code, 1, `${flag}=${bad}`);
        assert.equal(r.stdout, "");
        assert.match(
          r.stderr,
          new RegExp(
            `^rdsctl: ${flag} must be a whole number from 1 to 1000, got "${bad.replace(".", "\\.")}"`,
            "m",
          ),
        );
      }
    }
    const missing = await runCli(["apply", file, "--yes", "--concurrency"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--concurrency/);
  });

  test("class changes applied now: plan says how many restart now, the question says how many at a time", () =>
    withEmulator({ seed: 12, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const ids = ["roll-a", "roll-b", "roll-c"];
      const file = writeSpec(dir, "rdsctl.yaml", specText(...ids.map((id) => item(id))));
      const created = await runCli(["apply", file, "--yes", "--concurrency", "2", ...url]);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /Apply complete: 3 created/);

      writeSpec(
        dir,
        "rdsctl.yaml",
        specText(
          ...ids.map((id) => item(id, { DBInstanceClass: "db.t4g.small", ApplyImmediately: true })),
        ),
      );
      const plan = await runCli(["plan", file, ...url]);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, /3 to modify \(3 of them restart now\)/);

      emulator.clearRequestLog();
      const { ctx, out, err } = terminalContext(dir, "yes\n");
      const code = await run([file, "--max-parallel-downtime", "2", ...url], ctx).then(
        () => 0,
        (thrown: unknown) => reportError(thrown, ctx, false),
      );
      assert.equal(code, 0, err.join(""));
      const text = out.join("") + err.join("");
      assert.match(
        text,
        /Apply 0 create\(s\) and 3 modification\(s\) \(3 of them restart now, at most 2 at a time\)\? Type "yes" to go ahead: /,
      );
      assert.match(out.join(""), /Apply complete: 0 created, 3 modified/);
      assert.equal(emulator.requestLog().filter((e) => e.action === "ModifyDBInstance").length, 3);
    }));
});
