import { parameterGroup } from "../fields/describe-readers.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { where } from "./messages.js";
import { FAILED_STATUSES } from "./stability.js";

const FAILED = new Set(FAILED_STATUSES);

/** Changes RDS still accepts while storage is full: growing it. */
const STORAGE_FULL_ALLOWED = new Set(["AllocatedStorage", "MaxAllocatedStorage"]);

/**
 * A parameter group whose name already matches but whose static parameters
 * wait for a reboot. Modify cannot help; a reboot does, when policy allows.
 */
export function planParameterGroupReboot(ctx: PlanContext, draft: Draft): void {
  const { d } = ctx;
  const declared = d.fields.DBParameterGroupName;
  if (typeof declared !== "string") return;
  const group = parameterGroup(ctx.db);
  if (group === undefined || group.name.toLowerCase() !== declared.toLowerCase()) return;
  if (group.status !== "pending-reboot") return;
  if (d.policy?.rebootWhenNeeded) {
    draft.reboot = true;
    draft.changes.push({
      field: "DBParameterGroupName",
      from: `${group.name} (pending-reboot)`,
      to: `${group.name} (in-sync)`,
      timing: "immediate",
      downtime: true,
      sensitive: false,
    });
    draft.notices.push({
      field: "DBParameterGroupName",
      message: `${d.id}: parameter group ${group.name} is pending-reboot; apply reboots the instance (policy.rebootWhenNeeded).`,
    });
    return;
  }
  draft.notices.push({
    field: "DBParameterGroupName",
    message:
      `${d.id}: parameter group ${group.name} is pending-reboot: some parameters take effect ` +
      "only after a reboot. Reboot the instance, or set policy.rebootWhenNeeded: true to let apply do it.",
  });
}

function stateReason(id: string, status: string, loc: string): string {
  if (status === "deleting" || status === "deleted") {
    return `${id}: the instance is being deleted (status ${status}); rdsctl will not modify it. Run apply again once it is gone to create it anew (${loc}).`;
  }
  if (status === "stopped" || status === "stopping") {
    return `${id}: the instance is ${status} and RDS cannot modify a stopped instance. Start it (aws rds start-db-instance --db-instance-identifier ${id}) and run apply again (${loc}).`;
  }
  if (status === "storage-full") {
    return `${id}: the instance is storage-full, when RDS accepts only a storage increase. Apply an AllocatedStorage increase alone first, then the other changes (${loc}).`;
  }
  if (status === "inaccessible-encryption-credentials-recoverable") {
    return `${id}: the instance cannot reach its KMS key (status ${status}). Re-enable the key, start the instance, and run apply again (${loc}).`;
  }
  return `${id}: the instance is in status ${status}, which RDS cannot modify. Resolve the cause (see the instance's RDS events) until it is available, then run apply again (${loc}).`;
}

/**
 * Blocks the plan when the instance is in a state RDS refuses to modify.
 * Transient states (creating, modifying, backing-up...) are not blocked: the
 * executor waits for available before it sends anything.
 */
export function checkInstanceState(ctx: PlanContext, draft: Draft): void {
  const status = ctx.status;
  if (status === undefined) return;
  const wantsCalls =
    Object.keys(draft.modify).length > 0 ||
    draft.addTags.length > 0 ||
    draft.removeTags.length > 0 ||
    draft.reboot;
  if (!wantsCalls) {
    if (FAILED.has(status) || status === "stopped" || status === "deleting") {
      draft.notices.push({ message: `${ctx.d.id}: the instance is ${status}.` });
    }
    return;
  }
  const refused =
    FAILED.has(status) ||
    ["deleting", "deleted", "stopped", "stopping"].includes(status) ||
    (status === "storage-full" &&
      (draft.reboot ||
        draft.addTags.length > 0 ||
        draft.removeTags.length > 0 ||
        draft.changes.some((c) => !STORAGE_FULL_ALLOWED.has(c.field))));
  if (!refused) return;
  addBlocked(
    draft,
    "DBInstanceStatus",
    "state",
    status,
    "available",
    stateReason(ctx.d.id, status, where(ctx.d, "DBInstanceIdentifier")),
  );
}
