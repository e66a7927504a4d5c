import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  type DBInstance,
  DeleteDBInstanceCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import pg from "pg";
import { loadPglite } from "../../src/cli/pglite.js";
import { CREATE_MS, createInput, type Harness, harness } from "./_harness.js";

const PASSWORD = "S3cret&Pass";

/** The instance once its Endpoint names the served port on 127.0.0.1. */
async function served(h: Harness, id: string): Promise<DBInstance> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const inst = await h.instance(id);
    if (inst.Endpoint?.Address === "127.0.0.1") return inst;
    if (Date.now() > deadline)
      assert.fail(`no served endpoint for ${id}: ${JSON.stringify(inst.Endpoint)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function connect(inst: DBInstance, password: string, database = inst.DBName): Promise<pg.Client> {
  const c = new pg.Client({
    host: inst.Endpoint!.Address!,
    port: inst.Endpoint!.Port!,
    user: inst.MasterUsername!,
    password,
    database: database ?? "postgres",
  });
  return c.connect().then(() => c);
}

async function refusal(
  inst: DBInstance,
  password: string,
): Promise<{ code?: string; message: string }> {
  const c = new pg.Client({
    host: inst.Endpoint!.Address!,
    port: inst.Endpoint!.Port!,
    user: inst.MasterUsername!,
    password,
    database: inst.DBName ?? "postgres",
  });
  c.on("error", () => {});
  try {
    await c.connect();
  } catch (err) {
    return err as { code?: string; message: string };
  } finally {
    await c.end().catch(() => {});
  }
  assert.fail("the connection was accepted");
}

describe("a postgres instance serves Postgres (servePostgres)", () => {
  const dir = mkdtempSync(join(tmpdir(), "rdsctl-emu-pg-"));
  const statePath = join(dir, "state.json");
  let h: Harness;
  after(async () => {
    await h?.close();
  });

  it("connects with the master user and password to DBName; creates, inserts and reads back", async () => {
    h = await harness({
      servePostgres: true,
      statePath,
      pglite: loadPglite,
    });
    await h.createAvailable("app-db", { DBName: "orders" });
    const inst = await served(h, "app-db");
    assert.notEqual(inst.Endpoint!.Port, undefined);
    const c = await connect(inst, PASSWORD);
    try {
      const who = await c.query(
        "SELECT current_user AS u, current_database() AS d, version() AS v",
      );
      assert.equal(who.rows[0].u, "appadmin");
      assert.equal(who.rows[0].d, "orders");
      assert.match(who.rows[0].v, /^PostgreSQL \d+/);
      await c.query("CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)");
      await c.query("INSERT INTO items (name) VALUES ($1), ($2)", ["apple", "pear"]);
      const rows = await c.query("SELECT name FROM items ORDER BY id");
      assert.deepEqual(
        rows.rows.map((r) => r.name),
        ["apple", "pear"],
      );
      // The contrib extensions RDS offers too are there.
      await c.query("CREATE EXTENSION pgcrypto");
      await c.query('CREATE EXTENSION "uuid-ossp"');
      await c.query("CREATE EXTENSION citext");
      const ext = await c.query(
        "SELECT length(gen_random_uuid()::text) AS a, length(uuid_generate_v4()::text) AS b, 'Ab'::citext = 'aB' AS ci",
      );
      assert.deepEqual(ext.rows[0], { a: 36, b: 36, ci: true });
    } finally {
      await c.end();
    }
  });

  it("refuses a wrong password with Postgres's own error, and a database that does not exist", async () => {
    const inst = await served(h, "app-db");
    const err = await refusal(inst, "not-the-password");
    assert.equal(err.code, "28P01");
    assert.equal(err.message, 'password authentication failed for user "appadmin"');
    const other = new pg.Client({
      host: "127.0.0.1",
      port: inst.Endpoint!.Port!,
      user: "appadmin",
      password: PASSWORD,
      database: "nosuchdb",
    });
    await assert.rejects(other.connect(), (e: { code?: string }) => e.code === "3D000");
  });

  it("a pool of 10 clients runs queries and transactions at once", async () => {
    const inst = await served(h, "app-db");
    const pool = new pg.Pool({
      host: "127.0.0.1",
      port: inst.Endpoint!.Port!,
      user: "appadmin",
      password: PASSWORD,
      database: "orders",
      max: 10,
    });
    try {
      await pool.query("CREATE TABLE hits (n int)");
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const c = await pool.connect();
          try {
            await c.query("BEGIN");
            await c.query("INSERT INTO hits VALUES ($1)", [i]);
            await c.query("INSERT INTO hits VALUES ($1)", [i + 100]);
            await c.query("COMMIT");
          } finally {
            c.release();
          }
        }),
      );
      assert.equal(pool.totalCount, 10);
      const count = await pool.query("SELECT count(*)::int AS n, sum(n)::int AS s FROM hits");
      assert.equal(count.rows[0].n, 60);
      assert.equal(count.rows[0].s, 2 * 435 + 3000);
    } finally {
      await pool.end();
    }
  });

  it("a new master password replaces the old one at once", async () => {
    await h.modify("app-db", { MasterUserPassword: "N3w-Secret-Pass", ApplyImmediately: true });
    const inst = await served(h, "app-db");
    assert.equal((await refusal(inst, PASSWORD)).code, "28P01");
    const c = await connect(inst, "N3w-Secret-Pass");
    await c.end();
  });

  it("a stopped instance refuses connections; started again, it has its rows", async () => {
    await h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "app-db" }));
    h.emu.advance(60_000);
    assert.equal((await h.instance("app-db")).DBInstanceStatus, "stopped");
    const port = (await served(h, "app-db")).Endpoint!.Port!;
    const err = await refusal({ ...(await served(h, "app-db")) }, "N3w-Secret-Pass");
    assert.equal(err.code, "57P03");
    await h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "app-db" }));
    h.emu.advance(60_000);
    const inst = await served(h, "app-db");
    assert.equal(inst.DBInstanceStatus, "available");
    assert.equal(inst.Endpoint!.Port, port);
    const c = await connect(inst, "N3w-Secret-Pass");
    try {
      assert.equal((await c.query("SELECT count(*)::int AS n FROM items")).rows[0].n, 2);
    } finally {
      await c.end();
    }
  });

  it("the rows survive an emulator restart with the same state file, and a rename", async () => {
    await h.close();
    h = await harness({
      servePostgres: true,
      statePath,
      pglite: loadPglite,
    });
    await h.modify("app-db", { NewDBInstanceIdentifier: "shop-db", ApplyImmediately: true });
    h.emu.advance(60_000);
    const inst = await served(h, "shop-db");
    const c = await connect(inst, "N3w-Secret-Pass");
    try {
      const rows = await c.query("SELECT name FROM items ORDER BY id");
      assert.deepEqual(
        rows.rows.map((r) => r.name),
        ["apple", "pear"],
      );
    } finally {
      await c.end();
    }
    assert.doesNotMatch(readFileSync(join(dir, "state-postgres", "served.json"), "utf8"), /N3w/);
  });

  it("a deleted instance's data is gone", async () => {
    const resourceId = (await h.instance("shop-db")).DbiResourceId!;
    assert.ok(existsSync(join(dir, "state-postgres", resourceId)));
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "shop-db", SkipFinalSnapshot: true }),
    );
    h.emu.advance(60_000);
    const deadline = Date.now() + 10_000;
    while (existsSync(join(dir, "state-postgres", resourceId)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(readdirSync(join(dir, "state-postgres")), ["served.json"]);
  });

  it("other engines stay API-only: no served endpoint", async () => {
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput("my-db", {
          Engine: "mysql",
          EngineVersion: "8.0",
          MasterUsername: "admin",
        }) as never,
      ),
    );
    h.emu.advance(CREATE_MS);
    const inst = await h.instance("my-db");
    assert.match(inst.Endpoint!.Address!, /^my-db\..*\.rds\.amazonaws\.com$/);
    assert.equal(inst.Endpoint!.Port, 3306);
  });
});

describe("servePostgres without PGlite", () => {
  it("refuses connections, saying PGlite is missing, and logs it", async () => {
    const lines: string[] = [];
    const h = await harness({ servePostgres: true, log: (line) => lines.push(line) });
    try {
      await h.createAvailable("no-engine-db");
      const inst = await served(h, "no-engine-db");
      const err = await refusal(inst, PASSWORD);
      assert.equal(err.code, "58000");
      assert.match(err.message, /PGlite \(@electric-sql\/pglite\) is not installed/);
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /^postgres: no-engine-db: PGlite .* is not installed/);
    } finally {
      await h.close();
    }
  });
});
