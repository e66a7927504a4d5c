import type { Node } from "yaml";
import { readString } from "./_scalars.js";
import type { SpecSource } from "./_source.js";

export function readRegion(src: SpecSource, node: Node | null, path: string): string | undefined {
  const r = readString(src, node, path);
  if (r === undefined) return undefined;
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(r.value)) {
    src.problem(node, path, `"${r.value}" is not a region name such as us-east-1`);
    return undefined;
  }
  return r.value;
}
