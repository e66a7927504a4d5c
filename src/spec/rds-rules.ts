/**
 * Offline checks RDS itself applies to single values, beyond what a field's
 * kind in the field table says. Each returns a problem message or undefined.
 * Keyed by CreateDBInstance name; a rule only runs for a field the table has.
 */
export const VALUE_RULES: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  DBInstanceIdentifier: (v) => identifierProblem(String(v)),
  MonitoringInterval: (v) =>
    [0, 1, 5, 10, 15, 30, 60].includes(Number(v))
      ? undefined
      : `${v} is not a valid interval; RDS accepts 0, 1, 5, 10, 15, 30 or 60 seconds`,
  PerformanceInsightsRetentionPeriod: (v) => {
    const n = Number(v);
    const ok = n === 7 || n === 731 || (n % 31 === 0 && n >= 31 && n <= 713);
    return ok
      ? undefined
      : `${v} is not a valid retention; RDS accepts 7, a multiple of 31 up to 713, or 731 days`;
  },
  PreferredMaintenanceWindow: (v) => windowProblem(parseMaintenanceWindow(String(v)), WEEK),
  PreferredBackupWindow: (v) => windowProblem(parseBackupWindow(String(v)), DAY),
};

/** A parsed window's problem, if any: RDS wants both kinds to last at least 30 minutes. */
function windowProblem(w: Window | string, cycle: number): string | undefined {
  if (typeof w === "string") return w;
  return minutesBetween(w.start, w.end, cycle) < 30
    ? "the window must last at least 30 minutes"
    : undefined;
}

/** RDS's identifier rules, one message per rule so the user knows which one. */
function identifierProblem(id: string): string | undefined {
  if (id.length < 1 || id.length > 63) return `"${id}" must be 1 to 63 characters long`;
  if (!/^[A-Za-z]/.test(id)) return `"${id}" must start with a letter`;
  if (!/^[A-Za-z0-9-]+$/.test(id)) return `"${id}" may contain only letters, digits and hyphens`;
  if (id.includes("--")) return `"${id}" may not contain two consecutive hyphens`;
  if (id.endsWith("-")) return `"${id}" may not end with a hyphen`;
  return undefined;
}

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

interface Window {
  /** Minutes from Monday 00:00 (maintenance) or from 00:00 (backup). */
  start: number;
  end: number;
}

function clock(h: string, m: string): number | undefined {
  const hh = Number(h);
  const mm = Number(m);
  return hh < 24 && mm < 60 ? hh * 60 + mm : undefined;
}

export function parseMaintenanceWindow(text: string): Window | string {
  const m = /^([a-z]{3}):(\d\d):(\d\d)-([a-z]{3}):(\d\d):(\d\d)$/i.exec(text);
  const format = `"${text}" is not a window of the form ddd:hh24:mi-ddd:hh24:mi (e.g. sun:05:00-sun:05:30, UTC)`;
  if (m === null) return format;
  const d1 = DAYS.indexOf((m[1] ?? "").toLowerCase());
  const d2 = DAYS.indexOf((m[4] ?? "").toLowerCase());
  const t1 = clock(m[2] ?? "", m[3] ?? "");
  const t2 = clock(m[5] ?? "", m[6] ?? "");
  if (d1 < 0 || d2 < 0)
    return `"${text}" has an unknown day; use mon, tue, wed, thu, fri, sat or sun`;
  if (t1 === undefined || t2 === undefined) return format;
  return { start: d1 * DAY + t1, end: d2 * DAY + t2 };
}

export function parseBackupWindow(text: string): Window | string {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text);
  const t1 = m === null ? undefined : clock(m[1] ?? "", m[2] ?? "");
  const t2 = m === null ? undefined : clock(m[3] ?? "", m[4] ?? "");
  if (t1 === undefined || t2 === undefined) {
    return `"${text}" is not a window of the form hh24:mi-hh24:mi (e.g. 03:00-03:30, UTC)`;
  }
  return { start: t1, end: t2 };
}

/** Length of a window that may wrap around the end of its cycle. */
function minutesBetween(start: number, end: number, cycle: number): number {
  return (((end - start) % cycle) + cycle) % cycle;
}

/** RDS refuses a daily backup window that overlaps the weekly maintenance window. */
export function windowsOverlap(backup: Window, maintenance: Window): boolean {
  const mLen = minutesBetween(maintenance.start, maintenance.end, WEEK);
  const bLen = minutesBetween(backup.start, backup.end, DAY);
  for (let day = 0; day < 7; day++) {
    const bStart = day * DAY + backup.start;
    // Intervals on a cycle overlap when either start lies inside the other.
    const bInM = minutesBetween(maintenance.start, bStart, WEEK) < mLen;
    const mInB = minutesBetween(bStart, maintenance.start, WEEK) < bLen;
    if (bInM || mInB) return true;
  }
  return false;
}
