import { constants as osConstants } from "node:os";
import { ApplyInterruptedError, type ErrorCode, RdsctlError, SpecInvalidError } from "../errors.js";
import { escapeLines, escapeText } from "../text/escape.js";
import type { CommandContext } from "./context.js";
import { type AnnotationContext, errorAnnotations, onGitHubActions } from "./github.js";

/**
 * A failure whose stderr text the command composed itself (the report of an
 * apply that failed part-way, the help shown when no command is given): it
 * is printed as it is. `message` is the one-line form.
 */
export class CommandFailure extends RdsctlError {
  readonly text: string;
  /** The plan and result the failure is about, for annotations. */
  readonly context: AnnotationContext;
  constructor(code: ErrorCode, message: string, text: string, context: AnnotationContext = {}) {
    super(code, message);
    this.text = text;
    this.context = context;
  }
}

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
 * An error's message as printed: escaped, since messages carry values from the
 * spec and RDS. A spec's problems are escaped one by one, so a value's line
 * break shows as `\n` instead of starting a line of its own.
 */
function printedMessage(err: Error): string {
  if (!(err instanceof SpecInvalidError)) return escapeLines(err.message);
  const header = escapeText(err.message.split("\n", 1)[0] ?? "");
  const problems = err.problems.map(
    (p) => `${escapeText(p.file)}:${p.line}:${p.column}: ${escapeText(p.message)}`,
  );
  return [header, ...problems].join("\n");
}

/**
 * The text printed on stderr for an error that ends a command:
 * `rdsctl: <message>`, with the stack (and causes) only under --debug.
 */
export function formatError(err: unknown, debug: boolean): string {
  if (err instanceof CommandFailure) return err.text;
  const lines: string[] = [];
  if (err instanceof RdsctlError) {
    lines.push(`rdsctl: ${printedMessage(err)}`);
    if (err.fault === "program" && !debug) lines.push("rdsctl: run again with --debug for details");
  } else if (err instanceof Error) {
    lines.push(`rdsctl: internal error: ${printedMessage(err)}`);
    if (!debug) lines.push("rdsctl: run again with --debug for a stack trace");
  } else {
    lines.push(`rdsctl: internal error: ${escapeLines(String(err))}`);
  }
  if (debug && err instanceof Error) {
    lines.push(escapeLines(err.stack ?? ""), ...causeChain(err).map(escapeLines));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The exit code of a command that ended with `err`: 128 plus the signal's
 * number for an apply a signal interrupted (130 for SIGINT, 143 for SIGTERM,
 * as a shell or CI runner expects), 1 for everything else.
 */
export function exitCodeOf(err: unknown): number {
  if (err instanceof ApplyInterruptedError && err.signal !== undefined) {
    return 128 + (osConstants.signals[err.signal] ?? 0);
  }
  return 1;
}

/** Prints the error on stderr and gives the exit code: the only place errors become exit codes. */
export function reportError(err: unknown, ctx: CommandContext, debug: boolean): number {
  ctx.err(formatError(err, debug));
  if (onGitHubActions(ctx.env)) {
    ctx.err(errorAnnotations(err, err instanceof CommandFailure ? err.context : {}));
  }
  return exitCodeOf(err);
}
