import { stringList } from "./describe-readers.js";
import type { Verdict } from "./types.js";

/*
 * Value rules of particular fields, referenced from their table entries:
 * how RDS rewrites a value it reports, and how a value goes on the wire.
 */

/** Whether a declared version matches a live one: equal, or a prefix ending at a dot. */
export function versionMatches(desired: string, actual: string): boolean {
  const d = desired.trim().toLowerCase();
  const a = actual.trim().toLowerCase();
  return a === d || a.startsWith(`${d}.`);
}

/** An engine version compared as RDS reports it: a declared prefix matches the full version. */
export function compareVersion(desired: string, live: string): Verdict {
  return versionMatches(desired, live) ? "equal" : "different";
}

/** The key id inside a KMS key ARN, or the value itself when it is a bare key id. */
function kmsKeyTail(value: string): string | undefined {
  const v = value.trim();
  const arn = /^arn:[^:]+:kms:[^:]*:[^:]*:key\/(.+)$/i.exec(v);
  if (arn) return arn[1]?.toLowerCase();
  if (/^arn:/i.test(v) || /^alias\//i.test(v)) return undefined;
  return v.toLowerCase();
}

/**
 * KMS keys match when equal, or when their key ids match; aliases cannot be
 * checked. RDS reports the ARN whatever form was sent.
 */
export function compareKmsKey(desired: string, live: string): Verdict {
  if (desired.trim().toLowerCase() === live.trim().toLowerCase()) return "equal";
  const d = kmsKeyTail(desired);
  const l = kmsKeyTail(live);
  if (d === undefined || l === undefined) {
    // An alias (or alias ARN) names a key without saying which; without a KMS
    // lookup the only honest answer is "cannot tell".
    return /alias\//i.test(desired) ? "unverifiable" : "different";
  }
  return d === l ? "equal" : "different";
}

/**
 * ProcessorFeatures as RDS takes them on both CreateDBInstance and
 * ModifyDBInstance: Name/Value pairs whose Value is a string, while a spec
 * may write the value as a number.
 */
export function processorFeaturesToSend(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    const rec = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    return { Name: rec.Name, Value: rec.Value === undefined ? undefined : String(rec.Value) };
  });
}

/** The strings of a list member; nothing when it is not a list. */
export function stringsOf(value: unknown): string[] {
  return stringList(value) ?? [];
}

/** The log export set once a pending enable/disable delta lands. */
export function logsAfterDelta(current: unknown, delta: unknown): string[] | undefined {
  if (typeof delta !== "object" || delta === null) return undefined;
  const rec = delta as Record<string, unknown>;
  const set = new Set(stringsOf(current));
  for (const t of stringsOf(rec.LogTypesToEnable)) set.add(t);
  for (const t of stringsOf(rec.LogTypesToDisable)) set.delete(t);
  return [...set];
}

/** The CloudwatchLogsExportConfiguration that turns the `from` set into the `to` set. */
export function logsExportDelta(
  to: unknown,
  from: unknown,
): { EnableLogTypes?: string[]; DisableLogTypes?: string[] } {
  const want = new Set(stringsOf(to));
  const have = new Set(stringsOf(from));
  const config: { EnableLogTypes?: string[]; DisableLogTypes?: string[] } = {};
  const enable = [...want].filter((t) => !have.has(t));
  const disable = [...have].filter((t) => !want.has(t));
  if (enable.length > 0) config.EnableLogTypes = enable;
  if (disable.length > 0) config.DisableLogTypes = disable;
  return config;
}
