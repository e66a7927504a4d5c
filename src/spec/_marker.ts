import { isMap, isScalar } from "yaml";
import type { SpecSource } from "./_source.js";
import { TOP_LEVEL_KEYS } from "./_toplevel.js";

/**
 * The top-level keys that make a file in a spec directory an rdsctl spec:
 * rdsctl's own keys, the kinds' lists and `vars` among them (not `$schema`,
 * which JSON Schemas and other tools' files carry too).
 */
const SPEC_MARKERS = new Set(TOP_LEVEL_KEYS.filter((key) => key !== "$schema"));

/**
 * Whether a file read from a directory is an rdsctl spec: its top level is a
 * map with at least one of rdsctl's keys. A file YAML cannot parse counts as
 * one (whose it is cannot be told, so its errors are shown, not hidden).
 */
export function isSpecDocument(src: SpecSource): boolean {
  if (src.doc.errors.length > 0) return true;
  const root = src.doc.contents;
  if (!isMap(root)) return false;
  return root.items.some((pair) => isScalar(pair.key) && SPEC_MARKERS.has(String(pair.key.value)));
}
