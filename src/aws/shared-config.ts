import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import type * as SmithyConfig from "@smithy/core/config";
import { UsageError } from "../errors.js";

// Loaded with `require`, as sdk-rds.ts explains: the package is CommonJS.
const { getProfileName, loadSharedConfigFiles } = createRequire(import.meta.url)(
  "@smithy/core/config",
) as typeof SmithyConfig;

/**
 * The selected profile's retry settings in the shared AWS config file
 * (~/.aws/config, or AWS_CONFIG_FILE), read with the SDK's own loader so
 * rdsctl's defaults never override what the profile says.
 */

/** Where the shared config file is: AWS_CONFIG_FILE, else ~/.aws/config (as the SDK reads it). */
function sharedConfigPath(): string {
  const fromEnv = process.env.AWS_CONFIG_FILE;
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : join(homedir(), ".aws", "config");
}

export interface ProfileRetrySettings {
  maxAttempts?: number;
  retryMode?: "standard" | "adaptive";
}

/**
 * `max_attempts` and `retry_mode` of the selected profile (the given one,
 * else AWS_PROFILE, else default). A missing file or profile gives nothing;
 * a value the SDK would not accept is a UsageError naming the file.
 *
 * The SDK's `loadConfig` with `NODE_MAX_ATTEMPT_CONFIG_OPTIONS` would read
 * the same keys, but its chain turns a selector's error into "not found" and
 * falls through to the default, so a typo in the file would silently give 20
 * attempts; the values are therefore checked here.
 */
export async function profileRetrySettings(
  profile: string | undefined,
): Promise<ProfileRetrySettings> {
  const path = sharedConfigPath();
  const name = getProfileName({ profile });
  // ignoreCache: read the file as it is now, as every client built before did.
  const { configFile } = await loadSharedConfigFiles({ configFilepath: path, ignoreCache: true });
  const keys = configFile[name];
  if (keys === undefined) return {};
  const settings: ProfileRetrySettings = {};
  const attempts = keys.max_attempts;
  if (attempts !== undefined && attempts !== "") {
    const n = Number(attempts);
    if (!Number.isInteger(n) || n < 1) {
      throw new UsageError(
        `${path}: profile "${name}": max_attempts must be a whole number of 1 or more, got "${attempts}"`,
      );
    }
    settings.maxAttempts = n;
  }
  const mode = keys.retry_mode;
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
