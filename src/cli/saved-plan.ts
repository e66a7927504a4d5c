import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { DBInstance } from "@aws-sdk/client-rds";
import type { BoundPlan } from "../apply/types.js";
import { PlanStaleError, UsageError } from "../errors.js";
import { FIELDS, fieldByName } from "../fields/index.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import type { InstancePlan, Plan } from "../plan/types.js";
import { type PlanJson, type PlanJsonInstance, planToJson } from "../render/plan-json.js";
import type { DesiredInstance, SecretRef, Spec } from "../spec/types.js";
import { JSON_FORMAT_VERSION } from "./json-meta.js";
import { readVersion } from "./version.js";

/**
 * Saved plans: `rdsctl plan --out PLAN` writes the plan together with what it
 * was computed from (the desired instances as loaded, the DescribeDBInstances
 * answer, the plan options and the regions); `rdsctl apply PLAN` plans those
 * same instances again against live state and applies only when every
 * instance would be planned exactly as saved and none of the observed fields
 * the plan depends on moved. A saved plan never holds a secret: `{ env }`
 * and `{ file }` passwords stay references, and a password written in the
 * spec itself is withheld (a plan that would have to send one is refused).
 */

/** The value of the `format` member that marks a saved plan, whatever the file is called. */
export const SAVED_PLAN_FORMAT = "rdsctl-saved-plan";

/** What stands in the file for a secret written in plaintext in the spec. */
interface WithheldJson {
  withheld: true;
}

/** In memory, a withheld secret is this value: never a password, and refused before anything is sent. */
const WITHHELD = "\u0000rdsctl: secret withheld from the saved plan";

const SENSITIVE = FIELDS.filter((f) => f.sensitive === true).map((f) => f.name);

export interface SavedPlanFile {
  format: typeof SAVED_PLAN_FORMAT;
  formatVersion: number;
  rdsctlVersion: string;
  createdAt: string;
  /** The spec files the plan was made from (for people; they are not read again). */
  files: string[];
  /** `--target` ids the plan was limited to; empty for the whole spec. */
  targets: string[];
  /** Regions the plan read, sorted. */
  regions: string[];
  /** `promote` is absent in plans saved without `--promote`. */
  planOptions: { rotatePassword: string[]; promote?: string[] };
  /** The desired instances as loaded (defaults merged), secrets as references or withheld. */
  desired: unknown[];
  /** What DescribeDBInstances returned for the declared instances that existed. */
  observed: unknown[];
  /** The plan, as `plan --json` prints it (without its version members). */
  plan: PlanJson;
}

/** A literal secret value of a sensitive field: a string, or a `{ kind: "literal" }` reference. */
function isLiteralSecret(value: unknown): boolean {
  if (typeof value === "string") return true;
  return value !== null && typeof value === "object" && (value as SecretRef).kind === "literal";
}

/** Sensitive members a plan entry's calls would send, by field name. */
function sentSecrets(entry: InstancePlan): Array<{ field: string; value: unknown }> {
  const sent: Array<{ field: string; value: unknown }> = [];
  for (const call of entry.calls) {
    if (call.kind !== "create" && call.kind !== "modify") continue;
    const input = call.input as Record<string, unknown>;
    for (const field of SENSITIVE) {
      if (input[field] !== undefined) sent.push({ field, value: input[field] });
    }
  }
  return sent;
}

/** The desired instance as the file holds it: literal secrets replaced by `{ withheld: true }`. */
function desiredToJson(instance: DesiredInstance): unknown {
  const fields: Record<string, unknown> = { ...instance.fields };
  for (const name of SENSITIVE) {
    if (isLiteralSecret(fields[name])) fields[name] = { withheld: true } satisfies WithheldJson;
  }
  return { ...instance, fields };
}

function isWithheldJson(value: unknown): value is WithheldJson {
  return value !== null && typeof value === "object" && (value as WithheldJson).withheld === true;
}

/** The desired instance back from the file; a withheld secret becomes a value that is never sent. */
function desiredFromJson(json: unknown): DesiredInstance {
  const instance = json as DesiredInstance;
  const fields: Record<string, unknown> = { ...instance.fields };
  for (const name of SENSITIVE) {
    if (!isWithheldJson(fields[name])) continue;
    const def = fieldByName(name);
    fields[name] = def?.kind.type === "secret" ? { kind: "literal", value: WITHHELD } : WITHHELD;
  }
  return { ...instance, fields };
}

/**
 * The plan `plan --out` saves: refused (UsageError, nothing written) when a
 * call would send a secret written in plaintext in the spec, which the file
 * cannot hold.
 */
export function savedPlanOf(
  bound: BoundPlan,
  spec: Spec,
  targets: readonly string[],
): SavedPlanFile {
  const needLiteral = bound.plan.instances.flatMap((entry) =>
    sentSecrets(entry)
      .filter((s) => isLiteralSecret(s.value))
      .map((s) => `${entry.id} (${s.field})`),
  );
  if (needLiteral.length > 0) {
    throw new UsageError(
      `--out: the plan would send a secret written in plaintext in the spec: ${needLiteral.join(", ")}; a saved plan never holds a secret, so give it as { env: NAME } or { file: PATH } (or apply without a saved plan)`,
    );
  }
  return {
    format: SAVED_PLAN_FORMAT,
    formatVersion: JSON_FORMAT_VERSION,
    rdsctlVersion: readVersion(),
    createdAt: new Date().toISOString(),
    files: [...spec.files],
    targets: [...new Set(targets.map((t) => t.toLowerCase()))],
    regions: [...bound.regions.keys()].sort(),
    planOptions: {
      rotatePassword: [...(bound.planOptions.rotatePassword ?? [])].sort(),
      ...(bound.planOptions.promote === undefined || bound.planOptions.promote.size === 0
        ? {}
        : { promote: [...bound.planOptions.promote].sort() }),
    },
    desired: bound.desired.map(desiredToJson),
    observed: JSON.parse(JSON.stringify(bound.observed)) as unknown[],
    plan: planToJson(bound.plan),
  };
}

/** Writes the saved plan next to its final name, then renames it into place. */
export function writeSavedPlan(path: string, saved: SavedPlanFile): void {
  writeFileAtomic(path, `${JSON.stringify(saved, null, 2)}\n`, 0o600);
}

/** Whether the file's content marks it as a saved plan (its name does not matter). */
export function isSavedPlanFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    return new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${SAVED_PLAN_FORMAT}"`).test(
      head.subarray(0, n).toString("utf8"),
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads and checks a saved plan: its format, its version and the rdsctl that wrote it. */
export function readSavedPlan(path: string): SavedPlanFile {
  let saved: SavedPlanFile;
  try {
    saved = JSON.parse(readFileSync(path, "utf8")) as SavedPlanFile;
  } catch (err) {
    throw new UsageError(`${path}: cannot read the saved plan: ${(err as Error).message}`);
  }
  if (saved.format !== SAVED_PLAN_FORMAT || !Array.isArray(saved.desired)) {
    throw new UsageError(`${path}: not a saved plan written by rdsctl plan --out`);
  }
  if (saved.formatVersion !== JSON_FORMAT_VERSION) {
    throw new UsageError(
      `${path}: saved plan format ${String(saved.formatVersion)} is not the one this rdsctl reads (${JSON_FORMAT_VERSION}); make the plan again with this rdsctl`,
    );
  }
  const version = readVersion();
  if (saved.rdsctlVersion !== version) {
    throw new UsageError(
      `${path}: the plan was made by rdsctl ${saved.rdsctlVersion} and this is rdsctl ${version}; make the plan again with this version (a plan is applied only by the version that computed it)`,
    );
  }
  return saved;
}

/** The spec a saved plan was computed from, to plan again against live state. */
export function specOfSavedPlan(saved: SavedPlanFile): {
  spec: Spec;
  rotatePassword: Set<string>;
  promote: Set<string>;
} {
  return {
    spec: { files: saved.files, instances: saved.desired.map(desiredFromJson), warnings: [] },
    rotatePassword: new Set(saved.planOptions.rotatePassword),
    promote: new Set(saved.planOptions.promote ?? []),
  };
}

/** What decides the calls of an entry of the plan JSON: the same rule as the re-check before each call. */
function decisive(entry: PlanJsonInstance | undefined): unknown {
  if (entry === undefined) return undefined;
  return { action: entry.action, changes: entry.changes, blocked: entry.blocked };
}

function shown(value: unknown): string {
  return value === undefined || value === null ? "(none)" : JSON.stringify(value);
}

/** Fields of the plan JSON entries that differ, with their values then and now (sensitive ones masked). */
function movedInPlan(then: PlanJsonInstance, now: PlanJsonInstance): string[] {
  const moved: string[] = [];
  if (then.action !== now.action) moved.push(`action ${then.action} -> ${now.action}`);
  const fields = new Set(
    [...then.changes, ...then.blocked, ...now.changes, ...now.blocked].map((c) => c.field),
  );
  for (const field of fields) {
    const a = [...then.changes, ...then.blocked].find((c) => c.field === field);
    const b = [...now.changes, ...now.blocked].find((c) => c.field === field);
    if (isDeepStrictEqual(a, b)) continue;
    moved.push(`${field}: planned from ${shown(a?.from)}, now from ${shown(b?.from)}`);
  }
  return moved;
}

/**
 * The observed fields a plan entry depends on: each declared field as the
 * field table reads it from DescribeDBInstances, and the pending modifications.
 */
function dependedOn(desired: DesiredInstance, db: DBInstance): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const name of Object.keys(desired.fields)) {
    const def = fieldByName(name);
    if (def === undefined || def.sensitive === true) continue;
    values.set(name, def.current(db));
  }
  values.set("PendingModifiedValues", db.PendingModifiedValues ?? {});
  return values;
}

/** Observed fields that moved between the saved describe and the fresh one. */
function movedObserved(desired: DesiredInstance, then: DBInstance, now: DBInstance): string[] {
  const before = dependedOn(desired, then);
  const after = dependedOn(desired, now);
  const moved: string[] = [];
  for (const [field, value] of before) {
    const fresh = after.get(field);
    if (
      !isDeepStrictEqual(
        JSON.parse(JSON.stringify(value ?? null)),
        JSON.parse(JSON.stringify(fresh ?? null)),
      )
    ) {
      moved.push(`${field}: ${shown(value)} when planned, ${shown(fresh)} now`);
    }
  }
  return moved;
}

/**
 * The stale-plan rule for a saved plan, checked for every instance before
 * anything is sent: `fresh` (the same desired instances planned again against
 * live state) must give every instance the saved entry, and the observed
 * fields the plan depends on must not have moved. Throws PlanStaleError
 * naming each instance and what moved; otherwise returns the fresh bound plan,
 * which is then exactly the saved one.
 */
export function checkSavedPlanHolds(saved: SavedPlanFile, fresh: BoundPlan): BoundPlan {
  const problems: Array<{ id: string; moved: string[] }> = [];
  const freshRegions = [...fresh.regions.keys()].sort();
  if (!isDeepStrictEqual(freshRegions, saved.regions)) {
    throw new UsageError(
      `the saved plan read region(s) ${saved.regions.join(", ") || "(none)"}, and this run resolves ${freshRegions.join(", ") || "(none)"}: give the same --region (or the same connection flags) as when planning`,
    );
  }
  const now = planToJson(fresh.plan);
  const nowById = new Map(now.instances.map((i) => [i.id, i]));
  const savedObserved = new Map(
    (saved.observed as DBInstance[]).map((db) => [db.DBInstanceIdentifier?.toLowerCase(), db]),
  );
  const freshObserved = new Map(
    fresh.observed.map((db) => [db.DBInstanceIdentifier?.toLowerCase(), db]),
  );
  for (const then of saved.plan.instances) {
    const entry = nowById.get(then.id);
    const desired = fresh.desired.find((d) => d.id === then.id);
    if (entry === undefined || desired === undefined) {
      problems.push({ id: then.id, moved: ["the instance is no longer in the plan"] });
      continue;
    }
    const moved: string[] = [];
    const before = savedObserved.get(then.id);
    const after = freshObserved.get(then.id);
    if (before === undefined && after !== undefined) moved.push("the instance now exists");
    else if (before !== undefined && after === undefined)
      moved.push("the instance no longer exists");
    else if (before !== undefined && after !== undefined) {
      moved.push(...movedObserved(desired, before, after));
    }
    if (!isDeepStrictEqual(decisive(then), decisive(entry))) {
      // A field already named with its observed values is not named twice.
      for (const m of movedInPlan(then, entry)) {
        if (!moved.some((o) => o.split(":")[0] === m.split(":")[0])) moved.push(m);
      }
      if (moved.length === 0) moved.push("its planned calls");
    }
    if (moved.length > 0) problems.push({ id: then.id, moved });
  }
  const first = problems[0];
  if (first !== undefined) {
    const lines = problems.map((p) => `  ${p.id}: ${p.moved.join("; ")}`);
    throw new PlanStaleError(
      first.id,
      problems.flatMap((p) => p.moved.map((m) => `${p.id}: ${m}`)),
      `refusing to apply the saved plan: live state moved since it was made, for ${problems.length} instance(s); nothing was sent:\n${lines.join("\n")}\nMake the plan again (rdsctl plan --out) and review it.`,
    );
  }
  refuseWithheldSends(fresh.plan);
  return fresh;
}

/** A last guard: a withheld secret is never sent (planSavedPlan refuses such plans at --out). */
function refuseWithheldSends(plan: Plan): void {
  for (const entry of plan.instances) {
    for (const { field, value } of sentSecrets(entry)) {
      const raw = typeof value === "string" ? value : (value as { value?: unknown }).value;
      if (raw === WITHHELD) {
        throw new UsageError(
          `${entry.id}: the saved plan would send ${field}, which was written in plaintext in the spec and so is not in the saved plan; give it as { env: NAME } or { file: PATH }`,
        );
      }
    }
  }
}
