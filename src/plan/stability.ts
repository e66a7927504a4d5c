import type { DBInstance } from "@aws-sdk/client-rds";
import { asRecord, member, membershipStatuses } from "../fields/describe-readers.js";
import { fieldWithRole, modifyNameOf, pendingKeyOf } from "../fields/table.js";
import { failedStatusAdvice } from "./status-advice.js";

/**
 * Statuses from which an instance does not recover by itself: someone has to
 * act (fix the network, the parameters, the KMS key...). Waiting on them only
 * burns the timeout, and modifying them is refused.
 */
export const FAILED_STATUSES: readonly string[] = [
  "failed",
  "incompatible-restore",
  "incompatible-network",
  "incompatible-parameters",
  "incompatible-option-group",
  "incompatible-create",
  "incompatible-credentials",
  "restore-error",
  "insufficient-capacity",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable",
  "unsupported-configuration",
];

const FAILED = new Set(FAILED_STATUSES);

/**
 * Statuses that end a wait without being failures of the instance itself:
 * it is going away, or it is stopped and will not become available alone.
 */
const NEVER_AVAILABLE = new Set(["deleting", "deleted", "stopped"]);

/**
 * Statuses that count as settled. `storage-optimization` follows every storage
 * change and can last hours while the instance serves traffic and accepts
 * further (non-storage) modifications, so waiting it out would turn a storage
 * resize into an hours-long apply.
 */
const SETTLED = new Set(["available", "storage-optimization"]);

/** Membership statuses that mean a change is still being applied. */
const TRANSITIONAL = new Set([
  "applying",
  "adding",
  "removing",
  "pending-apply",
  "pending-removal",
]);

export interface Stability {
  state: "stable" | "waiting" | "failed";
  /** Why; for `failed`, also what a person does about it (see failedStatusAdvice). */
  reason: string;
}

/** "status is X: <what to do>", the reason of a failed verdict. */
function failedReason(db: DBInstance, status: string): string {
  const id = fieldWithRole("identifier").current(db);
  const advice =
    typeof id === "string" && id !== ""
      ? failedStatusAdvice(status, id)
      : failedStatusAdvice(status);
  return `status is ${status}: ${advice}`;
}

function transitionalMembership(db: DBInstance): string | undefined {
  for (const { name, status } of membershipStatuses(db)) {
    if (typeof status === "string" && TRANSITIONAL.has(status.toLowerCase())) {
      return `${String(name)} is ${status}`;
    }
  }
  return undefined;
}

/**
 * Whether an instance has settled after rdsctl changed it: status available,
 * none of the fields applied now (`appliedNow`, ModifyDBInstance names) still
 * pending, and no group membership mid-change. A status that cannot turn into
 * available by itself is `failed`.
 *
 * `storage-full` is failed unless AllocatedStorage was just raised: the
 * increase is what clears it, and the first describe after the modify can
 * still read storage-full.
 */
export function checkStability(db: DBInstance, appliedNow: readonly string[]): Stability {
  const rawStatus = member(db, "DBInstanceStatus");
  const status = typeof rawStatus === "string" ? rawStatus.toLowerCase() : undefined;
  if (status === undefined) return { state: "waiting", reason: "status not reported yet" };
  if (FAILED.has(status) || NEVER_AVAILABLE.has(status)) {
    return { state: "failed", reason: failedReason(db, status) };
  }
  if (status === "storage-full") {
    return appliedNow.includes(modifyNameOf(fieldWithRole("storage-size")))
      ? { state: "waiting", reason: "status is storage-full while storage grows" }
      : { state: "failed", reason: failedReason(db, status) };
  }
  if (!SETTLED.has(status)) return { state: "waiting", reason: `status is ${status}` };

  const pmv = asRecord(member(db, "PendingModifiedValues")) ?? {};
  const stillPending = appliedNow.filter((name) => {
    const v = pmv[pendingKeyOf(name)];
    return v !== undefined && v !== null;
  });
  if (stillPending.length > 0) {
    return { state: "waiting", reason: `still pending: ${stillPending.join(", ")}` };
  }
  const membership = transitionalMembership(db);
  if (membership !== undefined) return { state: "waiting", reason: membership };
  return { state: "stable", reason: `status is ${status}` };
}
