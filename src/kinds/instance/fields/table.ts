import { IDENTITY_FIELDS } from "./identity-fields.js";
import { NETWORK_FIELDS } from "./network-fields.js";
import { OPERATIONS_FIELDS } from "./operations-fields.js";
import { STORAGE_FIELDS } from "./storage-fields.js";
import type { FieldDef, FieldRole } from "./types.js";

/**
 * One entry per CreateDBInstance parameter (every member of the SDK's
 * CreateDBInstanceMessage; a test keeps it that way). Mutability, timing and
 * downtime follow the RDS User Guide's "Settings for DB instances" table and
 * the ModifyDBInstance API reference.
 */
export const FIELDS: readonly FieldDef[] = [
  ...IDENTITY_FIELDS,
  ...STORAGE_FIELDS,
  ...NETWORK_FIELDS,
  ...OPERATIONS_FIELDS,
];

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** The field definition for a CreateDBInstance parameter name (exact case). */
export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name);
}

/** The ModifyDBInstance member that carries a field. */
export function modifyNameOf(f: FieldDef): string {
  return f.modifyName ?? f.name;
}

const BY_ROLE = new Map(
  FIELDS.flatMap((f) => (f.role === undefined ? [] : [[f.role, f] as const])),
);

/** The field playing a part in a mechanism that spans fields (one per role; a test checks it). */
export function fieldWithRole(role: FieldRole): FieldDef {
  const f = BY_ROLE.get(role);
  if (f === undefined) throw new Error(`no field has the role ${role}`);
  return f;
}

const PENDING_KEY = new Map(
  FIELDS.flatMap((f) =>
    f.pending === undefined ? [] : [[modifyNameOf(f), f.pending.key] as const],
  ),
);

/**
 * Where PendingModifiedValues reports a change sent under a ModifyDBInstance
 * member: the field's pending key, else the member's own name.
 */
export function pendingKeyOf(modifyName: string): string {
  return PENDING_KEY.get(modifyName) ?? modifyName;
}
