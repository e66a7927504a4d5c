import type { DBInstance } from "@aws-sdk/client-rds";
import {
  asRecord,
  member,
  nonEmptyString as str,
} from "../kinds/instance/fields/describe-readers.js";
import { FIELDS, fieldByName, fieldWithRole } from "../kinds/instance/fields/table.js";
import type { DesiredInstance, SourceLocation } from "../spec/types.js";
import { compareValue } from "./compare.js";
import { show } from "./messages.js";
import { parseDbArn, REPLICA_SOURCE_KEY, replicaFieldRoute, sourceIdOf } from "./replica.js";

/*
 * The replica graph of a spec: which declared instance each replica waits
 * for, and every reason the replicas cannot be created as declared (a source
 * neither declared nor live, a cycle, a chain deeper than the engine allows,
 * an inherited field that disagrees with the source, a source without
 * automated backups). Pure: plain data in, plain data out.
 */

/** One problem with the replicas of a spec, located at the replica's item. */
export interface ReplicaProblem {
  id: string;
  location: SourceLocation;
  field: string;
  message: string;
}

/** Where a replica's source is: declared in the spec, or only live in RDS. */
export type ResolvedSource =
  | { kind: "declared"; id: string; desired: DesiredInstance; live?: DBInstance }
  | { kind: "live"; id: string; live: DBInstance }
  | { kind: "missing"; id: string };

export interface ReplicaGraph {
  /** Replica id -> the declared instance id it waits for (its source, when declared). */
  dependsOn: Map<string, string>;
  /** Replica id -> its resolved source. */
  sources: Map<string, ResolvedSource>;
  problems: ReplicaProblem[];
}

export interface GraphOptions {
  /** The region each declared instance lives in (its own, else the connection's); default `d.region`. */
  regionOf?: (d: DesiredInstance) => string | undefined;
}

function regionOfArn(db: DBInstance): string | undefined {
  const arn = str(member(db, "DBInstanceArn"));
  return arn === undefined ? undefined : parseDbArn(arn)?.region;
}

const SELF_REFERENCE =
  "SourceDBInstanceIdentifier names the instance itself; a read replica needs another instance as its source";

const key = (region: string | undefined, id: string) => `${region ?? ""}/${id.toLowerCase()}`;

/**
 * How deep a chain of replicas may go below its primary: MySQL and MariaDB
 * cascade up to three replicas; PostgreSQL too from 14.1, before that a
 * replica cannot have replicas; other engines do not cascade.
 */
export function maxReplicaDepth(engine: string | undefined, version: string | undefined): number {
  const e = (engine ?? "").toLowerCase();
  if (e === "mysql" || e === "mariadb") return 3;
  if (e === "postgres") {
    if (version === undefined) return 3;
    const [major = 0, minor = 0] = version.split(".").map((p) => Number.parseInt(p, 10) || 0);
    return major > 14 || (major === 14 && minor >= 1) || (major === 14 && version === "14") ? 3 : 1;
  }
  return 1;
}

/** The replica graph of `desired` against the live instances `observed` (declared and sources). */
export function replicaGraph(
  desired: readonly DesiredInstance[],
  observed: readonly DBInstance[],
  options: GraphOptions = {},
): ReplicaGraph {
  const regionOf = options.regionOf ?? ((d: DesiredInstance) => d.region);
  const declared = new Map<string, DesiredInstance>();
  for (const d of desired) declared.set(key(regionOf(d), d.id), d);
  const live = new Map<string, DBInstance>();
  for (const db of observed) {
    if (asRecord(db) === undefined) continue;
    const id = str(fieldWithRole("identifier").current(db));
    if (id === undefined) continue;
    const k = key(regionOfArn(db), id);
    if (!live.has(k)) live.set(k, db);
    if (!live.has(key(undefined, id))) live.set(key(undefined, id), db);
  }
  const liveOf = (region: string | undefined, id: string) =>
    live.get(key(region, id)) ?? live.get(key(undefined, id));

  const graph: ReplicaGraph = { dependsOn: new Map(), sources: new Map(), problems: [] };
  const problem = (d: DesiredInstance, field: string, message: string) =>
    graph.problems.push({
      id: d.id,
      location: d.fieldSources[field] ?? d.source,
      field,
      message: `${d.id}: ${message}`,
    });

  for (const d of desired) {
    const ref = d.replicaSource;
    if (ref === undefined) continue;
    const arn = parseDbArn(ref);
    const region = arn?.region ?? regionOf(d);
    const id = sourceIdOf(ref);
    if (id === d.id && region === regionOf(d)) {
      problem(d, REPLICA_SOURCE_KEY, SELF_REFERENCE);
      continue;
    }
    const src = declared.get(key(region, id));
    const db = liveOf(region, id);
    if (src !== undefined) {
      graph.sources.set(d.id, {
        kind: "declared",
        id: src.id,
        desired: src,
        ...(db === undefined ? {} : { live: db }),
      });
      graph.dependsOn.set(d.id, src.id);
    } else if (db !== undefined) {
      graph.sources.set(d.id, { kind: "live", id, live: db });
    } else {
      graph.sources.set(d.id, { kind: "missing", id });
    }
  }

  const liveReplicas = new Set(
    desired.filter((d) => liveOf(regionOf(d), d.id) !== undefined).map((d) => d.id),
  );
  for (const d of desired) {
    const source = graph.sources.get(d.id);
    if (source === undefined) continue;
    checkFields(d, source, problem);
    // What already exists was created by RDS; the remaining checks are about creating.
    if (liveReplicas.has(d.id)) continue;
    if (source.kind === "missing") {
      problem(
        d,
        REPLICA_SOURCE_KEY,
        `its source ${d.replicaSource} is neither declared in the spec nor found in RDS; declare it, or correct SourceDBInstanceIdentifier`,
      );
      continue;
    }
    checkBackups(d, source, problem);
  }
  checkCycles(desired, graph, problem);
  checkDepth(desired, graph, problem);
  return graph;
}

type Report = (d: DesiredInstance, field: string, message: string) => void;

/**
 * What the spec alone says is wrong with its replicas, judged before any
 * call: a replica of itself, a cycle, a declared chain deeper than its
 * engine allows. A source the spec does not declare may be live in RDS, so
 * it is left to the plan, which reads RDS.
 */
export function declaredReplicaProblems(
  desired: readonly DesiredInstance[],
  options: GraphOptions = {},
): ReplicaProblem[] {
  const regionOf = options.regionOf ?? ((d: DesiredInstance) => d.region);
  const graph: ReplicaGraph = { dependsOn: new Map(), sources: new Map(), problems: [] };
  const report: Report = (d, field, message) =>
    graph.problems.push({
      id: d.id,
      location: d.fieldSources[field] ?? d.source,
      field,
      message: `${d.id}: ${message}`,
    });
  const declared = new Map(desired.map((d) => [key(regionOf(d), d.id), d]));
  for (const d of desired) {
    const ref = d.replicaSource;
    if (ref === undefined) continue;
    const region = parseDbArn(ref)?.region ?? regionOf(d);
    const id = sourceIdOf(ref);
    if (id === d.id && region === regionOf(d)) {
      report(d, REPLICA_SOURCE_KEY, SELF_REFERENCE);
      continue;
    }
    const src = declared.get(key(region, id));
    if (src === undefined) continue;
    graph.sources.set(d.id, { kind: "declared", id: src.id, desired: src });
    graph.dependsOn.set(d.id, src.id);
  }
  checkCycles(desired, graph, report);
  checkDepth(desired, graph, report);
  return graph.problems;
}

/** The source's value of a field: declared there, else what RDS reports. */
function sourceValue(
  source: ResolvedSource,
  name: string,
): { value: unknown; from: string } | undefined {
  if (source.kind === "missing") return undefined;
  const f = fieldByName(name);
  if (source.kind === "declared") {
    const declared = source.desired.fields[name];
    if (declared !== undefined) {
      const at = source.desired.fieldSources[name] ?? source.desired.source;
      return { value: declared, from: `declared at ${at.file}:${at.line}` };
    }
  }
  if (source.live === undefined || f === undefined) return undefined;
  const value = f.current(source.live);
  return value === undefined ? undefined : { value, from: "in RDS" };
}

/** Inherited fields must agree with the source; fields a replica cannot take are refused. */
function checkFields(d: DesiredInstance, source: ResolvedSource, report: Report): void {
  for (const f of FIELDS) {
    const value = d.fields[f.name];
    if (value === undefined || f.sensitive === true) continue;
    const route = replicaFieldRoute(f);
    if (route === "refused") {
      report(
        d,
        f.name,
        `${f.name} cannot be set on a read replica: CreateDBInstanceReadReplica does not take it and it cannot change after create; remove it from the replica`,
      );
      continue;
    }
    if (route !== "inherited") continue;
    const theirs = sourceValue(source, f.name);
    if (theirs === undefined) continue;
    const verdict = compareValue(f, value, theirs.value);
    const reverse = compareValue(f, theirs.value, value);
    if (verdict === "different" && reverse === "different") {
      report(
        d,
        f.name,
        `${f.name} is ${show(value)}, but a read replica takes ${f.name} from its source ${source.id}, which has ${show(theirs.value)} (${theirs.from}); remove ${f.name} from the replica or declare ${show(theirs.value)}`,
      );
    }
  }
}

/**
 * RDS creates a replica from a backup: the source needs automated backups
 * on. A read replica the same run creates starts with them off, so as the
 * source of another (a cascade) it must declare its own retention.
 */
function checkBackups(d: DesiredInstance, source: ResolvedSource, report: Report): void {
  const name = fieldWithRole("backup-retention").name;
  let theirs = sourceValue(source, name);
  if (
    theirs === undefined &&
    source.kind === "declared" &&
    source.live === undefined &&
    source.desired.replicaSource !== undefined
  ) {
    theirs = { value: 0, from: "a new read replica starts with them off" };
  }
  if (theirs === undefined || theirs.value !== 0) return;
  report(
    d,
    REPLICA_SOURCE_KEY,
    `its source ${source.id} has automated backups off (BackupRetentionPeriod 0, ${theirs.from}), and RDS creates a read replica only from a source with automated backups; set BackupRetentionPeriod to 1 or more on ${source.id}`,
  );
}

function checkCycles(desired: readonly DesiredInstance[], graph: ReplicaGraph, report: Report) {
  const byId = new Map(desired.map((d) => [d.id, d]));
  const reported = new Set<string>();
  for (const d of desired) {
    const path: string[] = [];
    let at: string | undefined = d.id;
    while (at !== undefined && !path.includes(at)) {
      path.push(at);
      at = graph.dependsOn.get(at);
    }
    if (at === undefined || at !== d.id) continue;
    const cycle = [...path, d.id];
    if (path.some((id) => reported.has(id))) continue;
    for (const id of path) reported.add(id);
    const first = byId.get(d.id);
    if (first !== undefined) {
      report(
        first,
        REPLICA_SOURCE_KEY,
        `the replicas form a cycle (${cycle.join(" -> ")}): each would wait for the other; one of them must be a primary without SourceDBInstanceIdentifier`,
      );
    }
  }
}

/** Depth below the primary, its engine and version, following declared then live sources. */
function chainOf(
  d: DesiredInstance,
  graph: ReplicaGraph,
  byId: Map<string, DesiredInstance>,
): { depth: number; root: string; engine?: string; version?: string } | undefined {
  let depth = 0;
  let current: DesiredInstance = d;
  const seen = new Set<string>();
  for (;;) {
    if (seen.has(current.id)) return undefined; // a cycle, reported on its own
    seen.add(current.id);
    const source = graph.sources.get(current.id);
    if (source === undefined) {
      if (depth === 0) return undefined;
      const engine = str(current.fields[fieldWithRole("engine").name]);
      const version = str(current.fields[fieldWithRole("engine-version").name]);
      return {
        depth,
        root: current.id,
        ...(engine ? { engine } : {}),
        ...(version ? { version } : {}),
      };
    }
    depth += 1;
    if (source.kind === "declared") {
      const next = byId.get(source.id);
      if (next === undefined) return undefined;
      current = next;
      continue;
    }
    if (source.kind === "missing") return undefined;
    // A live-only source: RDS says whether it is itself a replica (one more level).
    const up = str(member(source.live, "ReadReplicaSourceDBInstanceIdentifier"));
    if (up !== undefined) depth += 1;
    const engine = str(fieldWithRole("engine").current(source.live));
    const version = str(fieldWithRole("engine-version").current(source.live));
    return {
      depth,
      root: up ?? source.id,
      ...(engine ? { engine } : {}),
      ...(version ? { version } : {}),
    };
  }
}

function checkDepth(desired: readonly DesiredInstance[], graph: ReplicaGraph, report: Report) {
  const byId = new Map(desired.map((d) => [d.id, d]));
  for (const d of desired) {
    if (d.replicaSource === undefined) continue;
    const chain = chainOf(d, graph, byId);
    if (chain === undefined) continue;
    const max = maxReplicaDepth(chain.engine, chain.version);
    if (chain.depth <= max) continue;
    const engine = chain.engine ?? "its engine";
    report(
      d,
      REPLICA_SOURCE_KEY,
      `it would be read replica level ${chain.depth} below ${chain.root}, and RDS allows at most ${max} level(s) for ${engine}${chain.version ? ` ${chain.version}` : ""}; make it a replica of an instance higher in the chain`,
    );
  }
}
