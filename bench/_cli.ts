import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../test/helpers/repo-root.js";

/**
 * Spawning the built CLI from a benchmark: an environment with no AWS
 * settings of the machine's, the child's output and wall time, and the median
 * the benchmarks report.
 */

export const CLI = join(repoRoot(), "bin", "rdsctl.js");

export function benchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "AKIDBENCH",
    AWS_SECRET_ACCESS_KEY: "bench-secret",
    AWS_CONFIG_FILE: "/nonexistent/rdsctl-bench/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/rdsctl-bench/credentials",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    NO_COLOR: "1",
  };
}

export interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Spawns the CLI without blocking this process's event loop (an emulator in
 * this process answers from it). `nodeArgs` go before the script.
 */
export function spawnCli(
  args: string[],
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Timed> {
  return spawnNode([...(options.nodeArgs ?? []), CLI, ...args], options);
}

/** Spawns `node ARGS` (a floor script, or the CLI) in the benchmark environment, timing it. */
export function spawnNode(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...benchEnv(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Prints each figure beside its target, counting the targets missed; column widths per benchmark. */
export class TargetReport {
  missed = 0;
  readonly #widths: readonly [label: number, value: number, target: number];

  constructor(widths: readonly [label: number, value: number, target: number]) {
    this.#widths = widths;
  }

  readonly line = (label: string, value: string, target: string, ok: boolean): void => {
    if (!ok) this.missed += 1;
    const [l, v, t] = this.#widths;
    console.log(
      `${label.padEnd(l)} ${value.padStart(v)}   target ${target.padEnd(t)} ${ok ? "ok" : "MISSED"}`,
    );
  };

  /** The closing line: every target met, or how many were missed (and the exit code 1). */
  finish(): void {
    if (this.missed > 0) {
      console.log(`\n${this.missed} target(s) missed`);
      process.exitCode = 1;
    } else {
      console.log("\nall targets met");
    }
  }
}

/** Throws with the child's output when the CLI did not exit 0. */
export function checkExit(run: Timed, what: string): void {
  if (run.code !== 0) {
    throw new Error(
      `${what} exited ${run.code}:\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`,
    );
  }
}
