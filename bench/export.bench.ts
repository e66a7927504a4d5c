/**
 * The figures of `rdsctl export` (issue 10), printed next to their targets:
 *   - export of 1,000 live instances: exactly 10 DescribeDBInstances calls
 *     (one per 100) and no other call (tags come in TagList, so no
 *     ListTagsForResource), wall time including process start;
 *   - the exported file planned: "No changes", again 10 describes;
 *   - the pure part (exportSpec + YAML) of 1,000 instances in this process.
 * The fleet is varied: PostgreSQL, MySQL and MariaDB, managed and unmanaged
 * passwords, gp2/gp3/io1 storage, per-instance and shared tags. The emulator
 * runs in this process (time scale 0); the CLI is spawned as a user runs it.
 * Exits non-zero when a target is missed.
 * Run: npm run build && node dist/bench/export.bench.js
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateDBInstanceCommand,
  type CreateDBInstanceCommandInput,
  RDSClient,
} from "@aws-sdk/client-rds";
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { exportSpec, renderExportYaml } from "../src/export/index.js";
import { repoRoot } from "../test/helpers/repo-root.js";

const INSTANCES = 1000;
const cli = join(repoRoot(), "bin", "rdsctl.js");

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

let missed = 0;
function report(label: string, value: string, target: string, ok: boolean): void {
  if (!ok) missed += 1;
  console.log(
    `${label.padEnd(44)} ${value.padStart(12)}   target ${target.padEnd(12)} ${ok ? "ok" : "MISSED"}`,
  );
}

function check(run: Timed, what: string): void {
  if (run.code !== 0) {
    throw new Error(
      `${what} exited ${run.code}:\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`,
    );
  }
}

/** The i-th instance of the varied fleet. */
function fleetInput(i: number): CreateDBInstanceCommandInput {
  const id = `fleet-${String(i).padStart(4, "0")}`;
  const engine = (["postgres", "mysql", "mariadb"] as const)[i % 3]!;
  const version = { postgres: "16", mysql: "8.0", mariadb: "10.11" }[engine];
  const storage =
    i % 4 === 0
      ? { StorageType: "gp2", AllocatedStorage: 50 }
      : i % 4 === 1
        ? { StorageType: "io1", AllocatedStorage: 100, Iops: 1000 }
        : { StorageType: "gp3", AllocatedStorage: 20 + (i % 50) };
  return {
    DBInstanceIdentifier: id,
    Engine: engine,
    EngineVersion: version,
    DBInstanceClass: i % 2 === 0 ? "db.t4g.micro" : "db.m5.large",
    MasterUsername: "app",
    ...(i % 2 === 0
      ? { ManageMasterUserPassword: true }
      : { MasterUserPassword: "Bench-pw-12345" }),
    ...storage,
    BackupRetentionPeriod: 7,
    Tags: [
      { Key: "team", Value: "bench" },
      { Key: "shard", Value: String(i % 10) },
    ],
  };
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-export-bench-"));
  const emulator = await startEmulator({ port: 0, timeScale: 0, seed: 1 });
  const endpoint = ["--endpoint-url", emulator.url, "--region", "us-east-1"];
  const client = new RDSClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
  });
  try {
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    console.log(`machine: ${cpus().length} cores, node ${process.version}, load average ${load}`);
    const seedStart = performance.now();
    for (let i = 0; i < INSTANCES; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, INSTANCES - i) }, (_, k) =>
          client.send(new CreateDBInstanceCommand(fleetInput(i + k))),
        ),
      );
    }
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    for (let round = 0; ; round++) {
      const all = await api.describeAllInstances();
      if (all.length === INSTANCES && all.every((db) => db.DBInstanceStatus === "available")) break;
      if (round === 20) throw new Error("the seeded instances did not become available");
    }
    console.log(`seeded ${INSTANCES} instances in ${Math.round(performance.now() - seedStart)} ms`);

    const live = await api.describeAllInstances();
    const pure: number[] = [];
    let yamlBytes = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      yamlBytes = renderExportYaml(exportSpec(live, { region: "us-east-1" })).length;
      pure.push(performance.now() - started);
    }

    const walls: number[] = [];
    const describes: number[] = [];
    const others: number[] = [];
    const out = join(dir, "exported.yaml");
    for (let run = 0; run < 3; run++) {
      emulator.clearRequestLog();
      const exp = await runCli(["export", "--out", out, "--force", ...endpoint]);
      check(exp, "rdsctl export of 1,000 instances");
      const log = emulator.requestLog();
      const d = log.filter((e) => e.action === "DescribeDBInstances").length;
      describes.push(d);
      others.push(log.length - d);
      walls.push(exp.ms);
    }
    const text = readFileSync(out, "utf8");
    console.log(
      `\nrdsctl export --out FILE (${INSTANCES.toLocaleString("en-US")} instances, 3 runs; ${text.split("\n").length} lines written)`,
    );
    report(
      "  DescribeDBInstances calls per run",
      describes.join(", "),
      "exactly 10",
      describes.every((n) => n === 10),
    );
    report(
      "  other calls (tag reads included)",
      others.join(", "),
      "0",
      others.every((n) => n === 0),
    );
    const wall = median(walls);
    report(
      "  wall time incl. process start (median)",
      `${Math.round(wall)} ms`,
      "< 3000 ms",
      wall < 3000,
    );
    console.log(`  (runs: ${walls.map((w) => Math.round(w)).join(", ")} ms)`);
    report(
      "  exportSpec + YAML in process (median of 5)",
      `${Math.round(median(pure))} ms`,
      "(none)",
      true,
    );
    console.log(`  (${yamlBytes.toLocaleString("en-US")} characters of YAML)`);

    emulator.clearRequestLog();
    const plan = await runCli(["plan", out, "--detailed-exitcode", ...endpoint]);
    check(plan, "rdsctl plan of the exported file");
    const planDescribes = emulator
      .requestLog()
      .filter((e) => e.action === "DescribeDBInstances").length;
    console.log("\nrdsctl plan exported.yaml");
    report(
      "  result",
      plan.stdout.startsWith("No changes.") ? "No changes" : "changes",
      "No changes",
      plan.stdout.startsWith("No changes."),
    );
    report(
      "  DescribeDBInstances calls",
      String(planDescribes),
      "exactly 10",
      planDescribes === 10,
    );
    report("  wall time incl. process start", `${Math.round(plan.ms)} ms`, "(none)", true);
  } finally {
    client.destroy();
    await emulator.close();
  }
  if (missed > 0) {
    console.log(`\n${missed} target(s) missed`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
