import type { ApplyResult } from "./apply/types.js";
import type { Plan } from "./plan/types.js";

/**
 * Every error the library throws is an RdsctlError with a stable `code`.
 * `fault` says who must act: "user" (fix the spec, the flags, the account) or
 * "program" (a bug or an unexpected answer). Only the CLI entry point maps
 * errors to exit codes.
 */
export type ErrorFault = "user" | "program";

/**
 * Every code an RdsctlError can carry: the closed set the JSON `error.code`
 * and each failed instance's `error.code` draw from.
 */
export type ErrorCode =
  /** The spec files are invalid (SpecInvalidError). */
  | "SPEC_INVALID"
  /** A `{ env }` or `{ file }` secret could not be read (SecretUnavailableError). */
  | "SECRET_UNAVAILABLE"
  /** The plan has blocked changes; nothing was sent (ChangeBlockedError). */
  | "CHANGE_BLOCKED"
  /** An instance changed between plan and apply; nothing was sent to it (PlanStaleError). */
  | "PLAN_STALE"
  /** An instance did not become stable in time (WaitTimeoutError). */
  | "WAIT_TIMEOUT"
  /** An instance reached a failed status (InstanceFailedError). */
  | "INSTANCE_FAILED"
  /** RDS answered with an error rdsctl cannot handle (AwsCallError). */
  | "AWS_ERROR"
  /** Flags, environment or arguments cannot give what was asked (UsageError). */
  | "USAGE"
  /** Apply finished what it could and at least one instance failed (ApplyFailedError). */
  | "APPLY_FAILED"
  /** A signal or an abort stopped apply (ApplyInterruptedError). */
  | "APPLY_INTERRUPTED"
  /** The confirmation question was answered with anything but yes (CancelledError). */
  | "CANCELLED"
  /** The credentials are for an account the spec's allowedAccountIds does not list (AccountNotAllowedError). */
  | "ACCOUNT_NOT_ALLOWED"
  /** A saved plan's content does not hold together: a step, a desired item, a secret reference or its checksum differ; nothing was sent (PlanTamperedError). */
  | "PLAN_TAMPERED"
  /** The emulator (`rdsctl emulator`, `--local`) could not start. */
  | "EMULATOR_START"
  /** A program fault: something that is not an RdsctlError reached the top. */
  | "INTERNAL";

export class RdsctlError extends Error {
  readonly code: ErrorCode;
  readonly fault: ErrorFault;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; fault?: ErrorFault } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fault = options.fault ?? "user";
  }
}

/** One problem found in a spec file, located at file:line:column. */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. `instances[0].AllocatedStorage`. */
  path: string;
  message: string;
}

/** The spec files are invalid; every problem is listed, not only the first. */
export class SpecInvalidError extends RdsctlError {
  readonly problems: SpecProblem[];
  constructor(problems: SpecProblem[]) {
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    super("SPEC_INVALID", `the spec has ${problems.length} problem(s):\n${lines.join("\n")}`);
    this.problems = problems;
  }
}

/**
 * The plan-time checks found what RDS would refuse (a create missing a
 * required field, an unreadable secret, a class not offered, a missing group):
 * nothing was sent. Same code and problems as an invalid spec.
 */
export class PlanCheckError extends SpecInvalidError {
  constructor(problems: SpecProblem[]) {
    super(problems);
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    this.message = `the plan found ${problems.length} problem(s) RDS would refuse; nothing was sent:\n${lines.join("\n")}`;
  }
}

/** A secret reference ({ env } or { file }) could not be resolved. */
export class SecretUnavailableError extends RdsctlError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("SECRET_UNAVAILABLE", message, options);
  }
}

/**
 * The blocked changes of a plan, one line each: `orders-db: <reason>` (a
 * reason that already starts with the id does not repeat it).
 */
export function describeBlocked(plan: Pick<Plan, "instances">): string[] {
  return plan.instances.flatMap((instance) =>
    instance.blocked.map((blocked) => {
      const prefix = `${instance.id}: `;
      const reason = blocked.reason.startsWith(prefix)
        ? blocked.reason.slice(prefix.length)
        : blocked.reason;
      return `${prefix}${reason}`;
    }),
  );
}

/**
 * The plan contains blocked changes: `plan` fails with it, and apply refuses
 * to start (nothing is sent). The message is the one wording of blocked
 * changes: `2 changes are blocked:` and each on its own indented line, led
 * by `refusing`, when given (`refusing to apply: ...`).
 */
export class ChangeBlockedError extends RdsctlError {
  /** One line per blocked change (see describeBlocked). */
  readonly blocked: string[];
  /** The plan the blocked changes are in (their instances, groups and spec locations). */
  readonly plan: Pick<Plan, "instances" | "resources">;
  constructor(plan: Pick<Plan, "instances" | "resources">, refusing?: string) {
    const blocked = describeBlocked(plan);
    const n = blocked.length;
    const list = blocked.map((line) => `\n  ${line}`).join("");
    const summary = `${n} change${n === 1 ? " is" : "s are"} blocked:${list}`;
    super("CHANGE_BLOCKED", refusing === undefined ? summary : `${refusing}: ${summary}`);
    this.blocked = blocked;
    this.plan = plan;
  }
}

/** An instance did not become stable within the wait timeout. */
export class WaitTimeoutError extends RdsctlError {
  readonly instanceId: string;
  readonly lastStatus: string | undefined;
  constructor(instanceId: string, lastStatus: string | undefined, message: string) {
    super("WAIT_TIMEOUT", message);
    this.instanceId = instanceId;
    this.lastStatus = lastStatus;
  }
}

/** An instance reached a failed status (failed, incompatible-parameters, ...). */
export class InstanceFailedError extends RdsctlError {
  readonly instanceId: string;
  readonly status: string;
  constructor(instanceId: string, status: string, message: string) {
    super("INSTANCE_FAILED", message);
    this.instanceId = instanceId;
    this.status = status;
  }
}

/** RDS (or the emulator) answered with an error rdsctl cannot handle. */
export class AwsCallError extends RdsctlError {
  readonly awsCode: string | undefined;
  constructor(message: string, awsCode: string | undefined, options: { cause?: unknown } = {}) {
    super("AWS_ERROR", message, options);
    this.awsCode = awsCode;
  }
}

/**
 * An AWS call that got no answer at all: the endpoint's name did not resolve,
 * no connection could be opened, or the endpoint never answered (reset every
 * connection, or said nothing within the response timeout). The message names
 * the endpoint; nothing more can be learned by calling it again now.
 */
export class EndpointUnreachableError extends AwsCallError {
  readonly endpoint: string | undefined;
  constructor(
    message: string,
    awsCode: string | undefined,
    endpoint: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, awsCode, options);
    this.endpoint = endpoint;
  }
}

/** The user asked for something the flags or environment cannot provide. */
export class UsageError extends RdsctlError {
  constructor(message: string) {
    super("USAGE", message);
  }
}

/**
 * The credentials in use belong to an account the spec does not allow;
 * nothing was read from or sent to RDS.
 */
export class AccountNotAllowedError extends RdsctlError {
  readonly account: string;
  readonly allowed: readonly string[];
  /** `rule` says what refuses the account; default: the spec's allowedAccountIds. */
  constructor(account: string, allowed: readonly string[], identityArn?: string, rule?: string) {
    const who = identityArn === undefined ? "" : ` (${identityArn})`;
    const why = rule ?? `which the spec's allowedAccountIds (${allowed.join(", ")}) does not list`;
    super(
      "ACCOUNT_NOT_ALLOWED",
      `the credentials in use are for account ${account}${who}, ${why}; nothing was read or sent. Check the profile, role or environment this run uses`,
    );
    this.account = account;
    this.allowed = allowed;
  }
}

/**
 * Apply finished every instance it could, and at least one failed. `result`
 * holds every instance's outcome (what was created or modified stands);
 * `errors` holds each failure, in plan order.
 */
export class ApplyFailedError extends RdsctlError {
  readonly result: ApplyResult;
  readonly errors: Error[];
  constructor(result: ApplyResult, errors: Error[]) {
    const total = result.instances.length;
    const lines = errors.map((e) => e.message);
    const program = errors.some((e) => !(e instanceof RdsctlError) || e.fault === "program");
    super(
      "APPLY_FAILED",
      `apply failed for ${errors.length} of ${total} instance(s); the others finished:\n${lines.join("\n")}`,
      { fault: program ? "program" : "user" },
    );
    this.result = result;
    this.errors = errors;
  }
}

/**
 * Apply was interrupted (an abort signal; Ctrl-C or SIGTERM in the CLI): no
 * new call was sent after the interruption. `signal` names the process
 * signal when one caused it.
 */
export class ApplyInterruptedError extends RdsctlError {
  readonly signal: NodeJS.Signals | undefined;
  constructor(message: string, options: { signal?: NodeJS.Signals } = {}) {
    super("APPLY_INTERRUPTED", message);
    this.signal = options.signal;
  }
}

/**
 * An instance's live state moved between plan and apply: planned again
 * against what RDS reports now, it would not get the calls that were
 * planned (and confirmed). Nothing was sent to it.
 */
export class PlanStaleError extends RdsctlError {
  readonly instanceId: string;
  /** What moved: field names, or a description when no single field did. */
  readonly moved: string[];
  constructor(instanceId: string, moved: string[], message: string) {
    super("PLAN_STALE", message);
    this.instanceId = instanceId;
    this.moved = moved;
  }
}

/**
 * A saved plan whose content does not hold together: a desired item without
 * a reviewed step, a step without its desired item, a secret reference that
 * is not the one shown, a checksum or digest that does not match. `differs`
 * names each difference. Nothing was read from or sent to RDS.
 */
export class PlanTamperedError extends RdsctlError {
  readonly differs: string[];
  constructor(path: string, differs: string[]) {
    super(
      "PLAN_TAMPERED",
      `${path}: refusing the saved plan: it is not the plan that was reviewed; nothing was read or sent:\n${differs.map((d) => `  ${d}`).join("\n")}\nMake the plan again (rdsctl plan --out) and review it.`,
    );
    this.differs = differs;
  }
}

/** The person asked to confirm said no: nothing was sent. */
export class CancelledError extends RdsctlError {
  constructor(message: string) {
    super("CANCELLED", message);
  }
}
