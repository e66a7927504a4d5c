import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { UsageError } from "../errors.js";
import type { ConnectionOptions } from "./rds-api.js";
import { profileRetrySettings } from "./shared-config.js";
import { CONNECT_TIMEOUT_MS } from "./transport-guard.js";

/**
 * The settings every SDK client of a connection shares, whatever its service:
 * region, profile, retries (with their precedence), connection and response
 * timeouts, and the credential time limit. Only the endpoint and the
 * credentials differ between clients; `client-factory.ts` builds them.
 */

/** The blog used 20 attempts; the SDK's own default (3) gives up too soon for RDS. */
export const DEFAULT_MAX_ATTEMPTS = 20;
export const DEFAULT_RETRY_MODE = "adaptive";

/** How long the AWS credentials may take to arrive; RDSCTL_CREDENTIALS_TIMEOUT (seconds) overrides it. */
export const DEFAULT_CREDENTIALS_TIMEOUT_SECONDS = 30;

/**
 * How long one request may wait for its answer once sent (the AWS CLI's
 * read timeout is 60 s too); `responseTimeoutSeconds`, else
 * RDSCTL_RESPONSE_TIMEOUT (seconds), overrides it.
 */
export const DEFAULT_RESPONSE_TIMEOUT_SECONDS = 60;

/** Credentials an emulator accepts; never valid against AWS. */
const LOCAL_CREDENTIALS = {
  accessKeyId: "AKIDLOCALEMULATOR",
  secretAccessKey: "local-emulator-secret",
};

/** What a client's `credentials` setting may be. */
export type CredentialsSetting = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** The configuration every client of a connection gets (the SDK clients' common keys). */
export interface CommonClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  maxAttempts?: number;
  retryMode?: string;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    socketTimeout: number;
    throwOnRequestTimeout: boolean;
  };
  credentials?: CredentialsSetting;
}

/** Whether a URL points at this machine (an emulator, typically). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return (
      host === "localhost" ||
      host === "::1" ||
      host.startsWith("127.") ||
      host.endsWith(".localhost")
    );
  } catch {
    return false;
  }
}

/** Where one client's endpoint was set, for the error advice; undefined: AWS's own endpoint. */
export interface EndpointSetting {
  url: string;
  /** `--endpoint-url`, or the environment variable it came from. */
  source: string;
}

/** The first of the candidates that is set: the option, then the SDK's own variables. */
export function endpointSetting(
  options: ConnectionOptions,
  variables: readonly string[],
): EndpointSetting | undefined {
  if (options.endpointUrl !== undefined)
    return { url: options.endpointUrl, source: "--endpoint-url" };
  for (const name of variables) {
    const value = process.env[name];
    if (value !== undefined && value !== "") return { url: value, source: name };
  }
  return undefined;
}

/** The RDS client's endpoint: the option, else the SDK's own endpoint variables. */
export function rdsEndpoint(options: ConnectionOptions): EndpointSetting | undefined {
  return endpointSetting(options, ["AWS_ENDPOINT_URL_RDS", "AWS_ENDPOINT_URL"]);
}

/** Whether any credential source the SDK's default chain reads is configured. */
function credentialsConfigured(profile: string | undefined): boolean {
  const env = process.env;
  if (profile !== undefined || env.AWS_PROFILE) return true;
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  ) {
    return true;
  }
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  const credFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials");
  const configFile = env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config");
  return existsSync(credFile) || existsSync(configFile);
}

export function credentialsTimeoutMs(): number {
  const text = process.env.RDSCTL_CREDENTIALS_TIMEOUT;
  const seconds = text === undefined || text === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_CREDENTIALS_TIMEOUT_SECONDS * 1000;
  return seconds * 1000;
}

/** The response timeout in ms: the option, else RDSCTL_RESPONSE_TIMEOUT, else the default. */
export function responseTimeoutMs(options: ConnectionOptions): number {
  if (options.responseTimeoutSeconds !== undefined) {
    const seconds = options.responseTimeoutSeconds;
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(
        `the response timeout must be a number of seconds above 0, got ${seconds}`,
      );
    }
    return Math.round(seconds * 1000);
  }
  const text = process.env.RDSCTL_RESPONSE_TIMEOUT;
  if (text === undefined || text === "") return DEFAULT_RESPONSE_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(
      `RDSCTL_RESPONSE_TIMEOUT must be a number of seconds above 0, got "${text}"`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * The credentials, or an error after `ms`: a `credential_process` that never
 * answers would otherwise hold every call for ever. The process itself is left
 * to the SDK (the CLI exits regardless).
 */
export async function withTimeout<T>(pending: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = ms / 1000;
      reject(
        Object.assign(
          new Error(
            `the AWS credentials did not arrive within ${seconds}s (a credential_process or SSO login that hangs?); set RDSCTL_CREDENTIALS_TIMEOUT to allow longer`,
          ),
          { name: "CredentialsTimeout" },
        ),
      );
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The SDK's default credential chain for the profile, behind the time limit.
 * Any client's chain is the same; the RDS client's module is loaded anyway.
 */
async function defaultChain(options: ConnectionOptions): Promise<AwsCredentialIdentityProvider> {
  const { RDSClient } = await import("./sdk-rds.js");
  const probe = new RDSClient({
    region: options.region ?? "us-east-1",
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
  const timeoutMs = credentialsTimeoutMs();
  return () => withTimeout(probe.config.credentials(), timeoutMs);
}

/**
 * The credentials of a connection before any role is assumed: undefined (the
 * SDK's chain, which the factory puts behind the time limit) except against a
 * loopback endpoint, where an emulator must not fail for want of keys.
 */
export function baseCredentials(options: ConnectionOptions): CredentialsSetting | undefined {
  if (!isLoopbackUrl(rdsEndpoint(options)?.url)) return undefined;
  if (!credentialsConfigured(options.profile)) return LOCAL_CREDENTIALS;
  // Something is configured; use it, but an emulator must not fail for want of keys.
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async () => {
    try {
      chain ??= defaultChain(options);
      return await (await chain)();
    } catch {
      return LOCAL_CREDENTIALS;
    }
  };
}

/**
 * The settings every client shares. Retries: flag > env var > the selected
 * profile's setting > rdsctl's default. The SDK reads AWS_MAX_ATTEMPTS /
 * AWS_RETRY_MODE only when no value is passed, so nothing is passed when the
 * variable is set.
 */
export async function commonClientConfig(
  options: ConnectionOptions,
  endpoint: string | undefined,
): Promise<CommonClientConfig> {
  const config: CommonClientConfig = {
    // An unreachable address fails in seconds, not after the system's TCP
    // timeout; an endpoint that accepts and never answers, after the response timeout.
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: responseTimeoutMs(options),
      socketTimeout: responseTimeoutMs(options),
      throwOnRequestTimeout: true,
    },
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (endpoint !== undefined) config.endpoint = endpoint;
  const fromEnv = { attempts: !!process.env.AWS_MAX_ATTEMPTS, mode: !!process.env.AWS_RETRY_MODE };
  const fromProfile =
    (options.maxAttempts === undefined && !fromEnv.attempts) ||
    (options.retryMode === undefined && !fromEnv.mode)
      ? await profileRetrySettings(options.profile)
      : {};
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  else if (!fromEnv.attempts) config.maxAttempts = fromProfile.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (options.retryMode !== undefined) config.retryMode = options.retryMode;
  else if (!fromEnv.mode) config.retryMode = fromProfile.retryMode ?? DEFAULT_RETRY_MODE;
  return config;
}
