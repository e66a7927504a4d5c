import { SENSITIVE } from "../plan/messages.js";
import { escapeText } from "../text/escape.js";

/*
 * How a plan value is shown to a person or put in JSON. Sensitive values (and
 * anything shaped like a secret reference, in case a caller forgot to flag it)
 * become SENSITIVE, the planner's own mask, so neither a password nor where
 * it is kept leaks.
 */
export { SENSITIVE };

/** True for the `{ kind: "env" | "file" | "literal", ... }` SecretRef shape. */
function looksLikeSecretRef(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "env" || kind === "file" || kind === "literal";
}

/** A value safe to put in JSON output: secrets masked, everything else as is. */
export function jsonValue(value: unknown, sensitive: boolean): unknown {
  if (sensitive || looksLikeSecretRef(value)) return value === undefined ? null : SENSITIVE;
  if (value === undefined) return null;
  return value;
}

/** A one-line human rendering of a value, escaped (see escapeText). */
export function textValue(value: unknown, sensitive: boolean): string {
  if (value === undefined || value === null) return "(none)";
  if (sensitive || looksLikeSecretRef(value)) return SENSITIVE;
  if (typeof value === "string") {
    const text = escapeText(value);
    return value === "" || /^\s|\s$/.test(value) ? `"${text.replace(/"/g, '\\"')}"` : text;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => textValue(item, false)).join(", ")}]`;
  return escapeText(JSON.stringify(value));
}
