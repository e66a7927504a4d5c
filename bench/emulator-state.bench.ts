/**
 * Emulator state-file benchmark: 2,000 CreateDBInstance requests, one after
 * another over HTTP, without a state file and with `--state`, and the ratio
 * (target: under 2). Run with `node dist/bench/emulator-state.bench.js`
 * (after `npm run build`) or `npm run bench -- emulator-state`. Exits
 * non-zero when the target is missed.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmulatorOptions, startEmulator } from "../src/emulator/index.js";

const CREATES = Number(process.env.BENCH_CREATES ?? 2000);
const RATIO_TARGET = 2;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          authorization: "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function createBody(i: number): string {
  return [
    "Action=CreateDBInstance",
    "Version=2014-10-31",
    `DBInstanceIdentifier=state-${String(i).padStart(5, "0")}`,
    "DBInstanceClass=db.t3.micro",
    "Engine=postgres",
    "AllocatedStorage=20",
    "MasterUsername=admin1",
    "MasterUserPassword=Passw0rd1",
    "Tags.Tag.1.Key=env",
    "Tags.Tag.1.Value=bench",
  ].join("&");
}

/** Wall time of CREATES creates, ms. */
async function run(options: EmulatorOptions): Promise<number> {
  const emu = await startEmulator({ port: 0, clock: "manual", ...options });
  const start = performance.now();
  for (let i = 0; i < CREATES; i++) {
    const status = await post(emu.url, createBody(i));
    if (status !== 200) throw new Error(`create ${i} answered ${status}`);
  }
  const elapsed = performance.now() - start;
  await emu.close();
  return elapsed;
}

const dir = mkdtempSync(join(tmpdir(), "rdsctl-bench-state-"));
try {
  // Warm up the JIT, then alternate the two kinds (the machine is shared) and take medians.
  await run({});
  const memoryRuns: number[] = [];
  const persistedRuns: number[] = [];
  const statePath = join(dir, "state.json");
  for (let pair = 0; pair < 3; pair++) {
    memoryRuns.push(await run({}));
    rmSync(statePath, { force: true });
    persistedRuns.push(await run({ statePath }));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const memory = median(memoryRuns);
  const persisted = median(persistedRuns);
  const size = statSync(statePath).size;
  const ratio = persisted / memory;
  const ok = ratio < RATIO_TARGET;
  console.log(
    `${CREATES} creates over HTTP, median of 3 alternated pairs: ${(memory / 1000).toFixed(2)} s without a state file, ${(persisted / 1000).toFixed(2)} s with --state (final file ${(size / 1e6).toFixed(1)} MB); ratio ${ratio.toFixed(2)} (target: < ${RATIO_TARGET}) ${ok ? "OK" : "MISSED"}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
