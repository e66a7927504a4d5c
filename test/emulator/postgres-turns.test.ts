import assert from "node:assert/strict";
import { test } from "node:test";
import { ServedDatabase } from "../../src/emulator/postgres/database.js";

/**
 * A stand-in for PGlite with the members the emulator uses: it records the
 * batches it runs and is "in a transaction" between a batch BEGIN and a batch
 * COMMIT, so the order in which connections take turns can be checked fast.
 */
function fakePglite(ran: string[]) {
  let inTx = false;
  const db = {
    query: async () => ({ rows: [] }),
    exec: async (sql: string) => {
      if (sql === "ROLLBACK") {
        inTx = false;
        ran.push("rollback");
      }
      return [];
    },
    close: async () => {},
    dumpDataDir: async () => new Blob([]),
    isInTransaction: () => inTx,
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    execProtocolRawStream: async (message: Uint8Array) => {
      const text = Buffer.from(message).toString();
      if (text.includes("BEGIN")) inTx = true;
      if (text.includes("COMMIT")) inTx = false;
      await new Promise((r) => setTimeout(r, 1));
      ran.push(text);
    },
  };
  return { PGlite: { create: async () => db } };
}

async function database(ran: string[]): Promise<ServedDatabase> {
  const served = new ServedDatabase({
    load: async () => fakePglite(ran),
    dataDir: undefined,
    username: "app",
    database: "postgres",
  });
  await served.open();
  return served;
}

const run =
  (text: string) =>
  async (db: {
    execProtocolRawStream(m: Uint8Array, o: { onRawData: () => void }): Promise<void>;
  }) =>
    db.execProtocolRawStream(new Uint8Array(Buffer.from(text)), { onRawData: () => {} });

test("a connection with a transaction open keeps the turn until it commits; the others wait", async () => {
  const ran: string[] = [];
  const served = await database(ran);
  const a = {};
  const b = {};
  await Promise.all([
    served.submit(a, run("a:BEGIN")),
    served.submit(b, run("b:select")),
    served.submit(a, run("a:insert")),
    served.submit(a, run("a:COMMIT")),
  ]);
  assert.deepEqual(ran, ["a:BEGIN", "a:insert", "a:COMMIT", "b:select"]);
});

test("a batch ending with Flush keeps its connection's turn until its Sync", async () => {
  const ran: string[] = [];
  const served = await database(ran);
  const a = {};
  const b = {};
  const first = served.submit(a, run("a:parse+flush"), true);
  const other = served.submit(b, run("b:query"));
  // The rest of a's exchange arrives after b's batch was queued.
  await first;
  await served.submit(a, run("a:bind+execute+sync"));
  await other;
  assert.deepEqual(ran, ["a:parse+flush", "a:bind+execute+sync", "b:query"]);
});

test("a connection that closes inside a transaction is rolled back and the others go on", async () => {
  const ran: string[] = [];
  const served = await database(ran);
  const a = {};
  const b = {};
  await served.submit(a, run("a:BEGIN"));
  const waiting = served.submit(b, run("b:select"));
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(ran, ["a:BEGIN"], "b waits while a's transaction is open");
  served.release(a);
  await waiting;
  assert.deepEqual(ran, ["a:BEGIN", "rollback", "b:select"]);
});
