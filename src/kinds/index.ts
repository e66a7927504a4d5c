import { parameterGroupKind } from "./parameter-group/index.js";
import { subnetGroupKind } from "./subnet-group/index.js";
import type { KindName, ResourceKind } from "./types.js";

/**
 * Every kind beside DB instances, in the order their resources are applied
 * (before the instances that name them). Adding a kind is a folder under
 * src/kinds/ and one line here.
 */
export const KINDS: readonly ResourceKind<unknown>[] = [parameterGroupKind, subnetGroupKind];

/** The kind of that name; undefined for "instance", which has its own planner. */
export function kindNamed(name: KindName): ResourceKind<unknown> | undefined {
  return KINDS.find((k) => k.name === name);
}
