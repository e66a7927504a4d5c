import { invalidValue } from "../http/errors.js";
import type { Tag } from "../state/model.js";

const IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?!-))*$/;

/** RDS identifier rules: 1-63 letters, digits, hyphens; a letter first; no `--`, no trailing `-`. */
export function checkIdentifier(value: string, param = "DBInstanceIdentifier"): string {
  const id = value.toLowerCase();
  if (id.length < 1 || id.length > 63 || !IDENTIFIER.test(id) || id.endsWith("-")) {
    throw invalidValue(
      `The parameter ${param} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return id;
}

/**
 * Group names, stored lowercase: parameter groups take 1-255 letters, digits
 * and hyphens; subnet groups also periods, underscores and spaces (`extra`).
 */
export function checkGroupName(value: string, param: string, extra = ""): string {
  const name = value.toLowerCase();
  const re = new RegExp(`^[a-z][a-z0-9${extra}-]{0,254}$`);
  if (!re.test(name) || name.endsWith("-") || name.includes("--")) {
    throw invalidValue(`The parameter ${param} is not a valid name: ${value}`);
  }
  return name;
}

export const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function minutes(hhmm: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** `hh24:mi-hh24:mi`, UTC, at least 30 minutes. */
export function checkBackupWindow(value: string): string {
  const [a, b, ...rest] = value.split("-");
  const start = a === undefined ? undefined : minutes(a);
  const end = b === undefined ? undefined : minutes(b);
  if (rest.length > 0 || start === undefined || end === undefined) {
    throw invalidValue(`The backup window must be in the format hh24:mi-hh24:mi: ${value}`);
  }
  const span = (end - start + 1440) % 1440;
  if (span < 30) throw invalidValue("The backup window must be at least 30 minutes.");
  return value;
}

/** `ddd:hh24:mi-ddd:hh24:mi`, UTC, at least 30 minutes; stored lowercase. */
export function checkMaintenanceWindow(value: string): string {
  const v = value.toLowerCase();
  const m = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(v);
  const d1 = m ? DAYS.indexOf(m[1]!) : -1;
  const d2 = m ? DAYS.indexOf(m[3]!) : -1;
  const t1 = m ? minutes(m[2]!) : undefined;
  const t2 = m ? minutes(m[4]!) : undefined;
  if (d1 < 0 || d2 < 0 || t1 === undefined || t2 === undefined) {
    throw invalidValue(
      `The maintenance window must be in the format ddd:hh24:mi-ddd:hh24:mi: ${value}`,
    );
  }
  const span = (d2 * 1440 + t2 - (d1 * 1440 + t1) + 7 * 1440) % (7 * 1440);
  if (span < 30) throw invalidValue("The maintenance window must be at least 30 minutes.");
  return v;
}

const DAY = 1440;
const WEEK = 7 * DAY;

/** Start and length in minutes of a checked backup window (daily). */
function backupSpan(window: string): { start: number; length: number } {
  const [a = "", b = ""] = window.split("-");
  const start = minutes(a) ?? 0;
  return { start, length: ((minutes(b) ?? 0) - start + DAY) % DAY };
}

/** Start (minutes into the week, Sunday first) and length of a checked maintenance window. */
function maintenanceSpan(window: string): { start: number; length: number } {
  const [from = "", to = ""] = window.toLowerCase().split("-");
  const at = (part: string) => DAYS.indexOf(part.slice(0, 3)) * DAY + (minutes(part.slice(4)) ?? 0);
  const start = at(from);
  return { start, length: (at(to) - start + WEEK) % WEEK };
}

/**
 * Whether a daily backup window overlaps a weekly maintenance window on any
 * day (both already checked): RDS refuses such a pair, and never picks one.
 */
export function windowsOverlap(backup: string, maintenance: string): boolean {
  const b = backupSpan(backup);
  const m = maintenanceSpan(maintenance);
  for (let day = 0; day < 7; day++) {
    const start = day * DAY + b.start;
    // Two intervals on the week's circle overlap when either starts inside the other.
    if ((start - m.start + WEEK) % WEEK < m.length) return true;
    if ((m.start - start + WEEK) % WEEK < b.length) return true;
  }
  return false;
}

export function checkWindowsApart(backup: string, maintenance: string): void {
  if (windowsOverlap(backup, maintenance)) {
    throw invalidValue(
      `The backup window and maintenance window must not overlap: ${backup} and ${maintenance}.`,
    );
  }
}

/**
 * The longest master password each engine takes (CreateDBInstance API
 * reference, MasterUserPassword): MariaDB and MySQL 41, Oracle 30,
 * PostgreSQL and SQL Server 128, Db2 255. Engines are matched by prefix
 * (`oracle-se2`, `sqlserver-ex`, `db2-se`, ...).
 */
const PASSWORD_MAX: ReadonlyArray<[string, number]> = [
  ["mysql", 41],
  ["mariadb", 41],
  ["oracle", 30],
  ["postgres", 128],
  ["sqlserver", 128],
  ["db2", 255],
];

export function passwordMaxLength(engine: string): number {
  for (const [prefix, max] of PASSWORD_MAX) if (engine.startsWith(prefix)) return max;
  return 128;
}

/**
 * 8 to the engine's maximum printable ASCII characters other than '/', '"',
 * '@' and space. Checked without ever echoing the value.
 */
export function checkPassword(value: string, engine: string): void {
  const invalid = (why: string) =>
    invalidValue(`The parameter MasterUserPassword is not a valid password${why}`);
  if (value.length < 8) throw invalid(" because it is shorter than 8 characters.");
  const max = passwordMaxLength(engine);
  if (value.length > max) throw invalid(` because it is longer than ${max} characters.`);
  if (!/^[\x21-\x7e]+$/.test(value) || /[/"@]/.test(value)) {
    throw invalid(". Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.");
  }
}

export function checkTags(tags: Tag[]): void {
  for (const t of tags) {
    if (t.Key === "") throw invalidValue("Tag keys must not be empty.");
    if (t.Key.length > 128 || t.Value.length > 256) {
      throw invalidValue(`Tag ${t.Key.slice(0, 128)} is too long.`);
    }
    if (/^(aws|rds):/i.test(t.Key)) {
      throw invalidValue(`Tag keys starting with aws: or rds: are reserved: ${t.Key}`);
    }
  }
}

/** Merge tags into a list: a key already present gets the new value. */
export function mergeTags(into: Tag[], tags: Tag[]): Tag[] {
  const map = new Map(into.map((t) => [t.Key, t.Value]));
  for (const t of tags) map.set(t.Key, t.Value);
  if (map.size > 50) throw invalidValue("A resource can have at most 50 tags.");
  return [...map].map(([Key, Value]) => ({ Key, Value }));
}
