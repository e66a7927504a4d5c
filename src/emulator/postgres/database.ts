import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
/**
 * What the emulator uses of PGlite (`@electric-sql/pglite`). The emulator
 * imports nothing but Node's built-ins: the module is handed to it by whoever
 * turns servePostgres on (EmulatorOptions.pglite, a loader called on the
 * first connection), and these are the only members it relies on.
 */
export interface PGlite {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  dumpDataDir(compression?: "none"): Promise<Blob>;
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void>;
}

interface PgliteModule {
  PGlite: {
    create(
      dataDir: string | undefined,
      options?: {
        username?: string;
        database?: string;
        loadDataDir?: Blob;
        extensions?: Record<string, unknown>;
      },
    ): Promise<PGlite>;
  };
  /** PGlite's extension objects by name (`{ pgcrypto, citext, ... }`), given to every cluster. */
  extensions?: Record<string, unknown>;
}

/** The loader's module if it has PGlite's shape; undefined when it failed (not installed). */
async function loadPglite(load: () => Promise<unknown>): Promise<PgliteModule | undefined> {
  let m: unknown;
  try {
    m = await load();
  } catch {
    return undefined;
  }
  const create = (m as { PGlite?: { create?: unknown } } | undefined)?.PGlite?.create;
  return typeof create === "function" ? (m as PgliteModule) : undefined;
}

let template: Promise<Blob> | undefined;

/** A freshly initialised cluster, made once per process and copied for every new database (initdb is the slow part). */
function freshCluster(pglite: PgliteModule): Promise<Blob> {
  template ??= (async () => {
    const db = await pglite.PGlite.create(undefined, { extensions: pglite.extensions ?? {} });
    try {
      return await db.dumpDataDir("none");
    } finally {
      await db.close();
    }
  })();
  return template;
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface DatabaseSpec {
  /** Loads PGlite (EmulatorOptions.pglite); undefined: none was given. */
  load: (() => Promise<unknown>) | undefined;
  /** Directory of the cluster on disk; undefined keeps it in memory. */
  dataDir: string | undefined;
  /** The master user: a superuser role, owner of `database`. */
  username: string;
  /** The database connections are served from. */
  database: string;
}

interface Job {
  owner: object;
  /** The batch leaves an extended-protocol exchange open (it ended with Flush, not Sync): its connection keeps the turn. */
  holds: boolean;
  run(db: PGlite): Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * One instance's Postgres: a PGlite cluster, started when first needed and
 * closed when idle. PGlite is a single backend, so the connections of the
 * instance take turns: each batch of messages (up to a Sync or a simple
 * Query) runs whole, and while a connection has a transaction open only its
 * own batches run, the others wait until it commits or rolls back.
 */
export class ServedDatabase {
  private db: PGlite | undefined;
  private opening: Promise<PGlite> | undefined;
  /** An in-memory cluster's contents while it is closed. */
  private saved: Blob | undefined;
  private jobs: Job[] = [];
  private running = false;
  private owner: object | undefined;
  /** The owner keeps the turn though no transaction is open (see Job.holds). */
  private holding = false;

  constructor(private readonly spec: DatabaseSpec) {}

  get isOpen(): boolean {
    return this.db !== undefined;
  }

  /** Resolves once the cluster runs; rejects with a message for the client when PGlite is missing. */
  open(): Promise<PGlite> {
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= this.start().then(
      (db) => {
        this.db = db;
        this.opening = undefined;
        return db;
      },
      (err: unknown) => {
        this.opening = undefined;
        throw err;
      },
    );
    return this.opening;
  }

  private async start(): Promise<PGlite> {
    const pglite = this.spec.load === undefined ? undefined : await loadPglite(this.spec.load);
    if (!pglite) throw new MissingPglite();
    const { dataDir, username, database } = this.spec;
    const extensions = pglite.extensions ?? {};
    const session = { username, database, extensions };
    if (dataDir !== undefined && existsSync(join(dataDir, "PG_VERSION"))) {
      return pglite.PGlite.create(dataDir, session);
    }
    if (dataDir === undefined && this.saved) {
      return pglite.PGlite.create(undefined, { loadDataDir: this.saved, ...session });
    }
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    // A new cluster: the master user and its database, then a session as that user in it.
    const setup = await pglite.PGlite.create(dataDir, {
      loadDataDir: await freshCluster(pglite),
      extensions,
    });
    const roles = await setup.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [username]);
    if (roles.rows.length === 0)
      await setup.exec(`CREATE ROLE ${quoteIdent(username)} SUPERUSER LOGIN`);
    if (database !== "postgres") {
      await setup.exec(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(username)}`);
    }
    if (dataDir !== undefined) {
      await setup.close();
      return pglite.PGlite.create(dataDir, session);
    }
    const contents = await setup.dumpDataDir("none");
    await setup.close();
    return pglite.PGlite.create(undefined, { loadDataDir: contents, ...session });
  }

  /** Runs `run` on the cluster in `owner`'s turn (see the class comment). */
  submit(owner: object, run: (db: PGlite) => Promise<void>, holds = false): Promise<void> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ owner, holds, run, resolve, reject });
      void this.pump();
    });
  }

  /** A connection ended: its queued work is dropped and a transaction it left open is rolled back. */
  release(owner: object): void {
    const dropped = this.jobs.filter((j) => j.owner === owner);
    this.jobs = this.jobs.filter((j) => j.owner !== owner);
    for (const j of dropped) j.reject(new Error("connection closed"));
    if (this.owner === owner) {
      this.holding = false;
      this.jobs.unshift({
        owner,
        holds: false,
        run: async (db) => {
          if (db.isInTransaction()) await db.exec("ROLLBACK");
        },
        resolve: () => {},
        reject: () => {},
      });
      void this.pump();
    }
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const db = this.db;
        if (!db) break;
        let index = 0;
        if (this.owner !== undefined && (this.holding || db.isInTransaction())) {
          index = this.jobs.findIndex((j) => j.owner === this.owner);
          if (index < 0) break; // the transaction's connection has not sent its next batch yet
        } else {
          this.owner = undefined;
        }
        const [job] = this.jobs.splice(index, 1);
        if (!job) break;
        try {
          await db.runExclusive(() => job.run(db));
          job.resolve();
        } catch (err) {
          job.reject(err);
        }
        this.holding = job.holds;
        this.owner = job.holds || db.isInTransaction() ? job.owner : undefined;
      }
    } finally {
      this.running = false;
    }
  }

  /** Stops the cluster (its files stay; an in-memory one is kept as a dump); it starts again on demand. */
  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    const db = this.db;
    this.db = undefined;
    this.owner = undefined;
    this.holding = false;
    const pending = this.jobs;
    this.jobs = [];
    for (const j of pending) j.reject(new Error("database closed"));
    if (!db) return;
    if (this.spec.dataDir === undefined) this.saved = await db.dumpDataDir("none");
    await db.close();
  }
}

/** PGlite is not installed (it is an optional dependency). */
export class MissingPglite extends Error {
  constructor() {
    super(
      "PGlite (@electric-sql/pglite) is not installed, so this emulator serves no Postgres; install it with `npm install @electric-sql/pglite`",
    );
    this.name = "MissingPglite";
  }
}
