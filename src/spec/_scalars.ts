import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from "yaml";
import type { SpecSource } from "./_source.js";

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

/** Tag values are strings; an unquoted number or boolean keeps its source text. */
export function tagValueText(node: Node | null): string | undefined {
  if (isScalar(node) && typeof node.value === "boolean") {
    return (node as Scalar & { source?: string }).source ?? String(node.value);
  }
  return scalarText(node);
}
