import { invalidCombination, invalidValue, missing } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { el, wrap } from "../http/xml.js";
import { groupChanged } from "../lifecycle/parameter-apply.js";
import { ALL_FAMILIES } from "../rules/engine-catalogue.js";
import {
  checkApplyMethod,
  checkParameterValue,
  type Family,
  familyParameters,
  type ParameterDef,
} from "../rules/parameter-catalogue.js";
import type { Ctx } from "../state/context.js";
import { getParameterGroup } from "../state/lookup.js";
import type { ParameterGroup, UserParameter } from "../state/model.js";

/**
 * ModifyDBParameterGroup, ResetDBParameterGroup, DescribeDBParameters and
 * DescribeEngineDefaultParameters, over the catalogue of each family
 * (rules/parameter-catalogue.ts).
 */

/** The most parameters one ModifyDBParameterGroup or ResetDBParameterGroup may name. */
const MAX_PER_CALL = 20;

interface Described {
  def: ParameterDef;
  value?: string;
  source: "user" | "system" | "engine-default";
  method?: string;
}

function parameterXml(p: Described): string {
  const d = p.def;
  return `<Parameter>${el("ParameterName", d.ParameterName)}${el("ParameterValue", p.value)}${el("Description", d.Description)}${el("Source", p.source)}${el("ApplyType", d.ApplyType)}${el("DataType", d.DataType)}${el("AllowedValues", d.AllowedValues)}${el("IsModifiable", d.IsModifiable)}${el("MinimumEngineVersion", d.MinimumEngineVersion)}${el("ApplyMethod", p.method)}</Parameter>`;
}

function describe(def: ParameterDef, user: UserParameter | undefined): Described {
  if (user) {
    return { def, value: user.ParameterValue, source: "user", method: user.ApplyMethod };
  }
  if (def.DefaultValue !== undefined) return { def, value: def.DefaultValue, source: "system" };
  return { def, source: "engine-default" };
}

function userParameters(g: ParameterGroup): Record<string, UserParameter> {
  if (!g.Parameters) g.Parameters = {};
  return g.Parameters;
}

function userValue(g: ParameterGroup, name: string): UserParameter | undefined {
  return g.Parameters && Object.hasOwn(g.Parameters, name) ? g.Parameters[name] : undefined;
}

function lookup(family: Family, name: string): ParameterDef {
  const def = family.get(name);
  if (!def) throw invalidValue(`Could not find parameter with name: ${name}`);
  return def;
}

/** A group the request may change: not one of RDS's defaults. */
function changeableGroup(ctx: Ctx, q: QueryParams): ParameterGroup {
  const g = getParameterGroup(ctx, q.req("DBParameterGroupName"));
  if (g.builtIn) throw invalidValue("Cannot modify a default parameter group.");
  return g;
}

/** The `Parameters.Parameter.N.*` members, at most 20 of them. */
function parameterList(q: QueryParams): Array<Map<string, string>> | undefined {
  const entries = q.structList("Parameters", "Parameter");
  if (entries && entries.length > MAX_PER_CALL) {
    throw invalidCombination(
      `Cannot modify more than ${MAX_PER_CALL} parameters in a single request`,
    );
  }
  return entries;
}

const nameResult = (g: ParameterGroup) => el("DBParameterGroupName", g.DBParameterGroupName);

export function modifyDBParameterGroup(ctx: Ctx, q: QueryParams): string {
  const g = changeableGroup(ctx, q);
  const entries = parameterList(q);
  if (!entries || entries.length === 0) throw missing("Parameters");
  const family = familyParameters(g.DBParameterGroupFamily);
  // Every parameter is checked before any is set: a refused request changes nothing.
  const changes = entries.map((e) => {
    const name = e.get("ParameterName");
    if (name === undefined || name === "") throw missing("ParameterName");
    const def = lookup(family, name);
    const value = e.get("ParameterValue");
    if (value === undefined) throw missing("ParameterValue");
    checkParameterValue(def, value);
    const method = checkApplyMethod(def, e.get("ApplyMethod"));
    return { def, value, method };
  });
  const set = userParameters(g);
  for (const c of changes) {
    set[c.def.ParameterName] = { ParameterValue: c.value, ApplyMethod: c.method };
  }
  groupChanged(
    ctx,
    g.DBParameterGroupName,
    changes.some((c) => c.method === "pending-reboot"),
    changes.some((c) => c.method === "immediate"),
  );
  return nameResult(g);
}

export function resetDBParameterGroup(ctx: Ctx, q: QueryParams): string {
  const g = changeableGroup(ctx, q);
  const entries = parameterList(q);
  const all = q.bool("ResetAllParameters");
  const named = entries !== undefined && entries.length > 0;
  if (all === true && named) {
    throw invalidCombination("ResetAllParameters and Parameters cannot be specified together.");
  }
  if (all === false && !named) {
    throw invalidCombination(
      "Either ResetAllParameters or a list of Parameters must be specified.",
    );
  }
  const family = familyParameters(g.DBParameterGroupFamily);
  if (!named) {
    // Everything users set goes back to the defaults: static ones at the next reboot.
    const reset = Object.keys(g.Parameters ?? {}).map((n) => family.get(n));
    g.Parameters = {};
    groupChanged(
      ctx,
      g.DBParameterGroupName,
      reset.some((d) => d?.ApplyType === "static"),
      reset.some((d) => d?.ApplyType !== "static"),
    );
    return nameResult(g);
  }
  const resets = entries.map((e) => {
    const name = e.get("ParameterName");
    if (name === undefined || name === "") throw missing("ParameterName");
    const def = lookup(family, name);
    if (!def.IsModifiable) throw invalidValue(`The parameter ${name} cannot be modified.`);
    const method = checkApplyMethod(def, e.get("ApplyMethod"));
    return { def, method };
  });
  const set = userParameters(g);
  for (const r of resets) delete set[r.def.ParameterName];
  groupChanged(
    ctx,
    g.DBParameterGroupName,
    resets.some((r) => r.method === "pending-reboot"),
    resets.some((r) => r.method === "immediate"),
  );
  return nameResult(g);
}

const SOURCES = new Set(["user", "system", "engine-default"]);

/** The `parameter-name` filter of DescribeDBParameters; no other filter is known. */
function nameFilter(q: QueryParams): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const f of q.filters()) {
    if (f.name !== "parameter-name") throw invalidValue(`Unrecognized filter name: ${f.name}`);
    names = new Set([...(names ?? []), ...f.values]);
  }
  return names;
}

export function describeDBParameters(ctx: Ctx, q: QueryParams): string {
  const g = getParameterGroup(ctx, q.req("DBParameterGroupName"));
  const source = q.str("Source");
  if (source !== undefined && !SOURCES.has(source)) {
    throw invalidValue(
      `Invalid value for Source: ${source}. Valid values: user, system, engine-default.`,
    );
  }
  const names = nameFilter(q);
  const rows: Described[] = [];
  for (const def of familyParameters(g.DBParameterGroupFamily).list) {
    if (names && !names.has(def.ParameterName)) continue;
    const d = describe(def, userValue(g, def.ParameterName));
    if (source === undefined || d.source === source) rows.push(d);
  }
  const { page, marker } = paginate(q, rows);
  return `${wrap("Parameters", page.map(parameterXml).join(""))}${el("Marker", marker)}`;
}

export function describeEngineDefaultParameters(_ctx: Ctx, q: QueryParams): string {
  const family = q.req("DBParameterGroupFamily");
  if (!ALL_FAMILIES.includes(family)) {
    throw invalidValue(`The parameter DBParameterGroupFamily is not a valid family: ${family}`);
  }
  const rows = familyParameters(family).list.map((def) => describe(def, undefined));
  const { page, marker } = paginate(q, rows);
  return `<EngineDefaults>${el("DBParameterGroupFamily", family)}${el("Marker", marker)}${wrap("Parameters", page.map(parameterXml).join(""))}</EngineDefaults>`;
}
