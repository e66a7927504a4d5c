import type { DBInstance } from "@aws-sdk/client-rds";
import { compareKmsKey } from "../kinds/instance/fields/values.js";

/**
 * What `export` leaves out unless `--all`: values nobody chose, that RDS or
 * the account picked when the instance was created without them. Leaving one
 * out is safe for the round trip: an undeclared field is not compared.
 *
 * - KMS keys that are the region's AWS managed key (`aws/rds` for storage
 *   and Performance Insights, `aws/secretsmanager` for a managed password's
 *   secret), as KMS ListAliases told.
 * - A security group list that is only the default group of the instance's
 *   VPC, as EC2 DescribeSecurityGroups told.
 * - Backup and maintenance windows exactly 30 minutes long: the length of the
 *   windows RDS assigns when none is asked. Nothing else tells an assigned
 *   window from a chosen one; a window of another length was chosen and is
 *   written.
 */

/** What the account's reads found (src/aws/account-defaults.ts); absent: not known. */
export interface AccountDefaults {
  /** Key id of `alias/aws/rds` (null: the account has none). */
  rdsKey?: string | null;
  /** Key id of `alias/aws/secretsmanager` (null: none). */
  secretsKey?: string | null;
  /** VPC id -> id of its default security group. */
  defaultSecurityGroups?: Readonly<Record<string, string>>;
}

/** Why a value was left out. */
export type LeftOutReason = "default-kms-key" | "default-security-group" | "assigned-window";

/** One value left out of an instance. */
export interface LeftOut {
  id: string;
  field: string;
  reason: LeftOutReason;
}

/** The KMS key fields and the managed key each takes when none is named. */
const KEY_FIELDS: Readonly<Record<string, "rdsKey" | "secretsKey">> = {
  KmsKeyId: "rdsKey",
  PerformanceInsightsKMSKeyId: "rdsKey",
  MasterUserSecretKmsKeyId: "secretsKey",
};
const SECURITY_GROUPS = "VpcSecurityGroupIds";
const WINDOWS = new Set(["PreferredBackupWindow", "PreferredMaintenanceWindow"]);

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY = 24 * 60;
const WEEK = 7 * DAY;

/** Minutes from Monday 00:00 (or from midnight without a day) of `ddd:hh:mm` or `hh:mm`. */
function minutesOf(point: string): number | undefined {
  const m = /^(?:([a-z]{3}):)?(\d{2}):(\d{2})$/i.exec(point.trim());
  if (m === null) return undefined;
  const day = m[1] === undefined ? 0 : DAYS.indexOf(m[1].toLowerCase());
  if (day < 0) return undefined;
  return day * DAY + Number(m[2]) * 60 + Number(m[3]);
}

/** Whether a window (`hh:mm-hh:mm` or `ddd:hh:mm-ddd:hh:mm`) is 30 minutes long, as RDS assigns them. */
export function isAssignedLength(window: string): boolean {
  const dash = window.indexOf("-");
  if (dash < 0) return false;
  const from = minutesOf(window.slice(0, dash));
  const to = minutesOf(window.slice(dash + 1));
  if (from === undefined || to === undefined) return false;
  const period = /^[a-z]/i.test(window.trim()) ? WEEK : DAY;
  return (((to - from) % period) + period) % period === 30;
}

/** Why `value` of `field` is left out of `db`'s entry, or undefined when it is written. */
export function leftOutReason(
  field: string,
  value: unknown,
  db: DBInstance,
  defaults: AccountDefaults,
): LeftOutReason | undefined {
  const key = KEY_FIELDS[field];
  if (key !== undefined) {
    const managed = defaults[key];
    return typeof managed === "string" &&
      typeof value === "string" &&
      compareKmsKey(managed, value) === "equal"
      ? "default-kms-key"
      : undefined;
  }
  if (field === SECURITY_GROUPS) {
    const vpc = db.DBSubnetGroup?.VpcId;
    const group = vpc === undefined ? undefined : defaults.defaultSecurityGroups?.[vpc];
    return group !== undefined &&
      Array.isArray(value) &&
      value.length === 1 &&
      String(value[0]).toLowerCase() === group.toLowerCase()
      ? "default-security-group"
      : undefined;
  }
  if (WINDOWS.has(field) && typeof value === "string" && isAssignedLength(value)) {
    return "assigned-window";
  }
  return undefined;
}

/**
 * The account reads `export` needs for these instances' entries (`fields`:
 * each instance's exported fields): a KMS lookup only when an entry has a
 * key, a security group lookup only for the VPCs of entries with groups.
 */
export function accountDefaultsAsk(
  entries: ReadonlyArray<{ db: DBInstance; fields: Readonly<Record<string, unknown>> }>,
): { keys: boolean; vpcIds: string[] } {
  let keys = false;
  const vpcIds = new Set<string>();
  for (const { db, fields } of entries) {
    if (Object.keys(KEY_FIELDS).some((f) => typeof fields[f] === "string")) keys = true;
    const vpc = db.DBSubnetGroup?.VpcId;
    if (vpc !== undefined && Array.isArray(fields[SECURITY_GROUPS])) vpcIds.add(vpc);
  }
  return { keys, vpcIds: [...vpcIds].sort() };
}
