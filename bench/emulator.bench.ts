/**
 * Emulator benchmark: latency of DescribeDBInstances returning a full
 * 100-instance page over HTTP, and the memory 10,000 instances hold.
 * Run with `node --expose-gc dist/bench/emulator.bench.js` (after `npm run build`)
 * or `npm run bench -- emulator`. Exits non-zero when a target is missed.
 */
import { Agent, request } from "node:http";
import { startEmulator } from "../src/emulator/index.js";

const PAGE_TARGET_MS = 5;
const MEMORY_TARGET_MB = 200;
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10_000);
const SAMPLES = 300;

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
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
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function createBody(i: number): string {
  const id = `bench-${String(i).padStart(5, "0")}`;
  const engine = i % 3 === 0 ? "mysql" : "postgres";
  return [
    "Action=CreateDBInstance",
    "Version=2014-10-31",
    `DBInstanceIdentifier=${id}`,
    "DBInstanceClass=db.t3.micro",
    `Engine=${engine}`,
    "AllocatedStorage=20",
    "MasterUsername=admin1",
    "MasterUserPassword=Passw0rd1",
    "Tags.Tag.1.Key=env",
    "Tags.Tag.1.Value=bench",
    "Tags.Tag.2.Key=owner",
    `Tags.Tag.2.Value=team-${i % 17}`,
    // Log export names differ per engine: postgres exports "postgresql".
    `EnableCloudwatchLogsExports.member.1=${engine === "mysql" ? "error" : "postgresql"}`,
  ].join("&");
}

async function createMany(url: string, from: number, to: number): Promise<void> {
  const concurrency = 16;
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const res = await post(url, createBody(i));
      if (res.status !== 200) throw new Error(`create ${i} failed: ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measure(
  url: string,
  markers: Array<string | undefined>,
  before: (i: number) => Promise<void>,
): Promise<{ median: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    await before(i);
    const marker = markers[i % markers.length];
    const body = `Action=DescribeDBInstances&Version=2014-10-31${marker ? `&Marker=${marker}` : ""}`;
    const t = performance.now();
    const res = await post(url, body);
    times.push(performance.now() - t);
    const count = res.text.split("<DBInstance>").length - 1;
    if (res.status !== 200 || count !== 100)
      throw new Error(`expected a page of 100, got ${count}`);
    bytes = res.text.length;
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), bytes };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function gc(): boolean {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
}

async function main(): Promise<number> {
  let failed = 0;
  const emu = await startEmulator({ port: 0, clock: "manual", storageQuotaGiB: 1_000_000 });
  try {
    const hasGc = gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    await createMany(emu.url, 0, INSTANCES);
    emu.advance(60_000);
    emu.clearRequestLog();

    // Latency: a full page of 100 (the default MaxRecords), varying the Marker over the set.
    const first = await post(emu.url, "Action=DescribeDBInstances&Version=2014-10-31");
    const markers: Array<string | undefined> = [undefined];
    const m = /<Marker>([^<]+)<\/Marker>/.exec(first.text);
    if (m) markers.push(m[1]);
    for (let i = 0; i < 20; i++)
      await post(emu.url, "Action=DescribeDBInstances&Version=2014-10-31");
    // Warm: nothing changes between polls, so rendered instances are reused.
    // Cold: a tag change before each poll forces every instance to be rendered again.
    const warm = await measure(emu.url, markers, async () => {});
    const cold = await measure(emu.url, markers, async (i) => {
      const arn = `arn:aws:rds:us-east-1:123456789012:db:bench-${String(i % INSTANCES).padStart(5, "0")}`;
      await post(
        emu.url,
        `Action=AddTagsToResource&Version=2014-10-31&ResourceName=${encodeURIComponent(arn)}&Tags.Tag.1.Key=n&Tags.Tag.1.Value=${i}`,
      );
    });
    for (const [name, r] of [
      ["unchanged since the last poll", warm],
      ["after a change (every instance rendered afresh)", cold],
    ] as const) {
      const ok = r.median < PAGE_TARGET_MS;
      if (!ok) failed += 1;
      console.log(
        `DescribeDBInstances, 100-instance page (${(r.bytes / 1024).toFixed(0)} KiB) over HTTP, of ${INSTANCES}, ${name}: median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (target: median < ${PAGE_TARGET_MS} ms) ${ok ? "OK" : "MISSED"}`,
      );
    }

    emu.clearRequestLog();
    let heldMb: number;
    let how: string;
    if (hasGc && gc()) {
      heldMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      how = "heapUsed delta after GC";
    } else {
      heldMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
      how = "rss delta (run node with --expose-gc for heapUsed)";
    }
    const memOk = heldMb < MEMORY_TARGET_MB;
    if (!memOk) failed += 1;
    console.log(
      `Memory held by ${INSTANCES} instances (with their events): ${heldMb.toFixed(1)} MB, ${how} (target: < ${MEMORY_TARGET_MB} MB) ${memOk ? "OK" : "MISSED"}`,
    );
  } finally {
    agent.destroy();
    await emu.close();
  }
  return failed;
}

main().then(
  (failed) => {
    process.exitCode = failed === 0 ? 0 : 1;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  },
);
