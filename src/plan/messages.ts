import type { DesiredInstance } from "../spec/types.js";

/** What every sensitive value is replaced with, in the plan itself. */
export const SENSITIVE = "(sensitive)";

/** A value as a person reads it in one sentence. */
export function show(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** "rdsctl.yaml:14" for a declared field, or the instance item when the field has no source. */
export function where(d: DesiredInstance, field: string): string {
  const loc = d.fieldSources?.[field] ?? d.source;
  return loc ? `${loc.file}:${loc.line}` : d.id;
}

/** Ends a sentence-building hint with a period. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
