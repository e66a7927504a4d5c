import { isSeq, type Node } from "yaml";
import type { SpecProblem } from "../errors.js";
import { describeNode, readString } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import type { AccountSettings, SourceLocation } from "./types.js";

/** The top-level keys that say which AWS account a spec is for. */
export const ACCOUNT_KEYS = [
  "profile",
  "assumeRoleArn",
  "externalId",
  "allowedAccountIds",
] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];

/** One file's account settings and where each was declared. */
export interface FileAccount {
  settings: AccountSettings;
  where: Partial<Record<AccountKey, SourceLocation>>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ACCOUNT_ID = /^\d{12}$/;

export function isAccountKey(key: string): key is AccountKey {
  return (ACCOUNT_KEYS as readonly string[]).includes(key);
}

/** Reads one of the account keys into `account`; problems go to `src`. */
export function readAccountKey(
  src: SpecSource,
  account: FileAccount,
  key: AccountKey,
  node: Node | null,
  path: string,
): void {
  if (key === "allowedAccountIds") {
    const ids = readAccountIds(src, node, path);
    if (ids !== undefined) {
      account.settings.allowedAccountIds = ids;
      account.where[key] = src.at(node);
    }
    return;
  }
  const r = readString(src, node, path);
  if (r === undefined) return;
  const value = r.value;
  if (value.trim() === "") {
    src.problem(node, path, `${key} must not be empty`);
    return;
  }
  if (key === "assumeRoleArn" && !ROLE_ARN.test(value)) {
    src.problem(
      node,
      path,
      `"${value}" is not an IAM role ARN such as arn:aws:iam::123456789012:role/rdsctl`,
    );
    return;
  }
  if (key === "externalId" && (value.length < 2 || value.length > 1224)) {
    src.problem(node, path, "externalId must have 2 to 1224 characters");
    return;
  }
  account.settings[key] = value;
  account.where[key] = src.at(node);
}

function readAccountIds(src: SpecSource, node: Node | null, path: string): string[] | undefined {
  if (!isSeq(node) || node.items.length === 0) {
    const got = isSeq(node) ? "an empty list" : describeNode(node);
    src.problem(node, path, `expected a non-empty list of 12-digit account ids, got ${got}`);
    return undefined;
  }
  const ids: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const itemNode = src.deref(item);
    const itemPath = `${path}[${i}]`;
    const raw = (itemNode as { value?: unknown } | null)?.value;
    if (typeof raw === "number") {
      src.problem(
        itemNode,
        itemPath,
        `write the account id as a quoted string ("${raw}"): as a number its leading zeros are lost`,
      );
      ok = false;
      return;
    }
    const r = readString(src, itemNode, itemPath);
    if (r === undefined) {
      ok = false;
      return;
    }
    if (!ACCOUNT_ID.test(r.value)) {
      src.problem(itemNode, itemPath, `"${r.value}" is not an AWS account id (12 digits)`);
      ok = false;
      return;
    }
    ids.push(r.value);
  });
  return ok ? ids : undefined;
}

/** An externalId is only sent with AssumeRole. */
export function accountFileProblems(src: SpecSource, account: FileAccount): void {
  const at = account.where.externalId;
  if (at !== undefined && account.settings.assumeRoleArn === undefined) {
    src.add({
      ...at,
      path: "externalId",
      message: "externalId: sent only when assuming a role; add assumeRoleArn, or remove it",
    });
  }
}

/**
 * The account settings of a run: every file that names a key must name the
 * same value, since one run uses one set of credentials.
 */
export function combineAccounts(files: Array<{ file: string; account: FileAccount }>): {
  account: AccountSettings | undefined;
  problems: SpecProblem[];
} {
  const settings: AccountSettings = {};
  const from: Partial<Record<AccountKey, string>> = {};
  const problems: SpecProblem[] = [];
  for (const { file, account } of files) {
    for (const key of ACCOUNT_KEYS) {
      const value = account.settings[key];
      const at = account.where[key];
      if (value === undefined || at === undefined) continue;
      const seen = settings[key];
      if (seen === undefined) {
        (settings as Record<AccountKey, unknown>)[key] = value;
        from[key] = file;
      } else if (JSON.stringify(seen) !== JSON.stringify(value)) {
        problems.push({
          ...at,
          path: key,
          message: `${key}: differs from the one in ${from[key]}; the files of one run must name the same account settings`,
        });
      }
    }
  }
  const any = ACCOUNT_KEYS.some((k) => settings[k] !== undefined);
  return { account: any ? settings : undefined, problems };
}
