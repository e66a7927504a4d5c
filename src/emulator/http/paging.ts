import { invalidValue } from "./errors.js";
import type { QueryParams } from "./query.js";

/** MaxRecords, 20 to 100, default 100: the page size of every Describe action. */
export function checkMaxRecords(q: QueryParams): number {
  const max = q.int("MaxRecords") ?? 100;
  if (max < 20 || max > 100) {
    throw invalidValue(`Invalid value for MaxRecords: ${max}. It must be between 20 and 100.`);
  }
  return max;
}

/** Offset-based Marker pagination for the small group, event and version lists. */
export function paginate<T>(q: QueryParams, items: readonly T[]): { page: T[]; marker?: string } {
  const max = checkMaxRecords(q);
  const marker = q.str("Marker");
  let start = 0;
  if (marker) {
    const text = Buffer.from(marker, "base64url").toString();
    const m = /^offset:(\d+)$/.exec(text);
    if (!m) throw invalidValue(`Invalid marker: ${marker}`);
    start = Number(m[1]);
  }
  const page = items.slice(start, start + max);
  const next = start + max;
  return next < items.length
    ? { page, marker: Buffer.from(`offset:${next}`).toString("base64url") }
    : { page };
}
