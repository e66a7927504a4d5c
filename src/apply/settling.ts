import { DbStatus } from "../plan/db-status.js";
import type { InstancePlan, Plan, PlannedCall } from "../plan/types.js";

/**
 * Whether an instance in this status becomes stable by itself (creating,
 * modifying, backing-up, rebooting...), so apply waits for it even when it
 * has nothing to send. Stable statuses (available, but also stopped, which
 * never turns available alone) and failed ones are not settling.
 */
export function isSettling(status: string | undefined): boolean {
  return DbStatus.of(status)?.isTransitional === true;
}

/** Tags are metadata: RDS takes them in any status, and they start no change to wait for. */
export function onlyTagCalls(calls: readonly PlannedCall[]): boolean {
  return calls.length > 0 && calls.every((c) => c.kind === "add-tags" || c.kind === "remove-tags");
}

/**
 * The plan with a notice on every unchanged instance still in a transient
 * status: apply has nothing to send it, but waits for it to settle.
 */
export function withSettlingNotices(plan: Plan): Plan {
  const instances = plan.instances.map((inst): InstancePlan => {
    if (inst.action !== "noop" || !isSettling(inst.status)) return inst;
    const message = `${inst.id}: still ${inst.status}; apply waits for it.`;
    return { ...inst, notices: [...inst.notices, { message }] };
  });
  return { ...plan, instances };
}

/** Whether applying the plan (with waiting on) would wait for an instance it sends nothing. */
export function planHasSettling(plan: Plan): boolean {
  return plan.instances.some((i) => i.action === "noop" && isSettling(i.status));
}
