import { partition } from "@aws-sdk/core/client";
import { ApplyInterruptedError, EndpointUnreachableError } from "../errors.js";
import type { CallScope } from "./call-scope.js";
import type { EndpointSetting } from "./client-config.js";
import {
  CONNECT_TIMEOUT_MS,
  failureKind,
  failureReason,
  isConnectTimeout,
  isResponseTimeout,
} from "./transport-guard.js";

/**
 * The errors of a call that got no answer, for any service: each names the
 * endpoint and the region, says how long and how many attempts it took, and
 * gives the advice that fits where the endpoint came from. A region the
 * partition data lists is not blamed for a DNS failure of AWS's own endpoint:
 * the machine's network is.
 */

/** What the messages need to know about the client the call went through. */
export interface CallTarget {
  /** "RDS", "STS": who may have acted on an interrupted call. */
  service: string;
  /** The endpoint given for the client; undefined: AWS's own for the region. */
  endpoint: EndpointSetting | undefined;
  region: string | undefined;
  /** The response timeout, for its message. */
  responseTimeoutMs: number;
}

/** The failure of a call the signal stopped: nothing new was sent, and it says what may have taken effect. */
export function interruptedError(
  scope: CallScope,
  where: string,
  service: string,
): ApplyInterruptedError {
  const unsure = scope.uncertain || scope.abandonedInFlight;
  const what = unsure
    ? `${scope.operation} was interrupted with an attempt unanswered; it may have taken effect`
    : scope.attempts === 0
      ? `interrupted before ${scope.operation}; it was not sent`
      : `${scope.operation} was interrupted before ${service} acted on it`;
  return new ApplyInterruptedError(`${where}: ${what}`);
}

/** Whether the partition data lists the region (a real AWS region, not a typo or an emulator's). */
function isListedRegion(region: string | undefined): boolean {
  return region !== undefined && "description" in partition(region);
}

/** What to check when a call got no answer. */
function advice(target: CallTarget, kind: "dns" | "connect" | "silent"): string {
  const setting = target.endpoint;
  if (setting !== undefined) {
    return kind === "dns"
      ? `check the host name of ${setting.source}`
      : `check ${setting.source} and that the endpoint is up`;
  }
  if (!isListedRegion(target.region)) {
    return kind === "dns"
      ? "check the region name"
      : "check the network, a proxy or firewall, and the region name";
  }
  return kind === "dns"
    ? `${target.region} is an AWS region, so check this machine's network and DNS (offline? a DNS server or proxy that blocks AWS?)`
    : "check the network, a proxy or firewall";
}

/**
 * The error of a call that got no answer, or undefined for any other failure:
 * a DNS failure, no connection, a connection reset or closed by an endpoint
 * that has never answered this client, or no answer within the response timeout.
 */
export function noAnswerError(
  err: unknown,
  scope: CallScope,
  where: string,
  target: CallTarget,
  everAnswered: boolean,
): EndpointUnreachableError | undefined {
  const kind = failureKind(err);
  const timedOut = isResponseTimeout(err);
  const neverAnswered = kind === "uncertain" && !everAnswered;
  if (kind !== "dns" && kind !== "connect" && !timedOut && !neverAnswered) return undefined;
  const code = failureReason(err);
  const reason = isConnectTimeout(err)
    ? `no connection within ${CONNECT_TIMEOUT_MS / 1000}s`
    : code;
  const endpoint = scope.endpoint ?? target.endpoint?.url ?? "(unknown endpoint)";
  const at = `the endpoint ${endpoint} (region ${target.region ?? "(none)"})`;
  const seconds = ((Date.now() - scope.startedAt) / 1000).toFixed(1);
  const tries = `after ${scope.attempts} attempt(s) in ${seconds}s`;
  let message: string;
  if (kind === "dns") {
    message = `cannot resolve ${at}: ${code}; ${advice(target, "dns")}`;
  } else if (kind === "connect") {
    message = `cannot reach ${at}: ${reason} ${tries}; ${advice(target, "connect")}`;
  } else if (timedOut) {
    const limit = target.responseTimeoutMs / 1000;
    message =
      `no answer from ${at} within ${limit}s (the response timeout) ${tries}; ` +
      `${advice(target, "silent")}, or allow longer with --response-timeout SECONDS or RDSCTL_RESPONSE_TIMEOUT`;
  } else {
    message = `${at} closed the connection without answering: ${code} ${tries}; ${advice(target, "silent")}`;
  }
  return new EndpointUnreachableError(`${where} failed: ${message}`, code, endpoint, {
    cause: err,
  });
}
