import type { DBInstance } from "@aws-sdk/client-rds";
import { fieldWithRole } from "../kinds/instance/fields/index.js";
import type { ResourceKind } from "../kinds/types.js";
import { DbStatus } from "../plan/db-status.js";
import { type AccountDefaults, accountDefaultsAsk, type LeftOut } from "./chosen.js";
import { type ExportedInstance, exportInstance, SOURCE_KEY } from "./instance.js";

/** A spec document built from live instances, before it is written as YAML. */
export interface ExportDocument {
  /** The region the instances were read in, when known. */
  region?: string;
  /**
   * `export --spec NAME`: the instances were chosen by their `rdsctl:spec`
   * tag, and the file keeps marking them (`policy.markManaged`, `specName`).
   */
  policy?: { markManaged: true; specName: string };
  /** Fields every exported instance has with the same value (only with two instances or more). */
  defaults: Record<string, unknown>;
  instances: ExportedInstance[];
  /** Instances on their way out (being deleted): not exported. */
  skipped: Array<{ id: string; status: string }>;
  /**
   * The groups the exported instances use, per kind (`parameterGroups:`,
   * `subnetGroups:`), in KINDS order; absent when there are none.
   */
  resources?: Array<{ specKey: string; items: Array<Record<string, unknown>> }>;
  /** With `chosenOnly`: the values left out as picked by RDS or the account, by instance. */
  leftOut?: LeftOut[];
}

/** RDS's own groups (`default`, `default.postgres16`): never exported, never declared. */
function isRdsOwn(name: string): boolean {
  return name === "default" || name.startsWith("default.");
}

/**
 * The names of the groups of a kind the exported instances name (in their
 * own fields or in `defaults`), lowercased, sorted, without RDS's own.
 */
export function usedNames(doc: ExportDocument, kind: Pick<ResourceKind, "idField">): string[] {
  const names = new Set<string>();
  for (const fields of [doc.defaults, ...doc.instances.map((i) => i.fields)]) {
    const name = fields[kind.idField];
    if (typeof name === "string" && name !== "" && !isRdsOwn(name.toLowerCase())) {
      names.add(name.toLowerCase());
    }
  }
  return [...names].sort();
}

/**
 * The document with each kind's live groups (as its read returned them)
 * written as that kind's spec items, in name order.
 */
export function withResources<L>(
  doc: ExportDocument,
  kind: Pick<ResourceKind<L>, "specKey" | "exportItem" | "liveId">,
  live: readonly L[],
): ExportDocument {
  if (live.length === 0) return doc;
  const items = [...live]
    .sort((a, b) => (kind.liveId(a) < kind.liveId(b) ? -1 : 1))
    .map((l) => kind.exportItem(l));
  return { ...doc, resources: [...(doc.resources ?? []), { specKey: kind.specKey, items }] };
}

/** Keys that stay with each instance: they name it or only make sense for it. */
const NEVER_SHARED = new Set<string>([
  fieldWithRole("identifier").name,
  fieldWithRole("master-password").name,
  SOURCE_KEY,
]);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Moves the fields (and single tags) every instance agrees on into `defaults`. */
function groupDefaults(instances: ExportedInstance[]): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const [first, ...rest] = instances;
  if (first === undefined || rest.length === 0) return defaults;
  const tagsKey = fieldWithRole("tags").name;
  for (const [key, value] of Object.entries(first.fields)) {
    if (NEVER_SHARED.has(key)) continue;
    if (key === tagsKey) {
      const common = commonTags(instances);
      if (Object.keys(common).length > 0) defaults[key] = common;
      continue;
    }
    if (rest.every((i) => key in i.fields && same(i.fields[key], value))) defaults[key] = value;
  }
  for (const inst of instances) {
    for (const key of Object.keys(defaults)) {
      if (key !== tagsKey) delete inst.fields[key];
    }
    const shared = defaults[tagsKey] as Record<string, string> | undefined;
    const own = inst.fields[tagsKey] as Record<string, string> | undefined;
    if (shared !== undefined && own !== undefined) {
      const left = Object.fromEntries(
        Object.entries(own).filter(([k]) => !Object.hasOwn(shared, k)),
      );
      if (Object.keys(left).length === 0) delete inst.fields[tagsKey];
      else inst.fields[tagsKey] = left;
    }
  }
  return defaults;
}

/** Tags (key and value) every instance has. */
function commonTags(instances: ExportedInstance[]): Record<string, string> {
  const tagsKey = fieldWithRole("tags").name;
  const lists = instances.map((i) => (i.fields[tagsKey] ?? {}) as Record<string, string>);
  const [first, ...rest] = lists;
  return Object.fromEntries(
    Object.entries(first ?? {}).filter(([k, v]) =>
      rest.every((tags) => Object.hasOwn(tags, k) && tags[k] === v),
    ),
  );
}

/** The instances to export, and those on their way out. */
function sortOut(dbs: readonly DBInstance[]) {
  const skipped: ExportDocument["skipped"] = [];
  const kept: DBInstance[] = [];
  for (const db of dbs) {
    const status = db.DBInstanceStatus;
    if (status !== undefined && DbStatus.of(status).isGoingAway) {
      skipped.push({ id: db.DBInstanceIdentifier ?? "", status });
    } else {
      kept.push(db);
    }
  }
  return { kept, skipped };
}

/**
 * What the account must be asked before `exportSpec` with `chosenOnly` can
 * tell its defaults (see chosen.ts): whether any exported entry has a KMS
 * key, and the VPCs of the entries with security groups.
 */
export function defaultsToCheck(dbs: readonly DBInstance[]): { keys: boolean; vpcIds: string[] } {
  return accountDefaultsAsk(
    sortOut(dbs).kept.map((db) => ({ db, fields: exportInstance(db).fields })),
  );
}

/**
 * Live instances (DescribeDBInstances output) as a spec document: what a
 * user would write to manage them, with the fields they all share in
 * `defaults`. With `chosenOnly`, what RDS or the account picked by
 * themselves is left out (chosen.ts) and listed in `leftOut`. Pure: the same
 * instances give the same document.
 */
export function exportSpec(
  dbs: readonly DBInstance[],
  options: { region?: string; chosenOnly?: AccountDefaults } = {},
): ExportDocument {
  const { kept, skipped } = sortOut(dbs);
  const instances = kept
    .map((db) => exportInstance(db, options.chosenOnly))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const leftOut = instances.flatMap((i) => i.leftOut ?? []);
  const defaults = groupDefaults(instances);
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    defaults,
    instances,
    skipped,
    ...(options.chosenOnly === undefined ? {} : { leftOut }),
  };
}
