import { kindNamed } from "../kinds/index.js";
import type { KindName, ResourcePlan } from "../kinds/types.js";
import type { ChangeTiming, Plan } from "../plan/types.js";

/**
 * What the renderers share about the resources beside instances (parameter
 * and subnet groups): how a kind is named, and their counts.
 */

/** How a person reads the kind: its registered label, else its name spelled out ("subnet group"). */
export function kindLabel(kind: KindName): string {
  return kindNamed(kind)?.label ?? kind.replaceAll("-", " ");
}

/** "1 parameter group", "2 subnet groups". */
export function countOf(n: number, kind: KindName): string {
  return `${n} ${kindLabel(kind)}${n === 1 ? "" : "s"}`;
}

/** What a change to a resource does, in words: when its new value takes effect. */
export function resourceTiming(timing: ChangeTiming): string {
  switch (timing) {
    case "immediate":
      return "applies now";
    case "after-reboot":
      return "after a reboot";
    case "maintenance-window":
      return "in the maintenance window";
  }
}

/** The plan's resources (none when the spec declares no kind beside instances). */
export function resourcesOf(plan: Pick<Plan, "resources">): readonly ResourcePlan[] {
  return plan.resources ?? [];
}

/** True when applying would send a call for some resource. */
export function resourcesChange(plan: Pick<Plan, "resources">): boolean {
  return resourcesOf(plan).some((r) => r.action === "create" || r.action === "modify");
}

export interface ResourceCounts {
  create: number;
  modify: number;
  noop: number;
  blocked: number;
}

/** The resources' counts by action. */
export function resourceCounts(plan: Pick<Plan, "resources">): ResourceCounts {
  const counts: ResourceCounts = { create: 0, modify: 0, noop: 0, blocked: 0 };
  for (const r of resourcesOf(plan)) counts[r.action] += 1;
  return counts;
}

/** The kinds the plan's resources are of, in plan order (the order they are applied). */
export function kindsOf(plan: Pick<Plan, "resources">): KindName[] {
  return [...new Set(resourcesOf(plan).map((r) => r.kind))];
}

/**
 * "1 parameter group to create, 2 subnet groups to modify, 1 parameter group
 * blocked": what would be sent or refused for the resources, kind by kind;
 * empty when nothing would be.
 */
export function resourceChangesLine(plan: Pick<Plan, "resources">): string {
  const parts: string[] = [];
  for (const kind of kindsOf(plan)) {
    const of = resourcesOf(plan).filter((r) => r.kind === kind);
    const n = (action: ResourcePlan["action"]) => of.filter((r) => r.action === action).length;
    if (n("create") > 0) parts.push(`${countOf(n("create"), kind)} to create`);
    if (n("modify") > 0) parts.push(`${countOf(n("modify"), kind)} to modify`);
    if (n("blocked") > 0) parts.push(`${countOf(n("blocked"), kind)} blocked`);
  }
  return parts.join(", ");
}

/** "2 parameter groups, 1 subnet group": the resources, kind by kind. */
export function resourceTotals(plan: Pick<Plan, "resources">): string[] {
  return kindsOf(plan).map((kind) =>
    countOf(resourcesOf(plan).filter((r) => r.kind === kind).length, kind),
  );
}
