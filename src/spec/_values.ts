import { isSeq, type Node } from "yaml";
import type { ValueKind } from "../kinds/instance/fields/types.js";
import {
  describeNode,
  mapEntries,
  type Read,
  readBoolean,
  readInteger,
  readString,
  tagValueText,
} from "./_scalars.js";
import { readSecret } from "./_secret.js";
import type { SpecSource } from "./_source.js";
import { readTags } from "./_tags.js";
import { suggestName, unknownKeyMessage } from "./suggest.js";

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
    const match = kind.enum.find((e) => fold(e) === fold(v));
    if (match === undefined) {
      const guess = sensitive ? undefined : suggestName(v, kind.enum);
      const hint = guess === undefined ? "" : `; did you mean ${guess}?`;
      src.problem(node, path, `${shown} is not one of ${kind.enum.join(", ")}${hint}`);
      return undefined;
    }
    // Sent in AWS's own spelling, whatever case the file used.
    return { value: match };
  }
  if (
    kind.pattern !== undefined &&
    !compiled(kind.pattern, kind.caseInsensitive === true).test(v)
  ) {
    src.problem(node, path, `${shown} does not match the expected format ${kind.pattern}`);
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

/** Patterns compiled once: a spec of a thousand instances checks each many times. */
const PATTERNS = new Map<string, RegExp>();
function compiled(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? "i" : "-"}${pattern}`;
  let re = PATTERNS.get(key);
  if (re === undefined) {
    re = new RegExp(pattern, caseInsensitive ? "i" : "");
    PATTERNS.set(key, re);
  }
  return re;
}
