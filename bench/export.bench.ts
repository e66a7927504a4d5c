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
import { checkExit, median, spawnCli, TargetReport, type Timed } from "./_cli.js";

const INSTANCES = 1000;

function runCli(args: string[]): Promise<Timed> {
  return spawnCli(args);
}

const targets = new TargetReport([44, 12, 12]);
const report = targets.line;

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
      checkExit(exp, "rdsctl export of 1,000 instances");
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
    checkExit(plan, "rdsctl plan of the exported file");
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
  if (targets.missed > 0) {
    console.log(`\n${targets.missed} target(s) missed`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
