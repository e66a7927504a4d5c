import type { Ctx } from "./_context.js";
import { applyPending } from "./_lifecycle.js";

/**
 * Run the maintenance window now: every available instance takes its
 * deferred modifications at once. Parameter groups in `pending-reboot` stay
 * so: a maintenance window does not reboot to apply static parameters.
 */
export function runMaintenance(ctx: Ctx): void {
  for (const inst of Object.values(ctx.state.instances)) {
    if (inst.DBInstanceStatus !== "available" || Object.keys(inst.deferred).length === 0) continue;
    const p = inst.deferred;
    inst.deferred = {};
    ctx.event(inst, "Applying pending modifications in the maintenance window", "maintenance");
    applyPending(ctx, inst, p);
  }
}
