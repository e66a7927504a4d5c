import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateDBParameterGroupCommand, RDSClient } from "@aws-sdk/client-rds";
import { createRdsApi } from "../src/aws/client.js";
import { startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { checkExit, spawnCli, TargetReport } from "./_cli.js";

/**
 * The calls of a plan with nothing to do, 1,000 instances that name a
 * parameter group, a subnet group and a password from the environment, a
 * tenth of them stopped: only the required reads (DescribeDBInstances, 100
 * ids per call) and the account's STS call, no catalogue read at all.
 */

const INSTANCES = 1000;
const PASSWORD_VAR = "RDSCTL_BENCH_NOOP_PW";

function specText(ids: string[]): string {
  const items = ids.map(
    (id) =>
      `  - DBInstanceIdentifier: ${id}\n    Engine: postgres\n    EngineVersion: "16"\n` +
      "    DBInstanceClass: db.t4g.micro\n    AllocatedStorage: 20\n    MasterUsername: app\n" +
      `    MasterUserPassword: { env: ${PASSWORD_VAR} }\n` +
      "    DBParameterGroupName: bench-params\n    DBSubnetGroupName: default\n" +
      "    BackupRetentionPeriod: 7\n    Tags:\n      team: bench\n",
  );
  return `region: us-east-1\ninstances:\n${items.join("")}`;
}

const targets = new TargetReport([40, 6, 10]);
const report = targets.line;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env[PASSWORD_VAR] = "Bench-noop-pw-1234";
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-bench-"));
  const ids = Array.from({ length: INSTANCES }, (_, i) => `noop-db-${String(i).padStart(4, "0")}`);
  const file = join(dir, "spec.yaml");
  writeFileSync(file, specText(ids));
  const emulator = await startEmulator({ port: 0, timeScale: 0, seed: 1 });
  try {
    const raw = new RDSClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    });
    await raw.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "bench-params",
        DBParameterGroupFamily: "postgres16",
        Description: "bench",
      }),
    );
    raw.destroy();
    const conn = { endpointUrl: emulator.url, region: "us-east-1" };
    await applySpec(await loadSpec([file]), conn, { wait: false, concurrency: 16 });
    const api = createRdsApi(conn);
    for (let round = 0; ; round++) {
      const described = await api.describeInstances(ids);
      if (described.every((db) => db.DBInstanceStatus === "available")) break;
      if (round === 20) throw new Error("the seeded instances did not become available");
    }
    for (const id of ids.filter((_, i) => i % 10 === 0)) emulator.setInstanceStatus(id, "stopped");
    console.log(
      `seeded ${INSTANCES} instances (parameter group, subnet group, { env } password; every tenth stopped)`,
    );

    emulator.clearRequestLog();
    const plan = await spawnCli(
      ["plan", file, "--detailed-exitcode", "--endpoint-url", emulator.url],
      {
        env: { [PASSWORD_VAR]: process.env[PASSWORD_VAR] },
      },
    );
    checkExit(plan, "rdsctl plan with nothing to do");
    // --detailed-exitcode 0 is "nothing to do"; the stopped instances carry a note above it.
    if (!/^No changes\. 1000 instances match the spec\.$/m.test(plan.stdout)) {
      throw new Error(`expected No changes, got:\n${plan.stdout.slice(0, 2000)}`);
    }
    const tally = new Map<string, number>();
    for (const e of emulator.requestLog()) tally.set(e.action, (tally.get(e.action) ?? 0) + 1);
    console.log(
      `\nrdsctl plan spec.yaml: the calls of a no-op plan of ${INSTANCES.toLocaleString("en-US")} instances`,
    );
    for (const [action, n] of [...tally].sort()) console.log(`  ${action}: ${n}`);
    const describes = tally.get("DescribeDBInstances") ?? 0;
    const sts = tally.get("GetCallerIdentity") ?? 0;
    const others = [...tally].filter(
      ([a]) => a !== "DescribeDBInstances" && a !== "GetCallerIdentity",
    );
    console.log("");
    report("  DescribeDBInstances", String(describes), "10", describes === 10);
    report("  GetCallerIdentity", String(sts), "1", sts === 1);
    report(
      "  any other call",
      String(others.reduce((n, [, c]) => n + c, 0)),
      "0",
      others.length === 0,
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
