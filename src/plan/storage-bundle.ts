import type { Draft, PlanContext } from "./context.js";

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * RDS validates storage settings together: a StorageType, Iops or throughput
 * change is rejected unless the request also carries the storage size, and a
 * move to provisioned IOPS needs the IOPS figure. Adds those companions (at
 * their current or declared values, so nothing else changes) to the Modify.
 */
export function addStorageBundle(ctx: PlanContext, draft: Draft): void {
  const m = draft.modify;
  const touched = "StorageType" in m || "Iops" in m || "StorageThroughput" in m;
  if (!touched) return;
  const { d, db, pmv } = ctx;
  if (!("AllocatedStorage" in m)) {
    const size =
      num(pmv.AllocatedStorage) ?? num(db.AllocatedStorage) ?? num(d.fields.AllocatedStorage);
    if (size !== undefined) m.AllocatedStorage = size;
  }
  const type = typeof m.StorageType === "string" ? m.StorageType.toLowerCase() : undefined;
  if (type === undefined) return;
  if (!("Iops" in m)) {
    const iops =
      num(d.fields.Iops) ?? (type.startsWith("io") ? (num(pmv.Iops) ?? num(db.Iops)) : undefined);
    if (iops !== undefined && iops > 0) m.Iops = iops;
    else if (type.startsWith("io")) {
      draft.notices.push({
        field: "Iops",
        message: `${d.id}: StorageType ${type} needs provisioned IOPS; declare Iops, or RDS will refuse the change.`,
      });
    }
  }
  if (type === "gp3" && !("StorageThroughput" in m)) {
    const throughput = num(d.fields.StorageThroughput);
    if (throughput !== undefined) m.StorageThroughput = throughput;
  }
}
