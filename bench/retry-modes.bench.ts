/**
 * Retry modes under throttling: the same apply (N instances created and
 * waited for) against the emulator with a share of every action throttled,
 * once with the SDK's `standard` retry mode and once with `adaptive`.
 * Reports, per mode and throttle rate: requests the emulator answered,
 * throttles injected, retries the SDK made, instances that failed, duplicate
 * creates, leaked passwords, and wall time. docs/reliability.md quotes it.
 *
 * `npm run bench -- retry-modes`; BENCH_INSTANCES (default 20) and
 * BENCH_THROTTLE (default "0.3,0.7") change the load. Exits non-zero on a
 * duplicate create or a leaked password.
 */

import { startEmulator } from "../src/emulator/index.js";
import { ApplyFailedError } from "../src/errors.js";
import type { DesiredInstance } from "../src/spec/types.js";
import { applySpec } from "../src/workflow.js";

// The SDK's notice about its future Node requirement is noise here, as in the CLI.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 20);
const RATES = (process.env.BENCH_THROTTLE ?? "0.3,0.7").split(",").map(Number);
const MODES = ["standard", "adaptive"] as const;
const PASSWORD = "Bench-retry-pw-4711";

function desired(id: string): DesiredInstance {
  const fields: Record<string, unknown> = {
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    EngineVersion: "16",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: { kind: "literal", value: PASSWORD },
  };
  return {
    id,
    fields,
    applyImmediately: false,
    wait: { delaySeconds: 0.2, maxDelaySeconds: 1, timeoutSeconds: 600 },
    source: { file: "bench.yaml", line: 1, column: 1 },
    fieldSources: {},
    policy: { purgeTags: false, rebootWhenNeeded: false },
  };
}

interface Row {
  mode: string;
  throttle: number;
  requests: number;
  throttles: number;
  retries: number;
  failed: number;
  duplicates: number;
  leaks: number;
  seconds: number;
}

async function once(mode: (typeof MODES)[number], rate: number, seed: number): Promise<Row> {
  const emulator = await startEmulator({
    port: 0,
    seed,
    timeScale: 0,
    faults: `throttle=${rate}`,
  });
  const instances = Array.from({ length: INSTANCES }, (_, i) =>
    desired(`retry-${mode}-${String(i).padStart(3, "0")}`),
  );
  let retries = 0;
  const started = Date.now();
  let result: unknown;
  let failed = 0;
  try {
    const applied = await applySpec(
      { files: ["bench.yaml"], instances, warnings: [] },
      {
        region: "us-east-1",
        endpointUrl: emulator.url,
        retryMode: mode,
        onRetry: () => {
          retries += 1;
        },
      },
    );
    result = applied.result;
  } catch (err) {
    if (!(err instanceof ApplyFailedError)) {
      result = { error: String(err) };
      failed = INSTANCES;
    } else {
      result = err.result;
      failed = err.result.instances.filter((i) => i.outcome === "failed").length;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const log = emulator.requestLog();
  const accepted = new Map<string, number>();
  for (const e of log) {
    if (e.action === "CreateDBInstance" && e.status === 200 && e.id !== undefined)
      accepted.set(e.id, (accepted.get(e.id) ?? 0) + 1);
  }
  const duplicates = [...accepted.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const text = JSON.stringify(result, (_k, v) => (v instanceof Error ? v.message : v));
  const leaks = text.split(PASSWORD).length - 1;
  await emulator.close();
  return {
    mode,
    throttle: rate,
    requests: log.length,
    throttles: log.filter((e) => e.fault === "throttle").length,
    retries,
    failed,
    duplicates,
    leaks,
    seconds,
  };
}

const rows: Row[] = [];
for (const rate of RATES) {
  for (const mode of MODES) rows.push(await once(mode, rate, 42));
}
console.log(
  `${INSTANCES} instances created and waited for per run; every action throttled at the rate shown`,
);
console.log("mode      throttle  requests  throttles  retries  failed  duplicates  leaks  seconds");
for (const r of rows) {
  console.log(
    `${r.mode.padEnd(9)} ${`${Math.round(r.throttle * 100)}%`.padStart(8)}  ${String(r.requests).padStart(8)}  ${String(r.throttles).padStart(9)}  ${String(r.retries).padStart(7)}  ${String(r.failed).padStart(6)}  ${String(r.duplicates).padStart(10)}  ${String(r.leaks).padStart(5)}  ${r.seconds.toFixed(1).padStart(7)}`,
  );
}
const bad = rows.filter((r) => r.duplicates > 0 || r.leaks > 0);
process.exit(bad.length === 0 ? 0 : 1);
