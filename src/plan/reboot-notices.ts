import type { ResourcePlan } from "../kinds/types.js";
import type { InstancePlan } from "./types.js";

/** "a, b: static, needs a reboot of ID, ID", the sentence the plan shows for static parameters. */
export function staticSentence(parameters: readonly string[], ids: readonly string[]): string {
  return `${parameters.join(", ")}: static, needs a reboot of ${ids.join(", ")}`;
}

/**
 * The parameter groups of `resources` with their static changes said on the
 * group itself: "shared_buffers: static, needs a reboot of orders-db,
 * orders-replica", naming every planned instance (of the group's region)
 * that uses the group, rebooted by this plan or left pending-reboot. Pure:
 * returns new plans for the groups it adds a notice to, the others as they
 * are. `defaultRegion` is the region of a plan entry that names none.
 */
export function rebootNotices(
  resources: readonly ResourcePlan[],
  instances: readonly InstancePlan[],
  defaultRegion?: string,
): ResourcePlan[] {
  return resources.map((r) => {
    const changed = r.instanceEffects?.static ?? [];
    if (r.kind !== "parameter-group" || changed.length === 0) return r;
    const region = r.region ?? defaultRegion;
    const ids = instances
      .filter((i) => {
        const change = i.parameterGroupChange;
        if (change === undefined || change.static.length === 0) return false;
        return change.group.toLowerCase() === r.id && (i.region ?? defaultRegion) === region;
      })
      .map((i) => i.id);
    if (ids.length === 0) return r;
    const rebooted = instances.filter((i) => ids.includes(i.id) && i.parameterGroupChange?.reboot);
    const how =
      rebooted.length === ids.length
        ? "apply reboots them rolling, replicas before their source"
        : rebooted.length === 0
          ? "apply leaves them pending-reboot (--reboot or policy.rebootWhenNeeded reboots them)"
          : `apply reboots ${rebooted.map((i) => i.id).join(", ")} and leaves the others pending-reboot`;
    // A static change reaches every instance on the group: marked risky, with how many.
    const risk = {
      reason: `static: needs a reboot of ${ids.length} instance${ids.length === 1 ? "" : "s"} (${ids.join(", ")})`,
    };
    const staticFields = new Set(changed.map((name) => `Parameters.${name}`));
    return {
      ...r,
      changes: r.changes.map((c) =>
        staticFields.has(c.field) && c.risk === undefined ? { ...c, risk } : c,
      ),
      notices: [...r.notices, { message: `${staticSentence(changed, ids)}; ${how}.` }],
    };
  });
}
