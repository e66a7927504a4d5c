import type { DBInstance } from "@aws-sdk/client-rds";
import {
  FIELDS,
  type FieldDef,
  fieldWithRole,
  RDS_CHOOSES,
} from "../kinds/instance/fields/index.js";
import { reservedTagPrefix } from "../spec/reserved-tags.js";
import { MANAGED_TAG, PASSWORD_VERSION_TAG } from "../spec/types.js";
import { type AccountDefaults, type LeftOut, leftOutReason } from "./chosen.js";
import { declaredVersion } from "./version.js";

/** The spec key of a read replica's source instance. */
export const SOURCE_KEY = "SourceDBInstanceIdentifier";
/** rdsctl's own key for the password label it records in a tag. */
export const PASSWORD_VERSION_KEY = "MasterUserPasswordVersion";

/** One instance as a spec entry, with what the YAML needs to say about it. */
export interface ExportedInstance {
  id: string;
  /** Spec keys in the order they are written. */
  fields: Record<string, unknown>;
  /** The environment variable of the placeholder password, when one was written. */
  passwordEnv?: string;
  /** Values nobody chose, left out (only when asked for: see chosen.ts). */
  leftOut?: LeftOut[];
}

function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The value once what is pending lands: a change already asked for is the user's choice. */
function liveValue(f: FieldDef, db: DBInstance): unknown {
  const current = safely(() => f.current(db));
  const pmv = db.PendingModifiedValues ?? {};
  let pending = safely(() => f.pending?.(pmv));
  if (f.afterPending !== undefined && pending !== undefined) {
    pending = safely(() => f.afterPending?.(current, pending));
  }
  return pending ?? current;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** A value in a stable written form: unordered lists sorted. */
function normalised(f: FieldDef, value: unknown): unknown {
  if (f.kind.type === "string-list" && f.kind.unordered && Array.isArray(value)) {
    return [...value].sort();
  }
  return value;
}

function sameAsDefault(f: FieldDef, value: unknown, def: unknown): boolean {
  if (typeof value === "string" && typeof def === "string") {
    const ci = f.kind.type === "string" && f.kind.caseInsensitive === true;
    return ci ? value.toLowerCase() === def.toLowerCase() : value === def;
  }
  return JSON.stringify(value) === JSON.stringify(def);
}

/** `orders-db` -> `ORDERS_DB_MASTER_PASSWORD`. */
export function passwordEnvName(id: string): string {
  return `${id.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_MASTER_PASSWORD`;
}

/** The instance's tags a user would declare: not AWS's own, not rdsctl's password label. */
function userTags(db: DBInstance): Record<string, string> {
  const all = safely(() => fieldWithRole("tags").current(db));
  if (typeof all !== "object" || all === null) return {};
  // fromEntries defines each key as an own property: a `__proto__` tag is data, not a prototype.
  return Object.fromEntries(
    Object.entries(all as Record<string, string>).filter(
      ([key]) =>
        reservedTagPrefix(key) === undefined && key !== PASSWORD_VERSION_TAG && key !== MANAGED_TAG,
    ),
  );
}

function passwordLabel(db: DBInstance): string | undefined {
  return db.TagList?.find((t) => t.Key === PASSWORD_VERSION_TAG)?.Value;
}

/**
 * One live instance as the spec entry a user would write for it: every field
 * whose value differs from what RDS would choose by default for its engine
 * and version (the field table's `rdsDefault`), nothing a replica takes from
 * its source or a cluster member from its cluster, the engine version at the
 * precision a user declares, tags but AWS's own, and never a password.
 * With `chosenOnly`, the values RDS or the account picked by themselves
 * (chosen.ts) are left out too, and listed in `leftOut`.
 */
export function exportInstance(db: DBInstance, chosenOnly?: AccountDefaults): ExportedInstance {
  const id = db.DBInstanceIdentifier ?? "";
  const engine = db.Engine ?? "";
  const version = db.EngineVersion ?? "";
  const source = db.ReadReplicaSourceDBInstanceIdentifier;
  const inCluster = db.DBClusterIdentifier !== undefined;
  const managed = fieldWithRole("managed-password").current(db) === true;
  const fields: Record<string, unknown> = {};
  let passwordEnv: string | undefined;
  const leftOut: LeftOut[] = [];

  for (const f of FIELDS) {
    if (f.role === "identifier") {
      fields[f.name] = id;
      if (source !== undefined) fields[SOURCE_KEY] = source;
      continue;
    }
    if ((source !== undefined && f.inheritedBy?.replica) || (inCluster && f.inheritedBy?.cluster)) {
      continue;
    }
    if (f.role === "master-password") {
      // Never readable: an unmanaged password gets a placeholder the user fills in.
      if (!managed) {
        passwordEnv = passwordEnvName(id);
        fields[f.name] = { env: passwordEnv };
        const label = passwordLabel(db);
        if (label !== undefined) fields[PASSWORD_VERSION_KEY] = label;
      }
      continue;
    }
    if (f.role === "tags") {
      const tags = userTags(db);
      if (!isEmpty(tags)) fields[f.name] = tags;
      continue;
    }
    if (f.sensitive === true) continue;
    let value = liveValue(f, db);
    if (isEmpty(value)) continue;
    if (f.diffRule === "engine-version" && typeof value === "string") {
      value = declaredVersion(engine, value, db.AutoMinorVersionUpgrade);
    }
    const def = safely(() => f.rdsDefault?.(engine, version, db));
    if (def === RDS_CHOOSES) continue;
    if (def !== undefined && sameAsDefault(f, value, def)) continue;
    const written = normalised(f, value);
    const reason = chosenOnly && leftOutReason(f.name, written, db, chosenOnly);
    if (reason) {
      leftOut.push({ id, field: f.name, reason });
      continue;
    }
    fields[f.name] = written;
  }
  return {
    id,
    fields,
    ...(passwordEnv === undefined ? {} : { passwordEnv }),
    ...(leftOut.length === 0 ? {} : { leftOut }),
  };
}
