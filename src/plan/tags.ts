import { tagMap } from "../kinds/instance/fields/describe-readers.js";
import { fieldWithRole } from "../kinds/instance/fields/table.js";
import { reservedTagPrefix } from "../spec/reserved-tags.js";
import { MANAGED_TAG, PASSWORD_VERSION_TAG } from "../spec/types.js";
import { addBlocked, type Draft, type PlanContext, policyAllows } from "./context.js";
import { managedTag } from "./managed.js";
import { show, where } from "./messages.js";

/** Tags rdsctl never removes: AWS's reserved prefixes and its own bookkeeping tags. */
function isProtectedTag(key: string): boolean {
  return (
    reservedTagPrefix(key) !== undefined || key === PASSWORD_VERSION_TAG || key === MANAGED_TAG
  );
}

/** The instance's live tags, none when RDS reported none. Keys are data (`__proto__` too). */
export function liveTags(ctx: PlanContext): Map<string, string> {
  return new Map(Object.entries(tagMap(ctx.db.TagList) ?? {}));
}

/**
 * Reconciles declared tags key by key through the tagging APIs: new or
 * changed values are added; undeclared keys are removed only with
 * policy.purgeTags, and never reserved or rdsctl keys.
 */
export function planTags(ctx: PlanContext, draft: Draft): void {
  planDeclaredTags(ctx, draft);
  planManagedTag(ctx, draft);
}

/**
 * `policy.markManaged`: the `rdsctl:spec` tag, added when the instance lacks
 * it or carries another spec's name. rdsctl's bookkeeping, like the password
 * version tag: policy.updatable does not gate it.
 */
function planManagedTag(ctx: PlanContext, draft: Draft): void {
  const marker = managedTag(ctx.d);
  if (marker === undefined || marker.Value === undefined) return;
  const from = liveTags(ctx).get(MANAGED_TAG);
  if (from === marker.Value) return;
  draft.changes.push({
    field: `Tags.${MANAGED_TAG}`,
    from,
    to: marker.Value,
    timing: "immediate",
    downtime: false,
    sensitive: false,
  });
  draft.addTags.push(marker);
}

function planDeclaredTags(ctx: PlanContext, draft: Draft): void {
  const { d } = ctx;
  const field = fieldWithRole("tags").name;
  const declared = d.fields[field];
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) return;
  // Maps, not records: a key such as `__proto__` or `constructor` is data.
  const desired = new Map(Object.entries(declared as Record<string, unknown>));
  const live = liveTags(ctx);

  const diffs: Array<{ key: string; from: string | undefined; to: string | undefined }> = [];
  for (const [key, raw] of desired) {
    const value = String(raw);
    if (live.get(key) !== value) diffs.push({ key, from: live.get(key), to: value });
  }
  if (d.policy?.purgeTags) {
    for (const [key, value] of live) {
      if (!desired.has(key) && !isProtectedTag(key))
        diffs.push({ key, from: value, to: undefined });
    }
  }
  if (diffs.length === 0) return;

  if (!policyAllows(d, field)) {
    for (const { key, from, to } of diffs) {
      addBlocked(
        draft,
        `Tags.${key}`,
        "policy",
        from,
        to,
        `${d.id}: tag ${key} would change from ${show(from)} to ${show(to)}, but ` +
          "policy.updatable does not list Tags. Add Tags to policy.updatable, or revert the " +
          `spec (${where(d, field)}).`,
      );
    }
    return;
  }
  for (const { key, from, to } of diffs) {
    draft.changes.push({
      field: `Tags.${key}`,
      from,
      to,
      timing: "immediate",
      downtime: false,
      sensitive: false,
    });
    if (to === undefined) draft.removeTags.push(key);
    else draft.addTags.push({ Key: key, Value: to });
  }
}
