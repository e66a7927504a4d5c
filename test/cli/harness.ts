import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/api.js";
import { startEmulator } from "../../src/emulator/index.js";
import { repoRoot } from "../helpers/repo-root.js";

export { closedPort } from "../helpers/closed-port.js";
export { MUTATING_ACTIONS } from "../helpers/mutating-actions.js";
export { repoRoot };

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is a pipe, never a terminal). */
  input?: string;
  timeoutMs?: number;
}

/**
 * An environment that cannot reach real AWS or a developer's profile: fake
 * static credentials, no profile, config files that do not exist, no colour
 * forcing.
 */
export function isolatedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith("AWS_") ||
      key === "NO_COLOR" ||
      key === "FORCE_COLOR" ||
      key.startsWith("RDSCTL_")
    ) {
      delete env[key];
    }
  }
  env.AWS_ACCESS_KEY_ID = "AKIDTESTONLY";
  env.AWS_SECRET_ACCESS_KEY = "test-only-secret";
  env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
  env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/rdsctl-test/credentials";
  env.AWS_EC2_METADATA_DISABLED = "true";
  // --local runs its emulator inside the command, so no test leaves a background
  // emulator behind; the tests of the background mode set "background".
  env.RDSCTL_LOCAL_MODE = "in-process";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Spawn the built CLI (`node bin/rdsctl.js ...`) and collect its output. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}

export interface StartedCli {
  child: ChildProcess;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  done: Promise<CliRun>;
}

/** Like runCli, but hands back the child too, so a test can signal it while it runs. */
export function startCli(args: string[], options: RunOptions = {}): StartedCli {
  const root = repoRoot();
  const child = spawn(process.execPath, [join(root, "bin", "rdsctl.js"), ...args], {
    cwd: options.cwd ?? root,
    env: isolatedEnv(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const done = new Promise<CliRun>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** A fresh temporary directory. */
export function tempDir(prefix = "rdsctl-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a spec file into `dir` and return its path. */
export function writeSpec(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Fast polling so waits against a time-scale-0 emulator finish at once. */
export const FAST_WAIT =
  "wait:\n  delaySeconds: 0.05\n  maxDelaySeconds: 0.2\n  timeoutSeconds: 30\n";

/** A spec of one postgres instance; `fields` override or add fields (undefined removes one). */
export function instanceSpec(
  id: string,
  fields: Record<string, string | number | boolean | undefined> = {},
): string {
  const base: Record<string, string | number | boolean | undefined> = {
    DBInstanceIdentifier: id,
    Engine: "postgres",
    EngineVersion: '"16"',
    DBInstanceClass: "db.t4g.micro",
    AllocatedStorage: 20,
    MasterUsername: "app",
    ManageMasterUserPassword: true,
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${v}`);
  return `region: us-east-1\ninstances:\n${lines.join("\n")}\n${FAST_WAIT}`;
}

/**
 * Runs `fn` against its own emulator on a free loopback port (the CLI is
 * pointed at it with --endpoint-url), closed afterwards even when `fn` throws.
 */
export async function withEmulator(
  options: EmulatorOptions,
  fn: (emulator: EmulatorHandle) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** Matches any ANSI escape sequence. */
export const ANSI = /\u001b\[/;

/**
 * plan and apply print the account and region(s) they read first, on
 * stderr: checks that line and returns the rest of stderr.
 */
export function afterAccountLine(stderr: string): string {
  const line = /^account \d{12}, (region [a-z0-9-]+|regions [a-z0-9-]+(, [a-z0-9-]+)+)\n/.exec(
    stderr,
  );
  assert.ok(line, `stderr starts with the account line:\n${stderr}`);
  return stderr.slice(line[0].length);
}
