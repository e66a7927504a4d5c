import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one RdsApi call knows about itself while the SDK works on it: its
 * operation and target (for retry notices and errors), the abort signal, and
 * what its attempts so far tell. The SDK's retry strategy and request handler
 * are shared by every call of a client, so they find the call they serve
 * through this AsyncLocalStorage, which follows the call's promise chain.
 */

/** A retry the SDK is about to send, for the caller to show ("retrying ... (attempt 3 of 20): Throttling"). */
export interface RetryNotice {
  /** The RDS operation, e.g. DescribeDBInstances. */
  operation: string;
  /** The instance (or resource) the call is about, when it names one. */
  target?: string;
  /** The attempt about to be sent, counting the first as 1. */
  attempt: number;
  maxAttempts: number;
  /** Why the previous attempt failed: the error code (Throttling, ECONNRESET, InternalFailure, ...). */
  reason: string;
}

/** Options that apply to every call made through one RdsApi view. */
export interface CallOptions {
  /**
   * Aborting sends nothing new: no call starts, no retry goes out, a backoff
   * sleep ends at once; a request already on the wire gets a short grace to
   * be answered. The call then fails with ApplyInterruptedError.
   */
  signal?: AbortSignal;
  /** Told of every retry the SDK makes. */
  onRetry?: (notice: RetryNotice) => void;
  /**
   * At most this many attempts per call, fewer than the client's setting:
   * the advisory reads of the plan-time checks give up soon (a check skipped
   * is a warning, not a failure).
   */
  maxAttempts?: number;
}

export interface CallScope extends CallOptions {
  operation: string;
  target?: string;
  /** Date.now() when the call started. */
  startedAt: number;
  /** Attempts sent so far (the handler counts them). */
  attempts: number;
  /**
   * An attempt ended without a definite answer (a connection lost after the
   * request went out, a timeout, a 5xx): RDS may have acted on it.
   */
  uncertain: boolean;
  /** The endpoint the last attempt went to, e.g. https://rds.us-east-1.amazonaws.com. */
  endpoint?: string;
  /** The last attempt was cut because the signal fired while it was in flight. */
  abandonedInFlight: boolean;
}

export const callScope = new AsyncLocalStorage<CallScope>();
