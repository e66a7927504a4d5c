import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * One `--local` run at a time per directory. The embedded emulator reads its
 * state file when it starts and writes it whole as it changes, so two runs
 * with an emulator each would each write their own view and the last writer
 * would lose the other's instances. A run therefore takes `.rdsctl/emulator.lock`
 * (created exclusively, holding its pid) before it starts the emulator, and
 * gives it up after the emulator has stopped and written its state; a second
 * run waits for it, then starts from the state the first one left. A lock
 * whose process is gone (killed) is taken over.
 */

/** How often a waiting run looks at the lock again. */
const POLL_MS = 100;

interface LockContent {
  pid: number;
}

function readHolder(path: string): number | undefined {
  try {
    const content = JSON.parse(readFileSync(path, "utf8")) as Partial<LockContent>;
    return typeof content.pid === "number" ? content.pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${JSON.stringify({ pid: process.pid } satisfies LockContent)}\n`, {
      flag: "wx",
    });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/** Moves a dead run's lock aside (a rename, so two runs cannot both remove a fresh lock). */
function breakStale(path: string, pid: number | undefined): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else broke it first
  }
  if (pid !== undefined && readHolder(aside) !== pid) {
    // Between the look and the rename a live run took it: put it back.
    try {
      renameSync(aside, path);
    } catch {}
    return;
  }
  rmSync(aside, { force: true });
}

/**
 * Waits until this process holds the lock at `path`; `onWait` is called once
 * when another live run holds it. Returns the release function, also run
 * when the process exits.
 */
export async function acquireLocalLock(
  path: string,
  onWait: (holderPid: number) => void,
): Promise<() => void> {
  let told = false;
  let unreadable = 0;
  for (;;) {
    if (tryCreate(path)) break;
    const holder = readHolder(path);
    if (holder === undefined) {
      // Being written right now, or left half-written by a killed run.
      unreadable += 1;
      if (unreadable * POLL_MS >= 2000) breakStale(path, undefined);
    } else if (!isAlive(holder)) {
      breakStale(path, holder);
      continue;
    } else if (!told) {
      told = true;
      onWait(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    if (readHolder(path) === process.pid) rmSync(path, { force: true });
  };
  process.on("exit", release);
  return release;
}
