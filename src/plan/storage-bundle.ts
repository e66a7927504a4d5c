import { fieldWithRole } from "../kinds/instance/fields/table.js";
import type { Draft, PlanContext } from "./context.js";

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * RDS validates storage settings together: a StorageType, Iops or throughput
 * change is rejected unless the request also carries the storage size, and a
 * move to provisioned IOPS needs the IOPS figure. Adds those companions (at
 * their current or declared values, so nothing else changes) to the Modify.
 * The fields are found by their roles in the field table; none of them has a
 * separate Modify name or PendingModifiedValues key.
 */
export function addStorageBundle(ctx: PlanContext, draft: Draft): void {
  const size = fieldWithRole("storage-size");
  const iopsField = fieldWithRole("storage-iops");
  const SIZE = size.name;
  const TYPE = fieldWithRole("storage-type").name;
  const IOPS = iopsField.name;
  const THROUGHPUT = fieldWithRole("storage-throughput").name;
  const m = draft.modify;
  const touched = TYPE in m || IOPS in m || THROUGHPUT in m;
  if (!touched) return;
  const { d, db, pmv } = ctx;
  if (!(SIZE in m)) {
    const value = num(pmv[SIZE]) ?? num(size.current(db)) ?? num(d.fields[SIZE]);
    if (value !== undefined) m[SIZE] = value;
  }
  const type = typeof m[TYPE] === "string" ? m[TYPE].toLowerCase() : undefined;
  if (type === undefined) return;
  if (!(IOPS in m)) {
    const iops =
      num(d.fields[IOPS]) ??
      (type.startsWith("io") ? (num(pmv[IOPS]) ?? num(iopsField.current(db))) : undefined);
    if (iops !== undefined && iops > 0) m[IOPS] = iops;
    else if (type.startsWith("io")) {
      draft.notices.push({
        field: IOPS,
        message: `${d.id}: StorageType ${type} needs provisioned IOPS; declare Iops, or RDS will refuse the change.`,
      });
    }
  }
  if (type === "gp3" && !(THROUGHPUT in m)) {
    const throughput = num(d.fields[THROUGHPUT]);
    if (throughput !== undefined) m[THROUGHPUT] = throughput;
  }
}
