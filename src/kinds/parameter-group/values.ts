import type { Parameter } from "@aws-sdk/client-rds";
import { suggestName } from "../../spec/suggest.js";
import type { DeclaredParameter } from "./types.js";

/**
 * How declared parameter values meet RDS's: the form a boolean takes, when
 * two texts are the same value, and the checks against the engine defaults'
 * DataType and AllowedValues. Pure.
 */

const TRUE_FORMS = ["1", "on", "true", "yes"];
const FALSE_FORMS = ["0", "off", "false", "no"];

/** AllowedValues split on commas, trimmed. */
function allowedPieces(allowed: string | undefined): string[] {
  if (allowed === undefined || allowed.trim() === "") return [];
  return allowed.split(",").map((p) => p.trim());
}

/**
 * The text to send for a declared value. A YAML boolean takes the form the
 * parameter's AllowedValues use (`0,1` -> "1", `on,off` -> "on", `ON,OFF` ->
 * "ON"); with nothing known, RDS's boolean form "1"/"0". Any other value is
 * the user's own text.
 */
export function valueToSend(p: DeclaredParameter, info: Parameter | undefined): string {
  if (p.boolean === undefined) return p.value;
  const forms = p.boolean ? TRUE_FORMS : FALSE_FORMS;
  for (const piece of allowedPieces(info?.AllowedValues)) {
    if (forms.includes(piece.toLowerCase())) return piece;
  }
  return p.boolean ? "1" : "0";
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/**
 * Whether the declared value is what RDS holds. Texts compare exactly, except
 * two plain decimals of equal value (`0.10` and `0.1`, `256` and `+256`), and
 * a declared boolean against any of RDS's spellings of it. Formulas
 * (`{DBInstanceClassMemory/32768}`), units and case are never guessed at.
 */
export function sameValue(p: DeclaredParameter, sent: string, live: string | undefined): boolean {
  if (live === undefined) return false;
  if (sent === live) return true;
  if (p.boolean !== undefined) {
    return (p.boolean ? TRUE_FORMS : FALSE_FORMS).includes(live.trim().toLowerCase());
  }
  return DECIMAL.test(sent) && DECIMAL.test(live) && Number(sent) === Number(live);
}

/** A formula RDS evaluates per instance: not checked against ranges. */
function isFormula(value: string): boolean {
  return value.includes("{") || value.includes("(");
}

/** A number as AllowedValues writes one: `-1`, `0.5`, `1.79769e+308`. */
const NUMBER = "-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?";
const RANGE = new RegExp(`^(${NUMBER})-(${NUMBER})$`);
const NUMERIC = new RegExp(`^[+]?${NUMBER}$|^[+-]?\\.\\d+$`);

/**
 * Why RDS would refuse `value` for the parameter `info` describes, or
 * undefined. Ranges ("1-262143", "-1-2147483647", "0-1.79769e+308"), lists ("on,off") and
 * booleans ("0,1") are read from AllowedValues; the DataType says whether a
 * number must be whole. An AllowedValues that reads as neither (a pattern)
 * is not checked.
 */
export function valueProblem(value: string, info: Parameter): string | undefined {
  if (isFormula(value)) return undefined;
  const type = info.DataType?.toLowerCase();
  const allowed = info.AllowedValues;
  const numeric = type === "integer" || type === "float" || type === "long";
  if (numeric && !NUMERIC.test(value.trim())) {
    return `"${value}" is not a number; the parameter is of type ${type}${allowed ? ` (${allowed})` : ""}`;
  }
  if ((type === "integer" || type === "long") && !/^[+-]?\d+$/.test(value)) {
    return `"${value}" is not a whole number; the parameter is of type ${type}${allowed ? ` (${allowed})` : ""}`;
  }
  const pieces = allowedPieces(allowed);
  if (pieces.length === 0 || pieces.some((p) => /[\^$*|[\]\\]/.test(p))) return undefined;
  const ranges = pieces.flatMap((p) => {
    const m = RANGE.exec(p);
    return m === null ? [] : [{ min: Number(m[1]), max: Number(m[2]) }];
  });
  const literals = pieces.filter((p) => !RANGE.test(p)).map((p) => p.toLowerCase());
  const fits = (v: string): boolean => {
    if (literals.includes(v.trim().toLowerCase())) return true;
    if (!NUMERIC.test(v.trim())) return false;
    const n = Number(v);
    return ranges.some((r) => n >= r.min && n <= r.max);
  };
  const items = type === "list" ? value.split(",").filter((v) => v.trim() !== "") : [value];
  const outside = items.find((v) => !fits(v));
  if (outside === undefined) return undefined;
  return `"${outside}" is not allowed; RDS accepts ${allowed}`;
}

/** "unknown parameter; did you mean work_mem?" against the family's catalogue. */
export function unknownParameterMessage(
  name: string,
  family: string,
  catalogue: ReadonlyMap<string, Parameter>,
): string {
  const guess = suggestName(name, [...catalogue.keys()]);
  const hint = guess === undefined ? "" : `; did you mean ${guess}?`;
  return `${name} is not a parameter of the family ${family}${hint}`;
}
