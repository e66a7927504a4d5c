import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { DBInstance } from "@aws-sdk/client-rds";
import type { AccountInfo } from "./apply/account.js";
import { movedSincePlan } from "./apply/recheck.js";
import { AccountNotAllowedError, PlanStaleError, PlanTamperedError, UsageError } from "./errors.js";
import { kindNamed } from "./kinds/index.js";
import { FIELDS, fieldByName } from "./kinds/instance/fields/index.js";
import type { DeclaredResource, InstanceEffects, KindCall, KindName } from "./kinds/types.js";
import { computePlan, summarizePlan } from "./plan/compute.js";
import type { InstancePlan, Plan, PlanOptions } from "./plan/types.js";
import {
  type PlanJson,
  type PlanJsonInstance,
  type PlanJsonResource,
  planToJson,
  resourceJson,
} from "./render/plan-json.js";
import { describeSecret } from "./spec/secrets.js";
import type {
  AccountSettings,
  DesiredInstance,
  SecretRef,
  SnapshotTrigger,
  Spec,
  VariableUse,
} from "./spec/types.js";
import { readVersion } from "./version.js";
import {
  type PlannedConnection,
  planSpec,
  type SpecPlan,
  type WorkflowConnection,
} from "./workflow.js";

/**
 * Saved plans: `rdsctl plan --out PLAN` writes the plan together with what it
 * was computed from (the desired instances as loaded, the DescribeDBInstances
 * answer, the plan options and the regions) and what it was made with (the
 * account, the connection's profile, role and endpoint, the spec's account
 * guards, the secret references it reads), under a checksum. `applySavedPlan`
 * (through `planSavedPlan`) first checks that the file holds together, with
 * nothing read or sent (PlanTamperedError), then plans those same instances
 * again with exactly that connection, refuses another account
 * (AccountNotAllowedError), and goes on only when every instance would be
 * planned as reviewed (the one staleness rule, `movedSincePlan`). A saved plan
 * never holds a secret: `{ env }` and `{ file }` passwords stay references,
 * and one written in the spec itself is withheld (a plan that would have to
 * send one is refused).
 */

/** The value of the `format` member that marks a saved plan, whatever the file is called. */
export const SAVED_PLAN_FORMAT = "rdsctl-saved-plan";

/** The saved plan's own format version (the same number as the CLI's JSON documents). */
const SAVED_PLAN_FORMAT_VERSION = 1;

/** What stands in the file for a secret written in plaintext in the spec. */
interface WithheldJson {
  withheld: true;
}

/** In memory, a withheld secret is this value: never a password, and refused before anything is sent. */
const WITHHELD = "\u0000rdsctl: secret withheld from the saved plan";

const SENSITIVE = FIELDS.filter((f) => f.sensitive === true).map((f) => f.name);

/** The connection a saved plan is applied with: the planned one, `local` for the CLI's --local. */
export interface SavedConnection extends PlannedConnection {
  /** Made against the embedded emulator of `--local` (whose address changes from run to run). */
  local?: boolean;
}

/** A secret a saved plan reads when it is applied, as shown when it was saved. */
export interface SavedSecret {
  id: string;
  field: string;
  /** Where it is read from, as describeSecret says it: `environment variable PW`, `file /run/pw`. */
  from: string;
}

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
  /** The account the plan was made for; null when it could not be read. */
  account: AccountInfo | null;
  /** Where and as whom the plan read: region, profile, role, endpoint (never a credential). */
  connection: SavedConnection;
  /** The spec's account settings: profile, role, allowedAccountIds. */
  guards: AccountSettings;
  /** Every `{ env }` / `{ file }` secret the desired instances name. */
  secrets: SavedSecret[];
  /**
   * `promote` is absent in plans saved without `--promote`; `reboot` without
   * `--reboot`; `snapshotBefore` without `--snapshot-before`.
   */
  planOptions: {
    rotatePassword: string[];
    promote?: string[];
    reboot?: true;
    snapshotBefore?: SnapshotTrigger[];
  };
  /** The desired instances as loaded (defaults merged), secrets as references or withheld. */
  desired: unknown[];
  /** What DescribeDBInstances returned for the declared instances that existed. */
  observed: unknown[];
  /**
   * The resources declared beside the instances (parameter and subnet
   * groups), as loaded, and the calls each one's reviewed step sends. Absent
   * in a plan of a spec that declares none: such a file reads as before.
   */
  resources?: SavedResources;
  /** The plan, as `plan --json` prints it (without its version members). */
  plan: PlanJson;
  /** The variables the spec used, with their values and where each was set; absent when none. */
  variables?: VariableUse[];
  /** `sha256:HEX` over the members above, as JSON; see docs/ci.md for what it does and does not protect. */
  checksum: string;
}

/** The resources of a saved plan: what was declared and what each reviewed step sends. */
export interface SavedResources {
  declared: DeclaredResource[];
  /** One entry per step of `plan.resources`, in the same order: its RDS calls (none unless create or modify). */
  calls: Array<{ kind: KindName; id: string; region: string | null; calls: KindCall[] }>;
}

/** The identity of a resource in messages: `parameter group app-pg`. */
function resourceName(r: { kind: KindName; id: string }): string {
  return `${kindNamed(r.kind)?.label ?? r.kind.replaceAll("-", " ")} ${r.id}`;
}

/**
 * Whether a declared resource and a step are the same resource: the same
 * kind and name, and the same region when both say one (a declared item
 * without a region takes the connection's).
 */
function sameResource(
  a: { kind: KindName; id: string; region?: string | null },
  b: { kind: KindName; id: string; region?: string | null },
): boolean {
  if (a.kind !== b.kind || a.id !== b.id) return false;
  return a.region === undefined || a.region === null || b.region === undefined || b.region === null
    ? true
    : a.region === b.region;
}

/** The plan's resources and what they were declared as, for the file. */
function savedResources(spec: Spec, plan: Plan): SavedResources | undefined {
  const steps = plan.resources ?? [];
  if (steps.length === 0) return undefined;
  const declared = (spec.resources ?? []).filter((d) => steps.some((s) => sameResource(d, s)));
  return {
    declared: JSON.parse(JSON.stringify(declared)) as DeclaredResource[],
    calls: steps.map((step) => ({
      kind: step.kind,
      id: step.id,
      region: step.region ?? null,
      calls: JSON.parse(JSON.stringify(step.calls)) as KindCall[],
    })),
  };
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

/** The `{ env }` and `{ file }` secrets of desired instances, as shown. */
function secretsOf(desired: readonly DesiredInstance[]): SavedSecret[] {
  const out: SavedSecret[] = [];
  for (const d of desired) {
    for (const field of SENSITIVE) {
      const ref = d.fields[field] as SecretRef | undefined;
      if (ref === undefined || isLiteralSecret(ref) || typeof ref !== "object") continue;
      out.push({ id: d.id, field, from: describeSecret(ref) });
    }
  }
  return out;
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

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The checksum of a saved plan's content: every member but `checksum`, as JSON. */
function checksumOf(content: Omit<SavedPlanFile, "checksum">): string {
  return `sha256:${sha256(JSON.stringify(content))}`;
}

/** The text of the saved plan file (what `plan --out` writes). */
export function savedPlanText(saved: SavedPlanFile): string {
  return `${JSON.stringify(saved, null, 2)}\n`;
}

/** The SHA-256 of the saved plan file, hex: what `apply --plan-sha256` is given. */
export function savedPlanDigest(saved: SavedPlanFile): string {
  return sha256(savedPlanText(saved));
}

/**
 * The saved plan of a plan from planSpec: refused (UsageError, nothing
 * written) when a call would send a secret written in plaintext in the spec,
 * which the file cannot hold. `local` marks a plan made against the CLI's
 * embedded emulator.
 */
export function savedPlanOf(bound: SpecPlan, options: { local?: boolean } = {}): SavedPlanFile {
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
  const { endpointUrl, ...connection } = bound.connection;
  const resources = savedResources(bound.spec, bound.plan);
  const content: Omit<SavedPlanFile, "checksum"> = {
    format: SAVED_PLAN_FORMAT,
    formatVersion: SAVED_PLAN_FORMAT_VERSION,
    rdsctlVersion: readVersion(),
    createdAt: new Date().toISOString(),
    files: [...bound.spec.files],
    targets: [...bound.targets],
    regions: [...bound.regions.keys()].sort(),
    account: bound.account ?? null,
    connection:
      options.local === true
        ? { ...connection, local: true }
        : { ...connection, ...(endpointUrl === undefined ? {} : { endpointUrl }) },
    guards: { ...(bound.spec.account ?? {}) },
    secrets: secretsOf(bound.desired),
    planOptions: {
      rotatePassword: [...(bound.planOptions.rotatePassword ?? [])].sort(),
      ...(bound.planOptions.promote === undefined || bound.planOptions.promote.size === 0
        ? {}
        : { promote: [...bound.planOptions.promote].sort() }),
      ...(bound.planOptions.reboot === true ? { reboot: true as const } : {}),
      ...(bound.planOptions.snapshotBefore === undefined ||
      bound.planOptions.snapshotBefore.length === 0
        ? {}
        : { snapshotBefore: [...bound.planOptions.snapshotBefore] }),
    },
    desired: bound.desired.map(desiredToJson),
    observed: JSON.parse(JSON.stringify(bound.observed)) as unknown[],
    ...(resources === undefined ? {} : { resources }),
    plan: planToJson(bound.plan),
    // What `${var.NAME}` stood for: already in `desired`; recorded for the people who review the plan.
    ...(bound.spec.variables === undefined ? {} : { variables: bound.spec.variables }),
  };
  return { ...content, checksum: checksumOf(content) };
}

/** Reads a saved plan's text: its format, its version and the rdsctl that wrote it. */
function parseSavedPlan(path: string, text: string): SavedPlanFile {
  let saved: SavedPlanFile;
  try {
    saved = JSON.parse(text) as SavedPlanFile;
  } catch (err) {
    throw new UsageError(`${path}: cannot read the saved plan: ${(err as Error).message}`);
  }
  if (saved === null || saved.format !== SAVED_PLAN_FORMAT || !Array.isArray(saved.desired)) {
    throw new UsageError(`${path}: not a saved plan written by rdsctl plan --out`);
  }
  if (saved.formatVersion !== SAVED_PLAN_FORMAT_VERSION) {
    throw new UsageError(
      `${path}: saved plan format ${String(saved.formatVersion)} is not the one this rdsctl reads (${SAVED_PLAN_FORMAT_VERSION}); make the plan again with this rdsctl`,
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

/** Members every saved plan of this version has; one missing is a file edited by hand. */
const REQUIRED_MEMBERS = [
  "account",
  "connection",
  "guards",
  "secrets",
  "planOptions",
  "observed",
  "plan",
  "checksum",
] as const;

/** The desired instances of the file, as loaded: a reference is what the file says. */
function desiredOfFile(saved: SavedPlanFile): DesiredInstance[] {
  return saved.desired.map(desiredFromJson);
}

function optionsOf(saved: SavedPlanFile): PlanOptions {
  return {
    rotatePassword: new Set(saved.planOptions.rotatePassword),
    promote: new Set(saved.planOptions.promote ?? []),
    ...(saved.planOptions.reboot === true ? { reboot: true } : {}),
    ...(saved.planOptions.snapshotBefore === undefined
      ? {}
      : { snapshotBefore: [...saved.planOptions.snapshotBefore] }),
  };
}

/**
 * What the reviewed parameter-group steps of one region do to the instances
 * that use them, by lowercased group name, as the instances were planned with
 * it: only steps that send something, with their instance effects.
 */
export function groupChangesIn(
  saved: SavedPlanFile,
  region: string | undefined,
): Map<string, InstanceEffects & { name: string }> {
  const changes = new Map<string, InstanceEffects & { name: string }>();
  for (const step of reviewedResources(saved)) {
    if (step.kind !== "parameter-group" || step.instanceEffects === null) continue;
    if (step.action !== "create" && step.action !== "modify") continue;
    if (step.region !== null && region !== undefined && step.region !== region) continue;
    const declared = saved.resources?.declared.find((d) => sameResource(d, step));
    // The name as declared (its case kept): the kind's id field, or the field that spells the id.
    const idField = kindNamed(step.kind)?.idField;
    const name =
      idField === undefined
        ? Object.values(declared?.fields ?? {}).find(
            (v) => typeof v === "string" && v.toLowerCase() === step.id,
          )
        : declared?.fields[idField];
    changes.set(step.id, {
      name: typeof name === "string" ? name : step.id,
      dynamic: [...step.instanceEffects.dynamic],
      static: [...step.instanceEffects.static],
    });
  }
  return changes;
}

/**
 * The instance steps the file's desired instances and observed state give,
 * planned as the pipeline planned them: region by region, each region's
 * instances with what that region's reviewed parameter-group steps do to them.
 */
function replanInstances(
  saved: SavedPlanFile,
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
): Plan {
  const options = optionsOf(saved);
  if (groupChangesIn(saved, undefined).size === 0) return computePlan(desired, observed, options);
  const entryRegion = new Map(saved.plan.instances.map((i) => [i.id, i.region]));
  const soleRegion = saved.regions.length === 1 ? saved.regions[0] : undefined;
  const regionOf = (d: DesiredInstance): string | undefined =>
    d.region ?? entryRegion.get(d.id) ?? saved.connection.region ?? soleRegion;
  const byRegion = new Map<string | undefined, DesiredInstance[]>();
  for (const d of desired) byRegion.set(regionOf(d), [...(byRegion.get(regionOf(d)) ?? []), d]);
  const planned = new Map<DesiredInstance, InstancePlan>();
  for (const [region, group] of byRegion) {
    const parameterGroupChanges = groupChangesIn(saved, region);
    const plan = computePlan(group, observed, { ...options, parameterGroupChanges });
    group.forEach((d, i) => {
      const entry = plan.instances[i];
      if (entry !== undefined) planned.set(d, entry);
    });
  }
  const instances = desired.flatMap((d) => planned.get(d) ?? []);
  return { instances, summary: summarizePlan(instances) };
}

/** What decides the calls of an entry of the plan JSON. */
function decisive(entry: PlanJsonInstance | undefined): unknown {
  if (entry === undefined) return undefined;
  return { action: entry.action, changes: entry.changes, blocked: entry.blocked };
}

/** Desired items without a reviewed step, and steps without their desired item. */
function unmatchedSteps(desired: readonly DesiredInstance[], plan: PlanJson): string[] {
  const wanted = new Set(desired.map((d) => d.id));
  const reviewed = new Set(plan.instances.map((i) => i.id));
  const differs: string[] = [];
  for (const id of wanted) {
    if (!reviewed.has(id)) differs.push(`desired lists ${id}, which has no reviewed step in plan`);
  }
  for (const id of reviewed) {
    if (!wanted.has(id)) differs.push(`plan has a step for ${id}, which desired does not list`);
  }
  return differs;
}

/** Secret references that are not the ones shown when the plan was saved. */
function unshownSecrets(desired: readonly DesiredInstance[], shown: SavedSecret[]): string[] {
  const key = (s: SavedSecret) => `${s.id} ${s.field}`;
  const before = new Map(shown.map((s) => [key(s), s.from]));
  const now = new Map(secretsOf(desired).map((s) => [key(s), s.from]));
  const differs: string[] = [];
  for (const [k, from] of now) {
    const was = before.get(k);
    if (was !== from) {
      differs.push(`${k} is read from ${from}, but the plan showed ${was ?? "no such secret"}`);
    }
  }
  for (const [k, was] of before) {
    if (!now.has(k)) differs.push(`${k} was shown read from ${was}, and desired no longer says so`);
  }
  return differs;
}

/** Steps of the file that do not follow from its desired items and observed state. */
function unfollowedSteps(saved: SavedPlanFile, desired: readonly DesiredInstance[]): string[] {
  const observed = saved.observed as DBInstance[];
  const recomputed = planToJson(replanInstances(saved, desired, observed));
  const byId = new Map(recomputed.instances.map((i) => [i.id, i]));
  const differs: string[] = [];
  for (const step of saved.plan.instances) {
    const fresh = byId.get(step.id);
    if (fresh === undefined || isDeepStrictEqual(decisive(step), decisive(fresh))) continue;
    differs.push(
      `the step for ${step.id} is not what its desired item and the observed state give (${movedInPlan(step, fresh).join("; ") || "its calls"})`,
    );
  }
  return differs;
}

/** Where a resource's step is in the file, by position: the reviewed step and its calls. */
function reviewedResources(saved: SavedPlanFile): PlanJsonResource[] {
  return saved.plan.resources ?? [];
}

/**
 * The resources of the file that do not hold together: a declared resource
 * without its reviewed step or back, a step without its calls or back, calls
 * on a step that sends nothing, a call its kind never makes (a delete above
 * all: rdsctl never deletes).
 */
function unmatchedResources(saved: SavedPlanFile): string[] {
  const steps = reviewedResources(saved);
  const declared = saved.resources?.declared ?? [];
  const calls = saved.resources?.calls ?? [];
  const differs: string[] = [];
  for (const d of declared) {
    if (!steps.some((s) => sameResource(d, s))) {
      differs.push(`resources declares ${resourceName(d)}, which has no reviewed step in plan`);
    }
  }
  steps.forEach((step, i) => {
    const name = resourceName(step);
    if (!declared.some((d) => sameResource(d, step))) {
      differs.push(`plan has a step for ${name}, which resources does not declare`);
    }
    const sent = calls[i];
    if (sent === undefined || !sameResource(sent, step) || sent.region !== step.region) {
      differs.push(`plan has a step for ${name} without its calls in resources`);
      return;
    }
    const sends = step.action === "create" || step.action === "modify";
    if (!sends && sent.calls.length > 0) {
      differs.push(`the step for ${name} is ${step.action} but resources lists calls for it`);
    }
    const allowed = kindNamed(step.kind)?.actions.mutating;
    for (const call of sent.calls) {
      if (
        /^Delete/.test(call.action) ||
        (allowed !== undefined && !allowed.includes(call.action))
      ) {
        differs.push(`the step for ${name} sends ${call.action}, which rdsctl never sends for it`);
      }
    }
  });
  if (calls.length > steps.length) {
    for (const extra of calls.slice(steps.length)) {
      differs.push(`resources lists calls for ${resourceName(extra)}, which has no step in plan`);
    }
  }
  return differs;
}

/**
 * Whether a saved plan holds together, judged offline: every member there,
 * every desired item with its reviewed step and back, every secret reference
 * the one shown, every step what its desired item gives, the checksum, and
 * (when given) the file's SHA-256. Each difference is named.
 */
function tamperedParts(saved: SavedPlanFile, text: string, sha256Hex?: string): string[] {
  const differs: string[] = [];
  if (sha256Hex !== undefined && sha256(text) !== sha256Hex.toLowerCase()) {
    differs.push(
      `the file's SHA-256 is ${sha256(text)}, not the ${sha256Hex} given with --plan-sha256`,
    );
  }
  const missing = REQUIRED_MEMBERS.filter((m) => saved[m] === undefined || saved[m] === null);
  const absentOk = missing.filter((m) => m !== "account");
  if (absentOk.length > 0) return [...differs, `members missing: ${absentOk.join(", ")}`];
  try {
    const desired = desiredOfFile(saved);
    differs.push(...unmatchedSteps(desired, saved.plan));
    differs.push(...unshownSecrets(desired, saved.secrets));
    differs.push(...unfollowedSteps(saved, desired));
    differs.push(...unmatchedResources(saved));
  } catch (err) {
    // A member of the wrong shape: only an edited file has one.
    differs.push(`its content is not what rdsctl writes (${(err as Error).message})`);
  }
  const { checksum, ...content } = saved;
  if (checksumOf(content) !== checksum) {
    differs.push(
      "the checksum does not match the content (the file was edited after it was saved)",
    );
  }
  return differs;
}

/**
 * Reads a saved plan and checks, before anything is read or sent, that it is
 * the plan that was saved: PlanTamperedError naming each difference. With
 * `sha256`, the file must also have that SHA-256 (the digest `plan --out`
 * printed, passed on by whoever reviewed it).
 */
export function readSavedPlan(path: string, options: { sha256?: string } = {}): SavedPlanFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${path}: cannot read the saved plan: ${(err as Error).message}`);
  }
  const saved = parseSavedPlan(path, text);
  const differs = tamperedParts(saved, text, options.sha256);
  if (differs.length > 0) throw new PlanTamperedError(path, differs);
  return saved;
}

/**
 * The spec a saved plan was computed from, with its guards, to plan again
 * against live state. A plan made for a known account reads the account
 * again whatever happens: one that cannot be read stops the apply.
 */
export function specOfSavedPlan(saved: SavedPlanFile): Spec {
  const account: AccountSettings = { ...saved.guards };
  if (saved.account !== null) account.allowedAccountIds ??= [saved.account.id];
  const resources = saved.resources?.declared;
  return {
    files: saved.files,
    instances: desiredOfFile(saved),
    ...(resources === undefined || resources.length === 0 ? {} : { resources }),
    ...(Object.keys(account).length === 0 ? {} : { account }),
    warnings: [],
  };
}

/** The saved connection, refusing a connection setting that asks for another one. */
function savedConnection(saved: SavedPlanFile, conn: WorkflowConnection): WorkflowConnection {
  const { local, ...recorded } = saved.connection;
  const keys = ["region", "profile", "endpointUrl", "assumeRoleArn", "externalId"] as const;
  for (const key of keys) {
    if (key === "endpointUrl" && local === true) continue;
    const asked = conn[key];
    // A region the plan did not name is judged by the regions it read (checkSavedPlanHolds).
    if (key === "region" && recorded.region === undefined) continue;
    if (asked !== undefined && asked !== recorded[key]) {
      throw new UsageError(
        `the saved plan was made with ${key} ${recorded[key] ?? "(none)"}, and this run asks for ${asked}: a saved plan is applied with the connection it was made with; give no ${key} (or the same one)`,
      );
    }
  }
  const out: WorkflowConnection = { ...conn };
  for (const key of keys) {
    if (key === "endpointUrl" && local === true) continue;
    const value = recorded[key];
    if (key === "region" && value === undefined) continue;
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/**
 * Plans a saved plan again, exactly as it was made: its desired instances,
 * options and targets, its connection (region, profile, role, endpoint) and
 * its spec's guards; the account must be the one it was made for
 * (AccountNotAllowedError before any RDS call). Then every instance must be
 * planned as reviewed (PlanStaleError otherwise; nothing sent). The result is
 * the fresh bound plan, which applyPlan applies.
 */
export async function planSavedPlan(
  saved: SavedPlanFile,
  conn: WorkflowConnection,
): Promise<SpecPlan> {
  const connection = savedConnection(saved, conn);
  const madeFor = saved.account;
  const onAccount = (account: AccountInfo): void => {
    conn.onAccount?.(account);
    if (madeFor !== null && account.id !== madeFor.id) {
      throw new AccountNotAllowedError(
        account.id,
        [madeFor.id],
        account.arn || undefined,
        `but the saved plan was made for account ${madeFor.id}`,
      );
    }
  };
  const fresh = await planSpec(
    specOfSavedPlan(saved),
    { ...connection, onAccount },
    { ...optionsOf(saved), targets: saved.targets },
  );
  return checkSavedPlanHolds(saved, fresh);
}

function shown(value: unknown): string {
  return value === undefined || value === null ? "(none)" : JSON.stringify(value);
}

/** What decides the calls of a step, instance or resource. */
type Decisive = Pick<PlanJsonInstance, "action" | "changes" | "blocked">;

/** Fields of the plan JSON entries that differ, with their values then and now (sensitive ones masked). */
function movedInPlan(then: Decisive, now: Decisive): string[] {
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

/** Observed fields that moved between the saved describe and the fresh one, to name them. */
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

/** What moved for one instance, named: its observed fields, else its plan entry's. */
function whatMoved(
  id: string,
  reviewed: InstancePlan,
  fresh: SpecPlan,
  observed: { before?: DBInstance; after?: DBInstance },
): string[] {
  const entry = fresh.plan.instances.find((i) => i.id === id);
  const desired = fresh.desired.find((d) => d.id === id);
  if (entry === undefined || desired === undefined)
    return ["the instance is no longer in the plan"];
  // The one staleness rule, the same as apply's check just before an instance's calls.
  if (movedSincePlan(reviewed, entry).length === 0) return [];
  const { before, after } = observed;
  const moved: string[] = [];
  if (before === undefined && after !== undefined) moved.push("the instance now exists");
  else if (before !== undefined && after === undefined) moved.push("the instance no longer exists");
  else if (before !== undefined && after !== undefined)
    moved.push(...movedObserved(desired, before, after));
  const then = planToJson({ ...fresh.plan, instances: [reviewed] }).instances[0];
  const now = planToJson({ ...fresh.plan, instances: [entry] }).instances[0];
  if (then !== undefined && now !== undefined) {
    // A field already named with its observed values is not named twice.
    for (const m of movedInPlan(then, now)) {
      if (!moved.some((o) => o.split(":")[0] === m.split(":")[0])) moved.push(m);
    }
  }
  return moved.length > 0 ? moved : ["its planned calls"];
}

/** A value as JSON carries it, so a file's calls and fresh ones compare alike. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/**
 * The resources whose fresh step is not the reviewed one: the same action,
 * changes, blocked changes and calls, or it is stale (what moved, named).
 * Nothing of a resource is sent unless its step holds exactly as reviewed.
 */
export function resourcesMovedSincePlan(
  saved: SavedPlanFile,
  fresh: Plan,
): Array<{ id: string; moved: string[] }> {
  const now = fresh.resources ?? [];
  const problems: Array<{ id: string; moved: string[] }> = [];
  reviewedResources(saved).forEach((step, i) => {
    const entry = now.find((r) => sameResource(r, step) && (r.region ?? null) === step.region);
    const name = resourceName(step);
    if (entry === undefined) {
      problems.push({ id: name, moved: ["it is no longer in the plan"] });
      return;
    }
    const moved = movedInPlan(step, resourceJson(entry));
    const calls = saved.resources?.calls[i]?.calls ?? [];
    if (moved.length === 0 && !isDeepStrictEqual(asJson(calls), asJson(entry.calls))) {
      moved.push("its planned calls");
    }
    if (moved.length > 0) problems.push({ id: name, moved });
  });
  for (const entry of now) {
    if (!reviewedResources(saved).some((s) => sameResource(entry, s))) {
      const name = resourceName(entry);
      problems.push({ id: name, moved: ["it is in the plan now and was not reviewed"] });
    }
  }
  return problems;
}

/**
 * The stale-plan rule for a saved plan, checked for every instance before
 * anything is sent: each instance of `fresh` (the same desired instances
 * planned again against live state) must hold the entry the saved plan's
 * desired and observed state give (movedSincePlan, the rule apply uses just
 * before an instance's calls). Throws PlanStaleError naming each instance and
 * what moved; otherwise returns the fresh bound plan.
 */
function checkSavedPlanHolds(saved: SavedPlanFile, fresh: SpecPlan): SpecPlan {
  const freshRegions = [...fresh.regions.keys()].sort();
  if (!isDeepStrictEqual(freshRegions, saved.regions)) {
    throw new UsageError(
      `the saved plan read region(s) ${saved.regions.join(", ") || "(none)"}, and this run resolves ${freshRegions.join(", ") || "(none)"}: give the same --region (or the same connection flags) as when planning`,
    );
  }
  const byId = (list: readonly DBInstance[]) =>
    new Map(list.map((db) => [db.DBInstanceIdentifier?.toLowerCase(), db]));
  const before = byId(saved.observed as DBInstance[]);
  const after = byId(fresh.observed);
  const reviewed = replanInstances(saved, desiredOfFile(saved), saved.observed as DBInstance[]);
  // The groups are applied first: their moves are named first.
  const problems = resourcesMovedSincePlan(saved, fresh.plan);
  const groupProblems = problems.length;
  for (const entry of reviewed.instances) {
    const observed = { before: before.get(entry.id), after: after.get(entry.id) };
    const moved = whatMoved(entry.id, entry, fresh, observed);
    if (moved.length > 0) problems.push({ id: entry.id, moved });
  }
  const instanceProblems = problems.length - groupProblems;
  const first = problems[0];
  if (first !== undefined) {
    const lines = problems.map((p) => `  ${p.id}: ${p.moved.join("; ")}`);
    const what = [
      ...(groupProblems === 0 ? [] : [`${groupProblems} resource(s)`]),
      ...(instanceProblems === 0 ? [] : [`${instanceProblems} instance(s)`]),
    ].join(" and ");
    throw new PlanStaleError(
      first.id,
      problems.flatMap((p) => p.moved.map((m) => `${p.id}: ${m}`)),
      `refusing to apply the saved plan: live state moved since it was made, for ${what}; nothing was sent:\n${lines.join("\n")}\nMake the plan again (rdsctl plan --out) and review it.`,
    );
  }
  refuseWithheldSends(fresh.plan);
  return fresh;
}

/** A last guard: a withheld secret is never sent (savedPlanOf refuses such plans at --out). */
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
