import type { DesiredInstance } from "../spec/types.js";
import type { InstancePlan, Plan } from "./types.js";

/**
 * Whether applying this instance's plan restarts it (or fails it over) now,
 * rather than in its maintenance window: a change with downtime whose timing
 * is immediate (the field table's `downtime` and timing, with the instance's
 * ApplyImmediately), a reboot, or a promotion. A create or a blocked
 * instance never does: nothing that serves is touched.
 */
export function restartsNow(inst: InstancePlan): boolean {
  if (inst.action !== "modify") return false;
  if (inst.calls.some((c) => c.kind === "reboot" || c.kind === "promote")) return true;
  return inst.changes.some((c) => c.downtime && c.timing === "immediate");
}

/** The ids of the instances the plan restarts now, in plan order. */
export function restartingNow(plan: Plan): string[] {
  return plan.instances.filter(restartsNow).map((i) => i.id);
}

/** The downtime limit when neither the options nor the spec give one. */
export const DEFAULT_MAX_PARALLEL_DOWNTIME = 1;

/** The run's limit: the option, else the smallest `policy.maxParallelDowntime` declared, else 1. */
export function downtimeLimit(
  desired: readonly DesiredInstance[],
  option: number | undefined,
): number {
  if (option !== undefined) return Math.max(1, Math.floor(option));
  const declared = desired.flatMap((d) =>
    d.policy.maxParallelDowntime === undefined ? [] : [d.policy.maxParallelDowntime],
  );
  // A reduce, not Math.min(...declared): a spread of many thousand arguments overflows the stack.
  return declared.length === 0
    ? DEFAULT_MAX_PARALLEL_DOWNTIME
    : declared.reduce((a, b) => Math.min(a, b));
}
