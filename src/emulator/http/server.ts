import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ACTIONS, requestSubject } from "../actions/dispatch.js";
import type { EmulatorHandle, EmulatorOptions, FaultKind, RequestLogEntry } from "../api.js";
import { injectStatus } from "../lifecycle/injected-status.js";
import { runMaintenance } from "../lifecycle/maintenance.js";
import { runDue } from "../lifecycle/transitions.js";
import { PostgresHost, postgresDataDir } from "../postgres/host.js";
import { loadParameterCatalogue } from "../rules/parameter-catalogue.js";
import { type Clock, Ctx, makeClock, type RegionDirectory } from "../state/context.js";
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  freshState,
  REGION_NAME,
  regionSeed,
} from "../state/defaults.js";
import type { Instance, State } from "../state/model.js";
import { loadState, StateFile, serialiseState } from "../state/persistence.js";
import { ADMIN_PREFIX, adminRoute } from "./admin.js";
import { readBody } from "./body.js";
import { crossSiteRefusal } from "./cross-site.js";
import { accessDeniedMessage, DenyList } from "./deny.js";
import { EmulatorError } from "./errors.js";
import { FaultInjector } from "./faults.js";
import { HostCheck } from "./host-check.js";
import { QueryParams } from "./query.js";
import { accessKeyOf, isStsRequest, StsService } from "./sts.js";
import { errorXml, successXml } from "./xml.js";

const MAX_LOG = 10_000;
const MAX_BODY = 1 << 20;
/** How long a request body may take to arrive before the connection is closed. */
const BODY_TIMEOUT_MS = 30_000;

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

export class Emulator implements RegionDirectory {
  /** The default region's context: requests without a credential scope, the clock. */
  readonly ctx: Ctx;
  readonly faults: FaultInjector;
  /** Actions answered AccessDenied (a least-privilege role). */
  readonly denied = new DenyList();
  readonly defaultRegion: string;
  private readonly regions = new Map<string, Ctx>();
  private readonly clock: Clock;
  private readonly accountId: string;
  private readonly timeScale: number;
  private log: RequestLogEntry[] = [];
  private server: Server | undefined;
  private hostCheck: HostCheck | undefined;
  private readonly file: StateFile | undefined;
  private readonly sts: StsService;
  /** Real Postgres behind postgres instances (servePostgres). */
  readonly postgres: PostgresHost | undefined;
  private ticker: NodeJS.Timeout | undefined;

  /** Seeds the generated ids of a fresh account (at start and on reset) and fault injection. */
  private readonly seed: number;

  constructor(private readonly options: EmulatorOptions) {
    this.defaultRegion = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.seed = options.seed ?? 1;
    const loaded = options.statePath ? loadState(options.statePath, this.defaultRegion) : undefined;
    this.postgres = options.servePostgres
      ? new PostgresHost({
          load: options.pglite,
          dataDir: options.statePath ? postgresDataDir(options.statePath) : undefined,
          ...(options.postgresIdleMs === undefined ? {} : { idleMs: options.postgresIdleMs }),
          ...(options.log ? { log: options.log } : {}),
        })
      : undefined;
    this.clock = makeClock(
      options.clock ?? "real",
      loaded && loaded.clock > 0 ? loaded.clock : Date.now(),
    );
    const scale = options.timeScale ?? 1;
    if (!(scale >= 0) || !Number.isFinite(scale)) {
      throw new EmulatorError("InvalidOption", `timeScale must be a number >= 0, not ${scale}`);
    }
    this.timeScale = scale;
    for (const [region, state] of loaded?.regions ?? []) this.addRegion(region, state);
    this.ctx = this.get(this.defaultRegion);
    this.faults = new FaultInjector(this.seed);
    this.sts = new StsService(this.accountId, () => Date.now());
    if (options.faults) this.faults.set(options.faults);
    if (options.deny) this.denied.set(options.deny);
    this.file = options.statePath
      ? new StateFile(options.statePath, () => this.snapshot())
      : undefined;
  }

  private addRegion(region: string, state: State): Ctx {
    const ctx = new Ctx(
      state,
      this.clock,
      region,
      this.accountId,
      this.timeScale,
      this.options.storageQuotaGiB ?? 100_000,
      this,
    );
    const postgres = this.postgres;
    if (postgres) ctx.servedEndpoint = (inst) => postgres.endpoint(inst);
    this.regions.set(region, ctx);
    return ctx;
  }

  private freshRegion(region: string): State {
    return freshState(region, this.accountId, regionSeed(this.seed, region, this.defaultRegion));
  }

  get(region: string): Ctx {
    return this.regions.get(region) ?? this.addRegion(region, this.freshRegion(region));
  }

  find(region: string): Ctx | undefined {
    return this.regions.get(region);
  }

  all(): Iterable<Ctx> {
    return this.regions.values();
  }

  /** The state file's text: every region, and the manual clock's time. */
  private snapshot(): string {
    const regions = new Map<string, State>();
    for (const [name, ctx] of this.regions) regions.set(name, ctx.state);
    return serialiseState({ clock: this.clock.manual ? this.clock.now() : 0, regions });
  }

  /** State changed: the state file follows soon (see StateFile for how soon). */
  save(): void {
    this.file?.changed();
    this.postgres?.sync(this.regions.values());
  }

  /** Write the state file now, if anything changed. */
  flush(): void {
    this.file?.flush();
  }

  /** Run due transitions in every region; persist when any fired. */
  tick(): void {
    let fired = 0;
    for (const ctx of this.regions.values()) fired += runDue(ctx);
    if (fired > 0) {
      // A transition may touch another region (a cross-region replica's source).
      if (this.regions.size > 1) for (const ctx of this.regions.values()) ctx.generation += 1;
      this.save();
    }
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5000;
    // Slow headers are cut by the server; a slow body by readBody's own timer.
    server.headersTimeout = 20_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        const address = server.address() as AddressInfo;
        this.hostCheck = new HostCheck(host, address.port, this.options.allowedHosts ?? []);
        if (this.postgres) {
          this.postgres.sync(this.regions.values());
          // Lifecycle steps fire on requests; a served instance also follows them with none.
          if (!this.clock.manual) {
            this.ticker = setInterval(() => this.tick(), 250);
            this.ticker.unref();
          }
        }
        resolve(address);
      });
    });
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.file?.close();
    await this.postgres?.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
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

  /** Every region back to a fresh account; the default region is kept, the others forgotten. */
  reset(): void {
    for (const [name, ctx] of [...this.regions]) {
      if (name !== this.defaultRegion) this.regions.delete(name);
      else ctx.replaceState(this.freshRegion(name));
    }
    this.log = [];
    this.save();
    this.flush();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.tick();
    // The manual clock is part of the state: a restart resumes at the same time.
    this.save();
  }

  /** The region an admin call names: the default one when not given; a name RDS would accept. */
  regionNamed(region: string | undefined): Ctx {
    if (region === undefined) return this.ctx;
    if (!REGION_NAME.test(region)) {
      throw new EmulatorError("InvalidParameterValue", `Invalid region name: ${region}`);
    }
    return this.get(region);
  }

  /** The instance, for the admin path's answer. */
  setInstanceStatus(id: string, status: string, afterMs?: number, region?: string): Instance {
    const ctx = this.regionNamed(region);
    this.tick();
    const inst = injectStatus(ctx, id, status, afterMs);
    runDue(ctx);
    this.save();
    return inst;
  }

  maintenance(): void {
    this.tick();
    for (const ctx of this.regions.values()) {
      runMaintenance(ctx);
      ctx.invalidateStorage();
      ctx.generation += 1;
    }
    this.save();
  }

  private record(entry: Omit<RequestLogEntry, "time">): void {
    const e: RequestLogEntry = { time: new Date(this.ctx.now()).toISOString(), ...entry };
    for (const k of Object.keys(e) as Array<keyof RequestLogEntry>)
      if (e[k] === undefined) delete e[k];
    this.log.push(e);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  /** Refused before the body is read: another Host, or what a web page could send. */
  private refusal(req: IncomingMessage, url: URL): string | undefined {
    return (
      this.hostCheck?.refusal(req.headers.host) ??
      crossSiteRefusal(req.method ?? "GET", req.headers, url.pathname.startsWith(ADMIN_PREFIX))
    );
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://emulator");
    const refused = this.refusal(req, url);
    if (refused) {
      this.refuse(req, res, 403, "AccessDenied", refused);
      return;
    }
    readBody(req, MAX_BODY, this.options.bodyTimeoutMs ?? BODY_TIMEOUT_MS, (outcome) => {
      if (outcome === "too-large") {
        this.refuse(req, res, 413, "RequestEntityTooLarge", "The request body is too large.");
        return;
      }
      if (outcome === "timeout") {
        this.refuse(req, res, 408, "RequestTimeout", "The request body did not arrive in time.");
        return;
      }
      this.onBody(req, res, url, outcome.toString("utf8"));
    });
  }

  private onBody(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      this.onAdmin(req.method ?? "GET", url, body, res);
      return;
    }
    this.onRds(url, body, req, res).catch((err: unknown) => {
      // Last resort: an emulator bug answers 500 instead of crashing the server.
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) this.send(res, 500, "InternalFailure", `Emulator failure: ${message}`);
    });
  }

  /** Answer at once, read nothing more, and close the connection once the answer is out. */
  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
  ): void {
    res.setHeader("connection", "close");
    res.on("finish", () => req.socket.destroy());
    this.send(res, status, code, message);
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
    const region = requestRegion(req.headers.authorization, q) ?? this.defaultRegion;
    const decision = this.faults.decide(action);
    if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.kind === "drop-before") {
      this.record({ action, region, id, status: 0, fault: "drop-before" });
      req.socket.destroy();
      return;
    }
    // The parameter catalogue is loaded by the first request that reads it.
    if (ACTIONS.get(action)?.catalogue) await loadParameterCatalogue();
    let fault: FaultKind | undefined = decision.latencyMs > 0 ? "latency" : undefined;
    let answer: Answer;
    const injected = decision.kind && INJECTED_ERRORS[decision.kind];
    if (injected) {
      answer = this.error(injected.status, injected.code, injected.message, requestId);
      fault = decision.kind;
    } else if (!isStsRequest(q) && this.denied.has(action)) {
      const message = accessDeniedMessage(action, region, this.accountId);
      answer = this.error(403, "AccessDenied", message, requestId);
    } else if (isStsRequest(q)) {
      answer = this.performSts(action, q, requestId, req.headers.authorization);
    } else {
      answer = this.perform(action, q, requestId, region);
    }
    if (decision.kind === "drop-after") {
      this.record({
        action,
        region,
        id,
        status: 0,
        errorCode: answer.errorCode,
        fault: "drop-after",
      });
      req.socket.destroy();
      return;
    }
    this.record({ action, region, id, status: answer.status, errorCode: answer.errorCode, fault });
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

  /** Answer one STS action (GetCallerIdentity, AssumeRole); they touch no RDS state. */
  private performSts(
    action: string,
    q: QueryParams,
    requestId: string,
    authorization: string | undefined,
  ): Answer {
    try {
      return {
        status: 200,
        body: this.sts.answer(action, q, accessKeyOf(authorization), requestId),
      };
    } catch (err) {
      if (err instanceof EmulatorError)
        return this.error(err.status, err.code, err.message, requestId);
      throw err;
    }
  }

  /** Carry out one RDS action in a region; every failure becomes an ErrorResponse. */
  perform(action: string, q: QueryParams, requestId: string, region: string): Answer {
    try {
      if (action === "")
        throw new EmulatorError("MissingAction", "The request must contain the parameter Action");
      const handler = ACTIONS.get(action);
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
      const ctx = this.get(region);
      this.tick();
      // Creates keep the storage total up to date themselves; other changes drop it.
      if (handler.mutates) {
        // A change may reach into another region (a cross-region replica and its source).
        for (const c of this.regions.values()) c.generation += 1;
        if (!action.startsWith("Create")) ctx.invalidateStorage();
      }
      const result = handler.run(ctx, q);
      if (handler.mutates) {
        this.postgres?.noteRequest(ctx, action, q);
        this.save();
      }
      return { status: 200, body: successXml(action, result, requestId) };
    } catch (err) {
      // A refused change may have touched state before it was rolled back.
      for (const c of this.regions.values()) c.generation += 1;
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

/** `Credential=AKID/20261128/eu-west-1/rds/aws4_request` in an Authorization header. */
const HEADER_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;

/**
 * The region of a request's SigV4 credential scope: the Authorization header,
 * or `X-Amz-Credential` of a presigned request. Undefined without a scope or
 * with a name that is not a region's.
 */
export function requestRegion(
  authorization: string | undefined,
  q: QueryParams,
): string | undefined {
  let region: string | undefined;
  const m = authorization ? HEADER_SCOPE.exec(authorization) : null;
  if (m) region = m[1];
  else {
    const parts = q.str("X-Amz-Credential")?.split("/");
    if (parts?.length === 5 && parts[4] === "aws4_request") region = parts[2];
  }
  return region !== undefined && REGION_NAME.test(region) ? region : undefined;
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
    setDenied: (actions) => emu.denied.set(actions),
    setInstanceStatus: (id, status, options) => {
      emu.setInstanceStatus(id, status, options?.afterMs, options?.region);
    },
  };
}
