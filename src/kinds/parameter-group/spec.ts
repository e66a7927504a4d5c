import { isMap, isScalar, type Node } from "yaml";
import { readRegion } from "../../spec/_region.js";
import { describeNode, mapEntries, readString, scalarText } from "../../spec/_scalars.js";
import type { SpecSource } from "../../spec/_source.js";
import { readTags } from "../../spec/_tags.js";
import { unknownKeyMessage } from "../../spec/suggest.js";
import type { SourceLocation } from "../../spec/types.js";
import type { DeclaredResource, ItemInherited } from "../types.js";
import {
  APPLY_METHODS,
  type ApplyMethod,
  DEFAULT_DESCRIPTION,
  type DeclaredParameter,
  type ParameterGroupFields,
} from "./types.js";

const ITEM_KEYS = [
  "DBParameterGroupName",
  "DBParameterGroupFamily",
  "Description",
  "Tags",
  "Parameters",
  "region",
];
const LONG_FORM_KEYS = ["value", "applyMethod"];

/** RDS's rules for a parameter group name, one message per rule. */
function nameProblem(name: string): string | undefined {
  if (name.toLowerCase().startsWith("default.")) {
    return (
      `"${name}" is a default group, which RDS lets nobody modify; declare a group of your own ` +
      "(a new name, the same family) and point the instances at it"
    );
  }
  if (name.length < 1 || name.length > 255) return `"${name}" must be 1 to 255 characters long`;
  if (!/^[A-Za-z]/.test(name)) return `"${name}" must start with a letter`;
  if (!/^[A-Za-z0-9-]+$/.test(name))
    return `"${name}" may contain only letters, digits and hyphens`;
  if (name.includes("--")) return `"${name}" may not contain two consecutive hyphens`;
  if (name.endsWith("-")) return `"${name}" may not end with a hyphen`;
  return undefined;
}

/**
 * rdsctl keeps no list of families (RDS adds one with every major version),
 * so only the shape is checked here: `postgres16`, `mysql8.0`,
 * `oracle-ee-19`, `sqlserver-se-15.0`. RDS checks the name itself.
 */
const FAMILY_SHAPE = /^[a-z][a-z0-9.-]*[0-9]$/;

/** One entry of `Parameters`: a plain value, or the long form `{ value, applyMethod }`. */
function readParameter(
  src: SpecSource,
  node: Node | null,
  path: string,
): DeclaredParameter | undefined {
  if (isMap(node)) {
    let value: DeclaredParameter | undefined;
    let applyMethod: ApplyMethod | undefined;
    let ok = true;
    for (const e of mapEntries(src, node, path) ?? []) {
      if (e.key === "value") {
        value = readValue(src, e.value, e.path);
        if (value === undefined) ok = false;
      } else if (e.key === "applyMethod") {
        const r = readString(src, e.value, e.path);
        if (r === undefined) ok = false;
        else if (!(APPLY_METHODS as readonly string[]).includes(r.value)) {
          src.problem(
            e.value,
            e.path,
            `"${r.value}" is not an apply method; expected immediate or pending-reboot`,
          );
          ok = false;
        } else applyMethod = r.value as ApplyMethod;
      } else {
        src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, LONG_FORM_KEYS, "key"));
        ok = false;
      }
    }
    if (ok && value === undefined) {
      src.problem(node, path, "missing required key value");
      return undefined;
    }
    if (!ok || value === undefined) return undefined;
    return applyMethod === undefined ? value : { ...value, applyMethod };
  }
  return readValue(src, node, path);
}

/** A parameter value: a string, a number (its source text) or a boolean. */
function readValue(
  src: SpecSource,
  node: Node | null,
  path: string,
): DeclaredParameter | undefined {
  if (isScalar(node) && typeof node.value === "boolean") {
    return { value: node.value ? "1" : "0", boolean: node.value };
  }
  const text = scalarText(node);
  if (text === undefined) {
    src.problem(
      node,
      path,
      `expected a value (a string, a number or a boolean) or { value, applyMethod }, got ${describeNode(node)}`,
    );
    return undefined;
  }
  return { value: text };
}

function readParameters(
  src: SpecSource,
  node: Node | null,
  path: string,
  fieldSources: Record<string, SourceLocation>,
): Record<string, DeclaredParameter> | undefined {
  const entries = mapEntries(src, node, path);
  if (entries === undefined) return undefined;
  const out: Array<[string, DeclaredParameter]> = [];
  let ok = true;
  for (const e of entries) {
    if (e.key.trim() === "" || e.key.trim() !== e.key) {
      src.problem(e.keyNode, e.path, `"${e.key}" is not a parameter name`);
      ok = false;
      continue;
    }
    const p = readParameter(src, e.value, e.path);
    if (p === undefined) {
      ok = false;
      continue;
    }
    out.push([e.key, p]);
    fieldSources[`Parameters.${e.key}`] = src.at(e.value ?? e.keyNode);
  }
  // fromEntries: a parameter named `__proto__` stays data.
  return ok ? Object.fromEntries(out) : undefined;
}

/** Reads one item of `parameterGroups:`; see ResourceKind.readItem. */
export function readParameterGroupItem(
  src: SpecSource,
  node: Node | null,
  path: string,
  inherited: ItemInherited,
): DeclaredResource | undefined {
  const entries = mapEntries(src, node, path);
  if (entries === undefined) return undefined;
  const before = src.problems.length + src.overflow;
  const fieldSources: Record<string, SourceLocation> = {};
  let name: string | undefined;
  let family: string | undefined;
  let description: string | undefined;
  let tags: Record<string, string> | undefined;
  let parameters: Record<string, DeclaredParameter> = {};
  let region = inherited.region;
  const seen = new Set<string>();
  for (const e of entries) {
    seen.add(e.key);
    switch (e.key) {
      case "DBParameterGroupName": {
        const r = readString(src, e.value, e.path);
        if (r === undefined) break;
        const problem = nameProblem(r.value);
        if (problem !== undefined) src.problem(e.value, e.path, problem);
        else name = r.value;
        break;
      }
      case "DBParameterGroupFamily": {
        const r = readString(src, e.value, e.path);
        if (r === undefined) break;
        const lower = r.value.toLowerCase();
        if (!FAMILY_SHAPE.test(lower)) {
          src.problem(
            e.value,
            e.path,
            `"${r.value}" is not a parameter group family such as postgres16, mysql8.0 or oracle-ee-19`,
          );
        } else family = lower;
        break;
      }
      case "Description": {
        const r = readString(src, e.value, e.path);
        if (r === undefined) break;
        if (r.value.trim() === "")
          src.problem(e.value, e.path, "RDS needs a non-empty description");
        else description = r.value;
        break;
      }
      case "Tags":
        tags = readTags(src, e.value, e.path)?.value;
        break;
      case "Parameters":
        parameters = readParameters(src, e.value, e.path, fieldSources) ?? {};
        break;
      case "region":
        region = readRegion(src, e.value, e.path);
        break;
      default:
        src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, ITEM_KEYS));
        continue;
    }
    fieldSources[e.key] = src.at(e.value ?? e.keyNode);
  }
  for (const required of ["DBParameterGroupName", "DBParameterGroupFamily"]) {
    if (!seen.has(required)) src.problem(node, path, `${required} is required`);
  }
  if (src.problems.length + src.overflow > before || name === undefined || family === undefined) {
    return undefined;
  }
  const fields: ParameterGroupFields = {
    DBParameterGroupName: name,
    DBParameterGroupFamily: family,
    Parameters: parameters,
  };
  if (description !== undefined) fields.Description = description;
  if (tags !== undefined) fields.Tags = tags;
  const out: DeclaredResource = {
    kind: "parameter-group",
    id: name.toLowerCase(),
    fields: fields as unknown as Record<string, unknown>,
    policy: inherited.policy,
    source: src.at(node),
    fieldSources,
  };
  if (region !== undefined) out.region = region;
  return out;
}

/** The fields of a declared parameter group, as readParameterGroupItem made them. */
export function groupFields(d: DeclaredResource): ParameterGroupFields {
  return d.fields as unknown as ParameterGroupFields;
}

const STRINGISH = ["string", "number"];

/** The JSON schema of one item of `parameterGroups:`. */
export function parameterGroupItemSchema(): Record<string, unknown> {
  const value = {
    type: ["string", "number", "boolean"],
    description:
      "The value RDS stores (a string; numbers keep their text; a boolean becomes the parameter's own form, 1/0 for RDS's boolean type).",
  };
  return {
    type: "object",
    additionalProperties: false,
    required: ["DBParameterGroupName", "DBParameterGroupFamily"],
    properties: {
      DBParameterGroupName: {
        type: "string",
        minLength: 1,
        maxLength: 255,
        pattern: "^[A-Za-z](?!.*--)[A-Za-z0-9-]*$",
        not: { pattern: "-$" },
        description:
          "The group's name (RDS keeps it lowercased). Default groups cannot be managed.",
      },
      DBParameterGroupFamily: {
        type: "string",
        pattern: "^[A-Za-z][A-Za-z0-9.-]*[0-9]$",
        description:
          "The family (postgres16, mysql8.0, ...). It cannot change: a new family needs a new group.",
      },
      Description: {
        type: STRINGISH,
        minLength: 1,
        description: `Set when the group is created (RDS cannot change it later); default "${DEFAULT_DESCRIPTION}".`,
      },
      Tags: {
        oneOf: [
          { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
          {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["Key"],
              properties: { Key: { type: "string" }, Value: { type: STRINGISH } },
            },
          },
        ],
        description: "Tags as { key: value } or AWS's [{ Key, Value }] list.",
      },
      region: {
        type: "string",
        pattern: "^[a-z0-9]+(-[a-z0-9]+)+$",
        description: "The group's region, when not the file's.",
      },
      Parameters: {
        type: "object",
        description:
          "Parameter name to value, or { value, applyMethod }. Parameters not listed are left as they are.",
        additionalProperties: {
          oneOf: [
            value,
            {
              type: "object",
              additionalProperties: false,
              required: ["value"],
              properties: {
                value,
                applyMethod: {
                  enum: [...APPLY_METHODS],
                  description:
                    "Overrides the method chosen from the parameter's type (dynamic: immediate, static: pending-reboot).",
                },
              },
            },
          ],
        },
      },
    },
  };
}
