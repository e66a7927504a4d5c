import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeEngineDefaultParametersCommand, RDSClient } from "@aws-sdk/client-rds";
import { createRdsApi } from "../src/aws/client.js";
import { type EmulatorHandle, startEmulator } from "../src/emulator/index.js";
import { loadSpec } from "../src/spec/load.js";
import { applySpec } from "../src/workflow.js";
import { checkExit, spawnCli, TargetReport } from "./_cli.js";

/**
 * The group kinds at scale.
 *
 * 1. A plan with nothing to do of 1,000 instances and 100 parameter groups of
 *    50 parameters each (ten instances on each group): its calls, against
 *    ceil(1000/100) DescribeDBInstances, one DescribeDBParameterGroups
 *    listing, one DescribeDBParameters per group and the STS call, and its
 *    wall time.
 * 2. 100 instances on one group, a static parameter changed with
 *    `policy.rebootWhenNeeded` and `maxParallelDowntime: 10`: every instance
 *    rebooted once, never more than 10 at a time, and the rolling reboots'
 *    span against their critical path (ceil(100/10) reboots in a row).
 */

const INSTANCES = 1000;
const GROUPS = 100;
const PARAMETERS = 50;
const REBOOT_INSTANCES = 100;
const REBOOT_LIMIT = 10;
/**
 * The emulator's reboot lasts 2 s at this scale; waits poll every 0.1 s to
 * 0.2 s, so the rolling reboots may exceed their critical path by a poll per
 * round at most (10 x 0.2 s of 20 s: the 1.1x target, plus call latency).
 */
const TIME_SCALE = 1;
const SPAN_BUDGET = 1.25;
const REBOOT_MS = 2000 * TIME_SCALE;

const targets = new TargetReport([46, 10, 14]);
const report = targets.line;

const CREDENTIALS = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" };

/** 50 dynamic integer parameters of postgres16 with a range, each set to its minimum plus one. */
async function chooseParameters(url: string): Promise<Array<[string, string]>> {
  const client = new RDSClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS });
  const chosen: Array<[string, string]> = [];
  let marker: string | undefined;
  try {
    do {
      const page = await client.send(
        new DescribeEngineDefaultParametersCommand({
          DBParameterGroupFamily: "postgres16",
          MaxRecords: 100,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      for (const p of page.EngineDefaults?.Parameters ?? []) {
        const range = /^(\d+)-(\d+)$/.exec(p.AllowedValues ?? "");
        if (p.IsModifiable !== true || p.ApplyType !== "dynamic" || p.DataType !== "integer")
          continue;
        if (range === null || p.ParameterName === undefined) continue;
        if (Number(range[2]) <= Number(range[1])) continue;
        chosen.push([p.ParameterName, String(Number(range[1]) + 1)]);
      }
      marker = page.EngineDefaults?.Marker;
    } while (marker !== undefined && chosen.length < PARAMETERS);
  } finally {
    client.destroy();
  }
  if (chosen.length < PARAMETERS) {
    throw new Error(`the catalogue has only ${chosen.length} dynamic integer parameters`);
  }
  return chosen.slice(0, PARAMETERS);
}

function instanceItem(id: string, group: string): string {
  return (
    `  - DBInstanceIdentifier: ${id}\n    Engine: postgres\n    EngineVersion: "16"\n` +
    "    DBInstanceClass: db.t4g.micro\n    AllocatedStorage: 20\n    MasterUsername: app\n" +
    "    MasterUserPassword: { env: RDSCTL_BENCH_KINDS_PW }\n" +
    `    DBParameterGroupName: ${group}\n`
  );
}

function groupItem(name: string, parameters: ReadonlyArray<[string, string]>): string {
  const lines = parameters.map(([n, v]) => `      ${n}: "${v}"\n`).join("");
  return (
    `  - DBParameterGroupName: ${name}\n    DBParameterGroupFamily: postgres16\n` +
    `    Description: bench\n    Parameters:\n${lines}`
  );
}

async function waitAvailable(url: string, ids: string[]): Promise<void> {
  const api = createRdsApi({ endpointUrl: url, region: "us-east-1" });
  for (let round = 0; ; round++) {
    const described = await api.describeInstances(ids);
    const ready = described.every(
      (db) =>
        db.DBInstanceStatus === "available" &&
        (db.DBParameterGroups ?? []).every((g) => g.ParameterApplyStatus === "in-sync"),
    );
    if (described.length === ids.length && ready) return;
    if (round === 200) throw new Error("the seeded instances did not become available");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tally(emulator: EmulatorHandle): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of emulator.requestLog()) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  return counts;
}

async function noopPlan(dir: string): Promise<void> {
  const emulator = await startEmulator({ port: 0, timeScale: 0, seed: 1 });
  try {
    const parameters = await chooseParameters(emulator.url);
    const groups = Array.from(
      { length: GROUPS },
      (_, i) => `bench-pg-${String(i).padStart(3, "0")}`,
    );
    const ids = Array.from(
      { length: INSTANCES },
      (_, i) => `kinds-db-${String(i).padStart(4, "0")}`,
    );
    const file = join(dir, "fleet.yaml");
    writeFileSync(
      file,
      `region: us-east-1\nparameterGroups:\n${groups.map((g) => groupItem(g, parameters)).join("")}` +
        `instances:\n${ids.map((id, i) => instanceItem(id, groups[i % GROUPS] ?? "")).join("")}`,
    );
    const conn = { endpointUrl: emulator.url, region: "us-east-1" };
    await applySpec(await loadSpec([file]), conn, { wait: false, concurrency: 16 });
    await waitAvailable(emulator.url, ids);
    console.log(
      `seeded ${INSTANCES} instances on ${GROUPS} parameter groups of ${PARAMETERS} parameters each`,
    );

    emulator.clearRequestLog();
    const plan = await spawnCli(
      ["plan", file, "--detailed-exitcode", "--endpoint-url", emulator.url],
      { env: { RDSCTL_BENCH_KINDS_PW: "Bench-kinds-pw-1234" } },
    );
    checkExit(plan, "rdsctl plan with nothing to do");
    if (!/^No changes\./m.test(plan.stdout)) {
      throw new Error(`expected No changes, got:\n${plan.stdout.slice(0, 2000)}`);
    }
    const counts = tally(emulator);
    console.log(
      `\nrdsctl plan fleet.yaml: the calls of a no-op plan of ${INSTANCES.toLocaleString("en-US")} instances and ${GROUPS} groups`,
    );
    for (const [action, n] of [...counts].sort()) console.log(`  ${action}: ${n}`);
    const expected = new Map([
      ["DescribeDBInstances", Math.ceil(INSTANCES / 100)],
      ["DescribeDBParameterGroups", 1],
      ["DescribeDBParameters", GROUPS],
      ["GetCallerIdentity", 1],
    ]);
    console.log("");
    for (const [action, want] of expected) {
      const got = counts.get(action) ?? 0;
      report(`  ${action}`, String(got), String(want), got === want);
    }
    const others = [...counts].filter(([a]) => !expected.has(a));
    report(
      "  any other call",
      String(others.reduce((n, [, c]) => n + c, 0)),
      "0",
      others.length === 0,
    );
    report("  wall time of the plan", `${Math.round(plan.ms)} ms`, "(figure)", true);
  } finally {
    await emulator.close();
  }
}

/** The most reboots in progress at once, each lasting REBOOT_MS from its call on the emulator's clock. */
function mostAtOnce(starts: readonly number[]): number {
  let most = 0;
  for (const t of starts) {
    const during = starts.filter((s) => s <= t && t < s + REBOOT_MS).length;
    most = Math.max(most, during);
  }
  return most;
}

async function rollingReboots(dir: string): Promise<void> {
  const emulator = await startEmulator({ port: 0, timeScale: TIME_SCALE, seed: 2 });
  try {
    const ids = Array.from(
      { length: REBOOT_INSTANCES },
      (_, i) => `reboot-db-${String(i).padStart(3, "0")}`,
    );
    const specOf = (sharedBuffers: string) =>
      "region: us-east-1\npolicy:\n  rebootWhenNeeded: true\n" +
      `  maxParallelDowntime: ${REBOOT_LIMIT}\nwait:\n  delaySeconds: 0.1\n  maxDelaySeconds: 0.2\n` +
      `parameterGroups:\n${groupItem("bench-reboot", [["shared_buffers", sharedBuffers]])}` +
      `instances:\n${ids.map((id) => instanceItem(id, "bench-reboot")).join("")}`;
    const file = join(dir, "reboot.yaml");
    writeFileSync(file, specOf("16384"));
    const conn = { endpointUrl: emulator.url, region: "us-east-1" };
    await applySpec(await loadSpec([file]), conn, { wait: false, concurrency: 16 });
    await waitAvailable(emulator.url, ids);
    console.log(`\nseeded ${REBOOT_INSTANCES} instances on one parameter group`);

    writeFileSync(file, specOf("32768"));
    emulator.clearRequestLog();
    const apply = await spawnCli(["apply", file, "--yes", "--endpoint-url", emulator.url], {
      env: { RDSCTL_BENCH_KINDS_PW: "Bench-kinds-pw-1234" },
    });
    checkExit(apply, "rdsctl apply of a static change with rebootWhenNeeded");
    const log = emulator.requestLog();
    const reboots = log.filter((e) => e.action === "RebootDBInstance");
    const perInstance = new Map<string, number>();
    for (const r of reboots) perInstance.set(r.id ?? "", (perInstance.get(r.id ?? "") ?? 0) + 1);
    const starts = reboots.map((r) => Date.parse(r.time)).sort((a, b) => a - b);
    const span = (starts.at(-1) ?? 0) + REBOOT_MS - (starts[0] ?? 0);
    const critical = Math.ceil(REBOOT_INSTANCES / REBOOT_LIMIT) * REBOOT_MS;
    const modifies = log.filter((e) => e.action === "ModifyDBParameterGroup").length;
    console.log(
      `\nrdsctl apply reboot.yaml: shared_buffers changed (static) on a group of ${REBOOT_INSTANCES} instances, rebootWhenNeeded, maxParallelDowntime ${REBOOT_LIMIT}; a reboot lasts ${REBOOT_MS} ms\n`,
    );
    report("  ModifyDBParameterGroup", String(modifies), "1", modifies === 1);
    report(
      "  instances rebooted exactly once",
      String([...perInstance.values()].filter((n) => n === 1).length),
      String(REBOOT_INSTANCES),
      perInstance.size === REBOOT_INSTANCES && [...perInstance.values()].every((n) => n === 1),
    );
    const most = mostAtOnce(starts);
    report("  most reboots at once", String(most), `<= ${REBOOT_LIMIT}`, most <= REBOOT_LIMIT);
    report("  critical path of the reboots", `${critical} ms`, "(figure)", true);
    report(
      "  span of the rolling reboots",
      `${Math.round(span)} ms`,
      `<= ${SPAN_BUDGET}x path`,
      span <= SPAN_BUDGET * critical,
    );
    report("  span / critical path", `${(span / critical).toFixed(2)}x`, "(figure)", true);
    report("  wall time of the apply", `${Math.round(apply.ms)} ms`, "(figure)", true);
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.RDSCTL_BENCH_KINDS_PW = "Bench-kinds-pw-1234";
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-bench-kinds-"));
  await noopPlan(dir);
  await rollingReboots(dir);
  targets.finish();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
