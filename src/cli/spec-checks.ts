import type { SpecProblem } from "../errors.js";
import type { InstancesCheck } from "../spec/parse.js";
import { INSTANCE_REGION, type Spec } from "../spec/types.js";
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
  for (const item of [...spec.instances, ...(spec.resources ?? [])]) {
    if (item.region !== undefined && item.region !== flagRegion) regions.add(item.region);
  }
  if (regions.size === 0) return;
  const named = [...regions].join(", ");
  ctx.err(
    `rdsctl: warning: --region ${flagRegion} is not used: the spec names region ${named}, which wins over the flag\n`,
  );
}

/** One problem per place: a top-level region shared by many instances is named once. */
function uniqueProblems(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The checks the spec alone suffices for, beyond the reader's own, listed
 * with its problems before any call: the declared replica graph (a replica of
 * itself, a cycle, a declared chain deeper than the engine allows) and region
 * names (a typo of a listed region, with the name it probably meant). The
 * region data and the graph live outside src/spec; they are passed in here.
 */
export async function offlineSpecChecks(): Promise<InstancesCheck[]> {
  const [{ declaredReplicaProblems }, { mistypedRegion }] = await Promise.all([
    import("../plan/replica-graph.js"),
    import("../aws/regions.js"),
  ]);
  const replicas: InstancesCheck = (instances) =>
    declaredReplicaProblems(instances).map((p) => ({
      ...p.location,
      path: `${p.id}.${p.field}`,
      message: p.message,
    }));
  const regions: InstancesCheck = (instances) =>
    uniqueProblems(
      instances.flatMap((d) => {
        const meant = d.region === undefined ? undefined : mistypedRegion(d.region);
        if (meant === undefined) return [];
        const at = d.fieldSources[INSTANCE_REGION] ?? d.source;
        return [
          {
            ...at,
            path: `${d.id}.${INSTANCE_REGION}`,
            message: `region "${d.region}" is not an AWS region; did you mean ${meant}?`,
          },
        ];
      }),
    );
  return [replicas, regions];
}
