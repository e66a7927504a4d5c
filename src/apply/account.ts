import type { ConnectionOptions } from "../aws/rds-api.js";
import { AccountNotAllowedError, AwsCallError, EndpointUnreachableError } from "../errors.js";
import type { AccountSettings } from "../spec/types.js";
import { ADVISORY_MAX_ATTEMPTS } from "./plan-checks.js";

/** The account and regions a plan reads, as the CLI prints it and puts in JSON. */
export interface AccountInfo {
  id: string;
  arn: string;
  regions: string[];
}

/** What the account guard tells its caller; the library itself never prints. */
export interface AccountHooks {
  /**
   * Told of the account once it is read, before anything is read from RDS
   * (and before a disallowed one is refused). Giving it makes planSpec read
   * the account even when the spec has no allowedAccountIds.
   */
  onAccount?: (account: AccountInfo) => void;
  /** Told of what the guard lets pass: a connection profile the spec's overrides, an account that could not be read. */
  onWarning?: (message: string) => void;
}

/**
 * The connection options with the spec's account settings: the spec's
 * `profile` wins over the connection's (a spec is explicit; a profile that
 * differs is named in a warning), and its role to assume is added.
 */
export function withAccountSettings(
  account: AccountSettings | undefined,
  options: ConnectionOptions,
  onWarning?: (message: string) => void,
): ConnectionOptions {
  if (account === undefined) return options;
  const out: ConnectionOptions = { ...options };
  if (account.profile !== undefined) {
    if (options.profile !== undefined && options.profile !== account.profile) {
      onWarning?.(
        `--profile ${options.profile} is not used: the spec names profile ${account.profile}, which wins over the flag`,
      );
    }
    out.profile = account.profile;
  }
  if (account.assumeRoleArn !== undefined) out.assumeRoleArn = account.assumeRoleArn;
  if (account.externalId !== undefined) out.externalId = account.externalId;
  return out;
}

/**
 * Before anything is read from RDS: one STS GetCallerIdentity with the
 * connection's credentials (in the first region), and a refusal
 * (AccountNotAllowedError, nothing read or sent) when `allowed` does not list
 * the account. Asked only when there is a list to check or the caller wants
 * the account (`hooks.onAccount`). Without a list, an STS error answer only
 * costs a warning (an RDS-only endpoint); an endpoint that gives no answer,
 * or credentials that do not arrive, stop the run: they would only repeat for RDS.
 */
export async function guardAccount(
  allowed: readonly string[] | undefined,
  options: ConnectionOptions,
  regions: readonly string[],
  hooks: AccountHooks,
): Promise<AccountInfo | undefined> {
  const region = regions[0];
  if (region === undefined) return undefined;
  if (allowed === undefined && hooks.onAccount === undefined) return undefined;
  const { callerIdentity } = await import("../aws/identity.js");
  let identity: Awaited<ReturnType<typeof callerIdentity>>;
  try {
    // Without a list to check, the account is only shown: an endpoint that
    // answers STS with errors (an RDS-only server) costs two attempts, not twenty.
    const advisory = Math.min(options.maxAttempts ?? ADVISORY_MAX_ATTEMPTS, ADVISORY_MAX_ATTEMPTS);
    const attempts = allowed === undefined ? { maxAttempts: advisory } : {};
    identity = await callerIdentity({ ...options, region, ...attempts });
  } catch (err) {
    const answered =
      err instanceof AwsCallError &&
      !(err instanceof EndpointUnreachableError) &&
      err.awsCode !== "CredentialsTimeout";
    if (allowed !== undefined || !answered) throw err;
    hooks.onWarning?.(`the account could not be read (${err.message}); going on`);
    return undefined;
  }
  const account = { id: identity.account, arn: identity.arn, regions: [...regions] };
  hooks.onAccount?.(account);
  if (allowed !== undefined && !allowed.includes(identity.account)) {
    throw new AccountNotAllowedError(identity.account, allowed, identity.arn || undefined);
  }
  return account;
}
