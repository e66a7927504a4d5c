import type { Node } from "yaml";
import { FIELDS, fieldByName } from "../kinds/instance/fields/table.js";
import { readRegion } from "./_region.js";
import { describeNode, mapEntries, readBoolean, readString, scalarText } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import { readByKind } from "./_values.js";
import { ENGINES } from "./engine-rules.js";
import { VALUE_RULES } from "./rds-rules.js";
import { suggestName, unknownKeyMessage } from "./suggest.js";
import type { SourceLocation } from "./types.js";
import { INSTANCE_REGION, REPLICA_SOURCE } from "./types.js";

export { INSTANCE_REGION, REPLICA_SOURCE };

/** rdsctl's own keys, allowed in an instance or in `defaults` beside the AWS fields. */
export const APPLY_IMMEDIATELY = "ApplyImmediately";
export const PASSWORD_VERSION = "MasterUserPasswordVersion";
/** A ModifyDBInstance-only parameter, lifted out of `fields` (`DesiredInstance.allowMajorVersionUpgrade`). */
export const ALLOW_MAJOR_UPGRADE = "AllowMajorVersionUpgrade";
const RDSCTL_KEYS = [
  APPLY_IMMEDIATELY,
  ALLOW_MAJOR_UPGRADE,
  PASSWORD_VERSION,
  REPLICA_SOURCE,
  INSTANCE_REGION,
] as const;

/** An instance identifier, or the ARN of a DB instance (`arn:aws:rds:REGION:ACCOUNT:db:ID`). */
export const REPLICA_SOURCE_PATTERN =
  "^([a-zA-Z][a-zA-Z0-9-]{0,62}|arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:db:[a-zA-Z][a-zA-Z0-9-]{0,62})$";

export interface Declared<T> {
  value: T;
  location: SourceLocation;
}

/** An instance item or the `defaults` map, read and validated field by field. */
export interface FieldMap {
  location: SourceLocation;
  fields: Map<string, Declared<unknown>>;
  applyImmediately?: Declared<boolean>;
  allowMajorVersionUpgrade?: Declared<boolean>;
  passwordVersion?: Declared<string>;
  replicaSource?: Declared<string>;
  region?: Declared<string>;
}

const FIELD_NAMES = FIELDS.map((f) => f.name);
const ALL_KEYS = [...FIELD_NAMES, ...RDSCTL_KEYS];
const BY_MODIFY_NAME = new Map(
  FIELDS.filter((f) => f.modifyName !== undefined).map((f) => [f.modifyName, f.name]),
);

/**
 * Reads one map of CreateDBInstance fields. Every key must be a field of the
 * table (or an rdsctl key); every value must fit the field's kind. Problems
 * are recorded on `src`; the fields that are valid are returned regardless,
 * so later checks can still run and report more at once.
 */
export function readFieldMap(
  src: SpecSource,
  node: Node | null,
  path: string,
  role: "instance" | "defaults",
): FieldMap | undefined {
  const entries = mapEntries(src, node, path);
  if (entries === undefined) return undefined;
  const out: FieldMap = { location: src.at(node), fields: new Map() };
  for (const e of entries) {
    if (!readRdsctlKey(src, e, role, out)) readTableField(src, e, role, out);
  }
  return out;
}

type Entry = NonNullable<ReturnType<typeof mapEntries>>[number];

/** The keys rdsctl adds to CreateDBInstance's; false when `e` is not one of them. */
function readRdsctlKey(
  src: SpecSource,
  e: Entry,
  role: "instance" | "defaults",
  out: FieldMap,
): boolean {
  const location = src.at(e.value ?? e.keyNode);
  switch (e.key) {
    case APPLY_IMMEDIATELY: {
      const r = readBoolean(src, e.value, e.path);
      if (r !== undefined) out.applyImmediately = { value: r.value, location };
      return true;
    }
    case ALLOW_MAJOR_UPGRADE: {
      const r = readBoolean(src, e.value, e.path);
      if (r !== undefined) out.allowMajorVersionUpgrade = { value: r.value, location };
      return true;
    }
    case PASSWORD_VERSION: {
      const text = scalarText(e.value);
      if (text === undefined || text.length === 0) {
        const got = text === undefined ? describeNode(e.value) : "an empty string";
        src.problem(
          e.value ?? e.keyNode,
          e.path,
          `expected a non-empty string or number, got ${got}`,
        );
      } else out.passwordVersion = { value: text, location };
      return true;
    }
    case REPLICA_SOURCE: {
      const r = readString(src, e.value, e.path);
      if (r === undefined) return true;
      if (!new RegExp(REPLICA_SOURCE_PATTERN).test(r.value)) {
        src.problem(
          e.value,
          e.path,
          `"${r.value}" is neither a DB instance identifier nor a DB instance ARN (arn:aws:rds:REGION:ACCOUNT:db:ID)`,
        );
      } else if (role === "defaults") {
        src.problem(
          e.keyNode,
          e.path,
          "defaults may not set SourceDBInstanceIdentifier; set it on each replica",
        );
      } else out.replicaSource = { value: r.value.toLowerCase(), location };
      return true;
    }
    case INSTANCE_REGION: {
      const region = readRegion(src, e.value, e.path);
      if (region === undefined) return true;
      if (role === "defaults") {
        src.problem(e.keyNode, e.path, "defaults may not set region; use the top-level region");
      } else out.region = { value: region, location };
      return true;
    }
    default:
      return false;
  }
}

/** A CreateDBInstance field of the table, checked against its kind and rules. */
function readTableField(
  src: SpecSource,
  e: Entry,
  role: "instance" | "defaults",
  out: FieldMap,
): void {
  const def = fieldByName(e.key);
  if (def === undefined) {
    src.problem(e.keyNode, e.path, unknownFieldMessage(e.key));
    return;
  }
  if (role === "defaults" && def.name === "DBInstanceIdentifier") {
    src.problem(
      e.keyNode,
      e.path,
      "defaults may not set DBInstanceIdentifier; each instance needs its own",
    );
    return;
  }
  if (def.sensitive === true) src.markSensitive(e.value);
  const r = readByKind(
    src,
    e.value,
    e.path,
    def.kind,
    VALUE_RULES[def.name],
    def.sensitive === true,
  );
  if (r === undefined) return;
  const value = canonical(src, def.name, r.value, e.value, e.path);
  const location = src.at(e.value ?? e.keyNode);
  if (value !== undefined) out.fields.set(def.name, { value: value.value, location });
}

/**
 * Values RDS takes in any case are kept in AWS's own spelling, so what is
 * sent and shown is what RDS reports: `Engine: Postgres` becomes `postgres`.
 * An Engine outside RDS's list is a problem, with the closest name.
 */
function canonical(
  src: SpecSource,
  name: string,
  value: unknown,
  node: Node | null,
  path: string,
): { value: unknown } | undefined {
  if (typeof value !== "string") return { value };
  if (name === "Engine") {
    const known = ENGINES.find((e) => e === value.toLowerCase());
    if (known !== undefined) return { value: known };
    const guess = suggestName(value, ENGINES);
    const hint =
      guess === undefined ? `; RDS engines are ${ENGINES.join(", ")}` : `; did you mean ${guess}?`;
    src.problem(node, path, `"${value}" is not an RDS engine${hint}`);
    return undefined;
  }
  if (name === "DBInstanceClass") return { value: value.toLowerCase() };
  return { value };
}

const BY_DESCRIBE_NAME = new Map(
  FIELDS.filter((f) => f.describeName !== undefined).map((f) => [f.describeName, f.name]),
);

function unknownFieldMessage(key: string): string {
  const createName = BY_MODIFY_NAME.get(key);
  if (createName !== undefined) {
    return `unknown field; ${key} is the ModifyDBInstance name, the spec uses the CreateDBInstance name ${createName}`;
  }
  const fromDescribe = BY_DESCRIBE_NAME.get(key);
  if (fromDescribe !== undefined) {
    return `unknown field; ${key} is how DescribeDBInstances reports it, the spec uses the CreateDBInstance name ${fromDescribe}`;
  }
  return unknownKeyMessage(key, ALL_KEYS);
}
