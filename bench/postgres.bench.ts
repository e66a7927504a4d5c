/**
 * The Postgres behind the emulator's postgres instances (servePostgres,
 * PGlite): time to the first query after an instance is `available` (the
 * first database of a process, which initialises the cluster template; a
 * later one, copied from it; one reopened from its files after an idle
 * close), the memory each open database costs, and the memory of 20
 * instances of which 3 are open. Run with
 * `node --expose-gc dist/bench/postgres.bench.js` (after `npm run build`) or
 * `npm run bench -- postgres`. Prints figures; no target (they depend on PGlite).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { loadPglite } from "../src/cli/pglite.js";
import { startEmulator } from "../src/emulator/index.js";

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const PASSWORD = "Bench-Passw0rd";

function post(url: string, body: string): Promise<string> {
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
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve(text));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const create = (id: string) =>
  [
    "Action=CreateDBInstance",
    `DBInstanceIdentifier=${id}`,
    "DBInstanceClass=db.t4g.micro",
    "Engine=postgres",
    "AllocatedStorage=20",
    "MasterUsername=bench",
    `MasterUserPassword=${PASSWORD}`,
    "DBName=app",
  ].join("&");

/** The served port of an instance, once DescribeDBInstances shows it on 127.0.0.1. */
async function servedPort(url: string, id: string): Promise<number> {
  for (;;) {
    const xml = await post(url, `Action=DescribeDBInstances&DBInstanceIdentifier=${id}`);
    const m = /<Address>127\.0\.0\.1<\/Address><Port>(\d+)<\/Port>/.exec(xml);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function firstQuery(port: number): Promise<{ ms: number; client: pg.Client }> {
  const start = performance.now();
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "bench",
    password: PASSWORD,
    database: "app",
  });
  await client.connect();
  await client.query("SELECT 1");
  return { ms: performance.now() - start, client };
}

function rssMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss / 1e6;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-pg-bench-"));
  const emu = await startEmulator({
    port: 0,
    clock: "manual",
    servePostgres: true,
    // BENCH_PG_CORE_ONLY=1: PGlite without the contrib extensions, to see what they cost.
    pglite: process.env.BENCH_PG_CORE_ONLY ? () => import("@electric-sql/pglite") : loadPglite,
    statePath: join(dir, "state.json"),
    postgresIdleMs: 200,
  });
  try {
    const ids = Array.from({ length: 20 }, (_, i) => `pg-${String(i).padStart(2, "0")}`);
    for (const id of ids) await post(emu.url, create(id));
    emu.advance(60_000);
    const ports = new Map<string, number>();
    for (const id of ids) ports.set(id, await servedPort(emu.url, id));
    const idle = rssMb();
    console.log(`20 instances available, none open: RSS ${idle.toFixed(0)} MB`);

    const clients: pg.Client[] = [];
    const opened: number[] = [idle];
    for (const [i, id] of ids.slice(0, 3).entries()) {
      const { ms, client } = await firstQuery(ports.get(id) ?? 0);
      clients.push(client);
      opened.push(rssMb());
      const what =
        i === 0
          ? "first database of the process (initialises the template)"
          : "a later database (copied from the template)";
      console.log(`time to first query after available, ${what}: ${ms.toFixed(0)} ms`);
    }
    const perDb = (opened[3]! - opened[1]!) / 2;
    console.log(`memory per open database (2nd and 3rd): ${perDb.toFixed(0)} MB RSS`);
    console.log(
      `memory of the first open database (PGlite loaded, template kept): ${(opened[1]! - idle).toFixed(0)} MB RSS`,
    );
    console.log(`20 instances of which 3 open: RSS ${opened[3]!.toFixed(0)} MB`);

    // Idle close, then the first query again: the cluster reopens from its files.
    const first = clients.shift();
    await first?.end();
    await new Promise((r) => setTimeout(r, 1500));
    const reopen = await firstQuery(ports.get(ids[0]!) ?? 0);
    console.log(
      `time to first query of a database reopened from its files: ${reopen.ms.toFixed(0)} ms`,
    );
    clients.push(reopen.client);
    for (const c of clients) await c.end();
  } finally {
    await emu.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
