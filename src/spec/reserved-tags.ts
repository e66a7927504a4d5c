/**
 * Tag key prefixes AWS reserves for itself: RDS refuses them in user tags,
 * so the spec rejects them and planning never removes them. Kept free of
 * imports so both the spec loader and the planner can share it.
 */
export const RESERVED_TAG_PREFIXES: readonly string[] = ["aws:", "rds:"];

/** The reserved prefix `key` starts with (case-insensitively, as AWS compares), if any. */
export function reservedTagPrefix(key: string): string | undefined {
  const lower = key.toLowerCase();
  return RESERVED_TAG_PREFIXES.find((prefix) => lower.startsWith(prefix));
}
