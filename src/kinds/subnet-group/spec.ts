import { isSeq, type Node } from "yaml";
import { readRegion } from "../../spec/_region.js";
import { describeNode, mapEntries, readString } from "../../spec/_scalars.js";
import type { SpecSource } from "../../spec/_source.js";
import { readTags } from "../../spec/_tags.js";
import { unknownKeyMessage } from "../../spec/suggest.js";
import type { SourceLocation } from "../../spec/types.js";
import type { DeclaredResource, ItemInherited } from "../types.js";

/** How one `subnetGroups:` item is read: the keys of CreateDBSubnetGroup, plus `region`. */

export const NAME = "DBSubnetGroupName";
export const DESCRIPTION = "DBSubnetGroupDescription";
export const SUBNETS = "SubnetIds";
export const TAGS = "Tags";
const REGION = "region";
const KEYS = [NAME, DESCRIPTION, SUBNETS, TAGS, REGION];

/** RDS's rule for a DB subnet group name: at most 255 letters, digits, spaces, periods, underscores, hyphens. */
const NAME_PATTERN = /^[A-Za-z0-9 ._-]{1,255}$/;

function readName(src: SpecSource, node: Node | null, path: string): string | undefined {
  const r = readString(src, node, path);
  if (r === undefined) return undefined;
  if (!NAME_PATTERN.test(r.value)) {
    src.problem(
      node,
      path,
      "a DB subnet group name is 1 to 255 letters, digits, spaces, periods, underscores or hyphens",
    );
    return undefined;
  }
  if (r.value.toLowerCase() === "default") {
    src.problem(
      node,
      path,
      "the default DB subnet group is RDS's own; declare a group of your own",
    );
    return undefined;
  }
  return r.value.toLowerCase();
}

function readDescription(src: SpecSource, node: Node | null, path: string): string | undefined {
  const r = readString(src, node, path);
  if (r === undefined) return undefined;
  if (r.value.trim() === "") {
    src.problem(node, path, "the description must not be empty (RDS requires one)");
    return undefined;
  }
  return r.value;
}

/** A non-empty list of subnet ids, without repeats (a set: order does not matter). */
function readSubnets(src: SpecSource, node: Node | null, path: string): string[] | undefined {
  if (!isSeq(node) || node.items.length === 0) {
    const got = isSeq(node) ? "an empty list" : describeNode(node);
    src.problem(node, path, `expected a non-empty list of subnet ids (subnet-...), got ${got}`);
    return undefined;
  }
  const out: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const itemNode = src.deref(item);
    const r = readString(src, itemNode, `${path}[${i}]`);
    if (r === undefined) {
      ok = false;
      return;
    }
    if (!out.includes(r.value)) out.push(r.value);
  });
  return ok ? out : undefined;
}

export function readSubnetGroupItem(
  src: SpecSource,
  node: Node | null,
  path: string,
  inherited: ItemInherited,
): DeclaredResource | undefined {
  const entries = mapEntries(src, node, path);
  if (entries === undefined) return undefined;
  const fields: Record<string, unknown> = {};
  const fieldSources: Record<string, SourceLocation> = {};
  let region = inherited.region;
  let regionAt = inherited.regionAt;
  let broken = false;
  for (const e of entries) {
    let value: unknown;
    switch (e.key) {
      case NAME:
        value = readName(src, e.value, e.path);
        break;
      case DESCRIPTION:
        value = readDescription(src, e.value, e.path);
        break;
      case SUBNETS:
        value = readSubnets(src, e.value, e.path);
        break;
      case TAGS:
        value = readTags(src, e.value, e.path)?.value;
        break;
      case REGION: {
        const r = readRegion(src, e.value, e.path);
        if (r === undefined) broken = true;
        else {
          region = r;
          regionAt = src.at(e.value);
        }
        continue;
      }
      default:
        src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, KEYS, "subnet group key"));
        broken = true;
        continue;
    }
    if (value === undefined) {
      broken = true;
      continue;
    }
    fields[e.key] = value;
    fieldSources[e.key] = src.at(e.value);
  }
  for (const required of [NAME, DESCRIPTION, SUBNETS]) {
    const declared = entries.some((e) => e.key === required);
    if (!declared) {
      src.problem(node, path, `${required} is required`);
      broken = true;
    }
  }
  const id = fields[NAME];
  if (broken || typeof id !== "string") return undefined;
  const out: DeclaredResource = {
    kind: "subnet-group",
    id,
    fields,
    policy: { ...inherited.policy },
    source: src.at(node),
    fieldSources,
  };
  if (region !== undefined) {
    out.region = region;
    if (regionAt !== undefined) out.fieldSources[REGION] = regionAt;
  }
  return out;
}

/** The JSON schema of one `subnetGroups:` item. */
export function subnetGroupSchema(): Record<string, unknown> {
  return {
    type: "object",
    description:
      "A DB subnet group (CreateDBSubnetGroup). Created or modified to match; never deleted.",
    required: [NAME, DESCRIPTION, SUBNETS],
    additionalProperties: false,
    properties: {
      [NAME]: {
        type: "string",
        pattern: NAME_PATTERN.source,
        description: "The group's name; RDS stores it lowercased.",
      },
      [DESCRIPTION]: { type: "string", minLength: 1 },
      [SUBNETS]: {
        type: "array",
        minItems: 1,
        items: { type: "string" },
        description: "The subnets (a set: order and repeats do not matter).",
      },
      [TAGS]: {
        oneOf: [
          { type: "object", additionalProperties: { type: "string" } },
          {
            type: "array",
            items: {
              type: "object",
              required: ["Key"],
              properties: { Key: { type: "string" }, Value: { type: "string" } },
              additionalProperties: false,
            },
          },
        ],
      },
      [REGION]: { type: "string", description: "The group's region, over the file's `region`." },
    },
  };
}
