import type { DBInstance } from "@aws-sdk/client-rds";
import { asRecord, member } from "../fields/describe-readers.js";
import { FIELDS } from "../fields/table.js";
import type { DesiredInstance } from "../spec/types.js";
import { type Draft, emptyDraft, type PlanContext } from "./context.js";
import { planCreate } from "./create.js";
import { diffField } from "./field-diff.js";
import { checkInstanceState, planParameterGroupReboot, planStorageFull } from "./instance-state.js";
import { planPassword } from "./password.js";
import { addStorageBundle } from "./storage-bundle.js";
import { planTags } from "./tags.js";
import type { InstancePlan, Plan, PlannedCall, PlanOptions, PlanSummary } from "./types.js";

const PI_SETTINGS = new Set(["PerformanceInsightsKMSKeyId", "PerformanceInsightsRetentionPeriod"]);

type ModifyInput = Extract<PlannedCall, { kind: "modify" }>["input"];

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Live instances by lowercased identifier and by lowercased ARN. */
function indexObserved(observed: readonly DBInstance[]): Map<string, DBInstance> {
  const byKey = new Map<string, DBInstance>();
  if (!Array.isArray(observed)) return byKey;
  for (const db of observed) {
    if (asRecord(db) === undefined) continue;
    const id = str(member(db, "DBInstanceIdentifier"));
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

function contextFor(d: DesiredInstance, db: DBInstance, options: PlanOptions): PlanContext {
  const status = str(member(db, "DBInstanceStatus"))?.toLowerCase();
  const declaredEngine = d.fields.Engine;
  return {
    d,
    db,
    pmv: asRecord(member(db, "PendingModifiedValues")) ?? {},
    status,
    engine: typeof declaredEngine === "string" ? declaredEngine : str(member(db, "Engine")),
    replicaOf: str(member(db, "ReadReplicaSourceDBInstanceIdentifier")),
    cluster: str(member(db, "DBClusterIdentifier")),
    options,
  };
}

function callsOf(ctx: PlanContext, draft: Draft): PlannedCall[] {
  const calls: PlannedCall[] = [];
  if (Object.keys(draft.modify).length > 0) {
    const input = {
      DBInstanceIdentifier: str(member(ctx.db, "DBInstanceIdentifier")) ?? ctx.d.id,
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
function planExisting(d: DesiredInstance, db: DBInstance, options: PlanOptions): InstancePlan {
  const ctx = contextFor(d, db, options);
  const draft = emptyDraft();
  const multiAZ =
    d.fields.MultiAZ === true || member(db, "MultiAZ") === true || ctx.pmv.MultiAZ === true;

  for (const f of FIELDS) {
    const desired = d.fields[f.name];
    if (desired === undefined) continue;
    if (f.name === "Tags" || f.name === "MasterUserPassword") continue;
    // The identifier is the match key, so it always matches.
    if (f.name === "DBInstanceIdentifier") continue;
    if (f.mutability === "create-only-unchecked") continue;
    // The zone moves on failover; with Multi-AZ it is not the user's to pin.
    if (f.name === "AvailabilityZone" && multiAZ) continue;
    // RDS reports no Performance Insights settings while it is off.
    if (PI_SETTINGS.has(f.name) && d.fields.EnablePerformanceInsights === false) continue;
    // Without a managed secret there is no secret key to compare; turning
    // management on sends it (see planPassword).
    if (f.name === "MasterUserSecretKmsKeyId" && member(db, "MasterUserSecret") === undefined) {
      continue;
    }
    diffField(ctx, draft, f, desired);
  }
  const password = FIELDS.find((f) => f.name === "MasterUserPassword");
  if (password !== undefined) planPassword(ctx, draft, password);
  planTags(ctx, draft);
  planParameterGroupReboot(ctx, draft);
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
  const arn = str(member(db, "DBInstanceArn"));
  if (arn !== undefined) plan.arn = arn;
  if (ctx.status !== undefined) plan.status = ctx.status;
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
  const instances = desired.map((d) => {
    const db = findObserved(d, index);
    return db === undefined ? planCreate(d) : planExisting(d, db, options);
  });
  return { instances, summary: summarizePlan(instances) };
}

/** How many instances the plan creates, modifies, leaves alone and refuses. */
export function summarizePlan(instances: readonly InstancePlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, modify: 0, noop: 0, blocked: 0 };
  for (const p of instances) summary[p.action] += 1;
  return summary;
}
