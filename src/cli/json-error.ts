import { type ErrorCode, RdsctlError, SpecInvalidError, type SpecProblem } from "../errors.js";

/**
 * The `error` member of a command's JSON document: with `--json`, stdout is
 * always one JSON document, also when the command fails or refuses.
 */
export interface ErrorJson {
  /** The RdsctlError code (SPEC_INVALID, USAGE, CHANGE_BLOCKED, AWS_ERROR...); INTERNAL otherwise. */
  code: ErrorCode;
  message: string;
  /** Every problem of an invalid spec, located; empty for other errors. */
  problems: SpecProblem[];
}

export function errorToJson(err: unknown): ErrorJson {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof RdsctlError ? err.code : "INTERNAL";
  const problems = err instanceof SpecInvalidError ? err.problems.map((p) => ({ ...p })) : [];
  return { code, message, problems };
}

/** Whether a command's arguments ask for JSON, readable even when the rest fails to parse. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes("--json");
}
