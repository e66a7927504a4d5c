export { FIELDS, fieldByName } from "./table.js";
export type { FieldDef, FieldTiming, Mutability, ValueKind } from "./types.js";
