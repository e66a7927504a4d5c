export { RDS_CHOOSES } from "./rds-defaults.js";
export { FIELDS, fieldByName, fieldWithRole, pendingKeyOf } from "./table.js";
export type {
  FieldDef,
  FieldRole,
  FieldTiming,
  Mutability,
  ValueKind,
} from "./types.js";
