import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, hostname, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRdsApi } from "../src/aws/client.js";
import { type EmulatorHandle, startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { repoRoot } from "../test/helpers/repo-root.js";
import { checkExit, median, spawnCli, spawnNode, type Timed } from "./_cli.js";

/**
 * The budget benchmark: each figure beside its floor (bench/floors/, a plain
 * script doing only the part any program doing the same job must do), both
 * measured in the same run with their runs interleaved (floor, figure, figure,
 * floor, ...) so the machine's load falls on both alike. The ratio of their
 * medians is held to a budget; the run exits 1 when one is over. See
 * docs/benchmarks.md for each floor.
 */

const ROOT = repoRoot();
const FLOORS = join(ROOT, "bench", "floors");
const FLEET = 10_000;
const SMALL_ROUNDS = 7;
const LARGE_ROUNDS = 3;

interface Sample {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

type Runner = () => Promise<Sample>;

/** Writes the process's CPU time and peak RSS where RDSCTL_BENCH_USAGE_FILE says, at exit. */
const USAGE_PRELOAD = `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.RDSCTL_BENCH_USAGE_FILE, JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, maxRssKb: u.maxRSS }));
});
`;

let work = "";
let preload = "";
let counter = 0;

/**
 * Runs `node ARGS` (the CLI when `cli`), checking its exit code. With `usage`,
 * a preload records its CPU time and peak RSS (it costs both sides of a pair
 * the same); without, only the wall time is known.
 */
async function sample(
  what: string,
  args: string[],
  opts: { cli?: boolean; usage?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Sample> {
  const usageFile = join(work, `usage-${counter++}.json`);
  const nodeArgs = opts.usage ? ["--import", preload] : [];
  const env = { ...opts.env, RDSCTL_BENCH_USAGE_FILE: usageFile };
  const spawnOpts = { env, ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) };
  const run: Timed = opts.cli
    ? await spawnCli(args, { nodeArgs, ...spawnOpts })
    : await spawnNode([...nodeArgs, ...args], spawnOpts);
  checkExit(run, what);
  if (opts.cli && args[0] === "plan" && !run.stdout.startsWith("No changes.")) {
    throw new Error(`${what}: expected No changes, got:\n${run.stdout.slice(0, 2000)}`);
  }
  if (!opts.usage) return { ms: run.ms, cpuMs: Number.NaN, rssMb: Number.NaN };
  const u = JSON.parse(readFileSync(usageFile, "utf8")) as { cpuUs: number; maxRssKb: number };
  return { ms: run.ms, cpuMs: u.cpuUs / 1000, rssMb: u.maxRssKb / 1024 };
}

/** Alternates the order each round (floor first, then figure first) so drift hits both. */
async function interleave(
  rounds: number,
  figure: Runner,
  floor: Runner,
): Promise<{ figure: Sample[]; floor: Sample[] }> {
  const out = { figure: [] as Sample[], floor: [] as Sample[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.floor.push(await floor());
      out.figure.push(await figure());
    } else {
      out.figure.push(await figure());
      out.floor.push(await floor());
    }
  }
  return out;
}

let over = 0;

function row(
  label: string,
  unit: "ms" | "MB",
  figure: number[],
  floor: number[],
  budget: number,
): void {
  const fig = median(figure);
  const flo = median(floor);
  const ratio = fig / flo;
  const ok = ratio <= budget;
  if (!ok) over += 1;
  const fmt = (v: number) => `${Math.round(v).toLocaleString("en-US")} ${unit}`;
  console.log(
    `${label.padEnd(44)} ${fmt(fig).padStart(10)} ${fmt(flo).padStart(10)} ${ratio.toFixed(2).padStart(6)}x ${`${budget}x`.padStart(6)}  ${ok ? "ok" : "OVER"}`,
  );
}

function environment(when: string): void {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(
    `${when}: ${new Date().toISOString()}; machine ${hostname()}, ${cpus().length} cores`,
  );
  console.log(
    `node ${process.version}; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? "set" : "not set"}; load average ${load}`,
  );
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

/** Creates the fleet through the library and describes until every instance is available. */
async function seed(emulator: EmulatorHandle, ids: string[], file: string): Promise<void> {
  const started = performance.now();
  const target = { endpointUrl: emulator.url, region: "us-east-1" };
  await applySpec(await loadSpec([file]), target, { wait: false, concurrency: 32 });
  const api = createRdsApi(target);
  for (let round = 0; ; round++) {
    const described = await api.describeInstances(ids);
    if (described.every((db) => db.DBInstanceStatus === "available")) break;
    if (round === 20) throw new Error("the seeded instances did not become available");
  }
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`seeded ${ids.length.toLocaleString("en-US")} instances in the emulator in ${s} s`);
}

/** Figure runs of `plan` must make ceil(N/100) describes and one STS call, and nothing else. */
function countingPlan(emulator: EmulatorHandle, n: number, runner: Runner): Runner {
  return async () => {
    emulator.clearRequestLog();
    const s = await runner();
    const log = emulator.requestLog();
    const describes = log.filter((e) => e.action === "DescribeDBInstances").length;
    const sts = log.filter((e) => e.action === "GetCallerIdentity").length;
    if (describes !== Math.ceil(n / 100) || sts !== 1 || log.length !== describes + sts) {
      throw new Error(
        `plan of ${n}: ${describes} describes, ${sts} STS calls, ${log.length} calls in all`,
      );
    }
    return s;
  };
}

async function startupRows(oneSpec: string): Promise<void> {
  const empty: Runner = () => sample("node -e ''", ["-e", ""]);
  const version = await interleave(
    SMALL_ROUNDS,
    () => sample("rdsctl --version", ["--version"], { cli: true }),
    empty,
  );
  row("rdsctl --version", "ms", ms(version.figure), ms(version.floor), 1.3);
  const help = await interleave(
    SMALL_ROUNDS,
    () => sample("rdsctl help", ["help"], { cli: true }),
    empty,
  );
  row("rdsctl help", "ms", ms(help.figure), ms(help.floor), 1.3);
  const validate = await interleave(
    SMALL_ROUNDS,
    () => sample("rdsctl validate", ["validate", oneSpec], { cli: true }),
    () => sample("floor validate", [join(FLOORS, "validate.cjs"), oneSpec]),
  );
  row("rdsctl validate, one instance", "ms", ms(validate.figure), ms(validate.floor), 1.5);
}

const ms = (s: Sample[]) => s.map((x) => x.ms);

async function planRows(emulator: EmulatorHandle, specs: Map<number, string>): Promise<void> {
  const url = emulator.url;
  const planOf = (n: number, usage: boolean): Runner =>
    countingPlan(emulator, n, () =>
      sample(`rdsctl plan of ${n}`, ["plan", specs.get(n) ?? "", "--endpoint-url", url], {
        cli: true,
        usage,
      }),
    );
  const fleetFloor =
    (n: number): Runner =>
    () =>
      sample(`floor plan of ${n}`, [join(FLOORS, "plan-fleet.cjs"), url, specs.get(n) ?? ""], {
        usage: true,
      });
  const one = await interleave(SMALL_ROUNDS, planOf(1, false), () =>
    sample("floor plan of 1", [join(FLOORS, "plan-one.cjs"), url, "bench-db-00000"]),
  );
  row("rdsctl plan, one matching instance", "ms", ms(one.figure), ms(one.floor), 1.5);
  const five = await interleave(LARGE_ROUNDS, planOf(5000, true), fleetFloor(5000));
  row("rdsctl plan, 5,000 matching: time", "ms", ms(five.figure), ms(five.floor), 1.5);
  const rss = (s: Sample[]) => s.map((x) => x.rssMb);
  row("rdsctl plan, 5,000 matching: peak RSS", "MB", rss(five.figure), rss(five.floor), 1.3);
  const ten = await interleave(LARGE_ROUNDS, planOf(10_000, false), () =>
    sample("floor plan of 10000", [join(FLOORS, "plan-fleet.cjs"), url, specs.get(10_000) ?? ""]),
  );
  row("rdsctl plan, 10,000 matching: time", "ms", ms(ten.figure), ms(ten.floor), 1.5);
}

/** The first `apply --local` of the quickstart, each run in a directory of its own. */
async function localApplyRow(): Promise<void> {
  const quickstart = join(ROOT, "examples", "quickstart.yaml");
  const fresh = (): string => {
    const dir = join(work, `fresh-${counter++}`);
    mkdirSync(dir);
    copyFileSync(quickstart, join(dir, "quickstart.yaml"));
    return dir;
  };
  // In-process, as the floor is (a background emulator would outlive the sample);
  // the quickstart takes its password from the environment.
  const env = {
    RDSCTL_LOCAL_TIME_SCALE: "0",
    RDSCTL_LOCAL_MODE: "in-process",
    QUICKSTART_DB_PASSWORD: "bench-password",
  };
  const pair = await interleave(
    LARGE_ROUNDS,
    () =>
      sample("rdsctl apply --local", ["apply", "quickstart.yaml", "--local", "--yes"], {
        cli: true,
        usage: true,
        cwd: fresh(),
        env,
      }),
    () =>
      sample("floor local create", [join(FLOORS, "local-create.mjs"), ROOT], {
        usage: true,
        cwd: fresh(),
      }),
  );
  const cpu = (s: Sample[]) => s.map((x) => x.cpuMs);
  row("first apply --local (quickstart): CPU", "ms", cpu(pair.figure), cpu(pair.floor), 2);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  work = mkdtempSync(join(tmpdir(), "rdsctl-budget-"));
  preload = join(work, "usage-preload.mjs");
  writeFileSync(preload, USAGE_PRELOAD);
  environment("start");
  const ids = Array.from({ length: FLEET }, (_, i) => `bench-db-${String(i).padStart(5, "0")}`);
  const specs = new Map<number, string>();
  for (const n of [1, 5000, FLEET]) {
    const file = join(work, `spec-${n}.yaml`);
    writeFileSync(file, specText(ids.slice(0, n)));
    specs.set(n, file);
  }
  // 10,000 instances of 20 GiB are over the emulator's default storage quota.
  const emulator = await startEmulator({
    port: 0,
    timeScale: 0,
    seed: 1,
    storageQuotaGiB: 1_000_000,
  });
  try {
    await seed(emulator, ids, specs.get(FLEET) ?? "");
    console.log(
      `\nmedians; runs of each figure interleaved with its floor's (${SMALL_ROUNDS} or ${LARGE_ROUNDS} of each)`,
    );
    console.log(
      `${"figure".padEnd(44)} ${"figure".padStart(10)} ${"floor".padStart(10)} ${"ratio".padStart(7)} ${"budget".padStart(6)}`,
    );
    await startupRows(specs.get(1) ?? "");
    await planRows(emulator, specs);
  } finally {
    await emulator.close();
  }
  await localApplyRow();
  environment("\nend");
  console.log(over === 0 ? "\nevery budget met" : `\n${over} budget(s) over`);
  if (over > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error((err instanceof Error ? (err.stack ?? err.message) : String(err)).slice(0, 3000));
  process.exitCode = 1;
});
