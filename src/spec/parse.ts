import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { SpecProblem } from "../errors.js";
import { KINDS } from "../kinds/index.js";
import type { DeclaredResource, KindPolicy } from "../kinds/types.js";
import {
  accountFileProblems,
  combineAccounts,
  type FileAccount,
  isAccountKey,
  readAccountKey,
} from "./_account.js";
import {
  ALLOW_MAJOR_UPGRADE,
  type Declared,
  type FieldMap,
  INSTANCE_REGION,
  REPLICA_SOURCE,
  readFieldMap,
} from "./_fields.js";
import { isSpecDocument } from "./_marker.js";
import { describeNode, mapEntries, readString, scalarText } from "./_scalars.js";
import { aliasCount, MAX_ALIASES, MAX_PROBLEMS_PER_FILE, SpecSource } from "./_source.js";
import { readPolicy, readRegion, readWait, TOP_LEVEL_KEYS } from "./_toplevel.js";
import { substituteVariables, type VarContext } from "./_vars.js";
import { crossFieldProblems } from "./cross-field.js";
import { unknownKeyMessage } from "./suggest.js";
import type {
  DesiredInstance,
  Policy,
  SourceLocation,
  Spec,
  VariableUse,
  WaitOptions,
} from "./types.js";
import { DEFAULT_WAIT } from "./wait-defaults.js";

export type SpecWarning = Spec["warnings"][number];

/** The outcome of reading spec text: the spec, or every problem found. */
export type ParseResult =
  | { ok: true; spec: Spec }
  | { ok: false; problems: SpecProblem[]; warnings: SpecWarning[] };

/** One file read on its own, before the checks that span files. */
export interface ParsedFile {
  file: string;
  instances: ReadInstance[];
  /** The file's items of the kinds beside instances, in KINDS order, then file order. */
  resources?: ReadResource[];
  problems: SpecProblem[];
  warnings: SpecWarning[];
  /** The file's account keys (profile, assumeRoleArn, externalId, allowedAccountIds). */
  account?: FileAccount;
  /** Problems found past the per-file cap: counted, not listed. */
  overflow?: number;
  /** With `onlySpec`: the file is not an rdsctl spec (no rdsctl key at its top level) and was not read. */
  notASpec?: true;
  /** The variables the file used, and those it declares (see _vars.ts). */
  variables?: VariableUse[];
  declaredVars?: string[];
}

/**
 * Validates spec text (YAML or JSON) as if read from `fileName`, which
 * locates problems and anchors `{ file: PATH }` secrets. Touches no disk.
 */
export function parseSpecText(text: string, fileName: string): ParseResult {
  return combineFiles([parseSpecFile(text, fileName)]);
}

/**
 * A check over every instance read, across files, run with the reader's own
 * checks so its problems are listed with theirs (e.g. the declared replica
 * graph and region names, judged by a caller that knows them).
 */
export type InstancesCheck = (instances: readonly DesiredInstance[]) => SpecProblem[];

/** Merges per-file results, checking identifier uniqueness across all of them. */
export function combineFiles(
  files: ParsedFile[],
  checks: readonly InstancesCheck[] = [],
): ParseResult {
  // Loops and concat, never a spread into push: a list of 145,000 problems
  // passed as arguments overflows the call stack.
  const problems = files.flatMap((f) => f.problems);
  const warnings = files.flatMap((f) => f.warnings);
  const read = files.flatMap((f) => f.instances);
  const overflow = new Map(files.map((f) => [f.file, f.overflow ?? 0]));
  for (const p of duplicateIdProblems(read, overflow)) problems.push(p);
  const resources = KINDS.flatMap((kind) =>
    files.flatMap((f) => (f.resources ?? []).filter((r) => r.declared.kind === kind.name)),
  );
  for (const p of duplicateResourceProblems(resources)) problems.push(p);
  for (const check of checks) for (const p of check(read.map((r) => r.desired))) problems.push(p);
  const accounts = combineAccounts(
    files.flatMap((f) => (f.account === undefined ? [] : [{ file: f.file, account: f.account }])),
  );
  for (const p of accounts.problems) problems.push(p);
  const instances = read.map((r) => r.desired);
  const order = files.map((f) => f.file);
  if (problems.length > 0) {
    return { ok: false, problems: capProblems(sortProblems(problems, order), overflow), warnings };
  }
  const spec: Spec = { files: files.map((f) => f.file), instances, warnings };
  if (resources.length > 0) spec.resources = resources.map((r) => r.declared);
  const variables = files.flatMap((f) => f.variables ?? []);
  if (variables.length > 0) spec.variables = variables;
  if (accounts.account !== undefined) spec.account = accounts.account;
  return { ok: true, spec };
}

export function parseSpecFile(
  text: string,
  file: string,
  options: { onlySpec?: boolean; vars?: VarContext } = {},
): ParsedFile {
  const aliases = aliasCount(text);
  if (aliases > MAX_ALIASES) {
    const message = `the file uses ${aliases.toLocaleString("en-US")} aliases, over the limit of ${MAX_ALIASES.toLocaleString("en-US")}; use defaults, or fewer aliases`;
    const problem = { file, line: 1, column: 1, path: "", message };
    return { file, instances: [], problems: [problem], warnings: [] };
  }
  const src = new SpecSource(text, file);
  if (options.onlySpec === true && !isSpecDocument(src)) {
    return { file, instances: [], problems: [], warnings: [], notASpec: true };
  }
  const account: FileAccount = { settings: {}, where: {} };
  const vars = substituteVariables(
    src,
    options.vars ?? { inputs: [], env: {} },
    text.includes("${"),
  );
  const { instances, resources } = readDocument(src, account);
  accountFileProblems(src, account);
  src.scrub();
  return {
    file,
    instances,
    ...(resources.length === 0 ? {} : { resources }),
    problems: src.problems,
    warnings: src.warnings,
    account,
    overflow: src.overflow,
    ...(vars.used.length === 0 ? {} : { variables: vars.used }),
    ...(vars.declared.length === 0 ? {} : { declaredVars: vars.declared }),
  };
}

/** A read instance and its dotted path in its file, for cross-file messages. */
export interface ReadInstance {
  desired: DesiredInstance;
  path: string;
}

/** A read item of a kind beside instances and its dotted path in its file. */
export interface ReadResource {
  declared: DeclaredResource;
  path: string;
}

interface ReadDocument {
  instances: ReadInstance[];
  resources: ReadResource[];
}

const NOTHING: ReadDocument = { instances: [], resources: [] };

/** The items of every kind's list (`parameterGroups:`, `subnetGroups:`), read by the kind. */
function readKindLists(
  src: SpecSource,
  lists: ReadonlyMap<string, Node | null>,
  region: Declared<string> | undefined,
  policy: Policy,
): ReadResource[] {
  const kindPolicy: KindPolicy = {
    purgeParameters: policy.purgeParameters ?? false,
    purgeTags: policy.purgeTags,
  };
  const out: ReadResource[] = [];
  for (const kind of KINDS) {
    if (!lists.has(kind.specKey)) continue;
    const node = lists.get(kind.specKey) ?? null;
    if (!isSeq(node)) {
      src.problem(
        node,
        kind.specKey,
        `expected a list of ${kind.label}s, got ${describeNode(node)}`,
      );
      continue;
    }
    node.items.forEach((item, i) => {
      const path = `${kind.specKey}[${i}]`;
      const declared = kind.readItem(src, src.deref(item), path, {
        ...(region === undefined ? {} : { region: region.value, regionAt: region.location }),
        policy: kindPolicy,
      });
      if (declared !== undefined) out.push({ declared, path });
    });
  }
  return out;
}

function readDocument(src: SpecSource, account: FileAccount): ReadDocument {
  const root = src.deref(src.doc.contents);
  if (root === null || (isScalar(root) && root.value === null)) {
    src.problem(root, "", "the spec is empty; expected a map with an `instances` list");
    return NOTHING;
  }
  const entries = mapEntries(src, root, "");
  if (entries === undefined) return NOTHING;
  const kindLists = new Map<string, Node | null>();
  const kindKeys = new Set(KINDS.map((k) => k.specKey));

  let region: Declared<string> | undefined;
  let policy: Policy = { purgeTags: false, rebootWhenNeeded: false };
  let wait: WaitOptions = { ...DEFAULT_WAIT };
  let defaults: FieldMap | undefined;
  let instancesNode: Node | null | undefined;
  for (const e of entries) {
    switch (e.key) {
      case "$schema":
        readString(src, e.value, e.path);
        break;
      case "region": {
        const value = readRegion(src, e.value, e.path);
        region = value === undefined ? undefined : { value, location: src.at(e.value) };
        break;
      }
      case "policy":
        policy = readPolicy(src, e.value, e.path);
        break;
      case "wait":
        wait = readWait(src, e.value, e.path);
        break;
      case "defaults":
        defaults = readFieldMap(src, e.value, e.path, "defaults");
        break;
      case "instances":
        instancesNode = e.value;
        break;
      case "vars":
        // Read, and substituted everywhere else, by substituteVariables.
        break;
      default:
        if (kindKeys.has(e.key)) kindLists.set(e.key, e.value);
        else if (isAccountKey(e.key)) readAccountKey(src, account, e.key, e.value, e.path);
        else
          src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, TOP_LEVEL_KEYS, "top-level key"));
    }
  }

  const resources = readKindLists(src, kindLists, region, policy);
  if (instancesNode === undefined) {
    // A spec of groups alone is whole; a spec of nothing is not.
    if (kindLists.size === 0)
      src.problem(root, "", "`instances` is required: a list of DB instances");
    return { instances: [], resources };
  }
  if (!isSeq(instancesNode) || instancesNode.items.length === 0) {
    const got = isSeq(instancesNode) ? "an empty list" : describeNode(instancesNode);
    src.problem(instancesNode, "instances", `expected a non-empty list of instances, got ${got}`);
    return { instances: [], resources };
  }
  const out: ReadInstance[] = [];
  instancesNode.items.forEach((item, i) => {
    const path = `instances[${i}]`;
    const itemNode = src.deref(item);
    const own = readFieldMap(src, itemNode, path, "instance");
    if (own === undefined) return;
    const merged = mergeDefaults(defaults, own);
    for (const p of crossFieldProblems(merged)) {
      src.add({
        ...p.location,
        path: `${path}.${p.field}`,
        message: `${path}: ${p.message}`,
      });
    }
    const id = merged.fields.get("DBInstanceIdentifier");
    if (id === undefined) {
      // A value that was declared but invalid has already been reported.
      if (!hasKey(src, itemNode, "DBInstanceIdentifier")) {
        src.problem(itemNode, path, "DBInstanceIdentifier is required");
      }
      return;
    }
    out.push({
      desired: toDesired(merged, String(id.value).toLowerCase(), { region, policy, wait }),
      path,
    });
  });
  return { instances: out, resources };
}

function hasKey(src: SpecSource, node: Node | null, key: string): boolean {
  return isMap(node) && node.items.some((p) => scalarText(src.deref(p.key)) === key);
}

/** Instance values win over defaults; Tags merge key by key. */
function mergeDefaults(defaults: FieldMap | undefined, own: FieldMap): FieldMap {
  if (defaults === undefined) return own;
  const fields = new Map([...defaults.fields, ...own.fields]);
  const dTags = defaults.fields.get("Tags");
  const oTags = own.fields.get("Tags");
  if (dTags !== undefined && oTags !== undefined) {
    fields.set("Tags", {
      value: { ...(dTags.value as object), ...(oTags.value as object) },
      location: oTags.location,
    });
  }
  const merged: FieldMap = { location: own.location, fields };
  const applyImmediately = own.applyImmediately ?? defaults.applyImmediately;
  const passwordVersion = own.passwordVersion ?? defaults.passwordVersion;
  if (applyImmediately !== undefined) merged.applyImmediately = applyImmediately;
  const allowMajor = own.allowMajorVersionUpgrade ?? defaults.allowMajorVersionUpgrade;
  if (allowMajor !== undefined) merged.allowMajorVersionUpgrade = allowMajor;
  if (passwordVersion !== undefined) merged.passwordVersion = passwordVersion;
  // Neither can come from defaults (the reader refuses them there).
  if (own.replicaSource !== undefined) merged.replicaSource = own.replicaSource;
  if (own.region !== undefined) merged.region = own.region;
  return merged;
}

function toDesired(
  merged: FieldMap,
  id: string,
  top: { region: Declared<string> | undefined; policy: Policy; wait: WaitOptions },
): DesiredInstance {
  const fields: Record<string, unknown> = {};
  const fieldSources: Record<string, SourceLocation> = {};
  for (const [name, declared] of merged.fields as Map<string, Declared<unknown>>) {
    // Values from defaults are shared by every instance: give each its own copy.
    const v = declared.value;
    fields[name] = v !== null && typeof v === "object" ? structuredClone(v) : v;
    fieldSources[name] = declared.location;
  }
  fields.DBInstanceIdentifier = id;
  const desired: DesiredInstance = {
    id,
    fields,
    applyImmediately: merged.applyImmediately?.value ?? false,
    policy: {
      ...top.policy,
      ...(top.policy.updatable ? { updatable: [...top.policy.updatable] } : {}),
    },
    wait: { ...top.wait },
    source: merged.location,
    fieldSources,
  };
  if (merged.passwordVersion !== undefined) desired.passwordVersion = merged.passwordVersion.value;
  if (merged.allowMajorVersionUpgrade !== undefined) {
    desired.allowMajorVersionUpgrade = merged.allowMajorVersionUpgrade.value;
    desired.fieldSources[ALLOW_MAJOR_UPGRADE] = merged.allowMajorVersionUpgrade.location;
  }
  if (merged.replicaSource !== undefined) {
    desired.replicaSource = merged.replicaSource.value;
    desired.fieldSources[REPLICA_SOURCE] = merged.replicaSource.location;
  }
  const region = merged.region ?? top.region;
  if (region !== undefined) {
    desired.region = region.value;
    desired.fieldSources[INSTANCE_REGION] = region.location;
  }
  return desired;
}

/**
 * RDS identifiers are case-insensitive, so `Orders-DB` and `orders-db` clash.
 * Past MAX_PROBLEMS_PER_FILE in a file the clashes are only counted (into
 * `overflow`): 145,000 messages would cost seconds and hundreds of MB.
 */
function duplicateIdProblems(
  instances: ReadInstance[],
  overflow: Map<string, number>,
): SpecProblem[] {
  const first = new Map<string, SourceLocation>();
  const listed = new Map<string, number>();
  const problems: SpecProblem[] = [];
  for (const { desired: inst, path } of instances) {
    const at = inst.fieldSources.DBInstanceIdentifier ?? inst.source;
    const seen = first.get(inst.id);
    if (seen === undefined) {
      first.set(inst.id, at);
      continue;
    }
    const n = listed.get(at.file) ?? 0;
    if (n >= MAX_PROBLEMS_PER_FILE) {
      overflow.set(at.file, (overflow.get(at.file) ?? 0) + 1);
      continue;
    }
    listed.set(at.file, n + 1);
    problems.push({
      ...at,
      path: `${path}.DBInstanceIdentifier`,
      message: `${path}.DBInstanceIdentifier: "${inst.id}" is already declared at ${seen.file}:${seen.line}:${seen.column} (identifiers are case-insensitive)`,
    });
  }
  return problems;
}

/**
 * Names are unique per kind and region (RDS matches them without regard to
 * case): a second item of the same kind, region and name is a problem at its
 * name. Items without a region share the connection's.
 */
function duplicateResourceProblems(resources: readonly ReadResource[]): SpecProblem[] {
  const first = new Map<string, SourceLocation>();
  const problems: SpecProblem[] = [];
  for (const { declared: d, path } of resources) {
    const kind = KINDS.find((k) => k.name === d.kind);
    const idField = kind?.idField ?? "name";
    const at = d.fieldSources[idField] ?? d.source;
    const key = `${d.kind}/${d.region ?? ""}/${d.id}`;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, at);
      continue;
    }
    problems.push({
      ...at,
      path: `${path}.${idField}`,
      message: `${path}.${idField}: ${kind?.label ?? d.kind} "${d.id}" is already declared at ${seen.file}:${seen.line}:${seen.column} (names are case-insensitive)`,
    });
  }
  return problems;
}

/** Files in the order given, problems in document order within each. */
function sortProblems(problems: SpecProblem[], files: string[]): SpecProblem[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  return [...problems].sort(
    (a, b) =>
      (rank.get(a.file) ?? -1) - (rank.get(b.file) ?? -1) || a.line - b.line || a.column - b.column,
  );
}

/**
 * The first MAX_PROBLEMS_PER_FILE problems of each file (sorted), then one
 * line "and N more problems in this file" counting those left out here and
 * those the reader only counted (`overflow`).
 */
function capProblems(sorted: SpecProblem[], overflow: Map<string, number>): SpecProblem[] {
  const kept: SpecProblem[] = [];
  const count = new Map<string, number>();
  const firstLeft = new Map<string, SpecProblem>();
  for (const p of sorted) {
    const n = count.get(p.file) ?? 0;
    count.set(p.file, n + 1);
    if (n < MAX_PROBLEMS_PER_FILE) kept.push(p);
    else if (!firstLeft.has(p.file)) firstLeft.set(p.file, p);
  }
  const out: SpecProblem[] = [];
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i]!;
    out.push(p);
    if (kept[i + 1]?.file === p.file) continue;
    const more =
      Math.max(0, (count.get(p.file) ?? 0) - MAX_PROBLEMS_PER_FILE) + (overflow.get(p.file) ?? 0);
    if (more > 0) {
      const at = firstLeft.get(p.file) ?? p;
      out.push({
        file: p.file,
        line: at.line,
        column: at.column,
        path: "",
        message: `and ${more.toLocaleString("en-US")} more problem${more === 1 ? "" : "s"} in this file, not listed`,
      });
    }
  }
  return out;
}
