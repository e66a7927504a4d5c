import { readVersion } from "./version.js";

/**
 * The version of rdsctl's JSON documents (plan, apply, validate, errors,
 * saved plans). It goes up only when a member is removed or changes meaning;
 * new members are added without a bump. See docs/json.md.
 */
export const JSON_FORMAT_VERSION = 1;

export interface JsonMeta {
  formatVersion: number;
  rdsctlVersion: string;
}

/** The members every JSON document rdsctl prints starts with. */
export function jsonMeta(): JsonMeta {
  return { formatVersion: JSON_FORMAT_VERSION, rdsctlVersion: readVersion() };
}
