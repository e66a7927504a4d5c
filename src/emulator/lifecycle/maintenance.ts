import { compareVersions, majorOf } from "../rules/engine-catalogue.js";
import type { Ctx } from "../state/context.js";
import { completeUpgrade, upgradeStarted } from "./engine-upgrade.js";
import { applyPending } from "./transitions.js";

/**
 * Run the maintenance window now. Every available instance takes its
 * deferred modifications at once; then, with AutoMinorVersionUpgrade on, an
 * instance below its major's default minor is upgraded to it, as RDS does
 * with automatic minor upgrades. Parameter groups in `pending-reboot` stay
 * so: a maintenance window does not reboot to apply static parameters.
 */
export function runMaintenance(ctx: Ctx): void {
  for (const inst of ctx.state.instances.values()) {
    const full = inst.DBInstanceStatus === "storage-full";
    if (inst.DBInstanceStatus !== "available" && !full) continue;
    if (Object.keys(inst.deferred).length > 0) {
      const p = inst.deferred;
      inst.deferred = {};
      ctx.event(inst, "Applying pending modifications in the maintenance window", "maintenance");
      if (p.EngineVersion !== undefined) upgradeStarted(ctx, inst);
      applyPending(ctx, inst, p);
      // A deferred storage increase is what a storage-full instance was waiting for.
      if (full && p.AllocatedStorage !== undefined) inst.DBInstanceStatus = "available";
    }
    if (inst.DBInstanceStatus !== "available") continue;
    const major = majorOf(inst.Engine, inst.EngineVersion);
    if (
      inst.AutoMinorVersionUpgrade &&
      inst.inFlight.EngineVersion === undefined &&
      major &&
      compareVersions(inst.EngineVersion, major.defaultMinor) < 0
    ) {
      ctx.event(
        inst,
        `Automatic minor version upgrade from ${inst.EngineVersion} to ${major.defaultMinor}`,
        "maintenance",
      );
      completeUpgrade(ctx, inst, major.defaultMinor);
    }
  }
}
