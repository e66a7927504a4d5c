/**
 * The emulator's in-process API: how `--local`, `rdsctl emulator` and the
 * tests start and steer it. The emulator imports nothing from the rest of
 * rdsctl (it is an independent implementation of RDS behaviour).
 */

export type FaultKind =
  /** `Throttling` error, HTTP 400, before the action runs. */
  | "throttle"
  /** `InternalFailure`, HTTP 500, before the action runs. */
  | "error500"
  /** `ServiceUnavailable`, HTTP 503, before the action runs. */
  | "error503"
  /** Delay the answer by `latencyMs`. */
  | "latency"
  /** Close the connection without answering; the action did NOT run. */
  | "drop-before"
  /** Run the action, then close the connection without answering. */
  | "drop-after";

export interface FaultRule {
  kind: FaultKind;
  /** RDS action name (`CreateDBInstance`) or "*" for every action. Default "*". */
  action?: string;
  /** Probability per matching request, 0..1. Default 1. */
  rate?: number;
  /** Only for the next N matching requests, then the rule is spent. */
  count?: number;
  /** For `latency`. */
  latencyMs?: number;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. Requests must name it (or a loopback name) as their Host, with the port. */
  host?: string;
  /**
   * Further Host header names served (any port), e.g. a container's service
   * name; `*` serves any Host. Others are refused with 403 (DNS rebinding).
   */
  allowedHosts?: string[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Persist all state (every region) to this file, load it at start. Writes
   * are atomic and follow a change within max(20 ms, 4 x the last write's
   * duration); close() and process exit write at once. One emulator per file.
   */
  statePath?: string;
  /** Multiplies every lifecycle duration. 0: each transition happens by the next call. Default 1. */
  timeScale?: number;
  /** "manual": time moves only through advance(). Default "real". */
  clock?: "real" | "manual";
  /** Fault rules, or a CLI string such as "throttle=0.2,error=0.05,drop=0.02,latency=20ms". */
  faults?: FaultRule[] | string;
  /**
   * Actions to answer with AccessDenied (HTTP 403), as an IAM policy without
   * them would: an array of names or "DescribeDBEngineVersions,DescribeEvents".
   */
  deny?: string[] | string;
  /** Seed for fault injection and generated ids. */
  seed?: number;
  /** Region of requests without a SigV4 credential scope. Default "us-east-1". */
  region?: string;
  /** Default "123456789012". */
  accountId?: string;
  /** Total allocated storage allowed across instances, GiB (StorageQuotaExceeded beyond). */
  storageQuotaGiB?: number;
  /** How long a request body may take to arrive before the emulator answers 408 and closes the connection, ms. Default 30000. */
  bodyTimeoutMs?: number;
  /**
   * Serve the Postgres protocol for every postgres instance (PGlite, an
   * optional dependency, loaded on the first connection): each one's
   * Endpoint is then 127.0.0.1 and a port of its own. Default false.
   * Data lives beside `statePath` (`<state>-postgres/`), in memory without one.
   */
  servePostgres?: boolean;
  /**
   * Loads PGlite, called on the first connection to a served instance: a
   * function returning the `@electric-sql/pglite` module (a dynamic import
   * of it, in the caller's code). The emulator imports nothing but
   * Node's built-ins, so the engine is handed to it; without it (or when the
   * loader fails) connections are refused, saying PGlite is missing.
   */
  pglite?: () => Promise<unknown>;
  /** How long a served database with no connection stays open, ms. Default 300000. */
  postgresIdleMs?: number;
  /** Where the emulator's own notices go (e.g. PGlite missing). Default: nowhere. */
  log?: (line: string) => void;
}

export interface RequestLogEntry {
  /** ISO time on the emulator's clock. */
  time: string;
  action: string;
  /** Region of the request (its credential scope, else the emulator's default region). */
  region?: string;
  /** DBInstanceIdentifier (or resource ARN) the request named, when any. */
  id?: string;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
  /** Error code answered, when any. */
  errorCode?: string;
  /** Fault injected, when any. */
  fault?: FaultKind;
}

export interface EmulatorHandle {
  /** e.g. http://127.0.0.1:49152 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Move the clock forward (manual clock), running due transitions. */
  advance(ms: number): void;
  /** Current emulator time, epoch ms. */
  now(): number;
  /** Apply every deferred modification now, as a maintenance window would. */
  runMaintenanceWindow(): void;
  /** Forget every instance, group change, event and log entry; back to a fresh account. */
  reset(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  setFaults(rules: FaultRule[] | string): void;
  /** Replace the actions answered with AccessDenied (an empty list allows every action again). */
  setDenied(actions: string[] | string): void;
  /**
   * Put an instance into any status RDS can report (`failed`,
   * `incompatible-parameters`, `storage-full`, `stopped`...), now or once the
   * emulator clock has moved `afterMs` past the current time (not scaled by
   * timeScale), in `region` (default: the emulator's default region). The rest of its lifecycle stops there; it stays in that status
   * until something RDS would do moves it on (docs/emulator.md, "Injected
   * statuses"). Throws an EmulatorError (`DBInstanceNotFound`,
   * `InvalidParameterValue` for an unknown status).
   */
  setInstanceStatus(
    id: string,
    status: string,
    options?: { afterMs?: number; region?: string },
  ): void;
}
