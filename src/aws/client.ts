import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { RDSClientConfig } from "@aws-sdk/client-rds";
import { ApplyInterruptedError, AwsCallError } from "../errors.js";
import { assumeRoleCredentials } from "./assume-role.js";
import { type CallOptions, type CallScope, callScope } from "./call-scope.js";
import { DESCRIBE_CHUNK, instanceReads, instanceWrites } from "./instance-calls.js";
import { planReads } from "./plan-reads.js";
import { probeEndpoint } from "./probe.js";
import type { ConnectionOptions, RdsApi } from "./rds-api.js";
import { toAwsCallError } from "./sdk-errors.js";
import { RDSClient } from "./sdk-rds.js";
import { profileRetrySettings } from "./shared-config.js";
import {
  CONNECT_TIMEOUT_MS,
  type EndpointState,
  failureKind,
  failureReason,
  guardHandler,
  guardRetryStrategy,
  type HandlerLike,
  type RetryStrategyLike,
} from "./transport-guard.js";

/** The blog used 20 attempts; the SDK's own default (3) gives up too soon for RDS. */
export const DEFAULT_MAX_ATTEMPTS = 20;
export const DEFAULT_RETRY_MODE = "adaptive";

/** Credentials an emulator accepts; never valid against AWS. */
const LOCAL_CREDENTIALS = {
  accessKeyId: "AKIDLOCALEMULATOR",
  secretAccessKey: "local-emulator-secret",
};

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

/** The endpoint the client calls: the option, else the SDK's own endpoint variables. */
function endpointOf(options: ConnectionOptions): string | undefined {
  return options.endpointUrl ?? process.env.AWS_ENDPOINT_URL_RDS ?? process.env.AWS_ENDPOINT_URL;
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

/** How long the AWS credentials may take to arrive; RDSCTL_CREDENTIALS_TIMEOUT (seconds) overrides it. */
export const DEFAULT_CREDENTIALS_TIMEOUT_SECONDS = 30;

function credentialsTimeoutMs(): number {
  const text = process.env.RDSCTL_CREDENTIALS_TIMEOUT;
  const seconds = text === undefined || text === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_CREDENTIALS_TIMEOUT_SECONDS * 1000;
  return seconds * 1000;
}

/**
 * The credentials, or an error after `ms`: a `credential_process` that never
 * answers would otherwise hold every call for ever. The process itself is left
 * to the SDK (the CLI exits regardless).
 */
async function withTimeout<T>(pending: Promise<T>, ms: number): Promise<T> {
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

/** The SDK client configuration for these options, honouring the SDK's own env vars. */
export async function sdkClientConfig(options: ConnectionOptions): Promise<RDSClientConfig> {
  const config: RDSClientConfig = {};
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.endpointUrl !== undefined) config.endpoint = options.endpointUrl;
  // Precedence: flag > env var > the selected profile's setting > rdsctl's default.
  // The SDK reads AWS_MAX_ATTEMPTS / AWS_RETRY_MODE only when no value is passed,
  // so nothing is passed when the variable is set.
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

  // An unreachable address fails in seconds, not after the system's TCP timeout.
  config.requestHandler = { connectionTimeout: CONNECT_TIMEOUT_MS };

  const timeoutMs = credentialsTimeoutMs();
  const chain = () => {
    // The SDK's default chain for the profile, behind a time limit (a credential_process can hang).
    const probe = new RDSClient({
      region: options.region ?? "us-east-1",
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    });
    return () => withTimeout(probe.config.credentials(), timeoutMs);
  };
  if (isLoopbackUrl(endpointOf(options))) {
    if (!credentialsConfigured(options.profile)) {
      config.credentials = LOCAL_CREDENTIALS;
    } else {
      // Something is configured; use it, but an emulator must not fail for want of keys.
      const credentials = chain();
      config.credentials = async () => {
        try {
          return await credentials();
        } catch {
          return LOCAL_CREDENTIALS;
        }
      };
    }
  }
  if (options.assumeRoleArn !== undefined) {
    // The role is assumed with the credentials found so far (a copy: not itself).
    config.credentials = assumeRoleCredentials(
      { ...options, assumeRoleArn: options.assumeRoleArn },
      { ...config },
    );
  }
  return config;
}

/**
 * The region to use with no explicit one (AWS_REGION, AWS_DEFAULT_REGION,
 * the profile's `region`), or undefined when none is configured.
 */
export async function defaultRegion(profile?: string): Promise<string | undefined> {
  // As the AWS CLI does: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const probe = new RDSClient(profile === undefined ? {} : { profile });
  try {
    const region = await probe.config.region();
    return region === "" ? undefined : region;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** Knobs that only tests and benchmarks turn. */
export interface RdsApiTuning {
  /** MaxRecords per DescribeDBInstances page (RDS accepts 20 to 100). Default 100. */
  describePageSize?: number;
  /** Skip the TCP probe of a loopback endpoint, so the SDK's own connection handling is seen. */
  skipProbe?: boolean;
}

/** The RdsApi of createRdsApi: views of one client with other call options. */
export interface SdkRdsApi extends RdsApi {
  withCallOptions(options: CallOptions): SdkRdsApi;
}

/** The failure of a call the signal stopped: nothing new was sent, and it says what may have taken effect. */
function interruptedError(scope: CallScope, where: string): ApplyInterruptedError {
  const unsure = scope.uncertain || scope.abandonedInFlight;
  const what = unsure
    ? `${scope.operation} was interrupted with an attempt unanswered; it may have taken effect`
    : scope.attempts === 0
      ? `interrupted before ${scope.operation}; it was not sent`
      : `${scope.operation} was interrupted before RDS acted on it`;
  return new ApplyInterruptedError(`${where}: ${what}`);
}

/**
 * A DNS failure or an endpoint no connection could be opened to: the error
 * names the endpoint and the region, so a mistyped region or URL is plain.
 */
function unreachableError(
  err: unknown,
  scope: CallScope,
  where: string,
  region: string | undefined,
  customEndpoint: boolean,
): AwsCallError | undefined {
  const kind = failureKind(err);
  if (kind !== "dns" && kind !== "connect") return undefined;
  const code = failureReason(err);
  const endpoint = scope.endpoint ?? "(unknown endpoint)";
  const inRegion = `region ${region ?? "(none)"}`;
  const check = customEndpoint ? "check --endpoint-url" : "check the region name";
  if (kind === "dns") {
    return new AwsCallError(
      `${where} failed: cannot resolve the endpoint ${endpoint} (${inRegion}): ${code}; ${check}`,
      code,
      { cause: err },
    );
  }
  const seconds = ((Date.now() - scope.startedAt) / 1000).toFixed(1);
  return new AwsCallError(
    `${where} failed: cannot reach the endpoint ${endpoint} (${inRegion}): ${code} after ${scope.attempts} attempt(s) in ${seconds}s; ${customEndpoint ? "check --endpoint-url and that the endpoint is up" : "check the network, a proxy or firewall, and the region name"}`,
    code,
    { cause: err },
  );
}

/**
 * The SDK client, built on first use (the profile's retry settings are read
 * asynchronously; a bad setting, a UsageError, then fails every call before
 * anything is sent), with the guarded retry strategy and request handler and
 * the credential chain behind its time limit.
 */
function guardedClient(
  options: ConnectionOptions,
  endpointState: EndpointState,
): () => Promise<RDSClient> {
  let built: Promise<RDSClient> | undefined;
  return () => {
    built ??= sdkClientConfig(options).then(async (config) => {
      const client = new RDSClient(config);
      // Wrapped before the first send: the client resolves both on its first call.
      const inner = (await client.config.retryStrategy()) as unknown as RetryStrategyLike;
      const guarded = guardRetryStrategy(inner, () => client.config.maxAttempts(), endpointState);
      const resolved = client.config as unknown as {
        retryStrategy: () => Promise<unknown>;
        requestHandler: HandlerLike;
      };
      resolved.retryStrategy = async () => guarded;
      resolved.requestHandler = guardHandler(resolved.requestHandler);
      if (config.credentials === undefined) {
        // The SDK's own chain, behind the time limit (a credential_process can hang).
        const sdkChain = client.config.credentials;
        const timeoutMs = credentialsTimeoutMs();
        (client.config as { credentials: typeof sdkChain }).credentials = (identityProperties) =>
          withTimeout(sdkChain(identityProperties), timeoutMs);
      }
      return client;
    });
    return built;
  };
}

/**
 * Before the first call to a loopback endpoint, one TCP probe: with nothing
 * listening the SDK would retry ECONNREFUSED for minutes. Remote endpoints
 * keep the SDK's retries. A failed probe is not remembered, so a later call
 * probes again.
 */
function reachabilityCheck(loopback: string | undefined): () => Promise<void> {
  let reachable: Promise<void> | undefined;
  return () => {
    if (loopback === undefined) return Promise.resolve();
    reachable ??= probeEndpoint(loopback).catch((err: unknown) => {
      reachable = undefined;
      throw err;
    });
    return reachable;
  };
}

/** An RdsApi over the real `@aws-sdk/client-rds`. */
export function createRdsApi(options: ConnectionOptions, tuning: RdsApiTuning = {}): SdkRdsApi {
  const endpointState: EndpointState = { answered: false };
  const sdkClient = guardedClient(options, endpointState);
  const pageSize = tuning.describePageSize ?? DESCRIBE_CHUNK;
  const endpoint = endpointOf(options);
  const loopback = isLoopbackUrl(endpoint) && tuning.skipProbe !== true ? endpoint : undefined;
  const ensureReachable = reachabilityCheck(loopback);

  function view(callOptions: CallOptions): SdkRdsApi {
    const base: CallOptions = {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
      ...callOptions,
    };

    /**
     * One RdsApi call: its scope (for the guards), the abort signal passed to
     * the SDK, and its failure turned into rdsctl's error.
     */
    async function call<T>(
      operation: string,
      target: string | undefined,
      secrets: readonly string[],
      send: (client: RDSClient, abortSignal: AbortSignal | undefined) => Promise<T>,
      onError?: (err: unknown, scope: CallScope) => T | undefined,
    ): Promise<T> {
      const scope: CallScope = {
        ...base,
        operation,
        ...(target === undefined ? {} : { target }),
        startedAt: Date.now(),
        attempts: 0,
        uncertain: false,
        abandonedInFlight: false,
      };
      const where = target === undefined ? operation : `${target}: ${operation}`;
      const client = await sdkClient();
      if (base.signal?.aborted) throw interruptedError(scope, target ?? operation);
      await ensureReachable();
      try {
        return await callScope.run(scope, () => send(client, base.signal));
      } catch (err) {
        if (base.signal?.aborted) throw interruptedError(scope, target ?? operation);
        const handled = onError?.(err, scope);
        if (handled !== undefined) return handled;
        const region = options.region ?? (await client.config.region().catch(() => undefined));
        throw (
          unreachableError(err, scope, where, region, endpoint !== undefined) ??
          toAwsCallError(err, operation, target, secrets)
        );
      }
    }

    return {
      withCallOptions: (more) => view({ ...callOptions, ...more }),
      ...planReads(call),
      ...instanceReads(call, pageSize),
      ...instanceWrites(call),
    };
  }

  return view({});
}
