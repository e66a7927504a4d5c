import type { AccountHooks, AccountInfo } from "../apply/account.js";
import type { CommandContext } from "./context.js";

export type { AccountInfo };

/**
 * What plan, apply and show pass to the library's account guard: the line
 * `account ID, region R` on stderr once the account is read (before anything
 * is read from RDS, and before a disallowed account is refused), and its
 * warnings. `seen` is told of the account too (apply's JSON carries it).
 */
export function accountHooks(
  ctx: CommandContext,
  seen?: (account: AccountInfo) => void,
): Required<AccountHooks> {
  return {
    onAccount: (account) => {
      const label = account.regions.length === 1 ? "region" : "regions";
      ctx.err(`account ${account.id}, ${label} ${account.regions.join(", ")}\n`);
      seen?.(account);
    },
    onWarning: (message) => ctx.err(`rdsctl: warning: ${message}\n`),
  };
}

/** The `account` member of a JSON document: null when it could not be read. */
export function accountJson(account: AccountInfo | undefined): AccountInfo | null {
  return account ?? null;
}
