import { fault, invalidCombination, invalidState, invalidValue } from "../http/errors.js";
import { checkMaxRecords } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { DELETE_ONLY_WITHOUT_SNAPSHOT, STARTABLE } from "../lifecycle/injected-status.js";
import { checkStoppable } from "../rules/engine-settings.js";
import { checkIdentifier } from "../rules/formats.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import { getInstance, idFromRef } from "../state/lookup.js";
import type { Instance } from "../state/model.js";

const FILTERS = ["db-instance-id", "engine", "db-cluster-id", "dbi-resource-id", "domain"];

export interface Page {
  instances: Instance[];
  marker?: string;
}

function encodeMarker(id: string): string {
  return Buffer.from(`after:${id}`).toString("base64url");
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, "base64url").toString();
  if (!text.startsWith("after:")) throw invalidValue(`Invalid marker: ${marker}`);
  return text.slice("after:".length);
}

/** Identifier order is stable across calls, so Marker pagination never skips or repeats. */
export function describeDBInstances(ctx: Ctx, q: QueryParams): Page {
  const max = checkMaxRecords(q);
  const ref = q.str("DBInstanceIdentifier");
  const filters = q.filters();
  for (const f of filters) {
    if (!FILTERS.includes(f.name)) throw invalidValue(`Unrecognized filter name: ${f.name}`);
    if (f.values.length === 0)
      throw invalidValue(`The filter ${f.name} must have at least one value.`);
  }
  let ids: readonly string[];
  if (ref !== undefined) {
    ids = [getInstance(ctx, ref).DBInstanceIdentifier];
  } else {
    ids = ctx.sortedIds();
  }
  const marker = q.str("Marker");
  let start = 0;
  if (marker) {
    const after = decodeMarker(marker);
    // Binary search: the first id sorting after the marker's id.
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const wanted = filters.map((f) => {
    const values = f.name === "db-instance-id" ? f.values.map((v) => idFromRef(ctx, v)) : f.values;
    return { name: f.name, values: new Set(values) };
  });
  const out: Instance[] = [];
  for (let i = start; i < ids.length; i++) {
    const inst = ctx.state.instances.get(ids[i]!)!;
    if (!wanted.every((f) => matches(inst, f.name, f.values))) continue;
    if (out.length === max)
      return { instances: out, marker: encodeMarker(out[out.length - 1]!.DBInstanceIdentifier) };
    out.push(inst);
  }
  return { instances: out };
}

function matches(inst: Instance, name: string, values: Set<string>): boolean {
  switch (name) {
    case "db-instance-id":
      return values.has(inst.DBInstanceIdentifier);
    case "engine":
      return values.has(inst.Engine);
    case "dbi-resource-id":
      return values.has(inst.DbiResourceId);
    default:
      // No instance belongs to a cluster or a directory domain here.
      return false;
  }
}

export function deleteDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.DBInstanceStatus === "creating" || inst.DBInstanceStatus === "deleting") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be deleted");
  }
  if (inst.DeletionProtection) {
    throw invalidCombination(
      "Cannot delete protected DB Instance, please disable deletion protection and try again.",
    );
  }
  const skip = q.bool("SkipFinalSnapshot") ?? false;
  const snapshot = q.str("FinalDBSnapshotIdentifier");
  // A read replica has no final snapshot: RDS refuses the identifier, and wants
  // SkipFinalSnapshot=true (DeleteDBInstance API reference).
  if (inst.ReadReplicaSourceDBInstanceIdentifier && snapshot !== undefined) {
    throw invalidCombination(
      "FinalDBSnapshotIdentifier can not be specified when deleting a replica instance",
    );
  }
  if (inst.ReadReplicaSourceDBInstanceIdentifier && !skip) {
    throw invalidCombination("SkipFinalSnapshot must be true when deleting a replica instance");
  }
  if (skip && snapshot !== undefined) {
    throw invalidCombination(
      "Cannot specify FinalDBSnapshotIdentifier when SkipFinalSnapshot is true.",
    );
  }
  if (!skip && snapshot === undefined) {
    throw invalidCombination(
      "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.",
    );
  }
  if (snapshot !== undefined) checkIdentifier(snapshot, "FinalDBSnapshotIdentifier");
  if (snapshot !== undefined && DELETE_ONLY_WITHOUT_SNAPSHOT.has(inst.DBInstanceStatus)) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state ${inst.DBInstanceStatus}: no final snapshot can be taken. Delete it with SkipFinalSnapshot=true.`,
    );
  }
  inst.DBInstanceStatus = "deleting";
  inst.inFlight = {};
  inst.deferred = {};
  ctx.event(inst, "DB instance is being deleted", "deletion");
  ctx.schedule(inst, [{ after: DURATIONS.deleting, status: "deleted", effect: "delete" }]);
  return inst;
}

export function rebootDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (
    inst.DBInstanceStatus !== "available" &&
    inst.DBInstanceStatus !== "incompatible-parameters"
  ) {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be rebooted");
  }
  if (q.bool("ForceFailover") && !inst.MultiAZ) {
    throw invalidCombination("ForceFailover can only be used with a Multi-AZ instance.");
  }
  inst.DBInstanceStatus = "rebooting";
  ctx.event(inst, "DB instance shutdown", "availability");
  // A reboot completes anything in flight along with it.
  ctx.schedule(inst, [{ after: DURATIONS.rebooting, status: "available", effect: "reboot-done" }]);
  return inst;
}

export function stopDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be stopped");
  }
  // InvalidDBInstanceState: StopDBInstance's API reference lists no InvalidParameterCombination.
  if (inst.ReadReplicaSourceDBInstanceIdentifier) {
    throw fault("InvalidDBInstanceState", "Cannot stop or start a Read-Replica instance");
  }
  if (inst.ReadReplicaDBInstanceIdentifiers.length > 0) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} has read replicas and can't be stopped.`,
    );
  }
  checkStoppable(inst);
  inst.DBInstanceStatus = "stopping";
  ctx.schedule(inst, [{ after: DURATIONS.stopping, status: "stopped" }]);
  return inst;
}

export function startDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (!STARTABLE.has(inst.DBInstanceStatus)) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state ${inst.DBInstanceStatus}; it must be one of ${[...STARTABLE].join(", ")} to be started.`,
    );
  }
  inst.DBInstanceStatus = "starting";
  ctx.schedule(inst, [{ after: DURATIONS.starting, status: "available" }]);
  return inst;
}
