import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { median, spawnCli, TargetReport, type Timed } from "./_cli.js";

const PLAN_INSTANCES = 5000;
/** The polling delay of the latency runs (spec `wait.delaySeconds` = `maxDelaySeconds`). */
const DELAY_MS = 1000;
const LATENCY_TRIALS = 10;
const LATENCY_INSTANCES_PER_TRIAL = 3;

interface MeasuredRun extends Timed {
  /** Peak resident set of the CLI process, bytes. */
  maxRss: number;
  /** CPU time (user + system) of the CLI process, ms: what the machine's load does not inflate. */
  cpuMs: number;
}

/** Spawn the CLI (without blocking this event loop: the emulator answers from it), recording its peak RSS. */
async function runCli(args: string[], dir: string, preload: string): Promise<MeasuredRun> {
  const rssFile = join(dir, `rss-${process.hrtime.bigint()}`);
  const run = await spawnCli(args, {
    nodeArgs: ["--import", preload],
    env: { RDSCTL_BENCH_RSS_FILE: rssFile },
  });
  const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRSS: number; cpuUs: number };
  // maxRSS is in kilobytes.
  return { ...run, maxRss: usage.maxRSS * 1024, cpuMs: usage.cpuUs / 1000 };
}

const PRELOAD = `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  const file = process.env.RDSCTL_BENCH_RSS_FILE;
  const u = process.resourceUsage();
  if (file) writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
`;

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function specText(ids: string[], extra = "", topLevel = ""): string {
  const items = ids.map(
    (id) =>
      `  - DBInstanceIdentifier: ${id}\n    Engine: postgres\n    EngineVersion: "16"\n` +
      "    DBInstanceClass: db.t4g.micro\n    AllocatedStorage: 20\n    MasterUsername: app\n" +
      `    ManageMasterUserPassword: true\n${extra}    Tags:\n      team: bench\n`,
  );
  return `region: us-east-1\n${topLevel}instances:\n${items.join("")}`;
}

const targets = new TargetReport([48, 14, 14]);
const report = targets.line;

/** plan over 5,000 matching instances: calls, wall time, peak RSS of the CLI. */
async function planFigures(dir: string, preload: string): Promise<void> {
  const ids = Array.from(
    { length: PLAN_INSTANCES },
    (_, i) => `fleet-db-${String(i).padStart(5, "0")}`,
  );
  const file = join(dir, "fleet.yaml");
  writeFileSync(file, specText(ids, "    BackupRetentionPeriod: 7\n"));
  const emulator = await startEmulator({ port: 0, timeScale: 0, seed: 1 });
  try {
    const seedStart = performance.now();
    await applySpec(
      await loadSpec([file]),
      { endpointUrl: emulator.url, region: "us-east-1" },
      { wait: false, concurrency: 32 },
    );
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    for (let round = 0; ; round++) {
      const described = await api.describeInstances(ids);
      if (
        described.length === PLAN_INSTANCES &&
        described.every((db) => db.DBInstanceStatus === "available")
      )
        break;
      if (round === 20) throw new Error("the seeded instances did not become available");
    }
    console.log(
      `seeded ${PLAN_INSTANCES} instances through the library in ${Math.round(performance.now() - seedStart)} ms`,
    );
    const walls: number[] = [];
    const rss: number[] = [];
    const cpu: number[] = [];
    const describes: number[] = [];
    const others: number[] = [];
    const stsCalls: number[] = [];
    for (let run = 0; run < 3; run++) {
      emulator.clearRequestLog();
      const plan = await runCli(
        ["plan", file, "--detailed-exitcode", "--endpoint-url", emulator.url],
        dir,
        preload,
      );
      if (plan.code !== 0 || !plan.stdout.startsWith("No changes.")) {
        throw new Error(
          `rdsctl plan exited ${plan.code}:\n${plan.stdout.slice(0, 2000)}\n${plan.stderr.slice(0, 2000)}`,
        );
      }
      const log = emulator.requestLog();
      const d = log.filter((e) => e.action === "DescribeDBInstances").length;
      // The account is read once per run (STS GetCallerIdentity), before RDS.
      const sts = log.filter((e) => e.action === "GetCallerIdentity").length;
      describes.push(d);
      stsCalls.push(sts);
      others.push(log.length - d - sts);
      walls.push(plan.ms);
      rss.push(plan.maxRss);
      cpu.push(plan.cpuMs);
    }
    const wall = median(walls);
    const peak = Math.max(...rss) / 1024 / 1024;
    console.log(`\nrdsctl plan fleet.yaml (5,000 matching instances, 3 runs; load ${load()})`);
    report(
      "  DescribeDBInstances calls per run",
      describes.join(", "),
      "exactly 50",
      describes.every((n) => n === 50),
    );
    report(
      "  other RDS calls per run",
      others.join(", "),
      "0",
      others.every((n) => n === 0),
    );
    report(
      "  STS GetCallerIdentity per run (the account)",
      stsCalls.join(", "),
      "1",
      stsCalls.every((n) => n === 1),
    );
    report(
      "  wall time incl. process start (median)",
      `${Math.round(wall)} ms`,
      "< 5000 ms",
      wall < 5000,
    );
    console.log(`  (runs: ${walls.map((w) => Math.round(w)).join(", ")} ms)`);
    console.log(
      `  CPU time of the CLI process, user + system (no target; what load does not inflate): ${cpu.map((c) => Math.round(c)).join(", ")} ms`,
    );
    report("  peak RSS of the CLI process (max)", `${peak.toFixed(0)} MB`, "< 300 MB", peak < 300);
    console.log(`  (runs: ${rss.map((r) => (r / 1024 / 1024).toFixed(0)).join(", ")} MB)`);
  } finally {
    await emulator.close();
  }
}

/**
 * From available in the emulator to the `stable` event: trials whose create
 * lasts 2.0 s, 2.1 s, ... of emulator time (real clock), so the moment an
 * instance turns available falls at a different point of the polling period
 * in each. The moment is the instance's InstanceCreateTime (set when it
 * leaves `creating`, which with BackupRetentionPeriod 0 is when it becomes
 * available). RDS events are read as on a terminal, the costlier case.
 */
async function latencyFigures(dir: string): Promise<void> {
  const latencies: number[] = [];
  const seconds = DELAY_MS / 1000;
  const waitBlock = `wait:\n  delaySeconds: ${seconds}\n  maxDelaySeconds: ${seconds}\n  timeoutSeconds: 60\n`;
  for (let trial = 0; trial < LATENCY_TRIALS; trial++) {
    const createMs = 2000 + (trial * DELAY_MS) / LATENCY_TRIALS;
    // Create is `creating` 4 s at time scale 1.
    const emulator = await startEmulator({ port: 0, timeScale: createMs / 4000, seed: trial + 1 });
    try {
      const ids = Array.from(
        { length: LATENCY_INSTANCES_PER_TRIAL },
        (_, i) => `latency-${trial}-${i}`,
      );
      const file = join(dir, `latency-${trial}.yaml`);
      writeFileSync(file, specText(ids, "    BackupRetentionPeriod: 0\n", waitBlock));
      const reportedAt = new Map<string, number>();
      await applySpec(
        await loadSpec([file]),
        { endpointUrl: emulator.url, region: "us-east-1" },
        {
          rdsEvents: true,
          onProgress: (event) => {
            if (event.type === "stable") reportedAt.set(event.id, Date.now());
          },
        },
      );
      const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
      for (const db of await api.describeInstances(ids)) {
        const id = db.DBInstanceIdentifier ?? "";
        const became = db.InstanceCreateTime?.getTime();
        const reported = reportedAt.get(id);
        if (became === undefined || reported === undefined) throw new Error(`${id}: no figure`);
        latencies.push(reported - became);
      }
    } finally {
      await emulator.close();
    }
  }
  const worst = Math.max(...latencies);
  console.log(
    `\nfrom available in the emulator to rdsctl reporting it (${LATENCY_TRIALS} trials x ${LATENCY_INSTANCES_PER_TRIAL} instances, polling delay ${DELAY_MS} ms, RDS events read; load ${load()})`,
  );
  report("  worst", `${Math.round(worst)} ms`, `<= ${DELAY_MS + 100} ms`, worst <= DELAY_MS + 100);
  console.log(
    `  (median ${Math.round(median(latencies))} ms, best ${Math.round(Math.min(...latencies))} ms; worst over the delay: ${Math.round(worst - DELAY_MS)} ms)`,
  );
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-fleet-bench-"));
  const preload = join(dir, "record-rss.mjs");
  writeFileSync(preload, PRELOAD);
  console.log(`machine: ${cpus().length} cores, node ${process.version}, load average ${load()}`);
  const only = process.env.RDSCTL_BENCH_ONLY;
  if (only === undefined || only === "plan") await planFigures(dir, preload);
  if (only === undefined || only === "latency") await latencyFigures(dir);
  console.log(`\nload average at the end: ${load()}`);
  targets.finish();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
