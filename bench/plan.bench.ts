/**
 * The figures of issue 3, printed next to their targets:
 *   - `rdsctl plan` over 1,000 declared instances that exist and match:
 *     exactly 10 DescribeDBInstances calls, no other call, under 2 s wall time
 *     including process start;
 *   - `rdsctl apply --yes` with nothing to change: zero mutating calls;
 *   - `rdsctl --version` under 150 ms (median);
 *   - `rdsctl plan` of one instance end to end under 600 ms (median).
 * The emulator runs in this process (time scale 0); the CLI is spawned as a
 * user would run it. Exits non-zero when a target is missed.
 * Run: npm run build && node dist/bench/plan.bench.js
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { MUTATING_ACTIONS } from "../test/helpers/mutating-actions.js";
import { repoRoot } from "../test/helpers/repo-root.js";

const INSTANCES = 1000;

const root = repoRoot();
const cli = join(root, "bin", "rdsctl.js");

function benchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "AKIDBENCH",
    AWS_SECRET_ACCESS_KEY: "bench-secret",
    AWS_CONFIG_FILE: "/nonexistent/rdsctl-bench/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/rdsctl-bench/credentials",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    NO_COLOR: "1",
  };
}

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Spawn the CLI without blocking this process's event loop (the emulator answers from it). */
function runCli(args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], {
      env: benchEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function specText(ids: string[]): string {
  const items = ids.map(
    (id) =>
      `  - DBInstanceIdentifier: ${id}\n    Engine: postgres\n    EngineVersion: "16"\n` +
      "    DBInstanceClass: db.t4g.micro\n    AllocatedStorage: 20\n    MasterUsername: app\n" +
      "    ManageMasterUserPassword: true\n    BackupRetentionPeriod: 7\n    Tags:\n      team: bench\n",
  );
  return `region: us-east-1\ninstances:\n${items.join("")}`;
}

let missed = 0;
function report(label: string, value: string, target: string, ok: boolean): void {
  if (!ok) missed += 1;
  console.log(
    `${label.padEnd(44)} ${value.padStart(10)}   target ${target.padEnd(12)} ${ok ? "ok" : "MISSED"}`,
  );
}

function check(run: Timed, what: string): void {
  if (run.code !== 0) {
    throw new Error(
      `${what} exited ${run.code}:\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`,
    );
  }
}

async function main(): Promise<void> {
  // Same as the CLI does for itself: the SDK's notice about future Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-bench-"));
  const ids = Array.from({ length: INSTANCES }, (_, i) => `bench-db-${String(i).padStart(4, "0")}`);
  const bigSpec = join(dir, "spec.yaml");
  const oneSpec = join(dir, "one.yaml");
  writeFileSync(bigSpec, specText(ids));
  writeFileSync(oneSpec, specText(ids.slice(0, 1)));

  const emulator = await startEmulator({ port: 0, timeScale: 0, seed: 1 });
  const endpoint = ["--endpoint-url", emulator.url];
  try {
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    console.log(`machine: ${cpus().length} cores, node ${process.version}, load average ${load}`);
    console.log(
      "emulator: in this process, time scale 0; CLI: spawned as `node bin/rdsctl.js ...`",
    );
    const seedStart = performance.now();
    const spec = await loadSpec([bigSpec]);
    await applySpec(
      spec,
      { endpointUrl: emulator.url, region: "us-east-1" },
      { wait: false, concurrency: 16 },
    );
    console.log(
      `seeded ${INSTANCES} instances through the library in ${Math.round(performance.now() - seedStart)} ms`,
    );
    // Describe until every instance has run through its (zero-length) lifecycle.
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    for (let round = 0; ; round++) {
      const described = await api.describeInstances(ids);
      if (
        described.length === INSTANCES &&
        described.every((db) => db.DBInstanceStatus === "available")
      )
        break;
      if (round === 20) throw new Error("the seeded instances did not become available");
    }
    emulator.clearRequestLog();

    // Three runs, each counted on its own; the wall time reported is their median.
    const walls: number[] = [];
    const describes: number[] = [];
    const others: number[] = [];
    for (let run = 0; run < 3; run++) {
      emulator.clearRequestLog();
      const plan = await runCli(["plan", bigSpec, "--detailed-exitcode", ...endpoint]);
      check(plan, "rdsctl plan of 1,000 instances");
      if (!plan.stdout.startsWith("No changes.")) {
        throw new Error(`expected No changes, got:\n${plan.stdout.slice(0, 2000)}`);
      }
      const log = emulator.requestLog();
      const d = log.filter((e) => e.action === "DescribeDBInstances").length;
      describes.push(d);
      others.push(log.length - d);
      walls.push(plan.ms);
    }
    const wall = median(walls);
    console.log(
      `\nrdsctl plan spec.yaml (${INSTANCES.toLocaleString("en-US")} matching instances, 3 runs)`,
    );
    report(
      "  DescribeDBInstances calls per run",
      describes.join(", "),
      "exactly 10",
      describes.every((n) => n === 10),
    );
    report(
      "  other calls per run",
      others.join(", "),
      "0",
      others.every((n) => n === 0),
    );
    report(
      "  wall time incl. process start (median)",
      `${Math.round(wall)} ms`,
      "< 2000 ms",
      wall < 2000,
    );
    console.log(`  (runs: ${walls.map((w) => Math.round(w)).join(", ")} ms)`);

    emulator.clearRequestLog();
    const apply = await runCli(["apply", bigSpec, "--yes", ...endpoint]);
    check(apply, "rdsctl apply --yes with nothing to change");
    const mutating = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action)).length;
    console.log("\nrdsctl apply spec.yaml --yes (nothing to change)");
    report("  mutating calls", String(mutating), "0", mutating === 0);
    report("  wall time incl. process start", `${Math.round(apply.ms)} ms`, "(none)", true);

    const versions: number[] = [];
    for (let i = 0; i < 9; i++) {
      const run = await runCli(["--version"]);
      check(run, "rdsctl --version");
      versions.push(run.ms);
    }
    console.log("");
    report(
      "rdsctl --version (median of 9)",
      `${Math.round(median(versions))} ms`,
      "< 150 ms",
      median(versions) < 150,
    );

    const singles: number[] = [];
    for (let i = 0; i < 7; i++) {
      const run = await runCli(["plan", oneSpec, ...endpoint]);
      check(run, "rdsctl plan of one instance");
      singles.push(run.ms);
    }
    const single = median(singles);
    report(
      "rdsctl plan, one instance (median of 7)",
      `${Math.round(single)} ms`,
      "< 600 ms",
      single < 600,
    );
  } finally {
    await emulator.close();
  }
  if (missed > 0) {
    console.log(`\n${missed} target(s) missed`);
    process.exitCode = 1;
  } else {
    console.log("\nall targets met");
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
