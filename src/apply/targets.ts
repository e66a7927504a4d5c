import { UsageError } from "../errors.js";
import { KINDS } from "../kinds/index.js";
import type { DesiredInstance, Spec } from "../spec/types.js";

/**
 * The declared instance an item depends on: a read replica's source
 * (`SourceDBInstanceIdentifier`), when the spec declares one. An instance
 * that depends on nothing gives undefined.
 */
function dependencyOf(instance: DesiredInstance): string | undefined {
  const source = instance.fields.SourceDBInstanceIdentifier;
  return typeof source === "string" && source !== "" ? source.toLowerCase() : undefined;
}

/** The names of the declared groups an instance's item names (DBParameterGroupName, DBSubnetGroupName). */
function groupsNamedBy(instance: DesiredInstance): Array<{ kind: string; name: string }> {
  return KINDS.flatMap((kind) => {
    const name = instance.fields[kind.idField];
    return typeof name === "string" && name !== ""
      ? [{ kind: kind.name, name: name.toLowerCase() }]
      : [];
  });
}

/**
 * `--target ID`: the spec narrowed to the given instances and groups and,
 * transitively, the declared instances they depend on and the declared
 * groups those instances name, in the spec's order. A name may be an
 * instance's or a group's (both, when they share it). No target leaves the
 * spec as it is; a name the spec does not declare is a UsageError naming it
 * and the declared ones.
 */
export function targetSpec(spec: Spec, targets: readonly string[]): Spec {
  if (targets.length === 0) return spec;
  const byId = new Map(spec.instances.map((i) => [i.id, i]));
  const resources = spec.resources ?? [];
  const resourceIds = new Set(resources.map((r) => r.id));
  const asked = [...new Set(targets.map((t) => t.toLowerCase()))];
  const unknown = asked.filter((id) => !byId.has(id) && !resourceIds.has(id));
  if (unknown.length > 0) {
    const declared =
      [...spec.instances.map((i) => i.id), ...resources.map((r) => r.id)].join(", ") || "(none)";
    throw new UsageError(
      `--target: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not declared in the spec; declared: ${declared}`,
    );
  }
  const keep = new Set<string>();
  const pending = asked.filter((id) => byId.has(id));
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (keep.has(id)) continue;
    keep.add(id);
    const instance = byId.get(id);
    const source = instance === undefined ? undefined : dependencyOf(instance);
    // A source the spec does not declare is outside rdsctl's hands: nothing to add.
    if (source !== undefined && byId.has(source)) pending.push(source);
  }
  const instances = spec.instances.filter((i) => keep.has(i.id));
  if (spec.resources === undefined) return { ...spec, instances };
  const wanted = new Set(asked.filter((id) => resourceIds.has(id)).map((id) => `*/${id}`));
  for (const i of instances) for (const g of groupsNamedBy(i)) wanted.add(`${g.kind}/${g.name}`);
  const kept = resources.filter((r) => wanted.has(`*/${r.id}`) || wanted.has(`${r.kind}/${r.id}`));
  const { resources: _all, ...rest } = spec;
  return kept.length === 0 ? { ...rest, instances } : { ...rest, instances, resources: kept };
}

/**
 * Ids a flag names (`--rotate-password`, `--promote`) must be among the
 * targeted instances: the others are not planned, so what the flag asks for
 * them would silently not happen.
 */
export function checkIdsTargeted(
  asked: Iterable<string> | undefined,
  targeted: Spec,
  targets: readonly string[],
  flag: string,
): void {
  if (targets.length === 0) return;
  const kept = new Set(targeted.instances.map((i) => i.id));
  const outside = [...(asked ?? [])].map((id) => id.toLowerCase()).filter((id) => !kept.has(id));
  if (outside.length === 0) return;
  throw new UsageError(
    `${flag}: ${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not among the targeted instances (${[...kept].join(", ")})`,
  );
}
