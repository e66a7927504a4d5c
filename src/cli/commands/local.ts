import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { escapeText } from "../../text/escape.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { LOCAL_LOCK_FILE, LOCAL_STATE_DIR, localEmulatorOptions } from "../connection.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { startEmulatorFor } from "../emulator-start.js";
import { commandHelp } from "../help.js";
import { connectionString } from "../local-connect.js";
import { acquireLocalLock, isAlive } from "../local-lock.js";
import {
  askServer,
  liveServer,
  removeServerInfo,
  type ServedReport,
  writeServerInfo,
} from "../local-server.js";

/**
 * `rdsctl local status|stop|serve`: the working directory's background
 * emulator, the one `--local` commands start and reuse (see local-server.ts).
 */
export const FLAGS: FlagDefs = {};

export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("local", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("local", FLAGS));
    return "done";
  }
  const [sub, ...rest] = positionals;
  if (rest.length > 0 || (sub !== "status" && sub !== "stop" && sub !== "serve")) {
    throw new UsageError(
      `rdsctl local takes one of status, stop, serve${sub === undefined ? "" : `, got "${escapeText(positionals.join(" "))}"`} (see rdsctl local --help)`,
    );
  }
  const dir = join(ctx.cwd, LOCAL_STATE_DIR);
  if (sub === "status") return status(dir, ctx);
  if (sub === "stop") return stop(dir, ctx);
  return serve(dir, ctx);
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}

function instanceLine(i: ServedReport["instances"][number]): string {
  const head = `  ${i.identifier}  ${i.engine}  ${i.status}`;
  if (i.postgres === undefined) return `${head}  (API only: nothing listens at its endpoint)`;
  if (i.postgres.port === null) return `${head}  (no port yet)`;
  const db = i.postgres.open
    ? `database open, ${i.postgres.connections} connection${i.postgres.connections === 1 ? "" : "s"}`
    : "database closed until the next connection";
  return `${head}  ${connectionString(i.masterUsername, i.postgres.port, i.postgres.database)}  (${db})`;
}

async function status(dir: string, ctx: CommandContext): Promise<CommandOutcome> {
  const info = liveServer(dir);
  const report = info && (await askServer(info.url));
  if (!info || !report) {
    ctx.out(`No local emulator is running for ${escapeText(dir)}.\n`);
    return "done";
  }
  ctx.out(
    `Local emulator for ${escapeText(dir)}: pid ${info.pid}, ${escapeText(info.url)}, memory ${megabytes(report.rssBytes)}\n`,
  );
  if (report.instances.length === 0) ctx.out("  no instances\n");
  for (const i of report.instances) {
    const line = instanceLine(i);
    ctx.out(`${escapeText(line)}\n`);
  }
  return "done";
}

async function stop(dir: string, ctx: CommandContext): Promise<CommandOutcome> {
  const info = liveServer(dir);
  if (!info) {
    ctx.out(`No local emulator is running for ${escapeText(dir)}.\n`);
    return "done";
  }
  process.kill(info.pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (isAlive(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(info.pid)) {
    throw new UsageError(`the local emulator (pid ${info.pid}) did not stop within 30 s`);
  }
  ctx.out(`Stopped the local emulator (pid ${info.pid}); its state stays in ${escapeText(dir)}.\n`);
  return "done";
}

/**
 * Runs the directory's emulator in the foreground until SIGTERM or SIGINT:
 * what `--local` starts, detached, in the background. It holds the
 * directory's lock while it runs, so an in-process run waits for it.
 */
async function serve(dir: string, ctx: CommandContext): Promise<CommandOutcome> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(
      `--local: cannot create ${dir} for the emulator's state (${code}); run from a writable directory`,
    );
  }
  // A pid in server.json that answers is the directory's emulator; one that does not is a stale file.
  const other = liveServer(dir);
  if (other && other.pid !== process.pid && (await askServer(other.url))) {
    ctx.err(`rdsctl: the emulator of ${escapeText(dir)} already runs (pid ${other.pid})\n`);
    return "done";
  }
  const options = localEmulatorOptions(dir, ctx.env, "us-east-1", true);
  // Two servers started at once: the one that gets the lock serves, the other ends.
  let lost = false;
  const release = await Promise.race([
    acquireLocalLock(join(dir, LOCAL_LOCK_FILE), (pid) =>
      ctx.err(
        `rdsctl: --local: another run (pid ${pid}) is using ${dir}; waiting for it to finish\n`,
      ),
    ),
    (async () => {
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const found = liveServer(dir);
        if (found && found.pid !== process.pid && (await askServer(found.url))) {
          lost = true;
          return () => {};
        }
      }
    })(),
  ]);
  if (lost) {
    ctx.err(`rdsctl: the emulator of ${escapeText(dir)} already runs\n`);
    return "done";
  }
  let handle: Awaited<ReturnType<typeof startEmulatorFor>>;
  try {
    handle = await startEmulatorFor("--local", {
      ...options,
      log: (line: string) => ctx.err(`rdsctl: ${line}\n`),
    });
  } catch (err) {
    release();
    throw err;
  }
  writeServerInfo(dir, { pid: process.pid, url: handle.url, startedAt: new Date().toISOString() });
  ctx.err(
    `rdsctl: emulator of ${escapeText(dir)} listening at ${handle.url} (pid ${process.pid})\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const off = ctx.onSignal((received) => {
      off();
      resolve(received);
    });
  });
  ctx.err(`rdsctl: ${signal} received, stopping the emulator\n`);
  try {
    await handle.close();
  } finally {
    removeServerInfo(dir);
    release();
  }
  return "done";
}
