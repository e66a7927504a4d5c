import type { FieldMap } from "./_fields.js";
import {
  dbNameProblem,
  engineFamily,
  literalPasswordEngineProblem,
  masterUsernameProblem,
  storageProblem,
} from "./engine-rules.js";
import { parseBackupWindow, parseMaintenanceWindow, windowsOverlap } from "./rds-rules.js";
import type { SecretRef, SourceLocation } from "./types.js";

export interface CrossFieldProblem {
  field: string;
  location: SourceLocation;
  message: string;
}

/**
 * Combinations RDS refuses, checked on an instance after `defaults` are
 * merged in. Only rules RDS itself enforces; each points at the field the
 * user is most likely to change.
 */
export function crossFieldProblems(m: FieldMap): CrossFieldProblem[] {
  const out: CrossFieldProblem[] = [];
  const get = (name: string) => m.fields.get(name);
  const report = (field: string, message: string) => {
    out.push({ field, location: get(field)?.location ?? m.location, message });
  };

  if (get("MasterUserPassword") !== undefined && get("ManageMasterUserPassword")?.value === true) {
    report(
      "MasterUserPassword",
      "MasterUserPassword and ManageMasterUserPassword: true cannot be used together (RDS refuses the combination); keep one",
    );
  }
  if (m.passwordVersion !== undefined && get("MasterUserPassword") === undefined) {
    out.push({
      field: "MasterUserPasswordVersion",
      location: m.passwordVersion.location,
      message:
        "MasterUserPasswordVersion needs a MasterUserPassword to send when the version changes",
    });
  }
  if (get("AvailabilityZone") !== undefined && get("MultiAZ")?.value === true) {
    report(
      "AvailabilityZone",
      "AvailabilityZone cannot be set on a Multi-AZ instance (RDS refuses it); remove AvailabilityZone",
    );
  }
  const allocated = get("AllocatedStorage")?.value;
  const max = get("MaxAllocatedStorage")?.value;
  if (typeof allocated === "number" && typeof max === "number" && max < allocated) {
    report(
      "MaxAllocatedStorage",
      `MaxAllocatedStorage (${max}) is below AllocatedStorage (${allocated}); the autoscaling ceiling must be at least the allocated storage`,
    );
  }
  const storageType = get("StorageType")?.value;
  if (typeof storageType === "string") {
    const type = storageType.toLowerCase();
    if (get("Iops") !== undefined && (type === "gp2" || type === "standard")) {
      report(
        "Iops",
        `Iops does not apply to StorageType ${storageType} (RDS refuses it, or turns the volume into io1); use io1, io2 or gp3, or remove Iops`,
      );
    }
    if (get("StorageThroughput") !== undefined && type !== "gp3") {
      report(
        "StorageThroughput",
        `StorageThroughput applies only to gp3 storage, not ${storageType}; remove it or use StorageType gp3`,
      );
    }
  }
  for (const p of engineProblems(m)) out.push(p);
  const backup = get("PreferredBackupWindow")?.value;
  const maintenance = get("PreferredMaintenanceWindow")?.value;
  if (typeof backup === "string" && typeof maintenance === "string") {
    const b = parseBackupWindow(backup);
    const w = parseMaintenanceWindow(maintenance);
    if (typeof b !== "string" && typeof w !== "string" && windowsOverlap(b, w)) {
      report(
        "PreferredBackupWindow",
        `PreferredBackupWindow ${backup} overlaps PreferredMaintenanceWindow ${maintenance}; RDS requires them not to overlap`,
      );
    }
  }
  return out;
}

/** The rules that depend on the engine: DBName, MasterUsername, a plaintext password, storage. */
function engineProblems(m: FieldMap): CrossFieldProblem[] {
  const engine = m.fields.get("Engine")?.value;
  if (typeof engine !== "string") return [];
  const family = engineFamily(engine);
  if (family === undefined) return [];
  const out: CrossFieldProblem[] = [];
  const report = (field: string, message: string | undefined) => {
    if (message === undefined) return;
    out.push({ field, location: m.fields.get(field)?.location ?? m.location, message });
  };
  const dbName = m.fields.get("DBName")?.value;
  if (typeof dbName === "string") {
    const p = dbNameProblem(family, dbName);
    if (p !== undefined) report("DBName", p.startsWith("DBName") ? p : `DBName ${p}`);
  }
  const user = m.fields.get("MasterUsername")?.value;
  if (typeof user === "string") {
    const p = masterUsernameProblem(family, user);
    if (p !== undefined) report("MasterUsername", `MasterUsername ${p}`);
  }
  const password = m.fields.get("MasterUserPassword")?.value as SecretRef | undefined;
  if (password?.kind === "literal") {
    report("MasterUserPassword", literalPasswordEngineProblem(family, password.value));
  }
  const allocated = m.fields.get("AllocatedStorage")?.value;
  const storageType = m.fields.get("StorageType")?.value;
  const storage = storageProblem(
    family,
    typeof storageType === "string" ? storageType : undefined,
    m.fields.get("Iops") !== undefined,
    typeof allocated === "number" ? allocated : undefined,
  );
  if (storage !== undefined) report(storage.field, storage.message);
  return out;
}
