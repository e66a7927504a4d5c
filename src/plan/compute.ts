import type { DBInstance } from "@aws-sdk/client-rds";
import {
  asRecord,
  member,
  nonEmptyString as str,
} from "../kinds/instance/fields/describe-readers.js";
import { FIELDS, fieldWithRole } from "../kinds/instance/fields/table.js";
import type { DesiredInstance } from "../spec/types.js";
import { type Draft, emptyDraft, type PlanContext } from "./context.js";
import { planCreate } from "./create.js";
import { diffField } from "./field-diff.js";
import {
  checkInstanceState,
  planParameterGroupChange,
  planParameterGroupReboot,
  planStorageFull,
} from "./instance-state.js";
import { planPassword } from "./password.js";
import { planCreateReplica, planReplicaRole } from "./replica.js";
import { withSnapshotBefore } from "./snapshot-before.js";
import { addStorageBundle } from "./storage-bundle.js";
import { planTags } from "./tags.js";
import type { InstancePlan, Plan, PlannedCall, PlanOptions, PlanSummary } from "./types.js";
import { linkReplicaUpgrades, planUpgradeGroups, replicaVersionRule } from "./upgrade.js";

type ModifyInput = Extract<PlannedCall, { kind: "modify" }>["input"];

/** The identifier RDS reports for an instance. */
function liveId(db: DBInstance): string | undefined {
  return str(fieldWithRole("identifier").current(db));
}

/** Live instances by lowercased identifier and by lowercased ARN. */
function indexObserved(observed: readonly DBInstance[]): Map<string, DBInstance> {
  const byKey = new Map<string, DBInstance>();
  if (!Array.isArray(observed)) return byKey;
  for (const db of observed) {
    if (asRecord(db) === undefined) continue;
    const id = liveId(db);
    const arn = str(member(db, "DBInstanceArn"));
    if (id !== undefined && !byKey.has(id.toLowerCase())) byKey.set(id.toLowerCase(), db);
    if (arn !== undefined && !byKey.has(arn.toLowerCase())) byKey.set(arn.toLowerCase(), db);
  }
  return byKey;
}

function findObserved(d: DesiredInstance, index: Map<string, DBInstance>): DBInstance | undefined {
  const key = d.id.toLowerCase();
  const direct = index.get(key);
  if (direct !== undefined) return direct;
  // An ARN declared as the identifier: its last segment is the identifier.
  const arnTail = /^arn:[^:]+:rds:[^:]*:[^:]*:db:(.+)$/.exec(key)?.[1];
  return arnTail === undefined ? undefined : index.get(arnTail);
}

function contextFor(
  d: DesiredInstance,
  db: DBInstance,
  options: PlanOptions,
  byId: ReadonlyMap<string, DesiredInstance>,
): PlanContext {
  const status = str(member(db, "DBInstanceStatus"))?.toLowerCase();
  const engine = fieldWithRole("engine");
  const declaredEngine = d.fields[engine.name];
  const engineName = typeof declaredEngine === "string" ? declaredEngine : str(engine.current(db));
  const replicaOf = str(member(db, "ReadReplicaSourceDBInstanceIdentifier"));
  const ctx: PlanContext = {
    d,
    db,
    pmv: asRecord(member(db, "PendingModifiedValues")) ?? {},
    status,
    engine: engineName,
    replicaOf,
    cluster: str(fieldWithRole("cluster").current(db)),
    options,
  };
  const replicaVersion = replicaVersionRule(
    d,
    engineName,
    replicaOf,
    byId,
    str(fieldWithRole("engine-version").current(db)),
  );
  if (replicaVersion !== undefined) ctx.replicaVersion = replicaVersion;
  return ctx;
}

function callsOf(ctx: PlanContext, draft: Draft): PlannedCall[] {
  const calls: PlannedCall[] = [];
  if (draft.promote !== undefined) calls.push({ kind: "promote", input: draft.promote });
  if (Object.keys(draft.modify).length > 0) {
    const input = {
      [fieldWithRole("identifier").name]: liveId(ctx.db) ?? ctx.d.id,
      ApplyImmediately: draft.applyImmediately ?? ctx.d.applyImmediately,
      ...draft.modify,
    } as ModifyInput;
    calls.push({ kind: "modify", input, appliedNow: [...new Set(draft.appliedNow)] });
  }
  if (draft.addTags.length > 0) calls.push({ kind: "add-tags", tags: draft.addTags });
  if (draft.removeTags.length > 0) calls.push({ kind: "remove-tags", keys: draft.removeTags });
  if (draft.reboot) calls.push({ kind: "reboot" });
  return calls;
}

/** The instance exists: compare the declared fields and plan only the differences. */
function planExisting(
  d: DesiredInstance,
  db: DBInstance,
  options: PlanOptions,
  byId: ReadonlyMap<string, DesiredInstance>,
): InstancePlan {
  const draft = emptyDraft();
  const ctx = planReplicaRole(contextFor(d, db, options, byId), draft);
  const view = { declared: d.fields, db, pmv: ctx.pmv };

  for (const f of FIELDS) {
    // A MySQL or MariaDB replica that declares no version takes its source's.
    const desired =
      d.fields[f.name] ?? (f.role === "engine-version" ? ctx.replicaVersion?.desired : undefined);
    if (desired === undefined) continue;
    // Tags go through the tagging APIs (planTags). Write-only fields, the
    // identifier (the match key) and the password (planPassword) are never compared.
    if (f.kind.type === "tags" || f.mutability === "create-only-unchecked") continue;
    if (f.notComparedWhen?.(view)) continue;
    diffField(ctx, draft, f, desired);
  }
  planPassword(ctx, draft, fieldWithRole("master-password"));
  planTags(ctx, draft);
  if (!planParameterGroupChange(ctx, draft)) planParameterGroupReboot(ctx, draft);
  planUpgradeGroups(ctx, draft);
  addStorageBundle(ctx, draft);
  planStorageFull(ctx, draft);
  checkInstanceState(ctx, draft);

  const blocked = draft.blocked.length > 0;
  const calls = blocked ? [] : callsOf(ctx, draft);
  const action = blocked ? "blocked" : calls.length > 0 ? "modify" : "noop";
  const plan: InstancePlan = {
    action,
    id: d.id,
    source: d.source,
    changes: draft.changes,
    blocked: draft.blocked,
    notices: draft.notices,
    calls,
  };
  if (d.region !== undefined) plan.region = d.region;
  if (d.replicaSource !== undefined) plan.replicaOf = d.replicaSource;
  const arn = str(member(db, "DBInstanceArn"));
  if (arn !== undefined) plan.arn = arn;
  if (ctx.status !== undefined) plan.status = ctx.status;
  if (draft.parameterGroupChange !== undefined && !blocked) {
    plan.parameterGroupChange = draft.parameterGroupChange;
  }
  if (draft.upgrade !== undefined && !blocked) plan.upgrade = draft.upgrade;
  return plan;
}

/**
 * Compares what the spec declares with what RDS reports and decides, per
 * instance, whether to create it, modify only what differs, leave it alone,
 * or refuse (blocked) with a reason a person can act on.
 *
 * Pure and synchronous: no I/O, inputs are never mutated, and whatever the
 * observed instances contain, it returns a plan rather than throwing.
 * Observed instances that are not declared are ignored.
 */
export function computePlan(
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
  options: PlanOptions = {},
): Plan {
  const index = indexObserved(observed);
  const byId = new Map(desired.map((d) => [d.id, d]));
  const planned = desired.map((d) => {
    const db = findObserved(d, index);
    if (db !== undefined) return withSnapshotBefore(planExisting(d, db, options, byId), d, options);
    return d.replicaSource === undefined ? planCreate(d) : planCreateReplica(d, d.replicaSource);
  });
  const instances = linkReplicaUpgrades(
    planned,
    desired,
    (d) => findObserved(d, index),
    (id) => index.get(id),
  );
  return { instances, summary: summarizePlan(instances) };
}

/** How many instances the plan creates, modifies, leaves alone and refuses. */
export function summarizePlan(instances: readonly InstancePlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, modify: 0, noop: 0, blocked: 0 };
  for (const p of instances) summary[p.action] += 1;
  return summary;
}
