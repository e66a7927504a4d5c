import type { DBInstance, PendingModifiedValues } from "@aws-sdk/client-rds";
import { member, typed } from "./describe-readers.js";
import type { PendingReader, ValueKind } from "./types.js";

/* Building blocks shared by the field table's entries. */

type Primitive = "string" | "number" | "boolean";

/** Reads `DBInstance[key]` when it has the expected type. */
export const live =
  (key: string, type: Primitive) =>
  (db: DBInstance): unknown =>
    typed(member(db, key), type);

/** Reads `PendingModifiedValues[key]` through `read` (by default: when it has the expected type). */
export function pend(key: string, read: Primitive | ((value: unknown) => unknown)): PendingReader {
  const convert = typeof read === "function" ? read : (v: unknown) => typed(v, read);
  return Object.assign((pmv: PendingModifiedValues): unknown => convert(member(pmv, key)), { key });
}

export const STRING: ValueKind = { type: "string" };
export const CI_STRING: ValueKind = { type: "string", caseInsensitive: true };
export const BOOLEAN: ValueKind = { type: "boolean" };

/**
 * For create-only fields that RestoreDBInstanceFromDBSnapshot can set on the
 * new instance; fields a restore keeps need their own hint.
 */
export const RESTORE_HINT =
  "Restore a snapshot into a new instance with the new value, or revert the spec";
