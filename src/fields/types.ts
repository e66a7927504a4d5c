import type { DBInstance, PendingModifiedValues } from "@aws-sdk/client-rds";

/**
 * The shape of a spec value, used by the spec validator, the JSON Schema and
 * the planner's comparison.
 */
export type ValueKind =
  | { type: "string"; enum?: readonly string[]; pattern?: string; caseInsensitive?: boolean }
  | { type: "integer"; minimum?: number; maximum?: number }
  | { type: "boolean" }
  /** A list of strings. `unordered` lists compare as sets. */
  | { type: "string-list"; unordered: boolean }
  /** `{ key: value }` map, or AWS's `[{ Key, Value }]` list in the file. */
  | { type: "tags" }
  /** `{ env: NAME }`, `{ file: PATH }` or a plaintext string in the file. */
  | { type: "secret" }
  /** `[{ Name, Value }]`, values compared as strings. */
  | { type: "object-list"; itemKeys: readonly string[] };

/** When RDS applies a change to this field. */
export type FieldTiming =
  /** Applied now whatever ApplyImmediately says. */
  | "immediate"
  /** Now with ApplyImmediately=true, otherwise at the next maintenance window. */
  | "deferrable"
  /** The setting switches now but takes effect only after a reboot. */
  | "after-reboot";

/** How a field may change once the instance exists. */
export type Mutability =
  /** ModifyDBInstance can change it. */
  | "modifiable"
  /** Only at create; a difference is blocked with `blockedHint`. */
  | "create-only"
  /** Not compared after create (write-only, or handled by its own mechanism). */
  | "create-only-unchecked";

/**
 * One supported DB instance field: everything rdsctl knows about it, in one
 * place. The spec validator, the JSON Schema, the planner and the waiter all
 * loop over this table.
 */
export interface FieldDef {
  /** The CreateDBInstance parameter name: the key in the spec file. */
  name: string;
  kind: ValueKind;
  /** One line for the JSON Schema and docs. */
  description: string;
  mutability: Mutability;
  /** The ModifyDBInstance parameter name, when it differs from `name`. */
  modifyName?: string;
  timing: FieldTiming;
  /** Whether applying a change causes downtime (restart, failover, reboot). */
  downtime: boolean;
  /** Never printed: rendered as "(sensitive)". */
  sensitive?: boolean;
  /** Read the live value from DescribeDBInstances; undefined means unknown. */
  current(db: DBInstance): unknown;
  /** Read a pending value from PendingModifiedValues, where RDS can defer it. */
  pending?(pmv: PendingModifiedValues): unknown;
  /** For create-only fields: what to do instead of an in-place change. */
  blockedHint?: string;
  /**
   * The DescribeDBInstances member that reports this field, when its name
   * differs from `name` (e.g. `IAMDatabaseAuthenticationEnabled`). Used to
   * point a user who pasted a describe output at the Create name.
   */
  describeName?: string;
}
