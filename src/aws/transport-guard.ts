import { RdsctlError } from "../errors.js";
import { type CallScope, callScope } from "./call-scope.js";

/**
 * Two wrappers around parts of the SDK client, so that a call stops when it
 * should and says why:
 *
 * - the request handler refuses to send once the call's signal has fired
 *   (no new request leaves the process), counts attempts, remembers the
 *   endpoint, and lets a request already on the wire be answered for a short
 *   grace before it is cut;
 * - the retry strategy does not retry a DNS failure at all, gives an endpoint
 *   that has never answered only a few seconds of connection attempts (a
 *   refused or reset connection alike) and no second wait after a timeout
 *   (no connection, or no answer within the response timeout), does not retry what a nested client (STS
 *   AssumeRole behind the credentials) already reported in full, tells
 *   the call's `onRetry` of every retry, and stops retrying once the signal
 *   has fired. The SDK's retry middleware (`@smithy/core`) already races the
 *   backoff sleep and the token acquisition against the signal passed to
 *   `send`, so a retrying call ends at once; the guard makes sure no retry
 *   starts after the signal even when a token arrives at the same moment.
 */

/** How long a request already sent when the signal fires may take to be answered. */
export const IN_FLIGHT_GRACE_MS = 1200;
/** Connection attempts to an endpoint that never answered stop after this long. */
export const CONNECT_BUDGET_MS = 4000;
/** ... or after this many attempts, whichever comes first. */
const CONNECT_MAX_ATTEMPTS = 4;
/**
 * How long opening a TCP connection may take: time for the SYN to be sent
 * again once (Linux's first retransmission is after 1 s), and a
 * blackholed endpoint is reported in under 3 s.
 */
export const CONNECT_TIMEOUT_MS = 2000;

/** How an attempt failed, as far as retrying and reporting go. */
export type FailureKind =
  /** The endpoint's name did not resolve: retrying will not help. */
  | "dns"
  /** No connection could be opened: RDS never saw the request. */
  | "connect"
  /** The connection broke or timed out after the request went out, or a 5xx: RDS may have acted. */
  | "uncertain"
  /** RDS answered with an error (throttling, a 4xx): it did not act. */
  | "answered"
  | "other";

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);
const CONNECT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
const LOST_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);

/** The Node error code (ENOTFOUND) or the error's name, looking into causes. */
export function networkCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== "object" || err === null || depth > 5) return undefined;
  const e = err as ErrorLike;
  if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) return e.code;
  return networkCode(e.cause, depth + 1);
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status = (err as ErrorLike).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** Classifies a failed attempt. */
export function failureKind(err: unknown): FailureKind {
  const status = statusOf(err);
  if (status !== undefined) return status >= 500 ? "uncertain" : "answered";
  const code = networkCode(err);
  if (code !== undefined) {
    if (DNS_CODES.has(code)) return "dns";
    if (CONNECT_CODES.has(code)) return "connect";
    if (LOST_CODES.has(code)) return "uncertain";
  }
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike;
  const message = typeof e.message === "string" ? e.message : "";
  if (isConnectTimeout(err)) return "connect";
  if (e.name === "TimeoutError" || /socket hang up/i.test(message)) return "uncertain";
  return "other";
}

/** Whether no connection opened within the connection timeout (the SDK handler's own error). */
export function isConnectTimeout(err: unknown): boolean {
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike;
  const message = typeof e.message === "string" ? e.message : "";
  return e.name === "TimeoutError" && /did not establish a connection/.test(message);
}

/**
 * Whether the attempt was sent and no answer came within the response
 * timeout (the SDK handler's `requestTimeout`, or its `socketTimeout` while
 * the answer's body was read).
 */
export function isResponseTimeout(err: unknown, depth = 0): boolean {
  if (typeof err !== "object" || err === null || depth > 5) return false;
  const e = err as ErrorLike;
  const message = typeof e.message === "string" ? e.message : "";
  if (
    e.name === "TimeoutError" &&
    /exceeded the configured \d+ ms requestTimeout|socket timed out after \d+ ms of inactivity/.test(
      message,
    )
  ) {
    return true;
  }
  return isResponseTimeout(e.cause, depth + 1);
}

/** The short reason a retry notice gives: the error code, else its name. */
export function failureReason(err: unknown): string {
  const code = networkCode(err);
  if (code !== undefined) return code;
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike & {
    Code?: unknown;
  };
  for (const candidate of [e.Code, e.name]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== "Error")
      return candidate;
  }
  return "error";
}

/** An error the handler gives when the signal fired before the request was sent. */
function notSentError(): Error {
  return Object.assign(new Error("the request was not sent: the call was interrupted"), {
    name: "AbortError",
  });
}

interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** The parts of the SDK's HttpHandler the guard uses; the rest is passed through. */
export interface HandlerLike {
  handle(
    request: unknown,
    options?: { abortSignal?: unknown; requestTimeout?: number },
  ): Promise<unknown>;
  updateHttpClientConfig?(key: never, value: never): void;
  httpHandlerConfigs?(): unknown;
  destroy?(): void;
}

function endpointOfRequest(request: RequestLike): string | undefined {
  if (request.hostname === undefined) return undefined;
  const protocol = request.protocol ?? "https:";
  const port = request.port === undefined ? "" : `:${request.port}`;
  return `${protocol}//${request.hostname}${port}`;
}

/** The request handler, guarded (see above). */
export function guardHandler(inner: HandlerLike): HandlerLike {
  const guarded: HandlerLike = Object.create(inner);
  guarded.handle = async (request, options = {}) => {
    const scope = callScope.getStore();
    const signal = scope?.signal;
    if (signal?.aborted) throw notSentError();
    if (scope !== undefined) {
      scope.attempts += 1;
      const endpoint = endpointOfRequest(request as RequestLike);
      if (endpoint !== undefined) scope.endpoint = endpoint;
    }
    if (signal === undefined) return inner.handle(request, options);
    // The request gets its own signal: the call's one fires the grace timer instead.
    const own = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      grace = setTimeout(() => {
        if (scope !== undefined) scope.abandonedInFlight = true;
        own.abort();
      }, IN_FLIGHT_GRACE_MS);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      return await inner.handle(request, { ...options, abortSignal: own.signal });
    } finally {
      signal.removeEventListener("abort", onAbort);
      clearTimeout(grace);
    }
  };
  return guarded;
}

interface TokenLike {
  getRetryCount(): number;
}

/** The SDK's RetryStrategyV2, structurally. */
export interface RetryStrategyLike {
  acquireInitialRetryToken(scope: string): Promise<TokenLike>;
  refreshRetryTokenForRetry(token: TokenLike, info: { error?: unknown }): Promise<TokenLike>;
  recordSuccess(token: TokenLike): void;
}

/** What the guard learns about an endpoint across calls. */
export interface EndpointState {
  /** Some attempt got an HTTP answer from it. */
  answered: boolean;
}

function noteFailure(scope: CallScope | undefined, err: unknown, state: EndpointState): void {
  if (statusOf(err) !== undefined) state.answered = true;
  if (scope !== undefined && failureKind(err) === "uncertain") scope.uncertain = true;
}

/** The retry strategy, guarded (see above). */
export function guardRetryStrategy(
  inner: RetryStrategyLike,
  maxAttempts: () => Promise<number>,
  state: EndpointState,
): RetryStrategyLike {
  return {
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    async refreshRetryTokenForRetry(token, info) {
      const scope = callScope.getStore();
      const err = info.error;
      const kind = failureKind(err);
      noteFailure(scope, err, state);
      if (scope?.signal?.aborted) throw err;
      if (kind === "dns" || err instanceof RdsctlError) throw err;
      if (!state.answered && scope !== undefined) {
        // An endpoint that never answered: a timeout (no connection, no answer)
        // is not waited out twice; refused and reset connections share the connect budget.
        if (isResponseTimeout(err) || isConnectTimeout(err)) throw err;
        const spent = Date.now() - scope.startedAt;
        const budgetSpent = spent >= CONNECT_BUDGET_MS || scope.attempts >= CONNECT_MAX_ATTEMPTS;
        if ((kind === "connect" || kind === "uncertain") && budgetSpent) throw err;
      }
      // A call's own, lower limit (advisory reads) ends its retries early.
      if (scope?.maxAttempts !== undefined && token.getRetryCount() + 1 >= scope.maxAttempts)
        throw err;
      const next = await inner.refreshRetryTokenForRetry(token, info);
      if (scope?.signal?.aborted) throw err;
      if (scope?.onRetry !== undefined) {
        scope.onRetry({
          operation: scope.operation,
          ...(scope.target === undefined ? {} : { target: scope.target }),
          attempt: next.getRetryCount() + 1,
          maxAttempts: Math.min(scope.maxAttempts ?? Number.POSITIVE_INFINITY, await maxAttempts()),
          reason: failureReason(err),
        });
      }
      return next;
    },
    recordSuccess(token) {
      state.answered = true;
      inner.recordSuccess(token);
    },
  };
}
