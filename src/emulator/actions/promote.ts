import { fault, invalidState } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { checkBackupWindow, checkWindowsApart } from "../rules/formats.js";
import { checkBackupRetention } from "../rules/instance-settings.js";
import type { Ctx } from "../state/context.js";
import { DURATIONS } from "../state/context.js";
import { getInstance } from "../state/lookup.js";
import type { Instance } from "../state/model.js";

/**
 * PromoteReadReplica: the replica stops replicating and becomes a stand-alone
 * instance. It reads `modifying`, then `rebooting`, then `available`; when
 * the reboot begins it has left its source (neither side lists the other)
 * and takes the backup settings asked for (retention 1 when not given).
 */
export function promoteReadReplica(ctx: Ctx, q: QueryParams): Instance {
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  if (inst.ReadReplicaSourceDBInstanceIdentifier === undefined) {
    throw fault(
      "InvalidDBInstanceState",
      `DB instance ${inst.DBInstanceIdentifier} is not a read replica.`,
    );
  }
  if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "be promoted");
  }
  const retention = checkBackupRetention(q.int("BackupRetentionPeriod") ?? 1);
  const window = q.str("PreferredBackupWindow");
  if (window !== undefined) {
    const checked = checkBackupWindow(window);
    checkWindowsApart(checked, inst.PreferredMaintenanceWindow);
    inst.promotedBackupWindow = checked;
  }
  inst.inFlight.BackupRetentionPeriod = retention;
  inst.DBInstanceStatus = "modifying";
  ctx.schedule(inst, [
    { after: DURATIONS.modifying, status: "rebooting", effect: "promote-done" },
    { after: DURATIONS.rebooting, status: "available", effect: "reboot-done" },
  ]);
  ctx.event(inst, "Promoting read replica to a stand-alone DB instance", "read replica");
  return inst;
}
