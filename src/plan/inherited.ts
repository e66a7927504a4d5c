import type { FieldDef } from "../kinds/instance/fields/types.js";
import type { PlanContext } from "./context.js";

/**
 * Who an inherited field comes from (its table entry's `inheritedBy`: a read
 * replica's source instance, an Aurora instance's cluster), or undefined when
 * the instance owns it.
 */
export function inheritedFrom(ctx: PlanContext, f: FieldDef): string | undefined {
  if (ctx.cluster !== undefined && f.inheritedBy?.cluster) return `cluster ${ctx.cluster}`;
  // A MySQL or MariaDB replica's version is its own to upgrade (before its source).
  if (f.role === "engine-version" && ctx.replicaVersion !== undefined) return undefined;
  if (ctx.replicaOf !== undefined && f.inheritedBy?.replica) {
    return `source instance ${ctx.replicaOf}`;
  }
  return undefined;
}
