import type { FieldDef, Verdict } from "../kinds/instance/fields/types.js";

/*
 * Value comparison by field kind. Describe output is normalised by RDS
 * (lowercased names, KMS ARNs, unordered sets), so equality here is "RDS would
 * report the declared value this way", not `===`. A field whose values RDS
 * rewrites brings its own `compare` (see the field table).
 */

export type { Verdict } from "../kinds/instance/fields/types.js";
export { compareKmsKey } from "../kinds/instance/fields/values.js";

function asStringSet(value: unknown): Set<string> | undefined {
  if (!Array.isArray(value)) return undefined;
  return new Set(value.map((v) => String(v)));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/** One object-list item as a canonical string over the declared item keys. */
function itemKey(item: unknown, keys: readonly string[]): string {
  const rec = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
  return JSON.stringify(
    keys.map((k) => {
      const v = rec[k];
      return v === undefined || v === null ? null : typeof v === "object" ? v : String(v);
    }),
  );
}

/**
 * Compares a declared value with a live (or pending) one that is known
 * (not undefined). Fields with a `diffRule` (engine version, storage size)
 * are decided by that rule, not here.
 */
export function compareValue(field: FieldDef, desired: unknown, live: unknown): Verdict {
  const kind = field.kind;
  switch (kind.type) {
    case "string": {
      if (typeof desired !== "string" || typeof live !== "string") {
        return desired === live ? "equal" : "different";
      }
      if (field.compare !== undefined) return field.compare(desired, live);
      if (kind.caseInsensitive) {
        return desired.toLowerCase() === live.toLowerCase() ? "equal" : "different";
      }
      return desired === live ? "equal" : "different";
    }
    case "integer":
    case "boolean":
      return desired === live ? "equal" : "different";
    case "string-list": {
      if (!Array.isArray(desired) || !Array.isArray(live)) return "different";
      if (kind.unordered) {
        const a = asStringSet(desired);
        const b = asStringSet(live);
        return a && b && sameSet(a, b) ? "equal" : "different";
      }
      return desired.length === live.length &&
        desired.every((v, i) => String(v) === String(live[i]))
        ? "equal"
        : "different";
    }
    case "object-list": {
      if (!Array.isArray(desired) || !Array.isArray(live)) return "different";
      // Item order carries no meaning for the lists RDS has (processor features).
      const a = new Set(desired.map((i) => itemKey(i, kind.itemKeys)));
      const b = new Set(live.map((i) => itemKey(i, kind.itemKeys)));
      return desired.length === live.length && sameSet(a, b) ? "equal" : "different";
    }
    case "tags":
    case "secret":
      // Tags are reconciled key by key; secrets are never compared.
      return "equal";
  }
}
