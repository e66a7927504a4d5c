import type { DBInstance } from "@aws-sdk/client-rds";
import { parameterGroup } from "../kinds/instance/fields/describe-readers.js";
import type { InstancePlan } from "../plan/types.js";
import type { InstanceResult } from "./types.js";

/**
 * The instances this apply leaves with a parameter group in pending-reboot:
 * static parameters this plan changed without rebooting them, and those the
 * last describe still shows pending-reboot. A rebooted, failed or skipped
 * instance is not listed.
 */
export function leftPendingReboot(
  plans: readonly InstancePlan[],
  results: readonly InstanceResult[],
  seen: ReadonlyMap<string | undefined, DBInstance>,
): string[] {
  const planOf = new Map(plans.map((p) => [p.id, p]));
  return results
    .filter((r) => {
      if (r.outcome === "failed" || r.outcome === "skipped" || r.calls.includes("reboot"))
        return false;
      const change = planOf.get(r.id)?.parameterGroupChange;
      if (change !== undefined && change.static.length > 0 && !change.reboot) return true;
      const db = seen.get(r.id.toLowerCase());
      return db !== undefined && parameterGroup(db)?.status?.toLowerCase() === "pending-reboot";
    })
    .map((r) => r.id);
}
