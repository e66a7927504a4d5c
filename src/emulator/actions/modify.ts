import { fault, invalidCombination, invalidState } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { checkReplicasCanFollow, upgradeReplicasAlong } from "../lifecycle/engine-upgrade.js";
import { checkClass } from "../rules/instance-settings.js";
import { checkMultiAZ } from "../rules/orderable.js";
import { domainChange } from "../settings/domain.js";
import { checkInsights, extrasChange } from "../settings/insights-and-support.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import { getInstance } from "../state/lookup.js";
import type { Instance } from "../state/model.js";
import {
  engineChange,
  logExports,
  Modification,
  passwordChange,
  processorChange,
  storageChange,
} from "./modification.js";
import {
  backupRetentionChange,
  connectivityChange,
  immediateSettingsChange,
  monitoringChange,
  optionGroupChange,
  parameterGroupChange,
  performanceInsightsChange,
  portChange,
  renameChange,
  securityGroupsChange,
  sendQueueAlong,
} from "./modify-settings.js";
import { checkOrderableAfter } from "./orderable.js";

export function modifyDBInstance(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.DBInstanceStatus === "storage-full") checkStorageFullRequest(inst, q);
  else if (inst.DBInstanceStatus === "storage-optimization") checkOptimizingRequest(inst, q);
  else if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be modified");
  }
  const m = new Modification(ctx, inst, q.bool("ApplyImmediately") ?? false);
  // Work on copies so that a refused request leaves the instance untouched.
  const before = structuredClone(inst);
  try {
    applyParams(m, q);
    if (m.appliesNow && inst.inFlight.EngineVersion !== undefined)
      checkReplicasCanFollow(ctx, inst);
  } catch (err) {
    for (const key of Object.keys(inst)) {
      if (!(key in before)) delete (inst as unknown as Record<string, unknown>)[key];
    }
    Object.assign(inst, before);
    throw err;
  }
  if (!m.changed) {
    throw invalidCombination("No modifications were requested");
  }
  if (m.appliesNow) {
    const status = transitionalStatus(inst, m.onlyPassword);
    ctx.schedule(inst, [
      { after: DURATIONS.modifyDelay, status },
      { after: DURATIONS.modifying, status: "available", effect: "apply-in-flight" },
    ]);
    const version = inst.inFlight.EngineVersion;
    if (version !== undefined) upgradeReplicasAlong(ctx, inst, version);
  }
  return inst;
}

/** Parameters a storage-full instance accepts along with the storage increase that clears it. */
const STORAGE_FULL_PARAMS = new Set([
  "Action",
  "Version",
  "DBInstanceIdentifier",
  "AllocatedStorage",
  "ApplyImmediately",
  "MaxAllocatedStorage",
]);

/**
 * A storage-full instance accepts only more storage: RDS says to fix the
 * status by modifying AllocatedStorage, and refuses other changes until then.
 */
function checkStorageFullRequest(inst: Instance, q: QueryParams): void {
  const size = q.int("AllocatedStorage");
  const others = [...q.raw.keys()].filter((k) => !STORAGE_FULL_PARAMS.has(k));
  if (size === undefined || size <= inst.AllocatedStorage || others.length > 0) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state storage-full; the only modification it accepts is an AllocatedStorage increase above ${inst.AllocatedStorage} GiB` +
        (others.length > 0 ? ` (not ${others.join(", ")}).` : "."),
    );
  }
}

const STORAGE_PARAMS = ["AllocatedStorage", "StorageType", "Iops", "StorageThroughput"];

/**
 * During storage-optimization the instance serves traffic and takes other
 * modifications, but no storage change until the optimization is over.
 */
function checkOptimizingRequest(inst: Instance, q: QueryParams): void {
  const storage = STORAGE_PARAMS.filter((k) => q.has(k));
  if (storage.length > 0) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is in state storage-optimization: its storage can't be modified (${storage.join(", ")}) until the previous storage change is optimized.`,
    );
  }
}

function applyParams(m: Modification, q: QueryParams): void {
  const allowMajor = q.bool("AllowMajorVersionUpgrade") ?? false;

  const cls = q.str("DBInstanceClass");
  if (cls !== undefined) m.deferrable("DBInstanceClass", m.inst.DBInstanceClass, checkClass(cls));
  engineChange(m, q, allowMajor);
  checkOrderableAfter(m, q);
  storageChange(m, q);

  processorChange(m, q);

  const multiAZ = q.bool("MultiAZ");
  if (multiAZ !== undefined) {
    checkMultiAZ(m.inst.Engine, multiAZ);
    m.deferrable("MultiAZ", m.inst.MultiAZ, multiAZ);
  }

  renameChange(m, q);
  connectivityChange(m, q);
  optionGroupChange(m, q);
  backupRetentionChange(m, q);
  portChange(m, q);
  parameterGroupChange(m, q);
  securityGroupsChange(m, q);
  immediateSettingsChange(m, q);
  monitoringChange(m, q);
  performanceInsightsChange(m, q);

  extrasChange(m, q);
  domainChange(m, q);
  checkInsights(m.inst);
  logExports(m, q);
  passwordChange(m, q);

  sendQueueAlong(m);
}

/** The status RDS shows while a modification is applied. */
function transitionalStatus(inst: Instance, onlyPassword: boolean): string {
  if (onlyPassword) return "resetting-master-credentials";
  if (inst.inFlight.EngineVersion !== undefined) return "upgrading";
  const keys = Object.keys(inst.inFlight);
  if (keys.length === 1 && keys[0] === "DBInstanceIdentifier") return "renaming";
  return "modifying";
}
