import type { ConnectionOptions } from "../aws/rds-api.js";
import { AccountNotAllowedError, AwsCallError, EndpointUnreachableError } from "../errors.js";
import type { Spec } from "../spec/types.js";
import type { CommandContext } from "./context.js";

/** The account and regions a plan or apply reads, as printed and put in JSON. */
export interface AccountInfo {
  id: string;
  arn: string;
  regions: string[];
}

/**
 * The connection options with the spec's account settings: the spec's
 * `profile` wins over --profile (a spec is explicit; a --profile that differs
 * is named in a warning), and its role to assume is added.
 */
export function withSpecAccount(
  spec: Spec,
  options: ConnectionOptions,
  ctx: CommandContext,
): ConnectionOptions {
  const account = spec.account;
  if (account === undefined) return options;
  const out: ConnectionOptions = { ...options };
  if (account.profile !== undefined) {
    if (options.profile !== undefined && options.profile !== account.profile) {
      ctx.err(
        `rdsctl: warning: --profile ${options.profile} is not used: the spec names profile ${account.profile}, which wins over the flag\n`,
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
 * connection's credentials, the line `account ID, region R` on stderr, and a
 * refusal (AccountNotAllowedError) when the spec's allowedAccountIds does not
 * list the account. Without allowedAccountIds, an STS error answer only costs
 * a warning; an endpoint that gives no answer, or credentials that do not
 * arrive, stop the run. With no region configured, nothing is asked:
 * planning stops on that first.
 */
export async function readAccount(
  spec: Spec,
  options: ConnectionOptions,
  ctx: CommandContext,
): Promise<AccountInfo | undefined> {
  const { specRegions } = await import("../workflow.js");
  const regions = await specRegions(spec, options);
  const region = regions[0];
  if (region === undefined) return undefined;
  const allowed = spec.account?.allowedAccountIds;
  const { callerIdentity } = await import("../aws/identity.js");
  let identity: Awaited<ReturnType<typeof callerIdentity>>;
  try {
    identity = await callerIdentity({ ...options, region });
  } catch (err) {
    // Only an endpoint that answered (an RDS-only endpoint, say) is let off with a
    // warning: no answer, or credentials that never came, would only repeat for RDS.
    const answered =
      err instanceof AwsCallError &&
      !(err instanceof EndpointUnreachableError) &&
      err.awsCode !== "CredentialsTimeout";
    if (allowed !== undefined || !answered) throw err;
    const message = err instanceof Error ? err.message : String(err);
    ctx.err(`rdsctl: warning: the account could not be read (${message}); going on\n`);
    return undefined;
  }
  const label = regions.length === 1 ? "region" : "regions";
  ctx.err(`account ${identity.account}, ${label} ${regions.join(", ")}\n`);
  if (allowed !== undefined && !allowed.includes(identity.account)) {
    throw new AccountNotAllowedError(identity.account, allowed, identity.arn || undefined);
  }
  return { id: identity.account, arn: identity.arn, regions };
}

/** The `account` member of a JSON document: null when it could not be read. */
export function accountJson(account: AccountInfo | undefined): AccountInfo | null {
  return account ?? null;
}
