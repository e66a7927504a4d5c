import { isDeepStrictEqual } from "node:util";
import type { DBInstance } from "@aws-sdk/client-rds";
import { PlanStaleError } from "../errors.js";
import { computePlan } from "../plan/compute.js";
import type { InstancePlan, PlanOptions } from "../plan/types.js";
import type { DesiredInstance } from "../spec/types.js";

/**
 * The check apply makes just before an instance's calls: plan the instance
 * again against the live state read now, and refuse it when the entry no
 * longer matches the one that was planned (and confirmed). Only what decides
 * the calls is compared (action, changes with their from/to and timing,
 * blocked changes, the calls themselves), so a status that moves within its
 * class (backing-up to available) changes nothing, while a field someone
 * changed, a new pending value or a status that now refuses changes does.
 */

/** Field name to entry, for the changes or the blocked changes of a plan entry. */
function byField<T extends { field: string }>(entries: readonly T[]): Map<string, T> {
  return new Map(entries.map((e) => [e.field, e]));
}

/** Fields whose entry is in one list and not the other, or differs. */
function differingFields<T extends { field: string }>(a: readonly T[], b: readonly T[]): string[] {
  const before = byField(a);
  const after = byField(b);
  const fields = new Set([...before.keys(), ...after.keys()]);
  return [...fields].filter((f) => !isDeepStrictEqual(before.get(f), after.get(f)));
}

/**
 * What moved between the planned entry and the instance planned again:
 * field names, or (when no field entry differs but the calls do) the status
 * change or a word for the calls. Empty when the planned entry still holds.
 */
export function movedSincePlan(planned: InstancePlan, fresh: InstancePlan): string[] {
  const same =
    planned.action === fresh.action &&
    isDeepStrictEqual(planned.changes, fresh.changes) &&
    isDeepStrictEqual(planned.blocked, fresh.blocked) &&
    isDeepStrictEqual(planned.calls, fresh.calls);
  if (same) return [];
  const fields = [
    ...new Set([
      ...differingFields(planned.changes, fresh.changes),
      ...differingFields(planned.blocked, fresh.blocked),
    ]),
  ];
  if (fields.length > 0) return fields;
  if (planned.status !== fresh.status) {
    return [`status ${planned.status ?? "unknown"} -> ${fresh.status ?? "unknown"}`];
  }
  return ["the calls it needs"];
}

/**
 * Throws PlanStaleError, naming the instance and what moved, when `live`
 * (the instance as RDS reports it now; undefined when it is gone) no longer
 * gives the planned entry.
 */
export function checkStillPlanned(
  planned: InstancePlan,
  desired: DesiredInstance,
  live: DBInstance | undefined,
  options: PlanOptions,
  others: readonly DesiredInstance[] = [],
): void {
  const id = planned.id;
  const advice = "nothing was sent to it. Run apply again to plan against its current state.";
  if (live === undefined) {
    throw new PlanStaleError(
      id,
      ["the instance"],
      `${id}: refused: the instance no longer exists (it did when the plan was made); ${advice}`,
    );
  }
  // The other declared instances: a MySQL or MariaDB replica takes its
  // source's declared EngineVersion (they are planned as creates, unused).
  const all = [desired, ...others.filter((o) => o.id !== desired.id)];
  const fresh = computePlan(all, [live], options).instances[0];
  const moved = fresh === undefined ? ["the instance"] : movedSincePlan(planned, fresh);
  if (moved.length === 0) return;
  throw new PlanStaleError(
    id,
    moved,
    `${id}: refused: its live state changed since the plan was made (${moved.join(", ")}); ${advice}`,
  );
}
