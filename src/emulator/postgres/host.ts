import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { basename, dirname, extname, join } from "node:path";
import type { QueryParams } from "../http/query.js";
import { writeFileAtomic } from "../state/atomic-write.js";
import type { Ctx } from "../state/context.js";
import { findInstance } from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import { MissingPglite, ServedDatabase } from "./database.js";
import { makeVerifier, ScramExchange, type ScramVerifier } from "./scram.js";
import {
  CANCEL_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  PROTOCOL_3,
  SSL_REQUEST,
  saslContinue,
  saslFinal,
  saslInitial,
  saslOffer,
  startupPacket,
  startupParams,
} from "./wire.js";

/** The served clusters of the emulator keeping its state in `statePath`: `.rdsctl/emulator.json` -> `.rdsctl/emulator-postgres/`. */
export function postgresDataDir(statePath: string): string {
  return join(dirname(statePath), `${basename(statePath, extname(statePath))}-postgres`);
}

/** Statuses in which an instance's Postgres refuses connections (RDS: not reachable). */
const NOT_SERVING = new Set([
  "creating",
  "deleting",
  "stopped",
  "stopping",
  "starting",
  "rebooting",
  "failed",
  "inaccessible-encryption-credentials",
  "incompatible-network",
  "incompatible-parameters",
  "incompatible-restore",
  "restore-error",
]);

/** How long a database with no connection stays open before it is closed. */
const DEFAULT_IDLE_MS = 5 * 60_000;

/** What is kept per instance across restarts: its port and its master password's SCRAM verifier. */
interface Kept {
  port?: number;
  verifier?: ScramVerifier;
}

export interface PostgresHostOptions {
  /** Loads PGlite on the first connection (EmulatorOptions.pglite). */
  load: (() => Promise<unknown>) | undefined;
  /** Where the clusters and `served.json` live; undefined: in memory. */
  dataDir: string | undefined;
  idleMs?: number;
  log?: (line: string) => void;
}

/** One postgres instance's door: its listener, its connections, its database. */
interface Door {
  key: string;
  ctx: Ctx;
  identifier: string;
  status: string;
  username: string;
  database: string;
  declaredPort: number;
  server: Server;
  port: number | undefined;
  connections: Set<Socket>;
  db: ServedDatabase;
  idleTimer: NodeJS.Timeout | undefined;
}

/** What `rdsctl local status` shows of one served instance. */
export interface ServedInstance {
  /** DbiResourceId. */
  key: string;
  region: string;
  identifier: string;
  port: number | undefined;
  username: string;
  database: string;
  status: string;
  open: boolean;
  connections: number;
}

/**
 * Serves the Postgres protocol for every postgres instance of the emulator:
 * a listener on 127.0.0.1 per instance (its Endpoint), SCRAM-SHA-256 with the
 * master password, then PGlite (see database.ts). Follows the instances
 * through sync(): stopped ones refuse, deleted ones lose their data.
 */
export class PostgresHost {
  private readonly doors = new Map<string, Door>();
  private readonly kept: Map<string, Kept>;
  private readonly idleMs: number;
  private closed = false;

  constructor(private readonly options: PostgresHostOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.kept = new Map();
    if (options.dataDir !== undefined) {
      try {
        const text = readFileSync(join(options.dataDir, "served.json"), "utf8");
        for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, Kept>))
          this.kept.set(k, v);
      } catch {
        // none yet
      }
    }
  }

  private saveKept(): void {
    const dir = this.options.dataDir;
    if (dir === undefined) return;
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(
      join(dir, "served.json"),
      `${JSON.stringify(Object.fromEntries(this.kept))}\n`,
      0o600,
    );
  }

  private log(line: string): void {
    this.options.log?.(`postgres: ${line}`);
  }

  /** The address and port an instance's Endpoint shows, once its listener is up. */
  endpoint(inst: Instance): { address: string; port: number } | undefined {
    const door = this.doors.get(inst.DbiResourceId);
    return door?.port === undefined ? undefined : { address: "127.0.0.1", port: door.port };
  }

  /** A request succeeded: keep the master password's verifier when it set one. */
  noteRequest(ctx: Ctx, action: string, q: QueryParams): void {
    if (action === "CreateDBInstance" || action === "ModifyDBInstance") {
      const password = q.str("MasterUserPassword");
      const inst = findInstance(ctx, q.str("DBInstanceIdentifier") ?? "");
      if (password === undefined || !inst || inst.Engine !== "postgres") return;
      this.keep(inst.DbiResourceId).verifier = makeVerifier(password);
      this.saveKept();
    } else if (action === "CreateDBInstanceReadReplica") {
      const replica = findInstance(ctx, q.str("DBInstanceIdentifier") ?? "");
      const ref = q.str("SourceDBInstanceIdentifier") ?? "";
      let source: Instance | undefined;
      for (const c of ctx.regions.all()) source ??= findInstance(c, ref);
      const verifier = source && this.kept.get(source.DbiResourceId)?.verifier;
      if (!replica || !verifier) return;
      this.keep(replica.DbiResourceId).verifier = verifier;
      this.saveKept();
    }
  }

  private keep(key: string): Kept {
    let k = this.kept.get(key);
    if (!k) {
      k = {};
      this.kept.set(key, k);
    }
    return k;
  }

  /** Bring the listeners in line with the instances of every region. */
  sync(regions: Iterable<Ctx>): void {
    if (this.closed) return;
    const seen = new Set<string>();
    for (const ctx of regions) {
      for (const inst of ctx.state.instances.values()) {
        if (inst.Engine !== "postgres") continue;
        seen.add(inst.DbiResourceId);
        this.follow(ctx, inst);
      }
    }
    let forgot = false;
    for (const [key, door] of this.doors) {
      if (seen.has(key)) continue;
      this.doors.delete(key);
      this.kept.delete(key);
      forgot = true;
      void this.shut(door, "the DB instance was deleted").then(() => {
        if (this.options.dataDir !== undefined)
          rmSync(join(this.options.dataDir, key), { recursive: true, force: true });
      });
      this.log(`${door.identifier}: deleted, its data removed`);
    }
    for (const key of this.kept.keys()) {
      if (!seen.has(key)) {
        this.kept.delete(key);
        forgot = true;
      }
    }
    if (forgot) this.saveKept();
  }

  private follow(ctx: Ctx, inst: Instance): void {
    let door = this.doors.get(inst.DbiResourceId);
    const dbName = inst.DBName ?? "postgres";
    if (door && door.declaredPort !== inst.Port) {
      // A new port was asked for: listen there (or on a free one) instead.
      this.doors.delete(door.key);
      void this.shut(door, "the DB instance's port changed");
      this.keep(door.key).port = undefined;
      door = undefined;
    }
    if (!door) {
      door = this.open(ctx, inst, dbName);
      this.doors.set(door.key, door);
    }
    const wasServing = !NOT_SERVING.has(door.status);
    door.ctx = ctx;
    door.identifier = inst.DBInstanceIdentifier;
    door.status = inst.DBInstanceStatus;
    if (wasServing && NOT_SERVING.has(door.status)) {
      for (const socket of door.connections) {
        socket.end(errorResponse("57P01", "terminating connection due to administrator command"));
      }
      void door.db.close();
    }
  }

  private open(ctx: Ctx, inst: Instance, database: string): Door {
    const key = inst.DbiResourceId;
    const dataDir =
      this.options.dataDir === undefined ? undefined : join(this.options.dataDir, key);
    const door: Door = {
      key,
      ctx,
      identifier: inst.DBInstanceIdentifier,
      status: inst.DBInstanceStatus,
      username: inst.MasterUsername,
      database,
      declaredPort: inst.Port,
      server: createServer((socket) => this.accept(door, socket)),
      port: undefined,
      connections: new Set(),
      db: new ServedDatabase({
        load: this.options.load,
        dataDir,
        username: inst.MasterUsername,
        database,
      }),
      idleTimer: undefined,
    };
    const preferred = this.kept.get(key)?.port ?? inst.Port;
    const listen = (port: number, retry: boolean) => {
      door.server.once("error", (err: NodeJS.ErrnoException) => {
        if (retry) listen(0, false);
        else this.log(`${door.identifier}: cannot listen (${err.code ?? err.message})`);
      });
      door.server.listen(port, "127.0.0.1", () => {
        door.server.removeAllListeners("error");
        door.server.on("error", () => {});
        const address = door.server.address();
        if (address === null || typeof address !== "object") return;
        door.port = address.port;
        if (this.doors.get(key) !== door) return;
        this.keep(key).port = address.port;
        this.saveKept();
        door.ctx.generation += 1; // the Endpoint changed: drop cached XML
      });
    };
    listen(preferred, true);
    return door;
  }

  private async shut(door: Door, why: string): Promise<void> {
    if (door.idleTimer) clearTimeout(door.idleTimer);
    for (const socket of door.connections)
      socket.end(errorResponse("57P01", `terminating connection: ${why}`));
    await new Promise<void>((resolve) => {
      door.server.close(() => resolve());
      for (const socket of door.connections) socket.destroy();
    });
    await door.db.close();
  }

  /** Every listener closed, every database closed (its files kept). */
  async close(): Promise<void> {
    this.closed = true;
    const doors = [...this.doors.values()];
    this.doors.clear();
    await Promise.all(doors.map((d) => this.shut(d, "the emulator is stopping")));
  }

  /** The served instances, for status lines. */
  served(): ServedInstance[] {
    return [...this.doors.values()].map((d) => ({
      key: d.key,
      region: d.ctx.region,
      identifier: d.identifier,
      port: d.port,
      username: d.username,
      database: d.database,
      status: d.status,
      open: d.db.isOpen,
      connections: d.connections.size,
    }));
  }

  private accept(door: Door, socket: Socket): void {
    socket.setNoDelay(true);
    door.connections.add(socket);
    if (door.idleTimer) clearTimeout(door.idleTimer);
    door.idleTimer = undefined;
    const session = new Session(door, socket, this);
    socket.on("data", (chunk) => session.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      door.connections.delete(socket);
      door.db.release(session);
      if (door.connections.size === 0 && door.db.isOpen) {
        door.idleTimer = setTimeout(() => {
          if (door.connections.size === 0) {
            this.log(`${door.identifier}: idle, database closed`);
            void door.db.close();
          }
        }, this.idleMs);
        door.idleTimer.unref();
      }
    });
  }

  verifierOf(door: Door): ScramVerifier | undefined {
    return this.kept.get(door.key)?.verifier;
  }

  serving(door: Door): boolean {
    return !NOT_SERVING.has(door.status) && this.doors.get(door.key) === door;
  }

  missing(door: Door): void {
    this.log(`${door.identifier}: ${new MissingPglite().message}`);
  }
}

/** Messages after which a batch goes to the database: Sync, Query, Flush, and the ends of a COPY. */
const BATCH_ENDS = new Set(["S", "Q", "H", "c", "f"]);

/** One client connection: start-up, authentication, then batches of messages. */
class Session {
  private buffer: Buffer = Buffer.alloc(0);
  private phase: "startup" | "sasl-first" | "sasl-final" | "pending" | "ready" | "closed" =
    "startup";
  private params = new Map<string, string>();
  private scram: ScramExchange | undefined;
  private batch: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly door: Door,
    private readonly socket: Socket,
    private readonly host: PostgresHost,
  ) {}

  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.phase === "closed") return;
      if (this.phase === "startup") {
        if (this.buffer.length < 8) return;
        const len = this.buffer.readInt32BE(0);
        if (len < 8 || len > 10_000) {
          this.fail("08P01", "invalid startup packet layout");
          return;
        }
        if (this.buffer.length < len) return;
        const code = this.buffer.readInt32BE(4);
        const body = this.buffer.subarray(8, len);
        this.buffer = this.buffer.subarray(len);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        if (code !== PROTOCOL_3) {
          this.fail("0A000", "unsupported frontend protocol");
          return;
        }
        this.params = startupParams(body);
        this.startup();
        continue;
      }
      if (this.buffer.length < 5) return;
      const type = String.fromCharCode(this.buffer[0] ?? 0);
      const len = this.buffer.readInt32BE(1);
      if (len < 4) {
        this.fail("08P01", "invalid message length");
        return;
      }
      if (this.buffer.length < len + 1) return;
      const whole = this.buffer.subarray(0, len + 1);
      this.buffer = this.buffer.subarray(len + 1);
      this.onMessage(type, whole);
    }
  }

  private fail(code: string, text: string): void {
    this.phase = "closed";
    this.socket.end(errorResponse(code, text));
  }

  private startup(): void {
    const door = this.door;
    if (!this.host.serving(door)) {
      this.fail(
        "57P03",
        `the database system is not accepting connections: DB instance ${door.identifier} is ${door.status}`,
      );
      return;
    }
    const user = this.params.get("user") ?? "";
    this.scram = new ScramExchange(user === door.username ? this.host.verifierOf(door) : undefined);
    this.phase = "sasl-first";
    this.socket.write(saslOffer());
  }

  private refuseLogin(): void {
    this.fail(
      "28P01",
      `password authentication failed for user "${this.params.get("user") ?? ""}"`,
    );
  }

  private onMessage(type: string, whole: Buffer): void {
    if (this.phase === "sasl-first" || this.phase === "sasl-final") {
      if (type !== "p") {
        this.fail("08P01", "expected SASL response");
        return;
      }
      const body = whole.subarray(5);
      if (this.phase === "sasl-first") {
        const initial = saslInitial(body);
        if (initial?.mechanism !== "SCRAM-SHA-256") {
          this.fail("28000", "client selected an invalid SASL authentication mechanism");
          return;
        }
        const reply = this.scram?.first(initial.data);
        if (reply === undefined) {
          this.fail("08P01", "malformed SCRAM message");
          return;
        }
        this.phase = "sasl-final";
        this.socket.write(saslContinue(reply));
        return;
      }
      const reply = this.scram?.final(body.toString("utf8"));
      if (reply === undefined) {
        this.refuseLogin();
        return;
      }
      this.socket.write(saslFinal(reply));
      this.phase = "pending";
      this.chain = this.chain.then(() => this.begin());
      return;
    }
    if (type === "X") {
      this.chain = this.chain.then(() => {
        this.phase = "closed";
        this.socket.end();
      });
      return;
    }
    this.batch.push(whole);
    if (!BATCH_ENDS.has(type)) return;
    const bytes = Buffer.concat(this.batch);
    this.batch = [];
    // After a Flush the exchange goes on (a Sync is still to come): keep the turn.
    const holds = type === "H";
    this.chain = this.chain.then(() => this.run(bytes, holds));
  }

  /** Authenticated: the database (started now if need be) answers the start-up for this connection. */
  private async begin(): Promise<void> {
    const door = this.door;
    const database = this.params.get("database") || this.params.get("user") || "";
    if (database !== door.database) {
      this.fail("3D000", `database "${database}" does not exist`);
      return;
    }
    try {
      await door.db.open();
    } catch (err) {
      if (err instanceof MissingPglite) {
        this.host.missing(door);
        this.fail("58000", err.message);
        return;
      }
      this.fail(
        "58000",
        `could not start the database: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of this.params) params[k] = v;
    params.user = door.username;
    params.database = door.database;
    this.phase = "ready";
    await this.run(startupPacket(params));
  }

  private async run(bytes: Buffer, holds = false): Promise<void> {
    if (this.phase !== "ready" || this.socket.destroyed) return;
    try {
      await this.door.db.submit(
        this,
        (db) =>
          db.execProtocolRawStream(new Uint8Array(bytes), {
            onRawData: (data) => {
              if (data.length > 0 && this.socket.writable) this.socket.write(Buffer.from(data));
            },
          }),
        holds,
      );
    } catch {
      if (this.phase === "ready") this.fail("57P01", "terminating connection: the database closed");
    }
  }
}
