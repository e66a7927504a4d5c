import { RdsctlError } from "../errors.js";

function causeChain(err: unknown): string[] {
  const lines: string[] = [];
  let cause = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined) {
    lines.push(
      `caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines;
}

/**
 * The text printed on stderr for an error that ends a command:
 * `rdsctl: <message>`, with the stack (and causes) only under --debug.
 */
export function formatError(err: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (err instanceof RdsctlError) {
    lines.push(`rdsctl: ${err.message}`);
    if (err.fault === "program" && !debug) lines.push("rdsctl: run again with --debug for details");
  } else if (err instanceof Error) {
    lines.push(`rdsctl: internal error: ${err.message}`);
    if (!debug) lines.push("rdsctl: run again with --debug for a stack trace");
  } else {
    lines.push(`rdsctl: internal error: ${String(err)}`);
  }
  if (debug && err instanceof Error) {
    lines.push(err.stack ?? "", ...causeChain(err));
  }
  return `${lines.join("\n")}\n`;
}
