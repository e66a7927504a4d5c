import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RdsctlError } from "../errors.js";
import { isAlive } from "./local-lock.js";

/**
 * The background emulator of `--local`: one per directory, detached, its pid,
 * URL and log in `.rdsctl/`. The first `--local` command starts it (running
 * `rdsctl local serve`), later ones find it through `.rdsctl/server.json`; it
 * keeps running, with its Postgres databases, until `rdsctl local stop`.
 */

/** Written by the serving process once it listens; removed when it stops. */
export const SERVER_FILE = "server.json";
export const LOG_FILE = "emulator.log";

export interface ServerInfo {
  pid: number;
  url: string;
  startedAt: string;
}

/** The directory's running server, if its file names a live process. */
export function liveServer(dir: string): ServerInfo | undefined {
  let info: Partial<ServerInfo>;
  try {
    info = JSON.parse(readFileSync(join(dir, SERVER_FILE), "utf8")) as Partial<ServerInfo>;
  } catch {
    return undefined;
  }
  if (typeof info.pid !== "number" || typeof info.url !== "string") return undefined;
  if (!isAlive(info.pid)) return undefined;
  return { pid: info.pid, url: info.url, startedAt: String(info.startedAt ?? "") };
}

export function writeServerInfo(dir: string, info: ServerInfo): void {
  const path = join(dir, SERVER_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`);
  renameSync(temp, path);
}

/** Removes the server file if it is this process's. */
export function removeServerInfo(dir: string): void {
  try {
    const info = JSON.parse(readFileSync(join(dir, SERVER_FILE), "utf8")) as Partial<ServerInfo>;
    if (info.pid === process.pid) rmSync(join(dir, SERVER_FILE), { force: true });
  } catch {}
}

/** What the server's admin path reports (`GET /_emulator/served`). */
export interface ServedReport {
  pid: number;
  rssBytes: number;
  instances: Array<{
    region: string;
    identifier: string;
    engine: string;
    status: string;
    masterUsername: string;
    postgres?: { port: number | null; database: string; open: boolean; connections: number };
  }>;
}

/** The server's report, or undefined when it does not answer. */
export async function askServer(url: string): Promise<ServedReport | undefined> {
  try {
    const res = await fetch(`${url}/_emulator/served`, {
      headers: { "x-rdsctl-emulator": "1" },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return undefined;
    return (await res.json()) as ServedReport;
  } catch {
    return undefined;
  }
}

const POLL_MS = 100;

/**
 * The URL of the directory's background emulator, started now if none runs.
 * Waits while the new server waits for the directory's lock (an in-process
 * run holding it). Throws with the server's own last log line when it fails to start.
 */
export async function ensureServer(
  dir: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  notify: (text: string) => void,
): Promise<string> {
  const running = liveServer(dir);
  if (running && (await askServer(running.url))) return running.url;
  const logPath = join(dir, LOG_FILE);
  const log = openSync(logPath, "a");
  let exited: number | null | undefined;
  try {
    const child = spawn(process.execPath, [process.argv[1] ?? "rdsctl", "local", "serve"], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    child.on("exit", (code) => {
      exited = code;
    });
    child.on("error", () => {
      exited = -1;
    });
    child.unref();
  } finally {
    closeSync(log);
  }
  notify(
    `rdsctl: --local: started the emulator for this directory in the background (log: ${logPath}); \`rdsctl local stop\` ends it\n`,
  );
  let toldWaiting = false;
  const started = Date.now();
  for (;;) {
    const info = liveServer(dir);
    if (info && (await askServer(info.url))) return info.url;
    if (exited !== undefined) {
      // It ended: another one won the race (then it answers now), or it failed.
      const other = liveServer(dir);
      if (other && (await askServer(other.url))) return other.url;
      throw new RdsctlError("EMULATOR_START", lastError(logPath));
    }
    if (!toldWaiting && Date.now() - started > 3000) {
      toldWaiting = true;
      notify(`rdsctl: --local: waiting for the emulator of ${dir} to start\n`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The last `rdsctl:` line of the server's log: why it did not start. */
function lastError(logPath: string): string {
  let text = "";
  try {
    text = readFileSync(logPath, "utf8");
  } catch {}
  const lines = text.split("\n").filter((l) => l.startsWith("rdsctl: "));
  const last = lines.at(-1);
  return last === undefined
    ? `--local: the background emulator did not start; see ${logPath}`
    : last.slice("rdsctl: ".length);
}
