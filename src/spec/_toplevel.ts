import { basename, extname } from "node:path";
import { isSeq, type Node } from "yaml";
import { KINDS } from "../kinds/index.js";
import { FIELDS, fieldByName } from "../kinds/instance/fields/table.js";
import { ACCOUNT_KEYS } from "./_account.js";
import { describeNode, mapEntries, readBoolean, readNumber, readString } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import { unknownKeyMessage } from "./suggest.js";

export { readRegion } from "./_region.js";

import type { Policy, WaitOptions } from "./types.js";
import { DEFAULT_WAIT } from "./wait-defaults.js";

export const TOP_LEVEL_KEYS = [
  "$schema",
  "region",
  "instances",
  ...KINDS.map((k) => k.specKey),
  "defaults",
  "policy",
  "wait",
  "vars",
  ...ACCOUNT_KEYS,
];
const POLICY_KEYS = [
  "updatable",
  "purgeTags",
  "purgeParameters",
  "rebootWhenNeeded",
  "maxParallelDowntime",
  "markManaged",
  "specName",
  "allowMajorVersionUpgrade",
];
const WAIT_KEYS = ["delaySeconds", "maxDelaySeconds", "timeoutSeconds"];

export function readPolicy(src: SpecSource, node: Node | null, path: string): Policy {
  const policy: Policy = { purgeTags: false, rebootWhenNeeded: false };
  for (const e of mapEntries(src, node, path) ?? []) {
    if (
      e.key === "purgeTags" ||
      e.key === "rebootWhenNeeded" ||
      e.key === "purgeParameters" ||
      e.key === "markManaged" ||
      e.key === "allowMajorVersionUpgrade"
    ) {
      const r = readBoolean(src, e.value, e.path);
      if (r !== undefined) policy[e.key] = r.value;
    } else if (e.key === "maxParallelDowntime") {
      const r = readNumber(src, e.value, e.path);
      if (r === undefined) continue;
      if (!Number.isInteger(r.value) || r.value < 1) {
        src.problem(
          e.value,
          e.path,
          `expected a whole number of instances, 1 or more, got ${r.value}`,
        );
      } else policy.maxParallelDowntime = r.value;
    } else if (e.key === "specName") {
      const r = readString(src, e.value, e.path);
      if (r === undefined) continue;
      const problem = specNameProblem(r.value);
      if (problem === undefined) policy.specName = r.value;
      else src.problem(e.value, e.path, problem);
    } else if (e.key === "updatable") {
      policy.updatable = readUpdatable(src, e.value, e.path);
    } else {
      src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, POLICY_KEYS, "policy key"));
    }
  }
  if (policy.markManaged === true && policy.specName === undefined) {
    // The file's name: `orders.yaml` is the spec "orders".
    policy.specName = basename(src.file, extname(src.file));
  }
  return policy;
}

/** Why `name` cannot be an RDS tag value, if it cannot (1 to 256 characters, no `aws:` start). */
function specNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 256)
    return `expected a spec name of 1 to 256 characters (an RDS tag value), got ${name.length}`;
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(name))
    return "a spec name is an RDS tag value: letters, digits, spaces and _ . : / = + - @ only";
  return undefined;
}

function readUpdatable(src: SpecSource, node: Node | null, path: string): string[] {
  if (!isSeq(node)) {
    src.problem(node, path, `expected a list of field names, got ${describeNode(node)}`);
    return [];
  }
  const names: string[] = [];
  node.items.forEach((item, i) => {
    const itemNode = src.deref(item);
    const itemPath = `${path}[${i}]`;
    const r = readString(src, itemNode, itemPath);
    if (r === undefined) return;
    const def = fieldByName(r.value);
    if (def === undefined) {
      src.problem(
        itemNode,
        itemPath,
        `${r.value}: ${unknownKeyMessage(
          r.value,
          FIELDS.map((f) => f.name),
        )}`,
      );
      return;
    }
    if (def.mutability === "create-only") {
      src.warn(
        itemNode,
        itemPath,
        `${def.name} cannot be changed in place, so allowing updates to it has no effect`,
      );
    }
    names.push(def.name);
  });
  return names;
}

export function readWait(src: SpecSource, node: Node | null, path: string): WaitOptions {
  const wait: WaitOptions = { ...DEFAULT_WAIT };
  const nodes: Partial<Record<keyof WaitOptions, Node | null>> = {};
  for (const e of mapEntries(src, node, path) ?? []) {
    if (e.key !== "delaySeconds" && e.key !== "maxDelaySeconds" && e.key !== "timeoutSeconds") {
      src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, WAIT_KEYS, "wait key"));
      continue;
    }
    const r = readNumber(src, e.value, e.path);
    if (r === undefined) continue;
    if (r.value <= 0) {
      src.problem(e.value, e.path, `expected a positive number of seconds, got ${r.value}`);
      continue;
    }
    wait[e.key] = r.value;
    nodes[e.key] = e.value;
  }
  if (wait.maxDelaySeconds < wait.delaySeconds) {
    const at = nodes.maxDelaySeconds ?? nodes.delaySeconds ?? node;
    src.problem(
      at,
      `${path}.maxDelaySeconds`,
      `${wait.maxDelaySeconds} is below delaySeconds (${wait.delaySeconds}); the back-off ceiling must be at least the first delay`,
    );
  }
  return wait;
}
