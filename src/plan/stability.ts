import type { DBInstance } from "@aws-sdk/client-rds";
import { asRecord, member, membershipStatuses } from "../kinds/instance/fields/describe-readers.js";
import { fieldWithRole, modifyNameOf, pendingKeyOf } from "../kinds/instance/fields/table.js";
import { DbStatus, membershipIsChanging } from "./db-status.js";

export { FAILED_STATUSES } from "./db-status.js";

export interface Stability {
  state: "stable" | "waiting" | "failed";
  /** Why; for `failed`, also what a person does about it (see failedStatusAdvice). */
  reason: string;
}

/** "status is X: <what to do>", the reason of a failed verdict. */
function failedReason(db: DBInstance, status: DbStatus): string {
  const id = fieldWithRole("identifier").current(db);
  const advice = typeof id === "string" && id !== "" ? status.advice(id) : status.advice();
  return `status is ${status.name}: ${advice}`;
}

function transitionalMembership(db: DBInstance): string | undefined {
  for (const { name, status } of membershipStatuses(db)) {
    if (typeof status === "string" && membershipIsChanging(status)) {
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
  const status = DbStatus.of(typeof rawStatus === "string" ? rawStatus : undefined);
  if (status === undefined) return { state: "waiting", reason: "status not reported yet" };
  if (status.endsWait) return { state: "failed", reason: failedReason(db, status) };
  if (status.isStorageFull) {
    return appliedNow.includes(modifyNameOf(fieldWithRole("storage-size")))
      ? { state: "waiting", reason: `status is ${status.name} while storage grows` }
      : { state: "failed", reason: failedReason(db, status) };
  }
  if (!status.isSettled) return { state: "waiting", reason: `status is ${status.name}` };

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
  return { state: "stable", reason: `status is ${status.name}` };
}
