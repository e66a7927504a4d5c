import { invalidValue } from "../http/errors.js";
import type { Ctx } from "../state/context.js";
import { getInstance } from "../state/lookup.js";
import type { Instance } from "../state/model.js";

/**
 * Statuses an operator may put an instance into (`setInstanceStatus`), to
 * rehearse what RDS can report but the emulator never reaches by itself:
 * failures, `storage-full`, a stopped or stuck instance. Every status RDS
 * documents for a DB instance, except `deleted` (an instance that exists
 * never reads it).
 */
const INJECTABLE_STATUSES: readonly string[] = [
  "available",
  // Transient: the instance stays in them until another status is injected or it is deleted.
  "backing-up",
  "backtracking",
  "configuring-activity-stream",
  "configuring-associated-roles",
  "configuring-enhanced-monitoring",
  "configuring-iam-database-auth",
  "configuring-log-exports",
  "converting-to-vpc",
  "creating",
  "delete-precheck",
  "deleting",
  "maintenance",
  "modifying",
  "moving-to-vpc",
  "rebooting",
  "renaming",
  "resetting-master-credentials",
  "starting",
  "stopping",
  "storage-config-upgrade",
  "storage-initialization",
  "storage-optimization",
  "upgrading",
  "validating-configuration",
  // Stable but not available.
  "automation-paused",
  "stopped",
  "storage-full",
  // Failed: someone has to act.
  "failed",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable",
  "incompatible-create",
  "incompatible-credentials",
  "incompatible-network",
  "incompatible-option-group",
  "incompatible-parameters",
  "incompatible-restore",
  "insufficient-capacity",
  "restore-error",
  "unsupported-configuration",
];

/** Statuses from which DeleteDBInstance succeeds only with SkipFinalSnapshot=true (no snapshot can be taken). */
export const DELETE_ONLY_WITHOUT_SNAPSHOT: ReadonlySet<string> = new Set([
  "failed",
  "incompatible-restore",
  "incompatible-network",
]);

/** Statuses StartDBInstance accepts, as RDS's error text lists them. */
export const STARTABLE: ReadonlySet<string> = new Set([
  "stopped",
  "inaccessible-encryption-credentials-recoverable",
  "incompatible-network",
]);

/**
 * Put an instance into `status` at `now + afterMs` (emulator clock, not
 * scaled by the time scale). When it fires, the instance's remaining
 * lifecycle (the rest of a create, a modification in flight) stops where it
 * is; only a later injected status stays scheduled. Values in flight stay in
 * PendingModifiedValues, as a change that never finished.
 */
export function injectStatus(ctx: Ctx, ref: string, status: string, afterMs = 0): Instance {
  const inst = getInstance(ctx, ref);
  if (!INJECTABLE_STATUSES.includes(status)) {
    throw invalidValue(
      `Unknown DB instance status "${status}". Known statuses: ${INJECTABLE_STATUSES.join(", ")}.`,
    );
  }
  if (!Number.isFinite(afterMs) || afterMs < 0) {
    throw invalidValue(`afterMs must be a number >= 0, not ${afterMs}`);
  }
  const at = ctx.now() + afterMs;
  // Stable sort: at an equal time the lifecycle step fires first, then the injected status.
  inst.transitions = [...inst.transitions, { at, status, effect: "fault" as const }].sort(
    (a, b) => a.at - b.at,
  );
  ctx.dueAt(at);
  return inst;
}
