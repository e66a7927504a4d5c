import { isMap, isSeq, type Node } from "yaml";
import type { SpecProblem } from "../../../src/errors.js";
import { parameterGroupKind } from "../../../src/kinds/parameter-group/index.js";
import type { DeclaredResource, KindPolicy } from "../../../src/kinds/types.js";
import { SpecSource } from "../../../src/spec/_source.js";

export const FILE = "/specs/groups.yaml";
const POLICY: KindPolicy = { purgeParameters: false, purgeTags: false };

/**
 * Reads every item of the `parameterGroups:` list of `text` through the
 * kind's readItem, as the spec loader does: the items read (undefined for a
 * broken one) and the problems recorded.
 */
export function readGroups(
  text: string,
  inherited: { region?: string; policy?: Partial<KindPolicy> } = {},
): { items: Array<DeclaredResource | undefined>; problems: SpecProblem[] } {
  const src = new SpecSource(text, FILE);
  const root = src.deref(src.doc.contents);
  if (!isMap(root)) throw new Error("test spec must be a map");
  const list = src.deref(root.get("parameterGroups", true)) as Node | null;
  if (!isSeq(list)) throw new Error("test spec needs a parameterGroups list");
  const policy = { ...POLICY, ...inherited.policy };
  const items = list.items.map((item, i) =>
    parameterGroupKind.readItem(src, src.deref(item), `parameterGroups[${i}]`, {
      ...(inherited.region === undefined ? {} : { region: inherited.region }),
      policy,
    }),
  );
  return { items, problems: src.problems };
}

/** "line:column message" of each problem, for compact assertions. */
export function brief(problems: readonly SpecProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

/** A declared group built as readItem would, for planner tests with plain data. */
export function declared(
  fields: {
    name?: string;
    family?: string;
    description?: string;
    tags?: Record<string, string>;
    parameters?: Record<string, unknown>;
  },
  policy: Partial<KindPolicy> = {},
): DeclaredResource {
  const name = fields.name ?? "orders-pg16";
  const parameters: Record<string, unknown> = {};
  const fieldSources: DeclaredResource["fieldSources"] = {};
  let line = 10;
  for (const [k, v] of Object.entries(fields.parameters ?? {})) {
    parameters[k] =
      typeof v === "object" && v !== null
        ? { ...v, value: String((v as { value: unknown }).value) }
        : typeof v === "boolean"
          ? { value: v ? "1" : "0", boolean: v }
          : { value: String(v) };
    fieldSources[`Parameters.${k}`] = { file: FILE, line: line++, column: 7 };
  }
  fieldSources.DBParameterGroupFamily = { file: FILE, line: 3, column: 29 };
  const out: DeclaredResource = {
    kind: "parameter-group",
    id: name.toLowerCase(),
    fields: {
      DBParameterGroupName: name,
      DBParameterGroupFamily: fields.family ?? "postgres16",
      Parameters: parameters,
      ...(fields.description === undefined ? {} : { Description: fields.description }),
      ...(fields.tags === undefined ? {} : { Tags: fields.tags }),
    },
    policy: { purgeParameters: false, purgeTags: false, ...policy },
    source: { file: FILE, line: 2, column: 5 },
    fieldSources,
  };
  return out;
}
