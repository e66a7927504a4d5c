import type { DBEngineVersion } from "@aws-sdk/client-rds";
import { nonEmptyString as str } from "../kinds/instance/fields/describe-readers.js";
import { fieldWithRole } from "../kinds/instance/fields/table.js";
import { compareDeclaredVersion, majorOf, versionMatches } from "./engine-version.js";
import { where } from "./messages.js";
import { type CheckTarget, isUnknown, type PreflightFacts, skippedMessage } from "./preflight.js";
import type { BlockedChange, InstancePlan, PlanWarning } from "./types.js";

/*
 * Whether an engine upgrade goes to a version RDS lists as a valid upgrade
 * target of the live one (DescribeDBEngineVersions' ValidUpgradeTarget, an
 * advisory read). Pure: the versions come in as facts.
 */

/** The upgrade a target's plan sends itself (not one its source's upgrade carries). */
function sentUpgrade(t: CheckTarget) {
  const step = t.plan.upgrade;
  if (t.plan.action !== "modify" || step === undefined || step.withSource !== undefined) {
    return undefined;
  }
  return step;
}

function engineOf(t: CheckTarget): string | undefined {
  const f = fieldWithRole("engine");
  const declared = str(t.d.fields[f.name]);
  if (declared !== undefined || t.db === undefined) return declared?.toLowerCase();
  return str(f.current(t.db))?.toLowerCase();
}

/**
 * Versions listed compactly, by major: runs of versions that follow one
 * another in the engine's catalogue become "16.4-16.6".
 */
export function compactVersions(
  engine: string,
  versions: readonly string[],
  catalogue: readonly string[],
): string {
  const order = (a: string, b: string) =>
    compareDeclaredVersion(a, b) || (a.length === b.length ? 0 : a.length < b.length ? -1 : 1);
  const all = [...new Set([...catalogue, ...versions])].sort(order);
  const rank = new Map(all.map((v, i) => [v, i]));
  const sorted = [...new Set(versions)].sort(order);
  const runs: string[][] = [];
  for (const v of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    const follows =
      last !== undefined &&
      majorOf(engine, last) === majorOf(engine, v) &&
      (rank.get(v) ?? -1) === (rank.get(last) ?? -3) + 1;
    if (run !== undefined && follows) run.push(v);
    else runs.push([v]);
  }
  return runs
    .map((r) => (r.length === 1 ? (r[0] as string) : `${r[0]}-${r[r.length - 1]}`))
    .join(", ");
}

export interface UpgradeTargetOutcome {
  /** The upgrades to versions that are not valid targets, by instance id. */
  blocks: Map<string, BlockedChange>;
  /** The upgrades that could not be checked. */
  warnings: PlanWarning[];
}

/**
 * Checks each upgrade's target against the live version's ValidUpgradeTarget.
 * A declared version ("17" or "17.2") that no valid target matches is
 * blocked with the valid targets listed; when the versions could not be read
 * (or do not list the live version), a warning says the check was skipped.
 */
export function checkUpgradeTargets(
  targets: readonly CheckTarget[],
  facts: PreflightFacts,
): UpgradeTargetOutcome {
  const blocks = new Map<string, BlockedChange>();
  const skipped = new Map<string, { ids: string[]; region: string; what: string; why: string }>();
  const skip = (t: CheckTarget, what: string, why: string) => {
    const key = `${t.region}\u0000${what}\u0000${why}`;
    const seen = skipped.get(key);
    if (seen === undefined) skipped.set(key, { ids: [t.plan.id], region: t.region, what, why });
    else if (!seen.ids.includes(t.plan.id)) seen.ids.push(t.plan.id);
  };
  const field = fieldWithRole("engine-version").name;
  for (const t of targets) {
    const step = sentUpgrade(t);
    const engine = engineOf(t);
    if (step === undefined || engine === undefined) continue;
    const what = `that ${engine} ${step.to} is a valid upgrade target of ${step.from}`;
    const known = facts.engineVersions.get(engine);
    if (known === undefined) continue;
    if (isUnknown(known)) {
      skip(t, what, known.unknown);
      continue;
    }
    const versions = known as readonly DBEngineVersion[];
    const entry = versions.find((v) => v.EngineVersion === step.from);
    const listsTargets = versions.some((v) => v.ValidUpgradeTarget !== undefined);
    if (entry === undefined || !listsTargets) {
      const why =
        entry === undefined
          ? `DescribeDBEngineVersions does not list ${engine} ${step.from}`
          : "DescribeDBEngineVersions lists no ValidUpgradeTarget";
      skip(t, what, why);
      continue;
    }
    const valid = (entry.ValidUpgradeTarget ?? []).flatMap((v) => str(v.EngineVersion) ?? []);
    if (valid.some((v) => versionMatches(step.to, v))) continue;
    const catalogue = versions.flatMap((v) => str(v.EngineVersion) ?? []);
    const listed = valid.length === 0 ? "none" : compactVersions(engine, valid, catalogue);
    blocks.set(t.plan.id, {
      field,
      from: step.from,
      to: step.to,
      kind: "refused",
      sensitive: false,
      reason:
        `${t.plan.id}: EngineVersion ${step.to} is not a valid upgrade target of ${engine} ${step.from} in ${t.region} ` +
        `(valid targets: ${listed}). Declare one of those versions; a later version may need an upgrade in two steps (${where(t.d, field)}).`,
    });
  }
  const warnings = [...skipped.values()].map(({ ids, region, what, why }) => ({
    check: "engine-versions",
    region,
    ids,
    message: skippedMessage(ids, what, why),
  }));
  return { blocks, warnings };
}

/** The plan entries with their refused upgrades blocked: nothing is sent for those. */
export function withUpgradeBlocks(
  instances: readonly InstancePlan[],
  blocks: ReadonlyMap<string, BlockedChange>,
): InstancePlan[] {
  if (blocks.size === 0) return [...instances];
  return instances.map((p) => {
    const blocked = blocks.get(p.id);
    const source = p.upgrade?.withSource;
    if (blocked === undefined && source !== undefined && blocks.has(source)) {
      // Its source's upgrade is not sent: nor is this replica upgraded with it.
      const { upgrade: _u, ...rest } = p;
      return rest;
    }
    if (blocked === undefined) return p;
    const { upgrade: _u, parameterGroupChange: _g, snapshotBefore: _s, ...rest } = p;
    return { ...rest, action: "blocked", blocked: [...p.blocked, blocked], calls: [] };
  });
}
