import type { Spec } from "../spec/types.js";
import type { checkPromotions, checkRotations } from "../workflow.js";
import type { CommandContext } from "./context.js";

/** Lowercased ids given with --rotate-password (RDS stores identifiers lowercased). */
function rotateSet(value: unknown): Set<string> {
  const ids = Array.isArray(value) ? value : [];
  return new Set(ids.map((id) => String(id).toLowerCase()));
}

/**
 * The --rotate-password ids, each of which must be declared (the library's
 * own check, worded for the flag): an id the spec does not know would
 * otherwise rotate nothing and still succeed.
 */
export function checkedRotateSet(
  value: unknown,
  spec: Spec,
  check: typeof checkRotations,
): Set<string> {
  const ids = rotateSet(value);
  check(ids, spec, "--rotate-password");
  return ids;
}

/** The --promote ids, lowercased, each declared without SourceDBInstanceIdentifier. */
export function checkedPromoteSet(
  value: unknown,
  spec: Spec,
  check: typeof checkPromotions,
): Set<string> {
  const ids = rotateSet(value);
  check(ids, spec, "--promote");
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
