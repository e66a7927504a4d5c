import type { DBInstance } from "@aws-sdk/client-rds";
import { member } from "../kinds/instance/fields/describe-readers.js";
import { FIELDS, fieldWithRole } from "../kinds/instance/fields/table.js";
import type { DesiredInstance } from "../spec/types.js";
import { compareValue } from "./compare.js";
import type { InstancePlan } from "./types.js";

/**
 * A create whose declared settings all match a live instance the spec does
 * not declare may be a renamed identifier: the plan would create a new, empty
 * instance next to the old one. rdsctl never renames by itself; the hint
 * says how. Pure: the live instances of the region come in as data.
 */

/** Fields compared for the hint: declared, compared by value, and not the identifier or tags. */
function comparable(d: DesiredInstance) {
  return FIELDS.filter(
    (f) =>
      d.fields[f.name] !== undefined &&
      f.role !== "identifier" &&
      f.kind.type !== "tags" &&
      f.kind.type !== "secret" &&
      f.mutability !== "create-only-unchecked",
  );
}

/** Whether `db` reports every comparable declared field of `d` alike (at least the engine and two fields). */
function looksLike(d: DesiredInstance, db: DBInstance): boolean {
  const engine = fieldWithRole("engine");
  const declaredEngine = d.fields[engine.name];
  const liveEngine = engine.current(db);
  if (declaredEngine === undefined || liveEngine === undefined) return false;
  if (compareValue(engine, declaredEngine, liveEngine) === "different") return false;
  let compared = 0;
  for (const f of comparable(d)) {
    const live = f.current(db);
    if (live === undefined) continue;
    // A storage size may only have grown since the spec was written.
    const verdict = compareValue(f, d.fields[f.name], live);
    if (verdict === "different" && f.role !== "storage-size") return false;
    compared += 1;
  }
  return compared >= 2;
}

/**
 * The plan entries with a notice on each create that looks like a rename of
 * an undeclared live instance. `live` is every instance of the region.
 */
export function withRenameHints(
  instances: readonly InstancePlan[],
  desired: readonly DesiredInstance[],
  live: readonly DBInstance[],
): InstancePlan[] {
  const idField = fieldWithRole("identifier");
  const declared = new Set(desired.map((d) => d.id.toLowerCase()));
  const undeclared = live.filter((db) => {
    const id = idField.current(db);
    return typeof id === "string" && !declared.has(id.toLowerCase());
  });
  if (undeclared.length === 0) return [...instances];
  const byId = new Map(desired.map((d) => [d.id, d]));
  return instances.map((p) => {
    const d = byId.get(p.id);
    if (p.action !== "create" || d === undefined) return p;
    const alike = undeclared.filter((db) => looksLike(d, db));
    if (alike.length === 0) return p;
    const names = alike.map((db) => String(idField.current(db)).toLowerCase());
    const old = names[0] ?? "";
    const status = String(member(alike[0], "DBInstanceStatus") ?? "unknown");
    const message =
      `${p.id}: may be a rename of ${names.join(" or ")} (${status}), which the spec no longer declares ` +
      "and whose settings match: this plan creates a new, empty instance. rdsctl does not rename; to keep " +
      `the data, rename it first (aws rds modify-db-instance --db-instance-identifier ${old} ` +
      `--new-db-instance-identifier ${p.id} --apply-immediately), wait for it, then plan again.`;
    return { ...p, notices: [...p.notices, { field: idField.name, message }] };
  });
}
