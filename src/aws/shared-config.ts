import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";

/**
 * A small reader of the shared AWS config file (~/.aws/config, or
 * AWS_CONFIG_FILE), just enough to learn the selected profile's retry
 * settings so rdsctl's own defaults never override them.
 */

/** Where the shared config file is: AWS_CONFIG_FILE, else ~/.aws/config. */
function sharedConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AWS_CONFIG_FILE;
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : join(homedir(), ".aws", "config");
}

/** Profile name of a section header: `[default]`, `[profile name]`; undefined for other sections. */
function profileOfHeader(header: string): string | undefined {
  const inner = header.trim();
  if (inner === "default") return "default";
  const match = /^profile\s+(.+)$/.exec(inner);
  return match?.[1]?.trim();
}

/**
 * The top-level keys of every profile in a config file's text. Comments
 * (`#`, `;`) and indented sub-settings (`s3 =` followed by indented lines)
 * are skipped; a later `[profile default]` merges into `[default]`.
 */
export function parseSharedConfig(text: string): Map<string, Map<string, string>> {
  const profiles = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const header = /^\[(.*)\]$/.exec(trimmed);
    if (header !== null) {
      const name = profileOfHeader(header[1] ?? "");
      if (name === undefined) {
        current = undefined;
        continue;
      }
      current = profiles.get(name) ?? new Map<string, string>();
      profiles.set(name, current);
      continue;
    }
    // Indented lines belong to a nested setting such as `s3 =`, never to the profile itself.
    if (current === undefined || /^\s/.test(line)) continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) continue;
    current.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return profiles;
}

export interface ProfileRetrySettings {
  maxAttempts?: number;
  retryMode?: "standard" | "adaptive";
}

/**
 * `max_attempts` and `retry_mode` of the selected profile (the given one,
 * else AWS_PROFILE, else default). A missing file or profile gives nothing;
 * a value the SDK would not accept is a UsageError naming the file.
 */
export function profileRetrySettings(
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProfileRetrySettings {
  const path = sharedConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return {};
  }
  const name = profile ?? (env.AWS_PROFILE || undefined) ?? "default";
  const keys = parseSharedConfig(text).get(name);
  if (keys === undefined) return {};
  const settings: ProfileRetrySettings = {};
  const attempts = keys.get("max_attempts");
  if (attempts !== undefined && attempts !== "") {
    const n = Number(attempts);
    if (!Number.isInteger(n) || n < 1) {
      throw new UsageError(
        `${path}: profile "${name}": max_attempts must be a whole number of 1 or more, got "${attempts}"`,
      );
    }
    settings.maxAttempts = n;
  }
  const mode = keys.get("retry_mode");
  if (mode !== undefined && mode !== "") {
    if (mode !== "standard" && mode !== "adaptive" && mode !== "legacy") {
      throw new UsageError(
        `${path}: profile "${name}": retry_mode must be standard, adaptive or legacy, got "${mode}"`,
      );
    }
    // The JavaScript SDK has no legacy mode; standard is its nearest.
    settings.retryMode = mode === "legacy" ? "standard" : mode;
  }
  return settings;
}
