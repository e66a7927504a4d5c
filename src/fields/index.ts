export { RDS_CHOOSES } from "./rds-defaults.js";
export { FIELDS, fieldByName, fieldWithRole, modifyNameOf, pendingKeyOf } from "./table.js";
export type {
  DiffRule,
  FieldDef,
  FieldRole,
  FieldTiming,
  InstanceView,
  MasterPasswordMember,
  Mutability,
  PendingReader,
  RiskFacts,
  ValueKind,
  Verdict,
} from "./types.js";
