import { modifyNameOf } from "../kinds/instance/fields/table.js";
import type { FieldDef, RiskFacts } from "../kinds/instance/fields/types.js";
import { addBlocked, addChange, type Draft, type PlanContext, policyAllows } from "./context.js";
import { sentence, show, where } from "./messages.js";

/* Recording one field's outcome: a change to send, a block, or a notice. */

/** The value to send for a Modify member: a delta, the wire form, or the value itself. */
function modifyValue(f: FieldDef, value: unknown, effective: unknown): unknown {
  if (f.modifyDelta !== undefined) return f.modifyDelta(value, effective);
  return f.wire === undefined ? value : f.wire(value);
}

/** " from X to Y" for a message, or nothing for a sensitive field so its values never reach output. */
function fromTo(f: FieldDef, from: unknown, to: unknown): string {
  return f.sensitive ? "" : ` from ${show(from)} to ${show(to)}`;
}

/**
 * Plans a change to a modifiable field, or blocks it by policy. `from` is
 * what the instance will have without this plan, `send` what goes to RDS.
 */
export function proposeChange(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  from: unknown,
  to: unknown,
  send: unknown,
  extra: Record<string, unknown> = {},
  facts?: RiskFacts,
): void {
  const { d } = ctx;
  if (!policyAllows(d, f.name)) {
    const values = fromTo(f, from, to);
    addBlocked(
      draft,
      f.name,
      "policy",
      from,
      to,
      `${d.id}: ${f.name} would change${values}, but policy.updatable does not list it. ` +
        `Add ${f.name} to policy.updatable, or revert the spec (${where(d, f.name)}).`,
      f.sensitive === true,
    );
    return;
  }
  const change = addChange(draft, f, d, from, to, facts);
  const modifyName = modifyNameOf(f);
  draft.modify[modifyName] = modifyValue(f, send, from);
  Object.assign(draft.modify, extra);
  if (change.timing === "immediate") draft.appliedNow.push(modifyName);
}

export function blockImmutable(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  from: unknown,
  to: unknown,
): void {
  const { d } = ctx;
  const values = fromTo(f, from, to);
  const hint = sentence(f.blockedHint ?? "Revert the spec");
  addBlocked(
    draft,
    f.name,
    "immutable",
    from,
    to,
    `${d.id}: ${f.name} cannot change${values} in place (RDS has no such modification). ` +
      `${hint.slice(0, -1)} (${where(d, f.name)}).`,
    f.sensitive === true,
  );
}

export function pendingNotice(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  current: unknown,
  pending: unknown,
) {
  const live = f.sensitive ? "" : ` (live: ${show(current)})`;
  const value = f.sensitive ? "a new value" : show(pending);
  draft.notices.push({
    field: f.name,
    message: `${ctx.d.id}: ${f.name} ${value} is pending for the next maintenance window${live}; not sent again.`,
  });
}

export function unknownNotice(ctx: PlanContext, draft: Draft, f: FieldDef): void {
  const status = ctx.status === undefined ? "" : ` (status ${ctx.status})`;
  draft.notices.push({
    field: f.name,
    message: `${ctx.d.id}: RDS does not report ${f.name}${status}, so it is not compared this run.`,
  });
}
