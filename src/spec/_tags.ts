import { isMap, isSeq, type Node } from "yaml";
import { describeNode, mapEntries, type Read, tagValueText } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import { reservedTagPrefix } from "./reserved-tags.js";
import { unknownKeyMessage } from "./suggest.js";
import { PASSWORD_VERSION_TAG } from "./types.js";

export function readTags(
  src: SpecSource,
  node: Node | null,
  path: string,
): Read<Record<string, string>> {
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
    const reserved = reservedTagPrefix(p.key);
    if (reserved !== undefined) {
      src.problem(p.keyNode, p.path, `tag keys starting with "${reserved}" are reserved by AWS`);
      ok = false;
    } else if (p.key === PASSWORD_VERSION_TAG) {
      src.problem(
        p.keyNode,
        p.path,
        `the tag ${PASSWORD_VERSION_TAG} is kept by rdsctl from MasterUserPasswordVersion; set that instead`,
      );
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
