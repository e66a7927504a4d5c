import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import pg from "pg";
import { instanceSpec, runCli, tempDir, writeSpec } from "./harness.js";

// The default --local: a background emulator per directory that outlives the command.
const cwd = tempDir("rdsctl-local-bg-");
const env = {
  RDSCTL_LOCAL_MODE: "background",
  RDSCTL_LOCAL_TIME_SCALE: "0",
  BG_DB_PASSWORD: "bg-secret-pass",
};
const LONG = { cwd, env, timeoutMs: 120_000 };

after(async () => {
  // Never leave the background emulator behind, whatever failed.
  await runCli(["local", "stop"], LONG);
});

function serverPid(): number {
  return (JSON.parse(readFileSync(join(cwd, ".rdsctl", "server.json"), "utf8")) as { pid: number })
    .pid;
}

async function query(url: string, sql: string[]): Promise<unknown[][]> {
  // As psql does: the connection string names the server, the password comes apart.
  const u = new URL(url);
  const client = new pg.Client({
    host: u.hostname,
    port: Number(u.port),
    user: decodeURIComponent(u.username),
    database: decodeURIComponent(u.pathname.slice(1)),
    password: env.BG_DB_PASSWORD,
  });
  await client.connect();
  try {
    const out: unknown[][] = [];
    for (const q of sql) out.push((await client.query(q)).rows);
    return out;
  } finally {
    await client.end();
  }
}

test("apply --local leaves a background emulator serving Postgres; local stop ends it; the next --local command has the rows", async () => {
  writeSpec(
    cwd,
    "rdsctl.yaml",
    instanceSpec("bg-db", {
      ManageMasterUserPassword: undefined,
      MasterUserPassword: "{ env: BG_DB_PASSWORD }",
      DBName: "shop",
    }),
  );
  const applied = await runCli(["apply", "rdsctl.yaml", "--local", "--yes"], LONG);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(
    applied.stderr,
    /--local: started the emulator for this directory in the background/,
  );
  const connect = /^ {2}bg-db: (postgresql:\/\/app@127\.0\.0\.1:(\d+)\/shop)$/m.exec(
    applied.stdout,
  );
  assert.ok(connect, applied.stdout);
  const url = connect[1]!;
  assert.match(
    applied.stdout,
    new RegExp(`^ {4}PGPASSWORD="\\$BG_DB_PASSWORD" psql "${url.replaceAll(".", "\\.")}"$`, "m"),
  );
  assert.equal(applied.stdout.includes(env.BG_DB_PASSWORD), false, "no password in the output");
  const pid = serverPid();

  // The command has ended; the database still answers.
  const [, , rows] = await query(url, [
    "CREATE TABLE notes (body text)",
    "INSERT INTO notes VALUES ('kept')",
    "SELECT body FROM notes",
  ]);
  assert.deepEqual(rows, [{ body: "kept" }]);

  const again = await runCli(["plan", "rdsctl.yaml", "--local", "--detailed-exitcode"], LONG);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.doesNotMatch(again.stderr, /started the emulator/);
  assert.equal(serverPid(), pid, "the later command reused the running emulator");

  const status = await runCli(["local", "status"], LONG);
  assert.equal(status.code, 0, status.stderr);
  assert.match(
    status.stdout,
    new RegExp(`pid ${pid}, http://127\\.0\\.0\\.1:\\d+, memory \\d+ MB`),
  );
  assert.match(
    status.stdout,
    new RegExp(`^ {2}bg-db {2}postgres {2}available {2}${url.replaceAll(".", "\\.")} `, "m"),
  );

  const stopped = await runCli(["local", "stop"], LONG);
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, new RegExp(`^Stopped the local emulator \\(pid ${pid}\\)`));
  assert.equal(existsSync(join(cwd, ".rdsctl", "server.json")), false);
  assert.throws(() => process.kill(pid, 0), "the emulator process has ended");
  await assert.rejects(query(url, ["SELECT 1"]), "nothing serves the port once stopped");

  const restarted = await runCli(["plan", "rdsctl.yaml", "--local", "--detailed-exitcode"], LONG);
  assert.equal(restarted.code, 0, restarted.stdout + restarted.stderr);
  assert.notEqual(serverPid(), pid);
  const status2 = await runCli(["local", "status"], LONG);
  const url2 = /(postgresql:\/\/\S+)/.exec(status2.stdout)?.[1];
  assert.equal(url2, url, "the instance keeps its port");
  const [kept] = await query(url, ["SELECT body FROM notes"]);
  assert.deepEqual(kept, [{ body: "kept" }]);
});

test("local status and local stop say so when nothing runs", async () => {
  const empty = tempDir("rdsctl-local-none-");
  const status = await runCli(["local", "status"], { cwd: empty });
  assert.equal(status.code, 0);
  assert.match(status.stdout, /^No local emulator is running for .*\.rdsctl\.$/m);
  const stop = await runCli(["local", "stop"], { cwd: empty });
  assert.equal(stop.code, 0);
  assert.match(stop.stdout, /^No local emulator is running/);
  const bad = await runCli(["local", "restart"], { cwd: empty });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /rdsctl local takes one of status, stop, serve/);
});

test("a background emulator that cannot start says why, and the state file stays untouched", async () => {
  const dir = tempDir("rdsctl-local-bg-corrupt-");
  writeSpec(dir, "rdsctl.yaml", instanceSpec("corrupt-db"));
  mkdirSync(join(dir, ".rdsctl"));
  const statePath = join(dir, ".rdsctl", "emulator.json");
  writeFileSync(statePath, "{ not json");
  const run = await runCli(["plan", "rdsctl.yaml", "--local"], {
    cwd: dir,
    env,
    timeoutMs: 60_000,
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^rdsctl: --local: .*emulator\.json.*corrupt/m);
  assert.equal(readFileSync(statePath, "utf8"), "{ not json");
  assert.equal(existsSync(join(dir, ".rdsctl", "server.json")), false);
});
