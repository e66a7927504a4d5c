import { IDENTITY_FIELDS } from "./identity-fields.js";
import { NETWORK_FIELDS } from "./network-fields.js";
import { OPERATIONS_FIELDS } from "./operations-fields.js";
import { STORAGE_FIELDS } from "./storage-fields.js";
import type { FieldDef } from "./types.js";

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
