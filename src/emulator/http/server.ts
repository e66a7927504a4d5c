import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ACTIONS, requestSubject } from "../actions/dispatch.js";
import type { EmulatorHandle, EmulatorOptions, FaultKind, RequestLogEntry } from "../api.js";
import { injectStatus } from "../lifecycle/injected-status.js";
import { runMaintenance } from "../lifecycle/maintenance.js";
import { runDue } from "../lifecycle/transitions.js";
import { Ctx, makeClock } from "../state/context.js";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, freshState } from "../state/defaults.js";
import type { Instance } from "../state/model.js";
import { loadState, saveState } from "../state/persistence.js";
import { ADMIN_PREFIX, adminRoute } from "./admin.js";
import { EmulatorError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { QueryParams } from "./query.js";
import { errorXml, successXml } from "./xml.js";

const MAX_LOG = 10_000;
const MAX_BODY = 1 << 20;

/** The error answers fault injection sends instead of running the action. */
const INJECTED_ERRORS: Partial<
  Record<FaultKind, { status: number; code: string; message: string }>
> = {
  throttle: { status: 400, code: "Throttling", message: "Rate exceeded" },
  error500: {
    status: 500,
    code: "InternalFailure",
    message: "An internal error occurred. Try again.",
  },
  error503: {
    status: 503,
    code: "ServiceUnavailable",
    message: "The service is unavailable. Try again.",
  },
};

interface Answer {
  status: number;
  body: string;
  errorCode?: string;
}

export class Emulator {
  readonly ctx: Ctx;
  readonly faults: FaultInjector;
  private log: RequestLogEntry[] = [];
  private server: Server | undefined;

  /** Seeds the generated ids of a fresh account (at start and on reset) and fault injection. */
  private readonly seed: number;

  constructor(private readonly options: EmulatorOptions) {
    const region = options.region ?? DEFAULT_REGION;
    const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.seed = options.seed ?? 1;
    const loaded = options.statePath ? loadState(options.statePath) : undefined;
    const state = loaded ?? freshState(region, accountId, this.seed);
    const clock = makeClock(
      options.clock ?? "real",
      loaded && loaded.clock > 0 ? loaded.clock : Date.now(),
    );
    const scale = options.timeScale ?? 1;
    if (!(scale >= 0) || !Number.isFinite(scale)) {
      throw new EmulatorError("InvalidOption", `timeScale must be a number >= 0, not ${scale}`);
    }
    this.ctx = new Ctx(state, clock, region, accountId, scale, options.storageQuotaGiB ?? 100_000);
    this.faults = new FaultInjector(this.seed);
    if (options.faults) this.faults.set(options.faults);
  }

  save(): void {
    if (!this.options.statePath) return;
    this.ctx.state.clock = this.ctx.clock.manual ? this.ctx.now() : 0;
    saveState(this.options.statePath, this.ctx.state);
  }

  /** Run due transitions; persist when any fired. */
  tick(): void {
    if (runDue(this.ctx) > 0) this.save();
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    this.save();
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  requestLog(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearRequestLog(): void {
    this.log = [];
  }

  reset(): void {
    this.ctx.replaceState(freshState(this.ctx.region, this.ctx.accountId, this.seed));
    this.log = [];
    this.save();
  }

  advance(ms: number): void {
    this.ctx.clock.advance(ms);
    runDue(this.ctx);
    // The manual clock is part of the state: a restart resumes at the same time.
    this.save();
  }

  /** The instance, for the admin path's answer. */
  setInstanceStatus(id: string, status: string, afterMs?: number): Instance {
    this.tick();
    const inst = injectStatus(this.ctx, id, status, afterMs);
    runDue(this.ctx);
    this.save();
    return inst;
  }

  maintenance(): void {
    this.tick();
    runMaintenance(this.ctx);
    this.ctx.invalidateStorage();
    this.ctx.generation += 1;
    this.save();
  }

  private record(entry: Omit<RequestLogEntry, "time">): void {
    const e: RequestLogEntry = { time: new Date(this.ctx.now()).toISOString(), ...entry };
    for (const k of Object.keys(e) as Array<keyof RequestLogEntry>)
      if (e[k] === undefined) delete e[k];
    this.log.push(e);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      if (size > MAX_BODY) {
        this.send(res, 413, "RequestEntityTooLarge", "The request body is too large.");
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith(ADMIN_PREFIX)) {
        this.onAdmin(req.method ?? "GET", url, body, res);
        return;
      }
      this.onRds(url, body, req, res).catch((err: unknown) => {
        // Last resort: an emulator bug answers 500 instead of crashing the server.
        const message = err instanceof Error ? err.message : String(err);
        if (!res.headersSent)
          this.send(res, 500, "InternalFailure", `Emulator failure: ${message}`);
      });
    });
  }

  private async onRds(
    url: URL,
    body: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const requestId = randomUUID();
    const q = QueryParams.parse(body);
    for (const [k, v] of url.searchParams) if (!q.raw.has(k)) q.raw.set(k, v);
    const action = q.str("Action") ?? "";
    const id = requestSubject(q);
    const decision = this.faults.decide(action);
    if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.kind === "drop-before") {
      this.record({ action, id, status: 0, fault: "drop-before" });
      req.socket.destroy();
      return;
    }
    let fault: FaultKind | undefined = decision.latencyMs > 0 ? "latency" : undefined;
    let answer: Answer;
    const injected = decision.kind && INJECTED_ERRORS[decision.kind];
    if (injected) {
      answer = this.error(injected.status, injected.code, injected.message, requestId);
      fault = decision.kind;
    } else {
      answer = this.perform(action, q, requestId);
    }
    if (decision.kind === "drop-after") {
      this.record({ action, id, status: 0, errorCode: answer.errorCode, fault: "drop-after" });
      req.socket.destroy();
      return;
    }
    this.record({ action, id, status: answer.status, errorCode: answer.errorCode, fault });
    const bytes = Buffer.from(answer.body, "utf8");
    res.writeHead(answer.status, {
      "x-amzn-RequestId": requestId,
      "content-type": "text/xml",
      "content-length": bytes.length,
    });
    res.end(bytes);
  }

  private send(res: ServerResponse, status: number, code: string, message: string): void {
    const requestId = randomUUID();
    res.writeHead(status, { "x-amzn-RequestId": requestId, "content-type": "text/xml" });
    res.end(this.error(status, code, message, requestId).body);
  }

  private error(status: number, code: string, message: string, requestId: string): Answer {
    return { status, body: errorXml(status, code, message, requestId), errorCode: code };
  }

  /** Carry out one RDS action; every failure becomes an ErrorResponse. */
  perform(action: string, q: QueryParams, requestId: string): Answer {
    try {
      if (action === "")
        throw new EmulatorError("MissingAction", "The request must contain the parameter Action");
      const handler = ACTIONS[action];
      if (!handler) {
        throw new EmulatorError(
          "InvalidAction",
          `The action ${action} is not valid for this web service.`,
        );
      }
      const version = q.str("Version");
      if (version !== undefined && version !== "2014-10-31") {
        throw new EmulatorError(
          "InvalidParameterValue",
          `Unsupported API version ${version}; this service speaks 2014-10-31.`,
        );
      }
      this.tick();
      // Creates keep the storage total up to date themselves; other changes drop it.
      if (handler.mutates) {
        this.ctx.generation += 1;
        if (!action.startsWith("Create")) this.ctx.invalidateStorage();
      }
      const result = handler.run(this.ctx, q);
      if (handler.mutates) this.save();
      return { status: 200, body: successXml(action, result, requestId) };
    } catch (err) {
      // A refused change may have touched state before it was rolled back.
      this.ctx.generation += 1;
      if (err instanceof EmulatorError) {
        return this.error(err.status, err.code, err.message, requestId);
      }
      const message = err instanceof Error ? err.message : String(err);
      return this.error(500, "InternalFailure", `Emulator failure: ${message}`, requestId);
    }
  }

  private onAdmin(method: string, url: URL, body: string, res: ServerResponse): void {
    let status: number;
    let value: unknown;
    try {
      [status, value] = adminRoute(this, method, url, body);
    } catch (err) {
      [status, value] = [400, { error: err instanceof Error ? err.message : String(err) }];
    }
    res.writeHead(status, { "content-type": "application/json", "x-amzn-RequestId": randomUUID() });
    res.end(JSON.stringify(value));
  }
}

export function makeHandle(emu: Emulator, url: string, port: number): EmulatorHandle {
  return {
    url,
    port,
    close: () => emu.close(),
    advance: (ms) => emu.advance(ms),
    now: () => emu.ctx.now(),
    runMaintenanceWindow: () => emu.maintenance(),
    reset: () => emu.reset(),
    requestLog: () => emu.requestLog(),
    clearRequestLog: () => emu.clearRequestLog(),
    setFaults: (rules) => emu.faults.set(rules),
    setInstanceStatus: (id, status, options) => {
      emu.setInstanceStatus(id, status, options?.afterMs);
    },
  };
}
