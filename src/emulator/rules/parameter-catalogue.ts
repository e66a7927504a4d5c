import { invalidCombination, invalidValue } from "../http/errors.js";
import { compareVersions } from "./engine-catalogue.js";

/**
 * The parameters of each DB parameter group family, as RDS describes them
 * (DescribeEngineDefaultParameters), and the checks ModifyDBParameterGroup
 * makes on a value. The data (parameters-*-data.ts) is loaded on the first
 * request that needs it, so that starting the emulator does not parse it.
 */

type TypeCode = "b" | "i" | "r" | "f" | "s" | "l";

/** One parameter as the data files list it; see parameters-postgres-data.ts. */
export type ParameterRow = readonly [
  name: string,
  type: TypeCode,
  apply: "s" | "d",
  allowed: string,
  modifiable: 0 | 1,
  defaultValue: string,
  description: string,
  from: string | number,
  to: string | number,
];

export interface ParameterDef {
  ParameterName: string;
  DataType: string;
  ApplyType: "static" | "dynamic";
  AllowedValues?: string;
  IsModifiable: boolean;
  /** The value RDS sets in its default group (Source `system`); absent: the engine's own. */
  DefaultValue?: string;
  Description: string;
  MinimumEngineVersion: string;
}

const DATA_TYPES: Record<TypeCode, string> = {
  b: "boolean",
  i: "integer",
  r: "real",
  f: "float",
  s: "string",
  l: "list",
};

interface Tables {
  postgres: readonly ParameterRow[];
  mysql: readonly ParameterRow[];
  mariadb: readonly ParameterRow[];
}

let tables: Tables | undefined;
const byFamily = new Map<string, Family>();

/** Loads the data once; the actions that need it await this before they run. */
export async function loadParameterCatalogue(): Promise<void> {
  if (tables) return;
  const [pg, my] = await Promise.all([
    import("./parameters-postgres-data.js"),
    import("./parameters-mysql-data.js"),
  ]);
  tables = {
    postgres: pg.POSTGRES_PARAMETERS,
    mysql: my.MYSQL_PARAMETERS,
    mariadb: my.MARIADB_PARAMETERS,
  };
}

/** A family's parameters, sorted by name, with lookup by name. */
export interface Family {
  readonly name: string;
  readonly list: readonly ParameterDef[];
  get(name: string): ParameterDef | undefined;
}

const inRange = (version: string, from: string | number, to: string | number): boolean =>
  (from === "" || compareVersions(version, String(from)) >= 0) &&
  (to === "" || compareVersions(version, String(to)) <= 0);

/** The parameters of a family (empty for the engines the catalogue does not cover). */
export function familyParameters(family: string): Family {
  const known = byFamily.get(family);
  if (known) return known;
  if (!tables) throw new Error("The parameter catalogue is not loaded.");
  const m = /^(postgres|mysql|mariadb)(\d+(?:\.\d+)?)$/.exec(family);
  const rows = m ? tables[m[1] as keyof Tables] : [];
  const version = m?.[2] ?? "";
  const list: ParameterDef[] = [];
  for (const r of rows) {
    if (!inRange(version, r[7], r[8])) continue;
    const def: ParameterDef = {
      ParameterName: r[0],
      DataType: DATA_TYPES[r[1]],
      ApplyType: r[2] === "s" ? "static" : "dynamic",
      IsModifiable: r[4] === 1,
      Description: r[6],
      MinimumEngineVersion: minimumVersion(family, r[7]),
    };
    if (r[3] !== "") def.AllowedValues = r[3];
    if (r[5] !== "") def.DefaultValue = r[5];
    list.push(def);
  }
  list.sort((a, b) => (a.ParameterName < b.ParameterName ? -1 : 1));
  const index = new Map(list.map((p) => [p.ParameterName, p]));
  const f: Family = { name: family, list, get: (name) => index.get(name) };
  byFamily.set(family, f);
  return f;
}

/** RDS's MinimumEngineVersion: the first minor of the major the parameter came with. */
function minimumVersion(family: string, from: string | number): string {
  const major = /(\d+(?:\.\d+)?)$/.exec(family)?.[1] ?? "";
  const first = from === "" ? major : String(from);
  if (family.startsWith("postgres")) return `${first}.1`;
  return `${first}.0`;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Values RDS evaluates per instance: `{DBInstanceClassMemory/32768}`, `GREATEST(...)`, `LEAST(...)`, `SUM(...)`. */
const FORMULA = /^(?:\{[^{}]+\}|(?:GREATEST|LEAST|SUM)\(.*\))$/;

function badValue(value: string, p: ParameterDef): never {
  throw invalidValue(
    `Invalid parameter value: ${value} for: ${p.ParameterName} allowed values are: ${p.AllowedValues ?? ""}`,
  );
}

/** Whether a number lies in one of the ranges or values of an AllowedValues string ("1-100", "0,1,2"). */
function numberAllowed(n: number, allowed: string): boolean {
  for (const part of allowed.split(",")) {
    const range = /^(-?[\d.]+(?:e[-+]?\d+)?)-(-?[\d.]+(?:e[-+]?\d+)?)$/i.exec(part);
    if (range) {
      if (n >= Number(range[1]) && n <= Number(range[2])) return true;
    } else if (Number(part) === n) return true;
  }
  return false;
}

/** A value ModifyDBParameterGroup may set, as RDS checks it; throws RDS's error otherwise. */
export function checkParameterValue(p: ParameterDef, value: string): void {
  if (!p.IsModifiable) {
    throw invalidValue(`The parameter ${p.ParameterName} cannot be modified.`);
  }
  const allowed = p.AllowedValues;
  switch (p.DataType) {
    case "boolean":
      if (value !== "0" && value !== "1") badValue(value, p);
      return;
    case "integer":
    case "real":
    case "float": {
      if (FORMULA.test(value)) return;
      if (!NUMBER.test(value)) badValue(value, p);
      if (p.DataType === "integer" && !/^-?\d+$/.test(value)) badValue(value, p);
      if (allowed !== undefined && !numberAllowed(Number(value), allowed)) badValue(value, p);
      return;
    }
    case "list": {
      if (allowed === undefined) return;
      const choices = new Set(allowed.split(",").map((c) => c.toLowerCase()));
      for (const item of value.split(",")) {
        const v = item.trim().toLowerCase();
        if (v !== "" && !choices.has(v)) badValue(value, p);
      }
      return;
    }
    default: {
      if (allowed === undefined) return;
      const choices = allowed.split(",");
      if (!choices.includes(value) && !choices.some((c) => c.toLowerCase() === value.toLowerCase()))
        badValue(value, p);
    }
  }
}

/** The apply method asked for, checked against the parameter's apply type. */
export function checkApplyMethod(
  p: ParameterDef,
  method: string | undefined,
): "immediate" | "pending-reboot" {
  if (method === undefined) {
    throw invalidValue(`ApplyMethod is required for parameter ${p.ParameterName}.`);
  }
  if (method !== "immediate" && method !== "pending-reboot") {
    throw invalidValue(`Invalid apply method: ${method}. Valid values: immediate, pending-reboot`);
  }
  if (method === "immediate" && p.ApplyType === "static") {
    throw invalidCombination("cannot use immediate apply method for static parameter");
  }
  return method;
}
