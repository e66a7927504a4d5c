import { connect } from "node:net";
import { UsageError } from "../errors.js";

/**
 * A loopback endpoint with nothing listening answers ECONNREFUSED at once,
 * which the SDK treats as transient and retries for minutes. One TCP connect
 * before the first call tells the user in well under a second instead.
 */

/** How long the connect may take: a loopback listener accepts in microseconds. */
const PROBE_TIMEOUT_MS = 1500;

function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** The message for an endpoint with no listener, naming the command that would start one. */
export function nothingListeningMessage(endpoint: string): string {
  const port = portOf(new URL(endpoint));
  return `nothing is listening at ${endpoint}: start \`rdsctl emulator --port ${port}\`, or use --local`;
}

/** Resolves when a TCP connection to the endpoint's host and port opens; else a UsageError. */
export function probeEndpoint(endpoint: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port: portOf(url) });
    const fail = () => {
      socket.destroy();
      reject(new UsageError(nothingListeningMessage(endpoint)));
    };
    socket.setTimeout(timeoutMs, fail);
    socket.once("error", fail);
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
  });
}
