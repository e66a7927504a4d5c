import { dirname, resolve } from "node:path";
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from "yaml";
import type { ValueKind } from "../fields/types.js";
import type { SpecSource } from "./_source.js";
import { unknownKeyMessage } from "./suggest.js";
import type { SecretRef } from "./types.js";

/** A value read from the file, or `undefined` when a problem was recorded instead. */
export type Read<T> = { value: T } | undefined;

export function describeNode(node: Node | null): string {
  if (node === null) return "nothing (null)";
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "nothing (null)";
    if (typeof v === "boolean") return "a boolean";
    if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a number";
    if (typeof v === "string") return "a string";
  }
  return "an unsupported value";
}

/**
 * The text of a scalar the user meant as a string. An unquoted number keeps
 * its source text, so `EngineVersion: 8.0` is "8.0", not "8".
 */
export function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") {
    return (node as Scalar & { source?: string }).source ?? String(v);
  }
  return undefined;
}

export function readString(src: SpecSource, node: Node | null, path: string): Read<string> {
  const text = scalarText(node);
  if (text === undefined) {
    src.problem(node, path, `expected a string, got ${describeNode(node)}`);
    return undefined;
  }
  return { value: text };
}

export function readBoolean(src: SpecSource, node: Node | null, path: string): Read<boolean> {
  if (isScalar(node) && typeof node.value === "boolean") return { value: node.value };
  const hint =
    isScalar(node) && typeof node.value === "string" && /^(yes|no|on|off|y|n)$/i.test(node.value)
      ? " (write true or false)"
      : "";
  src.problem(node, path, `expected a boolean (true or false), got ${describeNode(node)}${hint}`);
  return undefined;
}

export function readNumber(src: SpecSource, node: Node | null, path: string): Read<number> {
  if (isScalar(node) && typeof node.value === "number" && Number.isFinite(node.value)) {
    return { value: node.value };
  }
  src.problem(node, path, `expected a number, got ${describeNode(node)}`);
  return undefined;
}

/** Map entries with their keys as strings; non-string keys are problems. */
export function mapEntries(
  src: SpecSource,
  node: Node | null,
  path: string,
): Array<{ key: string; keyNode: Node; value: Node | null; path: string }> | undefined {
  if (!isMap(node)) {
    src.problem(node, path, `expected a map, got ${describeNode(node)}`);
    return undefined;
  }
  const out: Array<{ key: string; keyNode: Node; value: Node | null; path: string }> = [];
  for (const pair of node.items as Pair<unknown, unknown>[]) {
    const keyNode = src.deref(pair.key);
    const key = scalarText(keyNode);
    if (key === undefined || keyNode === null) {
      src.problem(keyNode ?? node, path, `keys must be strings, got ${describeNode(keyNode)}`);
      continue;
    }
    out.push({ key, keyNode, value: src.deref(pair.value), path: path ? `${path}.${key}` : key });
  }
  return out;
}

/** Reads a field value according to its kind in the field table. */
export function readByKind(
  src: SpecSource,
  node: Node | null,
  path: string,
  kind: ValueKind,
  check?: (value: unknown) => string | undefined,
  sensitive = false,
): Read<unknown> {
  const checked = <T>(read: Read<T>): Read<T> => {
    const problem = read === undefined || check === undefined ? undefined : check(read.value);
    if (problem === undefined) return read;
    src.problem(node, path, problem);
    return undefined;
  };
  switch (kind.type) {
    case "string": {
      const read = checked(readString(src, node, path));
      return read && constrainString(src, node, path, kind, read.value, sensitive);
    }
    case "integer": {
      const read = checked(readInteger(src, node, path));
      return read && readInteger(src, node, path, kind.minimum, kind.maximum);
    }
    case "boolean":
      return checked(readBoolean(src, node, path));
    case "string-list":
      return checked(readStringList(src, node, path));
    case "tags":
      return checked(readTags(src, node, path));
    case "secret":
      return checked(readSecret(src, node, path));
    case "object-list":
      return checked(readObjectList(src, node, path, kind.itemKeys));
  }
}

function constrainString(
  src: SpecSource,
  node: Node | null,
  path: string,
  kind: Extract<ValueKind, { type: "string" }>,
  v: string,
  sensitive: boolean,
): Read<string> {
  // A sensitive value is never echoed back, even when it is wrong.
  const shown = sensitive ? "the value" : `"${v}"`;
  if (kind.enum !== undefined) {
    const fold = (s: string) => (kind.caseInsensitive ? s.toLowerCase() : s);
    if (!kind.enum.some((e) => fold(e) === fold(v))) {
      src.problem(node, path, `${shown} is not one of ${kind.enum.join(", ")}`);
      return undefined;
    }
  }
  if (
    kind.pattern !== undefined &&
    !new RegExp(kind.pattern, kind.caseInsensitive ? "i" : "").test(v)
  ) {
    src.problem(node, path, `${shown} does not match the expected format ${kind.pattern}`);
    return undefined;
  }
  return { value: v };
}

export function readInteger(
  src: SpecSource,
  node: Node | null,
  path: string,
  minimum?: number,
  maximum?: number,
): Read<number> {
  if (!isScalar(node) || typeof node.value !== "number" || !Number.isInteger(node.value)) {
    src.problem(node, path, `expected an integer, got ${describeNode(node)}`);
    return undefined;
  }
  const v = node.value;
  if (minimum !== undefined && v < minimum) {
    src.problem(node, path, `${v} is below the minimum ${minimum}`);
    return undefined;
  }
  if (maximum !== undefined && v > maximum) {
    src.problem(node, path, `${v} is above the maximum ${maximum}`);
    return undefined;
  }
  return { value: v };
}

function readStringList(src: SpecSource, node: Node | null, path: string): Read<string[]> {
  if (!isSeq(node)) {
    src.problem(node, path, `expected a list of strings, got ${describeNode(node)}`);
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const r = readString(src, src.deref(item), `${path}[${i}]`);
    if (r === undefined) ok = false;
    else out.push(r.value);
  });
  return ok ? { value: out } : undefined;
}

/** Tag keys AWS reserves for itself; RDS refuses them in user tags. */
const RESERVED_TAG_PREFIXES = ["aws:", "rds:"];

function readTags(src: SpecSource, node: Node | null, path: string): Read<Record<string, string>> {
  const pairs: Array<{ key: string; keyNode: Node | null; value: string; path: string }> = [];
  let ok = true;
  if (isMap(node)) {
    for (const e of mapEntries(src, node, path) ?? []) {
      const value = tagValueText(e.value);
      if (value === undefined) {
        src.problem(
          e.value ?? e.keyNode,
          e.path,
          `expected a string tag value, got ${describeNode(e.value)}`,
        );
        ok = false;
      } else pairs.push({ key: e.key, keyNode: e.keyNode, value, path: e.path });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      const r = readKeyedObject(src, src.deref(item), itemPath, ["Key", "Value"], ["Key"]);
      if (r === undefined) {
        ok = false;
        return;
      }
      const { values, nodes } = r;
      pairs.push({
        key: values.Key ?? "",
        keyNode: nodes.Key ?? null,
        value: values.Value ?? "",
        path: itemPath,
      });
    });
  } else {
    src.problem(
      node,
      path,
      `expected a map { key: value } or a list of { Key, Value }, got ${describeNode(node)}`,
    );
    return undefined;
  }

  const tags: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const p of pairs) {
    const reserved = RESERVED_TAG_PREFIXES.find((prefix) => p.key.toLowerCase().startsWith(prefix));
    if (reserved !== undefined) {
      src.problem(p.keyNode, p.path, `tag keys starting with "${reserved}" are reserved by AWS`);
      ok = false;
    } else if (p.key.length === 0 || p.key.length > 128) {
      src.problem(p.keyNode, p.path, "a tag key must be 1 to 128 characters long");
      ok = false;
    } else if (p.value.length > 256) {
      src.problem(p.keyNode, p.path, "a tag value must be at most 256 characters long");
      ok = false;
    } else if (seen.has(p.key)) {
      src.problem(p.keyNode, p.path, `tag "${p.key}" is declared twice`);
      ok = false;
    }
    seen.add(p.key);
    tags.push([p.key, p.value]);
  }
  // fromEntries defines every key as data, so even a `__proto__` tag survives.
  return ok ? { value: Object.fromEntries(tags) } : undefined;
}

/** Tag values are strings; an unquoted number or boolean keeps its source text. */
function tagValueText(node: Node | null): string | undefined {
  if (isScalar(node) && typeof node.value === "boolean") return String(node.value);
  return scalarText(node);
}

/**
 * A map with a fixed set of keys whose values are strings (numbers keep their
 * source text), as in `{ Key, Value }` tags and `{ Name, Value }` items.
 */
function readKeyedObject(
  src: SpecSource,
  node: Node | null,
  path: string,
  keys: readonly string[],
  required: readonly string[],
): { values: Record<string, string>; nodes: Record<string, Node> } | undefined {
  const entries = mapEntries(src, node, path);
  if (entries === undefined) return undefined;
  let ok = true;
  const values: Record<string, string> = {};
  const nodes: Record<string, Node> = {};
  for (const e of entries) {
    if (!keys.includes(e.key)) {
      src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, keys, "key"));
      ok = false;
      continue;
    }
    const v = tagValueText(e.value);
    if (v === undefined) {
      src.problem(e.value ?? e.keyNode, e.path, `expected a string, got ${describeNode(e.value)}`);
      ok = false;
      continue;
    }
    values[e.key] = v;
    nodes[e.key] = e.keyNode;
  }
  for (const k of required) {
    if (ok && !(k in values)) {
      src.problem(node, path, `missing required key ${k}`);
      ok = false;
    }
  }
  return ok ? { values, nodes } : undefined;
}

/**
 * `[{ Name, Value }]`-style lists. The first item key (Name, VolumeName...)
 * is required, and so is `Value` where the item has one. Scalar values become
 * strings; a nested `Tags` (as in TagSpecifications) takes either tags form
 * and becomes AWS's `[{ Key, Value }]` list.
 */
function readObjectList(
  src: SpecSource,
  node: Node | null,
  path: string,
  itemKeys: readonly string[],
): Read<Array<Record<string, unknown>>> {
  if (!isSeq(node)) {
    src.problem(
      node,
      path,
      `expected a list of { ${itemKeys.join(", ")} }, got ${describeNode(node)}`,
    );
    return undefined;
  }
  const required = itemKeys.filter((k, i) => i === 0 || k === "Value");
  const out: Array<Record<string, unknown>> = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const itemNode = src.deref(item);
    const entries = mapEntries(src, itemNode, itemPath);
    if (entries === undefined) {
      ok = false;
      return;
    }
    const value: Record<string, unknown> = {};
    let itemOk = true;
    for (const e of entries) {
      if (!itemKeys.includes(e.key)) {
        src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, itemKeys, "key"));
        itemOk = false;
      } else if (e.key === "Tags") {
        const tags = readTags(src, e.value, e.path);
        if (tags === undefined) itemOk = false;
        else value.Tags = Object.entries(tags.value).map(([Key, Value]) => ({ Key, Value }));
      } else {
        const text = tagValueText(e.value);
        if (text === undefined) {
          src.problem(
            e.value ?? e.keyNode,
            e.path,
            `expected a string, got ${describeNode(e.value)}`,
          );
          itemOk = false;
        } else value[e.key] = text;
      }
    }
    const missing = required.filter((k) => !(k in value));
    if (itemOk && missing.length > 0) {
      src.problem(itemNode, itemPath, `missing required key ${missing.join(", ")}`);
      itemOk = false;
    }
    if (!itemOk) ok = false;
    out.push(value);
  });
  return ok ? { value: out } : undefined;
}

/**
 * `{ env: NAME }`, `{ file: PATH }` or a literal. The literal's text is never
 * put into a problem message: only its location and its shape.
 */
function readSecret(src: SpecSource, node: Node | null, path: string): Read<SecretRef> {
  if (isMap(node)) {
    const entries = mapEntries(src, node, path);
    if (entries === undefined) return undefined;
    if (entries.length !== 1) {
      src.problem(node, path, "expected exactly one of { env: NAME } or { file: PATH }");
      return undefined;
    }
    const [e] = entries;
    if (e === undefined) return undefined;
    if (e.key !== "env" && e.key !== "file") {
      src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, ["env", "file"], "key"));
      return undefined;
    }
    const text = scalarText(e.value);
    if (text === undefined || text.length === 0) {
      src.problem(
        e.value ?? e.keyNode,
        e.path,
        `expected a non-empty string, got ${describeNode(e.value)}`,
      );
      return undefined;
    }
    if (e.key === "env") return { value: { kind: "env", name: text } };
    return { value: { kind: "file", path: resolve(dirname(resolve(src.file)), text) } };
  }
  const text = isScalar(node) && typeof node.value === "boolean" ? undefined : scalarText(node);
  if (text === undefined) {
    src.problem(
      node,
      path,
      `expected { env: NAME }, { file: PATH } or a string, got ${describeNode(node)}`,
    );
    return undefined;
  }
  const bad = literalPasswordProblem(text);
  if (bad !== undefined) {
    src.problem(node, path, `the plaintext password ${bad}`);
    return undefined;
  }
  src.warn(
    node,
    path,
    "the password is plaintext in the spec file; use { env: NAME } or { file: PATH }, or ManageMasterUserPassword: true to let RDS keep it in Secrets Manager",
  );
  return { value: { kind: "literal", value: text } };
}

/** RDS's rules for every engine: 8+ printable ASCII characters, none of / " @ or space. */
function literalPasswordProblem(text: string): string | undefined {
  if (text.length < 8) return "is shorter than the 8 characters RDS requires";
  if (!/^[\x21-\x7e]+$/.test(text))
    return "may only contain printable ASCII characters without spaces";
  if (/[/"@]/.test(text)) return 'may not contain /, " or @ (RDS refuses them)';
  return undefined;
}
