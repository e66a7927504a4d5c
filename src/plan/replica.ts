import type { DBInstance, Tag } from "@aws-sdk/client-rds";
import { asRecord, member } from "../kinds/instance/fields/describe-readers.js";
import { FIELDS, fieldWithRole, modifyNameOf } from "../kinds/instance/fields/table.js";
import type { FieldDef } from "../kinds/instance/fields/types.js";
import type { DesiredInstance } from "../spec/types.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { managedTag } from "./managed.js";
import { SENSITIVE, where } from "./messages.js";
import type { CreatePlan, FieldChange, PlannedCall } from "./types.js";

/*
 * Read replicas: the create of a declared replica (CreateDBInstanceReadReplica
 * with the fields it takes, then a ModifyDBInstance, applied at once, with
 * the modifiable ones it does not, such as BackupRetentionPeriod), and the replica role of an existing instance (kept, refused,
 * or promoted when the run asks for it).
 */

/** The spec key naming a replica's source (not a CreateDBInstance field). */
export const REPLICA_SOURCE_KEY = "SourceDBInstanceIdentifier";

type ReplicaInput = Extract<PlannedCall, { kind: "create-replica" }>["input"];
type ModifyInput = Extract<PlannedCall, { kind: "modify" }>["input"];

/** `arn:aws:rds:REGION:ACCOUNT:db:ID` split into its region and identifier, lowercased. */
export function parseDbArn(ref: string): { region: string; id: string } | undefined {
  const m = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:db:([a-z][a-z0-9-]*)$/i.exec(ref);
  return m === null
    ? undefined
    : { region: (m[1] as string).toLowerCase(), id: (m[2] as string).toLowerCase() };
}

/** The identifier part of a source reference (the reference itself unless it is an ARN). */
export function sourceIdOf(ref: string): string {
  return parseDbArn(ref)?.id ?? ref.toLowerCase();
}

/** Whether a declared source reference and the source RDS reports name the same instance. */
export function sameSource(declared: string, live: string): boolean {
  const a = parseDbArn(declared);
  const b = parseDbArn(live);
  if (a !== undefined && b !== undefined) return a.region === b.region && a.id === b.id;
  return sourceIdOf(declared) === sourceIdOf(live);
}

/**
 * Whether an instance has automated backups on with no retention change
 * pending: RDS creates a read replica only from such a source.
 */
export function backupsOn(db: DBInstance): boolean {
  const f = fieldWithRole("backup-retention");
  const days = f.current(db);
  if (typeof days !== "number" || days <= 0) return false;
  const pmv = asRecord(member(db, "PendingModifiedValues")) ?? {};
  return f.pending === undefined || f.pending(pmv) === undefined;
}

/** Whether a field declared on a replica is taken from its source rather than set. */
export function inheritedByReplica(f: FieldDef): boolean {
  return f.inheritedBy?.replica === true;
}

/** What happens to a field declared on a replica to be created. */
export type ReplicaFieldRoute = "inherited" | "create" | "modify-after" | "refused";

/** Where a declared field of a new replica goes: from the table's `inheritedBy` and `replicaCreate`. */
export function replicaFieldRoute(f: FieldDef): ReplicaFieldRoute {
  if (inheritedByReplica(f)) return "inherited";
  if (f.replicaCreate === true) return "create";
  if (f.mutability === "modifiable") return "modify-after";
  return "refused";
}

function tagsOf(value: unknown): Tag[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([Key, v]) => ({
    Key,
    Value: String(v),
  }));
}

function change(field: string, to: unknown, sensitive: boolean): FieldChange {
  return {
    field,
    from: undefined,
    to: sensitive ? SENSITIVE : to,
    timing: "immediate",
    downtime: false,
    sensitive,
  };
}

/**
 * A declared read replica that does not exist: CreateDBInstanceReadReplica
 * with every declared field it takes, then (when some declared modifiable
 * field is not one of those) one ModifyDBInstance once it is available.
 * Inherited fields are not sent (the replica graph checks they agree with
 * the source); refused ones are reported there too.
 */
export function planCreateReplica(d: DesiredInstance, sourceRef: string): CreatePlan {
  const idName = fieldWithRole("identifier").name;
  const tagsName = fieldWithRole("tags").name;
  const input: Record<string, unknown> = { [idName]: d.id, [REPLICA_SOURCE_KEY]: sourceRef };
  const modify: Record<string, unknown> = {};
  const appliedNow: string[] = [];
  const changes: FieldChange[] = [change(REPLICA_SOURCE_KEY, sourceRef, false)];
  for (const f of FIELDS) {
    const value = d.fields[f.name];
    if (value === undefined || f.name === idName) continue;
    if (f.name === tagsName) {
      const tags = tagsOf(value);
      input[tagsName] = tags;
      for (const t of tags) changes.push(change(`Tags.${t.Key}`, t.Value, false));
      continue;
    }
    const route = replicaFieldRoute(f);
    if (route === "inherited" || route === "refused") continue;
    const wire = f.wire === undefined ? value : f.wire(value);
    const sensitive = f.sensitive === true;
    if (route === "create") {
      input[f.name] = wire;
      changes.push(change(f.name, wire, sensitive));
      continue;
    }
    const name = modifyNameOf(f);
    modify[name] = wire;
    // The modify finishes the create: nothing uses the new replica yet, so
    // what it sets applies now, as CreateDBInstance applies every field.
    const now = f.timing !== "after-reboot";
    if (now) appliedNow.push(name);
    changes.push({
      ...change(f.name, wire, sensitive),
      timing: now ? "immediate" : "after-reboot",
    });
  }
  const marker = managedTag(d);
  if (marker !== undefined) {
    input[tagsName] = [...((input[tagsName] as Tag[] | undefined) ?? []), marker];
    changes.push(change(`Tags.${marker.Key}`, marker.Value, false));
  }
  const calls: PlannedCall[] = [
    { kind: "create-replica", input: input as unknown as ReplicaInput },
  ];
  if (Object.keys(modify).length > 0) {
    const modifyInput = {
      [idName]: d.id,
      ApplyImmediately: true,
      ...modify,
    } as unknown as ModifyInput;
    calls.push({ kind: "modify", input: modifyInput, appliedNow });
  }
  const plan: CreatePlan = {
    action: "create",
    id: d.id,
    source: d.source,
    changes,
    blocked: [],
    notices: [],
    calls,
    replicaOf: sourceRef,
  };
  if (d.region !== undefined) plan.region = d.region;
  return plan;
}

/**
 * The replica role of an existing instance against its spec item. Returns
 * the context the field diff runs with: a replica being promoted owns its
 * inherited fields from now on, so they are compared like any instance's.
 */
export function planReplicaRole(ctx: PlanContext, draft: Draft): PlanContext {
  const { d } = ctx;
  const declared = d.replicaSource;
  const live = ctx.replicaOf;
  const at = where(d, REPLICA_SOURCE_KEY);
  if (declared !== undefined && live === undefined) {
    addBlocked(
      draft,
      REPLICA_SOURCE_KEY,
      "immutable",
      undefined,
      declared,
      `${d.id}: exists as a standalone instance, and RDS cannot turn an instance into a read replica in place. ` +
        `Declare the replica under a new DBInstanceIdentifier, or remove SourceDBInstanceIdentifier (${at}).`,
    );
    return ctx;
  }
  if (declared !== undefined && live !== undefined) {
    if (!sameSource(declared, live)) {
      addBlocked(
        draft,
        REPLICA_SOURCE_KEY,
        "immutable",
        live,
        declared,
        `${d.id}: is a read replica of ${live}, and RDS cannot move a replica to another source. ` +
          `Declare SourceDBInstanceIdentifier: ${live}, or declare a new replica of ${declared} under another identifier (${at}).`,
      );
    }
    return ctx;
  }
  if (live === undefined) return ctx;
  if (ctx.options.promote?.has(d.id) !== true) {
    addBlocked(
      draft,
      REPLICA_SOURCE_KEY,
      "promotion",
      live,
      undefined,
      `${d.id}: is a read replica of ${live}, but its spec item has no SourceDBInstanceIdentifier. ` +
        `rdsctl never promotes a replica on its own: declare SourceDBInstanceIdentifier: ${live} to keep it a replica, ` +
        `or run apply --promote ${d.id} to make it a standalone instance (it restarts and stops replicating for good) (${d.source.file}:${d.source.line}).`,
    );
    return ctx;
  }
  draft.changes.push({
    field: REPLICA_SOURCE_KEY,
    from: live,
    to: undefined,
    timing: "immediate",
    downtime: true,
    sensitive: false,
  });
  const input: Record<string, unknown> = { [fieldWithRole("identifier").name]: d.id };
  // PromoteReadReplica turns backups on (1 day) unless told otherwise: give it the declared retention.
  for (const f of FIELDS) {
    if (f.promoteTakes === true && d.fields[f.name] !== undefined) {
      input[f.name] = d.fields[f.name];
    }
  }
  draft.promote = input as unknown as Extract<PlannedCall, { kind: "promote" }>["input"];
  return { ...ctx, replicaOf: undefined };
}
