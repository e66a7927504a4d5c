import type { Ctx } from "../state/context.js";
import { DURATIONS } from "../state/context.js";
import type { Instance } from "../state/model.js";

/**
 * DBParameterGroups[].ParameterApplyStatus after a change to a group: a change
 * applied now (`immediate`) makes every instance using the group `applying`,
 * then `in-sync` a moment later; a change waiting for a reboot
 * (`pending-reboot`, always so for a static parameter) makes them
 * `pending-reboot` until RebootDBInstance (transitions.ts, reboot-done).
 */

/** The instances of the region that use the group. */
function usersOf(ctx: Ctx, group: string): Instance[] {
  return [...ctx.state.instances.values()].filter((i) => i.DBParameterGroupName === group);
}

export function groupChanged(
  ctx: Ctx,
  group: string,
  needsReboot: boolean,
  appliesNow: boolean,
): void {
  for (const inst of usersOf(ctx, group)) {
    // A group waiting for an upgrade is not in effect yet: the upgrade's restart applies it all.
    if (inst.ParameterApplyStatus === "pending-database-upgrade") continue;
    if (needsReboot) {
      inst.ParameterApplyStatus = "pending-reboot";
      delete inst.parameterApplyDoneAt;
    } else if (appliesNow && inst.ParameterApplyStatus !== "pending-reboot") {
      inst.ParameterApplyStatus = "applying";
      const at = ctx.now() + ctx.scaled(DURATIONS.parameterApply);
      inst.parameterApplyDoneAt = at;
      ctx.dueAt(at);
    }
  }
}

/** A dynamic change has taken effect on the instance. */
export function parameterApplyDone(inst: Instance): void {
  delete inst.parameterApplyDoneAt;
  if (inst.ParameterApplyStatus === "applying") inst.ParameterApplyStatus = "in-sync";
}
