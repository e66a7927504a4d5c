import { RdsctlError } from "../errors.js";
import { type CallOptions, type CallScope, callScope } from "./call-scope.js";
import {
  type CommonClientConfig,
  type CredentialsSetting,
  commonClientConfig,
  credentialsTimeoutMs,
  type EndpointSetting,
  isLoopbackUrl,
  responseTimeoutMs,
  withTimeout,
} from "./client-config.js";
import { probeEndpoint } from "./probe.js";
import type { ConnectionOptions } from "./rds-api.js";
import { toAwsCallError } from "./sdk-errors.js";
import { type CallTarget, interruptedError, noAnswerError } from "./transport-errors.js";
import {
  type EndpointState,
  guardHandler,
  guardRetryStrategy,
  type HandlerLike,
  type RetryStrategyLike,
} from "./transport-guard.js";

/**
 * The one place an AWS SDK client is made. Every client (RDS; STS for the
 * account line and for AssumeRole; any later one) gets the connection's
 * region, profile, retry settings, connection and response timeouts, and
 * credentials behind their time limit, and the guards of transport-guard.ts:
 * DNS failures not retried, the connect budget for an endpoint that never
 * answered, the abort signal, and every retry told to `onRetry`. Its calls go
 * through `call`, which also probes a loopback endpoint once and turns a
 * failure into rdsctl's error naming the endpoint.
 */

/** The parts of an SDK client (RDSClient, STSClient, ...) the factory touches. */
export interface SdkClientLike {
  config: {
    // biome-ignore lint/suspicious/noExplicitAny: each client types its own providers.
    retryStrategy: () => Promise<any>;
    maxAttempts: () => Promise<number>;
    region: () => Promise<string>;
    // biome-ignore lint/suspicious/noExplicitAny: each client types its own providers.
    credentials: (...args: any[]) => Promise<any>;
  };
  destroy(): void;
}

/** What differs between the clients of one connection. */
export interface ClientSetup<C extends SdkClientLike> {
  /** The service as messages name it: "RDS", "STS". */
  service: string;
  /** The endpoint given for this client; undefined: the SDK's own for the region. */
  endpoint: EndpointSetting | undefined;
  /** The client's credentials; undefined: the SDK's chain, behind the credentials time limit. */
  credentials: CredentialsSetting | undefined;
  /**
   * The SDK client for a configuration. `endpoint` holds the given one only
   * when it must be passed: an RDS client reads its own variables.
   */
  create(config: CommonClientConfig): C;
  /** Pass the endpoint setting to the SDK even when it came from a variable the SDK reads. */
  passEndpoint?: boolean;
}

/** Knobs that only tests and benchmarks turn. */
export interface ClientTuning {
  /** Skip the TCP probe of a loopback endpoint, so the SDK's own connection handling is seen. */
  skipProbe?: boolean;
}

/** An SDK client behind the guards, and the one way to call it. */
export interface GuardedClient<C> {
  /** The client, built (and guarded) on first use. */
  client(): Promise<C>;
  /**
   * One call: its scope (for the guards), the abort signal passed to the SDK,
   * and its failure turned into rdsctl's error. `onError` may answer instead.
   */
  call<T>(
    callOptions: CallOptions,
    operation: string,
    target: string | undefined,
    secrets: readonly string[],
    send: (client: C, abortSignal: AbortSignal | undefined) => Promise<T>,
    onError?: (err: unknown, scope: CallScope) => T | undefined,
  ): Promise<T>;
}

/** The config for this client: the shared settings, its endpoint and credentials. */
async function clientConfig<C extends SdkClientLike>(
  setup: ClientSetup<C>,
  options: ConnectionOptions,
): Promise<CommonClientConfig> {
  const passed =
    setup.passEndpoint === true || setup.endpoint?.source === "--endpoint-url"
      ? setup.endpoint?.url
      : undefined;
  const config = await commonClientConfig(options, passed);
  if (setup.credentials !== undefined) config.credentials = setup.credentials;
  return config;
}

/** Builds the client with its retry strategy and request handler wrapped, before its first send. */
async function buildGuarded<C extends SdkClientLike>(
  setup: ClientSetup<C>,
  options: ConnectionOptions,
  state: EndpointState,
): Promise<C> {
  const config = await clientConfig(setup, options);
  const client = setup.create(config);
  // Wrapped before the first send: the client resolves both on its first call.
  const inner = (await client.config.retryStrategy()) as RetryStrategyLike;
  const guarded = guardRetryStrategy(inner, () => client.config.maxAttempts(), state);
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
    client.config.credentials = (...args: unknown[]) => withTimeout(sdkChain(...args), timeoutMs);
  }
  return client;
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

/**
 * The options of a call: the connection's, else those of the call this one
 * is made for (AssumeRole for the credentials of an RDS call stops with it
 * and tells its retries the same way), then the view's own.
 */
function callOptionsOf(options: ConnectionOptions, view: CallOptions): CallOptions {
  const outer = callScope.getStore();
  const signal = options.signal ?? outer?.signal;
  const onRetry = options.onRetry ?? outer?.onRetry;
  return {
    ...(signal === undefined ? {} : { signal }),
    ...(onRetry === undefined ? {} : { onRetry }),
    ...view,
  };
}

/** A guarded client of the setup's service for these connection options. */
export function guardedClient<C extends SdkClientLike>(
  setup: ClientSetup<C>,
  options: ConnectionOptions,
  tuning: ClientTuning = {},
): GuardedClient<C> {
  const state: EndpointState = { answered: false };
  let built: Promise<C> | undefined;
  const client = () => {
    built ??= buildGuarded(setup, options, state);
    return built;
  };
  const endpoint = setup.endpoint?.url;
  const loopback = isLoopbackUrl(endpoint) && tuning.skipProbe !== true ? endpoint : undefined;
  const ensureReachable = reachabilityCheck(loopback);

  async function call<T>(
    view: CallOptions,
    operation: string,
    target: string | undefined,
    secrets: readonly string[],
    send: (client: C, abortSignal: AbortSignal | undefined) => Promise<T>,
    onError?: (err: unknown, scope: CallScope) => T | undefined,
  ): Promise<T> {
    const base = callOptionsOf(options, view);
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
    const sdk = await client();
    if (base.signal?.aborted) throw interruptedError(scope, target ?? operation, setup.service);
    await ensureReachable();
    try {
      return await callScope.run(scope, () => send(sdk, base.signal));
    } catch (err) {
      if (base.signal?.aborted) throw interruptedError(scope, target ?? operation, setup.service);
      const handled = onError?.(err, scope);
      if (handled !== undefined) return handled;
      // Already rdsctl's: a nested client's own report (AssumeRole for the credentials).
      if (err instanceof RdsctlError) throw err;
      const region = options.region ?? (await sdk.config.region().catch(() => undefined));
      const callTarget: CallTarget = {
        service: setup.service,
        endpoint: setup.endpoint,
        region,
        responseTimeoutMs: responseTimeoutMs(options),
      };
      throw (
        noAnswerError(err, scope, where, callTarget, state.answered) ??
        toAwsCallError(err, operation, target, secrets)
      );
    }
  }

  return { client, call };
}
