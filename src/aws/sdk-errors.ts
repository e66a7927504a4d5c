import { AwsCallError } from "../errors.js";

/**
 * Turning SDK exceptions into AwsCallError. Kept free of runtime SDK imports
 * so the executor can use `hasAwsCode` without loading the SDK.
 */

interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  Error?: { Code?: unknown; Message?: unknown };
  $metadata?: { httpStatusCode?: unknown };
}

/** The wire error code (`DBInstanceNotFound`), whichever way the SDK exposed it. */
export function sdkErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as SdkErrorLike;
  for (const candidate of [e.Code, e.Error?.Code, e.code, e.name]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== "Error")
      return candidate;
  }
  return undefined;
}

/** True when `err` is an AwsCallError for `code` (the wire code or the SDK's `...Fault` name). */
export function hasAwsCode(err: unknown, code: string): boolean {
  if (!(err instanceof AwsCallError) || err.awsCode === undefined) return false;
  return err.awsCode === code || err.awsCode === `${code}Fault` || `${err.awsCode}Fault` === code;
}

/** CreateDBInstance errors that prove another caller created the instance (see markCreatedElsewhere). */
const createdElsewhere = new WeakSet<object>();

/**
 * Marks a DBInstanceAlreadyExists answer to a CreateDBInstance none of whose
 * earlier attempts can have created the instance (each was answered with an
 * error): someone else, another run, created it.
 */
export function markCreatedElsewhere(err: unknown): void {
  if (typeof err === "object" && err !== null) createdElsewhere.add(err);
}

/** Whether a create's DBInstanceAlreadyExists proves another caller created the instance. */
export function wasCreatedElsewhere(err: unknown): boolean {
  return typeof err === "object" && err !== null && createdElsewhere.has(err);
}

const NO_CREDENTIALS_HINT =
  "no AWS credentials found: pass --profile or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and " +
  "AWS_SECRET_ACCESS_KEY; to try rdsctl without AWS, use --local or --endpoint-url http://127.0.0.1:PORT";

/** Replace every occurrence of each secret with "(sensitive)". */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length > 0) out = out.split(s).join("(sensitive)");
  }
  return out;
}

/** The operations of other services than RDS, by the IAM prefix of their actions. */
const SERVICE_OF: Readonly<Record<string, string>> = {
  GetCallerIdentity: "sts",
  AssumeRole: "sts",
  ListAliases: "kms",
  DescribeSecurityGroups: "ec2",
};

/** The IAM action of an operation: rds:DescribeDBInstances, sts:AssumeRole, kms:ListAliases. */
export function iamAction(operation: string): string {
  return `${SERVICE_OF[operation] ?? "rds"}:${operation}`;
}

/**
 * Wrap an SDK failure: the message names the operation and the instance, and
 * never contains a secret that was part of the request (the server's message
 * might echo request parameters). When a secret had to be removed, the raw
 * error is not kept as `cause` either.
 */
export function toAwsCallError(
  err: unknown,
  operation: string,
  target: string | undefined,
  secrets: readonly string[] = [],
): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const code = sdkErrorCode(err);
  const rawMessage =
    typeof err === "object" && err !== null && typeof (err as SdkErrorLike).message === "string"
      ? ((err as SdkErrorLike).message as string)
      : String(err);
  const cleanMessage = redact(rawMessage, secrets);
  const where = target === undefined ? operation : `${target}: ${operation}`;
  const codePart = code !== undefined && code !== cleanMessage ? `${code}: ` : "";
  const hint =
    code === "CredentialsProviderError"
      ? ` (${NO_CREDENTIALS_HINT})`
      : code !== undefined && DENIED_CODES.has(code)
        ? ` (the credentials need the IAM permission ${iamAction(operation)}; see docs/iam.md)`
        : "";
  const message = `${where} failed: ${codePart}${cleanMessage}${hint}`;
  const leaked =
    cleanMessage !== rawMessage || secrets.some((s) => s.length > 0 && String(err).includes(s));
  return new AwsCallError(message, code, leaked ? {} : { cause: err });
}

/** Why an advisory read gave nothing: its action was denied, is not served, or failed on the server. */
export interface AdvisoryFailure {
  kind: "denied" | "not-served" | "unavailable";
  /** The wire code, else `HTTP <status>`. */
  code: string;
}

const DENIED_CODES = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
]);
const NOT_SERVED_CODES = new Set([
  "InvalidAction",
  "UnknownOperation",
  "UnknownOperationException",
  "NotImplemented",
  "UnsupportedOperation",
]);
const BUSY_CODES = new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded"]);

export function httpStatus(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 3; depth += 1) {
    if (typeof e !== "object" || e === null) return undefined;
    const status = (e as SdkErrorLike).$metadata?.httpStatusCode;
    if (typeof status === "number") return status;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The failure of a read the plan can do without, or undefined when it is not
 * one (a network failure, an interrupt: those stop every call alike): denied
 * (AccessDenied, UnauthorizedOperation, any 403), not served (InvalidAction,
 * UnknownOperation, a 4xx whose message names an unknown action, a 501), or
 * unavailable (a 5xx or throttling once the read's own few attempts are spent).
 */
export function advisoryFailure(err: unknown): AdvisoryFailure | undefined {
  const code = err instanceof AwsCallError ? err.awsCode : sdkErrorCode(err);
  const status = httpStatus(err);
  const label = code ?? (status === undefined ? "error" : `HTTP ${status}`);
  const message = err instanceof Error ? err.message : "";
  if ((code !== undefined && DENIED_CODES.has(code)) || status === 403) {
    return { kind: "denied", code: label };
  }
  if ((code !== undefined && NOT_SERVED_CODES.has(code)) || status === 501) {
    return { kind: "not-served", code: label };
  }
  if (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    /\b(unknown|unsupported|unrecognized|not (?:implemented|supported)|invalid) (?:action|operation)\b/i.test(
      message,
    )
  ) {
    return { kind: "not-served", code: label };
  }
  if ((status !== undefined && status >= 500) || (code !== undefined && BUSY_CODES.has(code))) {
    return { kind: "unavailable", code: status === undefined ? label : `${label}, HTTP ${status}` };
  }
  return undefined;
}
