/*
 * Engine version rules. RDS accepts a major version alone ("16", "8.0") and
 * reports the full version it picked ("16.3", "8.0.35"), and it may raise the
 * minor version by itself when AutoMinorVersionUpgrade is on. So a declared
 * version is a dot-boundary prefix of the live one, and "newer live minor" is
 * drift to report, never a downgrade to plan.
 */

import { versionMatches } from "../kinds/instance/fields/values.js";

export { versionMatches };

/** Splits "ru-2024-01" into ["ru-", 2024, "-", 1] so numbers compare as numbers. */
function chunks(segment: string): Array<string | number> {
  return (segment.match(/\d+|\D+/g) ?? []).map((c) => (/^\d+$/.test(c) ? Number(c) : c));
}

function compareSegments(a: string, b: string): number {
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Compares a declared version with a live one over the declared version's
 * segments only, so "16" vs "16.3" is 0, "17" vs "16.3" is 1, "15" vs "16.3"
 * is -1 and "16.2" vs "16.3" is -1.
 */
export function compareDeclaredVersion(desired: string, actual: string): number {
  const d = desired.trim().toLowerCase().split(".");
  const a = actual.trim().toLowerCase().split(".");
  for (let i = 0; i < d.length; i++) {
    const x = d[i] ?? "";
    const y = a[i];
    if (y === undefined) return 1;
    const c = compareSegments(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/** Engines whose major version is two segments ("8.0", "10.11", "5.7"). */
const TWO_SEGMENT_MAJOR = /^(mysql|mariadb|aurora-mysql|aurora|db2-.*)$/;

/**
 * The major version family of a version string for an engine. PostgreSQL
 * majors are one segment since 10 ("16"; "9.6" before); MySQL and MariaDB
 * majors are two ("8.0", "10.11"); others use the first segment.
 */
export function majorOf(engine: string | undefined, version: string): string {
  const parts = version.trim().toLowerCase().split(".");
  const first = parts[0] ?? "";
  const e = (engine ?? "").toLowerCase();
  if (TWO_SEGMENT_MAJOR.test(e)) return parts.slice(0, 2).join(".");
  if (e.includes("postgres") && Number(first) < 10 && parts.length > 1) {
    return parts.slice(0, 2).join(".");
  }
  return first;
}

/**
 * Whether moving from the live version to the declared one crosses a major
 * version, which ModifyDBInstance refuses without AllowMajorVersionUpgrade.
 */
export function isMajorChange(engine: string | undefined, live: string, desired: string): boolean {
  const from = majorOf(engine, live);
  const to = majorOf(engine, desired);
  // A declared "8" against a live "8.0.35" names no different major.
  if (from.startsWith(`${to}.`)) return false;
  return from !== to;
}

export type VersionVerdict =
  /** The declared version matches what is live (or pending). */
  | { kind: "match" }
  /** An upgrade to send; `major` says whether AllowMajorVersionUpgrade is needed. */
  | { kind: "upgrade"; major: boolean }
  /** Declared is lower than live within one major while minors auto-upgrade: drift kept. */
  | { kind: "drift-kept" }
  /** Declared is lower than live: RDS cannot downgrade. */
  | { kind: "downgrade" };

/** Decides what a declared engine version means against the live one. */
export function judgeEngineVersion(
  engine: string | undefined,
  desired: string,
  live: string,
  autoMinorUpgrade: boolean,
): VersionVerdict {
  if (versionMatches(desired, live)) return { kind: "match" };
  const c = compareDeclaredVersion(desired, live);
  if (c > 0) return { kind: "upgrade", major: isMajorChange(engine, live, desired) };
  if (c === 0) return { kind: "match" };
  if (autoMinorUpgrade && !isMajorChange(engine, live, desired)) return { kind: "drift-kept" };
  return { kind: "downgrade" };
}
