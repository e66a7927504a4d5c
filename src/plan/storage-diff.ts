import type { FieldDef } from "../fields/types.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { where } from "./messages.js";
import { observe } from "./observe.js";
import { pendingNotice, proposeChange, unknownNotice } from "./propose.js";

/**
 * Storage only grows, and autoscaling grows it past the declared size, so a
 * declared size at or below the live one is no change; below it is reported.
 */

export function diffAllocatedStorage(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  desired: number,
): void {
  const { d } = ctx;
  const { current, pending } = observe(ctx, f);
  const effective = typeof pending === "number" ? pending : current;
  if (typeof effective !== "number") {
    unknownNotice(ctx, draft, f);
    return;
  }
  if (desired === effective) {
    if (typeof pending === "number" && pending !== current) {
      pendingNotice(ctx, draft, f, current, pending);
    }
    return;
  }
  if (desired > effective) {
    proposeChange(ctx, draft, f, effective, desired, desired);
    return;
  }
  const autoscaling =
    typeof d.fields.MaxAllocatedStorage === "number" ||
    typeof ctx.db.MaxAllocatedStorage === "number";
  if (autoscaling) {
    draft.notices.push({
      field: f.name,
      message:
        `${d.id}: AllocatedStorage is ${effective} GiB, above the declared ${desired} GiB ` +
        "(storage autoscaling grew it); storage never shrinks, so nothing is sent.",
    });
    return;
  }
  addBlocked(
    draft,
    f.name,
    "storage-shrink",
    effective,
    desired,
    `${d.id}: AllocatedStorage cannot shrink from ${effective} to ${desired} GiB (RDS storage ` +
      "only grows). Declare " +
      `${effective} or more, or move the data to a new, smaller instance (${where(d, f.name)}).`,
  );
}
