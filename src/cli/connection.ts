import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ConnectionOptions, RetryNotice } from "../aws/rds-api.js";
import { UsageError } from "../errors.js";
import { type FlagDefs, integerFlag, type ParsedArgs } from "./args.js";
import { startEmulatorFor } from "./emulator-start.js";
import { acquireLocalLock } from "./local-lock.js";

/** The flags of every command that calls AWS. */
export const CONNECTION_FLAGS: FlagDefs = {
  region: { type: "string" },
  profile: { type: "string" },
  "endpoint-url": { type: "string" },
  local: { type: "boolean" },
  "retry-mode": { type: "string" },
  "max-attempts": { type: "string" },
  "response-timeout": { type: "string" },
};

/** Where `--local` keeps the emulator's state, under the working directory. */
export const LOCAL_STATE_DIR = ".rdsctl";
export const LOCAL_STATE_FILE = "emulator.json";
/** Held by the process serving the directory's emulator (see local-lock.ts). */
export const LOCAL_LOCK_FILE = "emulator.lock";

export interface Connection {
  options: ConnectionOptions;
  /** The background emulator's URL, when `--local` uses it (it outlives the command). */
  localServer?: string;
  /** Stops the embedded emulator when `--local` started one. */
  close(): Promise<void>;
}

export interface ConnectionFlags {
  options: ConnectionOptions;
  local: boolean;
}

/** Check the connection flags (before any file is read or anything started). */
export function connectionFlags(values: ParsedArgs["values"]): ConnectionFlags {
  const options = connectionOptions(values);
  if (values.local === true && options.endpointUrl !== undefined) {
    throw new UsageError(
      "--local and --endpoint-url cannot be used together: --local starts its own endpoint",
    );
  }
  return { options, local: values.local === true };
}

function connectionOptions(values: ParsedArgs["values"]): ConnectionOptions {
  const options: ConnectionOptions = {};
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const region = str("region");
  if (region !== undefined) options.region = region;
  const profile = str("profile");
  if (profile !== undefined) options.profile = profile;
  const endpoint = str("endpoint-url");
  if (endpoint !== undefined) {
    try {
      new URL(endpoint);
    } catch {
      throw new UsageError(
        `--endpoint-url must be a URL such as http://127.0.0.1:4566, got "${endpoint}"`,
      );
    }
    options.endpointUrl = endpoint;
  }
  const mode = str("retry-mode");
  if (mode !== undefined) {
    if (mode !== "standard" && mode !== "adaptive") {
      throw new UsageError(`--retry-mode must be standard or adaptive, got "${mode}"`);
    }
    options.retryMode = mode;
  }
  const attempts = integerFlag("max-attempts", str("max-attempts"), 1, 100);
  if (attempts !== undefined) options.maxAttempts = attempts;
  const responseTimeout = str("response-timeout");
  if (responseTimeout !== undefined) {
    const seconds = Number(responseTimeout);
    if (responseTimeout.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(
        `--response-timeout must be a number of seconds above 0, got "${responseTimeout}"`,
      );
    }
    options.responseTimeoutSeconds = seconds;
  }
  return options;
}

/** The stderr line for an SDK retry: `rdsctl: retrying CreateDBInstance for orders-db (attempt 3 of 20): Throttling`. */
export function retryNoticeText(notice: RetryNotice): string {
  const target = notice.target === undefined ? "" : ` for ${notice.target}`;
  return `rdsctl: retrying ${notice.operation}${target} (attempt ${notice.attempt} of ${notice.maxAttempts}): ${notice.reason}`;
}

/**
 * `RDSCTL_LOCAL_TIME_SCALE` speeds up (or slows down) the embedded emulator's
 * lifecycle for demos and tests; people get real timings by default.
 */
export function localTimeScale(env: NodeJS.ProcessEnv): number {
  const text = env.RDSCTL_LOCAL_TIME_SCALE;
  if (text === undefined || text === "") return 1;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new UsageError(`RDSCTL_LOCAL_TIME_SCALE must be a number of 0 or more, got "${text}"`);
  }
  return scale;
}

/**
 * How `--local` runs the emulator: `background` (the default) reuses or
 * starts the directory's detached emulator, which keeps serving (and its
 * Postgres databases) after the command; `in-process` (RDSCTL_LOCAL_MODE=in-process)
 * runs it inside the command, one run at a time per directory, as tests do.
 */
function localMode(env: NodeJS.ProcessEnv): "background" | "in-process" {
  const mode = env.RDSCTL_LOCAL_MODE;
  if (mode === undefined || mode === "" || mode === "background") return "background";
  if (mode === "in-process") return "in-process";
  throw new UsageError(`RDSCTL_LOCAL_MODE must be background or in-process, got "${mode}"`);
}

/**
 * The options of the emulator `--local` runs for the directory `dir`. Only
 * the background one serves Postgres: an in-process emulator ends with the
 * command, its databases with it, and keeps the RDS endpoints it always had.
 */
export function localEmulatorOptions(
  dir: string,
  env: NodeJS.ProcessEnv,
  region: string,
  servePostgres: boolean,
) {
  return {
    host: "127.0.0.1",
    port: 0,
    statePath: join(dir, LOCAL_STATE_FILE),
    timeScale: localTimeScale(env),
    clock: "real" as const,
    region,
    servePostgres,
    // Loaded by the emulator on a first connection only: nothing of it on plan's path.
    pglite: async () => (await import("./pglite.js")).loadPglite(),
    // A least-privilege role to try a spec against (docs/iam.md).
    ...(env.RDSCTL_LOCAL_DENY ? { deny: env.RDSCTL_LOCAL_DENY } : {}),
  };
}

/**
 * The connection a command uses. With `--local`, the client points at the
 * working directory's emulator (state in .rdsctl/emulator.json, so the next
 * run sees the same instances): the background one (started if need be,
 * see local-server.ts), or one in this process (RDSCTL_LOCAL_MODE=in-process).
 */
export async function openConnection(
  flags: ConnectionFlags,
  cwd: string,
  env: NodeJS.ProcessEnv,
  notify?: (text: string) => void,
): Promise<Connection> {
  const { local } = flags;
  const options: ConnectionOptions =
    notify === undefined
      ? flags.options
      : { ...flags.options, onRetry: (n) => notify(`${retryNoticeText(n)}\n`) };
  if (!local) return { options, close: async () => {} };
  const dir = join(cwd, LOCAL_STATE_DIR);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(
      `--local: cannot create ${dir} for the emulator's state (${code}); run from a writable directory`,
    );
  }
  const region = options.region ?? "us-east-1";
  const background = localMode(env) === "background";
  // Read here in both modes, so a bad RDSCTL_LOCAL_TIME_SCALE stops the command before anything starts.
  const emulatorOptions = localEmulatorOptions(dir, env, region, false);
  if (background) {
    const { ensureServer } = await import("./local-server.js");
    const url = await ensureServer(dir, cwd, env, (text) => notify?.(text));
    return {
      options: { ...options, region, endpointUrl: url },
      localServer: url,
      close: async () => {},
    };
  }
  // One run at a time per directory, so each starts from the state the last one left.
  const lockPath = join(dir, LOCAL_LOCK_FILE);
  const release = await acquireLocalLock(lockPath, (pid) =>
    notify?.(
      `rdsctl: --local: another run (pid ${pid}) is using ${dir}; waiting for it to finish\n`,
    ),
  );
  let handle: Awaited<ReturnType<typeof startEmulatorFor>>;
  try {
    handle = await startEmulatorFor("--local", emulatorOptions);
  } catch (err) {
    release();
    throw err;
  }
  return {
    options: { ...options, region, endpointUrl: handle.url },
    close: async () => {
      try {
        await handle.close();
      } finally {
        release();
      }
    },
  };
}
