import { applyDomain } from "../settings/domain.js";
import type { Ctx } from "../state/context.js";
import { otherZone } from "../state/lookup.js";
import type { Instance, Pending, Transition } from "../state/model.js";
import { completeUpgrade, UPGRADE_STARTED } from "./engine-upgrade.js";
import { parameterApplyDone } from "./parameter-apply.js";
import { detachReplicas, relinkAcrossRegions, unlinkFromSource } from "./replica-links.js";

const STATUS_EVENTS: Record<string, [string, string]> = {
  "backing-up": ["DB instance created", "creation"],
  modifying: ["Applying modification to database instance", "configuration change"],
  rebooting: ["DB instance shutdown", "availability"],
  stopping: ["DB instance is being stopped", "notification"],
  stopped: ["DB instance stopped", "notification"],
  starting: ["DB instance is being started", "notification"],
  deleting: ["DB instance is being deleted", "deletion"],
  upgrading: [UPGRADE_STARTED, "maintenance"],
  renaming: ["Renaming DB instance", "configuration change"],
  "resetting-master-credentials": ["Resetting master credentials", "configuration change"],
};

/** Fold a set of pending values into the instance (a modification completing). */
export function applyPending(ctx: Ctx, inst: Instance, p: Pending): void {
  if (p.DBInstanceClass !== undefined) inst.DBInstanceClass = p.DBInstanceClass;
  if (p.AllocatedStorage !== undefined) inst.AllocatedStorage = p.AllocatedStorage;
  if (p.Port !== undefined) inst.Port = p.Port;
  if (p.BackupRetentionPeriod !== undefined) {
    // Turning backups on starts a restorable window; turning them off deletes the backups.
    // (After a create, the window starts when the first backup ends: see render.ts.)
    if (p.BackupRetentionPeriod === 0) delete inst.restorableFrom;
    else if (inst.BackupRetentionPeriod === 0) inst.restorableFrom = ctx.now();
    inst.BackupRetentionPeriod = p.BackupRetentionPeriod;
  }
  if (p.MultiAZ !== undefined) {
    inst.MultiAZ = p.MultiAZ;
    inst.SecondaryAvailabilityZone = p.MultiAZ
      ? otherZone(ctx.state.subnetGroups.get(inst.DBSubnetGroupName), inst.AvailabilityZone)
      : undefined;
  }
  if (p.EngineVersion !== undefined) completeUpgrade(ctx, inst, p.EngineVersion);
  if (p.Iops !== undefined) inst.Iops = p.Iops;
  if (p.StorageThroughput !== undefined) inst.StorageThroughput = p.StorageThroughput;
  if (p.StorageType !== undefined) inst.StorageType = p.StorageType;
  if (p.CACertificateIdentifier !== undefined)
    inst.CACertificateIdentifier = p.CACertificateIdentifier;
  if (p.DBSubnetGroupName !== undefined) inst.DBSubnetGroupName = p.DBSubnetGroupName;
  if (p.IAMDatabaseAuthenticationEnabled !== undefined) {
    inst.IAMDatabaseAuthenticationEnabled = p.IAMDatabaseAuthenticationEnabled;
  }
  if (p.OptionGroupName !== undefined) inst.OptionGroupName = p.OptionGroupName;
  if (p.NetworkType !== undefined) inst.NetworkType = p.NetworkType;
  if (p.Domain !== undefined || p.DomainIAMRoleName !== undefined) {
    applyDomain(inst, p.Domain, p.DomainIAMRoleName);
  }
  if (p.DedicatedLogVolume !== undefined) inst.DedicatedLogVolume = p.DedicatedLogVolume;
  if (p.ProcessorFeatures !== undefined) {
    inst.ProcessorFeatures = p.ProcessorFeatures.length > 0 ? p.ProcessorFeatures : undefined;
  }
  if (p.LogTypesToEnable || p.LogTypesToDisable) {
    const logs = new Set(inst.EnabledCloudwatchLogsExports);
    for (const t of p.LogTypesToEnable ?? []) logs.add(t);
    for (const t of p.LogTypesToDisable ?? []) logs.delete(t);
    inst.EnabledCloudwatchLogsExports = [...logs].sort();
  }
  if (p.DBInstanceIdentifier !== undefined) rename(ctx, inst, p.DBInstanceIdentifier);
}

function rename(ctx: Ctx, inst: Instance, to: string): void {
  const from = inst.DBInstanceIdentifier;
  if (from === to) return;
  const instances = ctx.state.instances;
  const oldArn = inst.DBInstanceArn;
  instances.delete(from);
  inst.DBInstanceIdentifier = to;
  inst.DBInstanceArn = ctx.arn("db", to);
  instances.set(to, inst);
  ctx.invalidateOrder();
  relinkAcrossRegions(ctx, inst, oldArn);
  for (const other of instances.values()) {
    if (other.ReadReplicaSourceDBInstanceIdentifier === from) {
      other.ReadReplicaSourceDBInstanceIdentifier = to;
    }
    other.ReadReplicaDBInstanceIdentifiers = other.ReadReplicaDBInstanceIdentifiers.map((r) =>
      r === from ? to : r,
    );
  }
  ctx.event(inst, `Renamed instance from ${from} to ${to}`, "configuration change");
}

/** The modification being applied lands, security group changes included. */
function completeInFlight(ctx: Ctx, inst: Instance): void {
  const p = inst.inFlight;
  inst.inFlight = {};
  applyPending(ctx, inst, p);
  delete inst.AddingSecurityGroupIds;
  delete inst.RemovingSecurityGroupIds;
}

function fire(ctx: Ctx, inst: Instance, t: Transition): void {
  const previous = inst.DBInstanceStatus;
  inst.DBInstanceStatus = t.status;
  if (previous === "creating" && t.effect !== "fault" && inst.InstanceCreateTime === undefined)
    inst.InstanceCreateTime = t.at;
  switch (t.effect) {
    case "apply-in-flight": {
      completeInFlight(ctx, inst);
      if (inst.MasterUserSecret?.SecretStatus === "creating")
        inst.MasterUserSecret.SecretStatus = "active";
      if (previous !== "creating") {
        ctx.event(inst, "Finished applying modification to DB instance", "configuration change");
      }
      break;
    }
    case "reboot-done":
      // A reboot completes whatever was in flight along with it.
      completeInFlight(ctx, inst);
      if (inst.ParameterApplyStatus === "pending-reboot") inst.ParameterApplyStatus = "in-sync";
      ctx.event(inst, "DB instance restarted", "availability");
      break;
    case "backup-done":
      ctx.event(inst, "Finished DB Instance backup", "backup");
      break;
    case "promote-done":
      // Replication has stopped: the instance stands alone, with the backup settings asked for.
      completeInFlight(ctx, inst);
      if (inst.promotedBackupWindow !== undefined) {
        inst.PreferredBackupWindow = inst.promotedBackupWindow;
        delete inst.promotedBackupWindow;
      }
      unlinkFromSource(ctx, inst);
      ctx.event(inst, "Read replica promoted to a stand-alone DB instance", "read replica");
      break;
    case "delete":
      deleteNow(ctx, inst);
      return;
    case "fault":
      if (previous !== t.status) {
        ctx.event(inst, `DB instance status changed to ${t.status}`, failureCategory(t.status));
      }
      return;
    default:
      break;
  }
  if (previous !== t.status) {
    const ev = STATUS_EVENTS[t.status];
    if (ev) ctx.event(inst, ev[0], ev[1]);
    if (t.status === "available" && previous === "creating") {
      ctx.event(inst, "DB instance created", "creation");
    }
    if (t.status === "available" && previous === "starting") {
      // The engine has restarted: changes waiting for a reboot are in effect.
      if (inst.ParameterApplyStatus === "pending-reboot") inst.ParameterApplyStatus = "in-sync";
      ctx.event(inst, "DB instance started", "notification");
    }
  }
}

/** Event category RDS files a status under: failures, storage alerts, notifications. */
function failureCategory(status: string): string {
  if (status === "storage-full") return "low storage";
  if (
    status === "failed" ||
    status.startsWith("incompatible-") ||
    status.startsWith("inaccessible-")
  )
    return "failure";
  return "notification";
}

function deleteNow(ctx: Ctx, inst: Instance): void {
  const id = inst.DBInstanceIdentifier;
  ctx.state.instances.delete(id);
  ctx.invalidateOrder();
  unlinkFromSource(ctx, inst);
  // Replicas of a deleted source are promoted to stand-alone instances, as RDS does.
  detachReplicas(ctx, inst);
  ctx.event(inst, "DB instance deleted", "deletion");
}

/**
 * Run every transition whose time has come, in time order across instances,
 * so that events are recorded in the order they happened. Firing never
 * schedules new transitions, so one collecting pass is enough.
 */
export function runDue(ctx: Ctx): number {
  const now = ctx.now();
  if (now < ctx.nextDue) return 0;
  const due: Array<[Instance, Transition]> = [];
  const applied: Instance[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const inst of ctx.state.instances.values()) {
    const applyAt = inst.parameterApplyDoneAt;
    if (applyAt !== undefined) {
      if (applyAt <= now) applied.push(inst);
      else if (applyAt < next) next = applyAt;
    }
    while (inst.transitions.length > 0 && inst.transitions[0]!.at <= now) {
      const t = inst.transitions.shift()!;
      due.push([inst, t]);
      // An injected status halts the lifecycle: later steps never happen, later injections still do.
      if (t.effect === "fault")
        inst.transitions = inst.transitions.filter((x) => x.effect === "fault");
    }
    const t = inst.transitions[0];
    if (t && t.at < next) next = t.at;
  }
  ctx.nextDue = next;
  if (due.length > 0) {
    ctx.invalidateStorage();
    ctx.generation += 1;
  }
  if (applied.length > 0) ctx.generation += 1;
  for (const inst of applied) parameterApplyDone(inst);
  due.sort((a, b) => a[1].at - b[1].at);
  for (const [inst, t] of due) fire(ctx, inst, t);
  return due.length + applied.length;
}
