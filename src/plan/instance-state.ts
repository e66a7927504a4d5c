import { parameterGroup } from "../kinds/instance/fields/describe-readers.js";
import { fieldWithRole } from "../kinds/instance/fields/table.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { DbStatus } from "./db-status.js";
import { sentence, show, where } from "./messages.js";
import { staticSentence } from "./reboot-notices.js";

/** The storage size field: growing it is what RDS accepts while storage is full. */
const SIZE = fieldWithRole("storage-size").name;

/** Changes RDS still accepts while storage is full: growing it, with its ceiling. */
const STORAGE_FULL_ALLOWED = new Set([SIZE, fieldWithRole("storage-ceiling").name]);

/** Where a message about the whole instance points: its identifier. */
const ID = fieldWithRole("identifier").name;

/** Why apply may reboot the instance: the spec's policy or `--reboot`; undefined when neither says so. */
function rebootAllowedBy(ctx: PlanContext): string | undefined {
  if (ctx.d.policy?.rebootWhenNeeded === true) return "policy.rebootWhenNeeded";
  return ctx.options.reboot === true ? "--reboot" : undefined;
}

/**
 * The instance's parameter group (declared, else live) is changed by this
 * plan (`PlanOptions.parameterGroupChanges`). Static parameters need a
 * reboot: planned when the policy or `--reboot` allows it (a restart, taking
 * its turn under the downtime limit), else said, and the instance is left
 * pending-reboot. Dynamic parameters apply without one: apply waits until the
 * instance is in-sync. The entry depends on the change only, not on the
 * group's live apply status, so the check just before the instance's calls
 * (after the group's) plans it the same. A group switched by this plan is
 * left to the switch (its reboot follows the modify). Returns whether it
 * planned for static parameters (then a live pending-reboot adds nothing).
 */
export function planParameterGroupChange(ctx: PlanContext, draft: Draft): boolean {
  const { d } = ctx;
  const field = fieldWithRole("parameter-group").name;
  const live = parameterGroup(ctx.db);
  const declared = d.fields[field];
  const name = typeof declared === "string" ? declared : live?.name;
  if (name === undefined || live === undefined) return false;
  if (live.name.toLowerCase() !== name.toLowerCase()) return false;
  const effects = ctx.options.parameterGroupChanges?.get(name.toLowerCase());
  if (effects === undefined) return false;
  if (effects.static.length === 0 && effects.dynamic.length === 0) return false;
  const allowedBy = effects.static.length > 0 ? rebootAllowedBy(ctx) : undefined;
  const reboot = allowedBy !== undefined;
  draft.parameterGroupChange = {
    group: name,
    dynamic: [...effects.dynamic],
    static: [...effects.static],
    reboot,
  };
  if (effects.dynamic.length > 0) {
    const waits =
      effects.static.length === 0 || reboot ? `; apply waits until ${d.id} is in-sync` : "";
    draft.notices.push({
      field,
      message: `${effects.dynamic.join(", ")}: dynamic, applied to ${d.id} without a reboot${waits}.`,
    });
  }
  // Only dynamic parameters: a reboot the group already waited for is still planParameterGroupReboot's.
  if (effects.static.length === 0) return false;
  const needs = staticSentence(effects.static, [d.id]);
  if (reboot) {
    draft.reboot = true;
    draft.changes.push({
      field,
      from: `${name} (static parameters changed)`,
      to: `${name} (in-sync)`,
      timing: "immediate",
      downtime: true,
      sensitive: false,
      risk: {
        reason: `${d.id} is rebooted so that the new values of ${effects.static.join(", ")} (${name}) take effect`,
      },
    });
    draft.notices.push({ field, message: `${needs}; apply reboots it (${allowedBy}).` });
    return true;
  }
  draft.notices.push({
    field,
    message:
      `${needs}; apply leaves it pending-reboot. Run apply with --reboot, or set ` +
      "policy.rebootWhenNeeded: true, to let apply reboot it.",
  });
  return true;
}

/**
 * A parameter group whose name already matches but whose static parameters
 * wait for a reboot. Modify cannot help; a reboot does, when policy (or
 * `--reboot`) allows.
 */
export function planParameterGroupReboot(ctx: PlanContext, draft: Draft): void {
  const { d } = ctx;
  const field = fieldWithRole("parameter-group").name;
  const declared = d.fields[field];
  if (typeof declared !== "string") return;
  const group = parameterGroup(ctx.db);
  if (group === undefined || group.name.toLowerCase() !== declared.toLowerCase()) return;
  if (group.status !== "pending-reboot") return;
  const allowedBy = rebootAllowedBy(ctx);
  if (allowedBy !== undefined) {
    draft.reboot = true;
    draft.changes.push({
      field,
      from: `${group.name} (pending-reboot)`,
      to: `${group.name} (in-sync)`,
      timing: "immediate",
      downtime: true,
      sensitive: false,
    });
    draft.notices.push({
      field,
      message: `${d.id}: parameter group ${group.name} is pending-reboot; apply reboots the instance (${allowedBy}).`,
    });
    return;
  }
  draft.notices.push({
    field,
    message:
      `${d.id}: parameter group ${group.name} is pending-reboot: some parameters take effect ` +
      "only after a reboot. Reboot the instance, or set policy.rebootWhenNeeded: true to let apply do it.",
  });
}

function isTagChange(field: string): boolean {
  return field.startsWith("Tags.");
}

/**
 * A storage increase on a storage-full instance goes out now whatever
 * ApplyImmediately says: deferred, it would leave the database unable to
 * write until the maintenance window. MaxAllocatedStorage rides along.
 */
export function planStorageFull(ctx: PlanContext, draft: Draft): void {
  if (!DbStatus.of(ctx.status)?.isStorageFull) return;
  if (!draft.changes.some((c) => c.field === SIZE)) return;
  draft.applyImmediately = true;
  for (const c of draft.changes) {
    if (!STORAGE_FULL_ALLOWED.has(c.field)) continue;
    c.timing = "immediate";
    if (c.field in draft.modify) draft.appliedNow.push(c.field);
  }
  if (ctx.d.applyImmediately) return;
  draft.notices.push({
    field: SIZE,
    message:
      `${ctx.d.id}: the instance is storage-full, so the storage increase is sent with ` +
      "ApplyImmediately=true (a deferred increase would leave the database full until the " +
      "maintenance window).",
  });
}

/**
 * On a storage-full instance RDS accepts nothing but a storage increase, so
 * every other difference is blocked field by field, and so is the whole
 * request when it does not grow the storage.
 */
function blockOnStorageFull(ctx: PlanContext, draft: Draft): void {
  const { d } = ctx;
  const grows = draft.changes.some((c) => c.field === SIZE);
  const loc = where(d, ID);
  for (const c of draft.changes) {
    if (isTagChange(c.field)) continue;
    if (grows && STORAGE_FULL_ALLOWED.has(c.field)) continue;
    const values = c.sensitive ? "" : ` (${show(c.from)} -> ${show(c.to)})`;
    const first = grows
      ? "Leave this change out of the spec for one run so the storage increase can go alone"
      : "Raise AllocatedStorage first (declare a larger size, with this change left out, and run apply)";
    addBlocked(
      draft,
      c.field,
      "state",
      c.from,
      c.to,
      `${d.id}: ${c.field}${values} cannot be applied while the instance is storage-full: RDS ` +
        `accepts only a storage increase until storage is raised. ${first}, then run apply ` +
        `again for this change (${loc}).`,
      c.sensitive,
    );
  }
}

function stateReason(id: string, status: DbStatus, loc: string): string {
  const advice = sentence(status.advice(id));
  return `${id}: status ${status.name}, in which RDS refuses changes to the instance. ${advice.slice(0, -1)} (${loc}).`;
}

/**
 * Blocks what RDS refuses in the instance's status. Transient statuses
 * (creating, modifying, backing-up...) block nothing: the executor waits for
 * available before it sends anything. Tags are not part of the instance's
 * state: they are planned in any status but while the instance is deleted.
 */
export function checkInstanceState(ctx: PlanContext, draft: Draft): void {
  const status = DbStatus.of(ctx.status);
  if (status === undefined) return;
  const loc = where(ctx.d, ID);
  const wantsModify = Object.keys(draft.modify).length > 0 || draft.reboot;
  const wantsTags = draft.addTags.length > 0 || draft.removeTags.length > 0;

  if (status.isStorageFull) {
    blockOnStorageFull(ctx, draft);
    if (!wantsModify && draft.blocked.length === 0) {
      draft.notices.push({
        message: `${ctx.d.id}: the instance is ${status.name}. ${status.advice(ctx.d.id)}`,
      });
    }
    return;
  }
  const refused = status.refusesChanges;
  if (refused && (wantsModify || (wantsTags && status.isGoingAway))) {
    addBlocked(
      draft,
      "DBInstanceStatus",
      "state",
      status.name,
      DbStatus.AVAILABLE,
      stateReason(ctx.d.id, status, loc),
    );
    return;
  }
  if (refused) draft.notices.push({ message: `${ctx.d.id}: the instance is ${status.name}.` });
}
