import type { ApplyResult } from "./apply/types.js";

/**
 * Every error the library throws is an RdsctlError with a stable `code`.
 * `fault` says who must act: "user" (fix the spec, the flags, the account) or
 * "program" (a bug or an unexpected answer). Only the CLI entry point maps
 * errors to exit codes.
 */
export type ErrorFault = "user" | "program";

export class RdsctlError extends Error {
  readonly code: string;
  readonly fault: ErrorFault;

  constructor(
    code: string,
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

/** A secret reference ({ env } or { file }) could not be resolved. */
export class SecretUnavailableError extends RdsctlError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("SECRET_UNAVAILABLE", message, options);
  }
}

/** Apply refused to start because the plan contains blocked changes. */
export class ChangeBlockedError extends RdsctlError {
  constructor(message: string) {
    super("CHANGE_BLOCKED", message);
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

/** The user asked for something the flags or environment cannot provide. */
export class UsageError extends RdsctlError {
  constructor(message: string) {
    super("USAGE", message);
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

/** Apply was interrupted (Ctrl-C): no new call was sent after the interruption. */
export class ApplyInterruptedError extends RdsctlError {
  constructor(message: string) {
    super("APPLY_INTERRUPTED", message);
  }
}
