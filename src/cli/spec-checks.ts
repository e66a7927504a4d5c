import { UsageError } from "../errors.js";
import { undeclaredRotations } from "../plan/password.js";
import type { Spec } from "../spec/types.js";
import type { CommandContext } from "./context.js";

/** Lowercased ids given with --rotate-password (RDS stores identifiers lowercased). */
function rotateSet(value: unknown): Set<string> {
  const ids = Array.isArray(value) ? value : [];
  return new Set(ids.map((id) => String(id).toLowerCase()));
}

/**
 * The --rotate-password ids, each of which must be declared: an id the spec
 * does not know would otherwise rotate nothing and still succeed.
 */
export function checkedRotateSet(value: unknown, spec: Spec): Set<string> {
  const ids = rotateSet(value);
  const unknown = undeclaredRotations(ids, spec.instances);
  if (unknown.length > 0) {
    const declared = spec.instances.map((i) => i.id.toLowerCase());
    throw new UsageError(
      `--rotate-password: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not declared in the spec; ` +
        `declared: ${declared.join(", ") || "(none)"}`,
    );
  }
  return ids;
}

/**
 * A spec's region is explicit and wins over --region; a --region that differs
 * is not silently dropped but named in a warning.
 */
export function warnRegionOverride(
  spec: Spec,
  flagRegion: string | undefined,
  ctx: CommandContext,
): void {
  if (flagRegion === undefined) return;
  const regions = new Set<string>();
  for (const instance of spec.instances) {
    if (instance.region !== undefined && instance.region !== flagRegion) {
      regions.add(instance.region);
    }
  }
  if (regions.size === 0) return;
  const named = [...regions].join(", ");
  ctx.err(
    `rdsctl: warning: --region ${flagRegion} is not used: the spec names region ${named}, which wins over the flag\n`,
  );
}
