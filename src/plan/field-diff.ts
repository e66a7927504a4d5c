import type { DiffRule, FieldDef } from "../kinds/instance/fields/types.js";
import { compareValue } from "./compare.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { inheritedFrom } from "./inherited.js";
import { show, where } from "./messages.js";
import { observe } from "./observe.js";
import { blockImmutable, pendingNotice, proposeChange, unknownNotice } from "./propose.js";
import { diffAllocatedStorage } from "./storage-diff.js";
import { diffEngineVersion } from "./version-diff.js";

/**
 * The comparisons a field's `diffRule` names. Each returns false when the
 * declared value is not of its type, and the ordinary comparison runs.
 */
const RULES: Readonly<
  Record<DiffRule, (ctx: PlanContext, draft: Draft, f: FieldDef, desired: unknown) => boolean>
> = {
  "engine-version": (ctx, draft, f, desired) => {
    if (typeof desired !== "string") return false;
    diffEngineVersion(ctx, draft, f, desired);
    return true;
  },
  "storage-size": (ctx, draft, f, desired) => {
    if (typeof desired !== "number") return false;
    diffAllocatedStorage(ctx, draft, f, desired);
    return true;
  },
};

/** An inherited field is not compared; a different value is worth a notice. */
function noteInherited(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  desired: unknown,
  source: string,
) {
  const { current } = observe(ctx, f);
  const same = current !== undefined && compareValue(f, desired, current) !== "different";
  if (same) return;
  draft.notices.push({
    field: f.name,
    message: `${ctx.d.id}: ${f.name} is inherited from its ${source}; not compared or sent.`,
  });
}

/**
 * Compares a declared value with a pending one. True when that settles the
 * field: the pending value is the declared one, or the declared value is the
 * live one and sending it cancels what is queued.
 */
function settledByPending(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  desired: unknown,
  current: unknown,
  pending: unknown,
): boolean {
  if (compareValue(f, desired, pending) !== "different") {
    if (current === undefined || compareValue(f, pending, current) === "different") {
      pendingNotice(ctx, draft, f, current, pending);
    }
    return true;
  }
  if (current !== undefined && compareValue(f, desired, current) !== "different") {
    // Declared equals live, but something else is queued: sending the live
    // value is how RDS cancels the queued change.
    proposeChange(ctx, draft, f, pending, current, current);
    return true;
  }
  return false;
}

/**
 * Compares one declared field with the instance and records the outcome.
 * Everything particular to a field comes from its table entry.
 */
export function diffField(ctx: PlanContext, draft: Draft, f: FieldDef, desired: unknown): void {
  const { d } = ctx;
  const source = inheritedFrom(ctx, f);
  if (source !== undefined) {
    noteInherited(ctx, draft, f, desired, source);
    return;
  }
  if (f.diffRule !== undefined && RULES[f.diffRule](ctx, draft, f, desired)) return;

  const { current, pending } = observe(ctx, f);
  if (pending !== undefined && settledByPending(ctx, draft, f, desired, current, pending)) return;
  let effective = pending ?? current;
  if (effective === undefined && f.absentMeansUnset) {
    // An omitted list is an empty one: declaring [] is then no change.
    const list = f.kind.type === "string-list" || f.kind.type === "object-list";
    if (list) effective = [];
  }
  if (effective !== undefined) {
    const verdict = compareValue(f, desired, effective);
    if (verdict === "equal") return;
    if (verdict === "unverifiable") {
      draft.notices.push({
        field: f.name,
        message:
          `${d.id}: ${f.name} ${show(desired)} cannot be checked against ${show(effective)} ` +
          "without resolving the alias; assumed unchanged. Declare the key ARN to compare it.",
      });
      return;
    }
  }
  if (effective === undefined) {
    if (!f.absentMeansUnset) {
      // Unknown: neither a change nor a block.
      unknownNotice(ctx, draft, f);
      return;
    }
    if (f.sameAsAbsent?.(desired, { declared: d.fields, db: ctx.db, pmv: ctx.pmv })) return;
  }
  if (f.mutability === "create-only") {
    blockImmutable(ctx, draft, f, effective, desired);
    return;
  }
  const oneWay = f.oneWay?.(effective, desired);
  if (oneWay !== undefined) {
    addBlocked(
      draft,
      f.name,
      "immutable",
      effective,
      desired,
      `${d.id}: ${oneWay} (${where(d, f.name)}).`,
    );
    return;
  }
  proposeChange(ctx, draft, f, effective, desired, desired);
}
