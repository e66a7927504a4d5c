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
  const hint = code === "CredentialsProviderError" ? ` (${NO_CREDENTIALS_HINT})` : "";
  const message = `${where} failed: ${codePart}${cleanMessage}${hint}`;
  const leaked =
    cleanMessage !== rawMessage || secrets.some((s) => s.length > 0 && String(err).includes(s));
  return new AwsCallError(message, code, leaked ? {} : { cause: err });
}
