import type { FieldDef } from "../kinds/instance/fields/types.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { DbStatus } from "./db-status.js";
import { where } from "./messages.js";
import { observe } from "./observe.js";
import { pendingNotice, proposeChange, unknownNotice } from "./propose.js";

/**
 * Whether a live size above the declared one can come from RDS growing the
 * declared size: an increase is rounded up to at least 10% of the size it
 * started from, which was below the declared size, so the result is at most
 * 10% above it.
 */
function roundedUpFrom(desired: number, live: number): boolean {
  return live <= Math.ceil(desired * 1.1);
}

/**
 * Storage only grows. A declared size at or below what is queued is no
 * change; below the live size it is no change under autoscaling (which grew
 * it), and otherwise a blocked shrink: never sent.
 */
export function diffAllocatedStorage(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  desired: number,
): void {
  const { d } = ctx;
  const observed = observe(ctx, f);
  const current = typeof observed.current === "number" ? observed.current : undefined;
  const pending = typeof observed.pending === "number" ? observed.pending : undefined;
  const effective = pending ?? current;
  if (effective === undefined) {
    unknownNotice(ctx, draft, f);
    return;
  }
  if (desired > effective) {
    proposeChange(ctx, draft, f, effective, desired, desired);
    return;
  }
  if (
    DbStatus.of(ctx.status)?.isStorageFull === true &&
    pending !== undefined &&
    current !== undefined &&
    desired > current
  ) {
    // The growth is queued for the maintenance window while the database
    // cannot write: send the queued size again, to be applied now.
    proposeChange(ctx, draft, f, current, pending, pending);
    return;
  }
  if (pending !== undefined && (current === undefined || desired >= current)) {
    // A growth to at least the declared size is already queued.
    if (pending !== current) pendingNotice(ctx, draft, f, current, pending);
    return;
  }
  const live = current ?? effective;
  if (desired >= live) return;
  const autoscaling =
    typeof d.fields.MaxAllocatedStorage === "number" ||
    typeof ctx.db.MaxAllocatedStorage === "number";
  if (autoscaling) {
    draft.notices.push({
      field: f.name,
      message:
        `${d.id}: AllocatedStorage is ${live} GiB, above the declared ${desired} GiB ` +
        "(storage autoscaling grew it); storage never shrinks, so nothing is sent.",
    });
    return;
  }
  // Without autoscaling a live size above the declared one is a shrink the
  // user asked for, or an increase RDS rounded up. Either way the spec no
  // longer describes the instance: say so (exit 1) rather than pass silently,
  // and name the rounding when it explains the gap.
  const rounding = roundedUpFrom(desired, live)
    ? ` If ${desired} GiB was an increase, RDS rounded it up to ${live} GiB (increases are at least 10%).`
    : "";
  addBlocked(
    draft,
    f.name,
    "storage-shrink",
    live,
    desired,
    `${d.id}: AllocatedStorage cannot shrink from ${live} to ${desired} GiB (RDS storage ` +
      "only grows). Declare " +
      `${live} or more, or move the data to a new, smaller instance (${where(d, f.name)}).${rounding}`,
  );
}
