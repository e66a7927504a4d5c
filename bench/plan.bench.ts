import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { MUTATING_ACTIONS } from "../test/helpers/mutating-actions.js";
import { checkExit, median, spawnCli, TargetReport, type Timed } from "./_cli.js";

const INSTANCES = 1000;

function runCli(args: string[]): Promise<Timed> {
  return spawnCli(args);
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

const targets = new TargetReport([44, 10, 12]);
const report = targets.line;

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
    const stsCalls: number[] = [];
    for (let run = 0; run < 3; run++) {
      emulator.clearRequestLog();
      const plan = await runCli(["plan", bigSpec, "--detailed-exitcode", ...endpoint]);
      checkExit(plan, "rdsctl plan of 1,000 instances");
      if (!plan.stdout.startsWith("No changes.")) {
        throw new Error(`expected No changes, got:\n${plan.stdout.slice(0, 2000)}`);
      }
      const log = emulator.requestLog();
      const d = log.filter((e) => e.action === "DescribeDBInstances").length;
      // The account is read once per run (STS GetCallerIdentity), before RDS.
      const sts = log.filter((e) => e.action === "GetCallerIdentity").length;
      describes.push(d);
      stsCalls.push(sts);
      others.push(log.length - d - sts);
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
      "< 2000 ms",
      wall < 2000,
    );
    console.log(`  (runs: ${walls.map((w) => Math.round(w)).join(", ")} ms)`);

    emulator.clearRequestLog();
    const apply = await runCli(["apply", bigSpec, "--yes", ...endpoint]);
    checkExit(apply, "rdsctl apply --yes with nothing to change");
    const mutating = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action)).length;
    console.log("\nrdsctl apply spec.yaml --yes (nothing to change)");
    report("  mutating calls", String(mutating), "0", mutating === 0);
    report("  wall time incl. process start", `${Math.round(apply.ms)} ms`, "(none)", true);

    const versions: number[] = [];
    for (let i = 0; i < 9; i++) {
      const run = await runCli(["--version"]);
      checkExit(run, "rdsctl --version");
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
      checkExit(run, "rdsctl plan of one instance");
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
  targets.finish();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
