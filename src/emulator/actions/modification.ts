import { invalidCombination } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { checkUpgradeDependencies } from "../lifecycle/engine-upgrade.js";
import {
  compareVersions,
  isUpgradeTarget,
  majorOf,
  resolveVersion,
} from "../rules/engine-catalogue.js";
import { checkPassword } from "../rules/formats.js";
import { checkLogTypes, checkStorageQuota } from "../rules/instance-settings.js";
import { invalidStorageSize, resolveStorage, roundStorageIncrease } from "../rules/storage.js";
import { mergeFeatures, requestedFeatures, sameFeatures } from "../settings/processor-features.js";
import type { Ctx } from "../state/context.js";
import type { Instance, Pending } from "../state/model.js";
import { managedSecret } from "./new-instance.js";

/*
 * One ModifyDBInstance call being worked out (Modification: what applies now,
 * what waits for the maintenance window, what cancels a queued change), and
 * the changes that weigh several settings together: engine version, storage,
 * processor features, the master password and log exports. Changes of one
 * setting each are in modify-settings.ts.
 */

type DeferrableKey = Exclude<
  keyof Pending,
  "MasterUserPassword" | "Port" | "LogTypesToEnable" | "LogTypesToDisable"
>;

/** One ModifyDBInstance call being worked out against an instance. */
export class Modification {
  /** Something changed (an applied-now field, the queue, or a cancellation). */
  changed = false;
  /** Something is being applied now, so the instance goes through `modifying`. */
  appliesNow = false;
  onlyPassword = true;

  constructor(
    readonly ctx: Ctx,
    readonly inst: Instance,
    readonly applyImmediately: boolean,
  ) {}

  /** The value a field will have once everything queued has applied. */
  effective<K extends DeferrableKey>(key: K, current: Pending[K]): Pending[K] {
    return this.inst.inFlight[key] ?? this.inst.deferred[key] ?? current;
  }

  /**
   * A change RDS applies now with ApplyImmediately=true and otherwise at the
   * next maintenance window. Sending the current value cancels a queued change.
   */
  deferrable<K extends DeferrableKey>(
    key: K,
    current: Pending[K],
    value: Pending[K],
    same: (a: Pending[K], b: Pending[K]) => boolean = Object.is,
  ): void {
    const { inst } = this;
    if (same(value, current)) {
      // Asking for the current value cancels whatever was queued or is still in flight.
      if (inst.deferred[key] !== undefined || inst.inFlight[key] !== undefined) {
        delete inst.deferred[key];
        delete inst.inFlight[key];
        this.changed = true;
        this.onlyPassword = false;
      }
      return;
    }
    if (same(value, this.effective(key, current))) return;
    this.changed = true;
    this.onlyPassword = false;
    if (this.applyImmediately) {
      delete inst.deferred[key];
      inst.inFlight[key] = value;
      this.appliesNow = true;
    } else {
      inst.deferred[key] = value;
    }
  }

  /** A change RDS applies at once, whatever ApplyImmediately says. */
  now<K extends keyof Instance>(key: K, value: Instance[K]): void {
    if (this.inst[key] === value) return;
    this.inst[key] = value;
    this.applyingNow();
  }

  /** Something other than the password is being applied now, so the instance goes through `modifying`. */
  applyingNow(): void {
    this.changed = this.appliesNow = true;
    this.onlyPassword = false;
  }
}

export function engineChange(m: Modification, q: QueryParams, allowMajor: boolean): void {
  const { inst } = m;
  const requested = q.str("EngineVersion");
  if (requested === undefined) return;
  const target = resolveVersion(inst.Engine, requested);
  if (!target) throw invalidCombination(`Cannot find version ${requested} for ${inst.Engine}`);
  const current = m.effective("EngineVersion", inst.EngineVersion)!;
  const sameMajor = majorOf(inst.Engine, current)?.major === majorOf(inst.Engine, target)?.major;
  // A major-only request moves to the default minor only when the current minor is lower.
  if (
    requested === majorOf(inst.Engine, target)?.major &&
    sameMajor &&
    compareVersions(current, target) >= 0
  ) {
    return;
  }
  // The running version cancels a queued or in-flight upgrade (see Modification.deferrable).
  if (target === inst.EngineVersion) {
    m.deferrable("EngineVersion", inst.EngineVersion, target);
    return;
  }
  if (compareVersions(target, current) < 0) {
    throw invalidCombination(`Cannot upgrade ${inst.Engine} from ${current} to ${target}`);
  }
  if (!sameMajor) {
    if (!allowMajor) {
      throw invalidCombination(
        "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.",
      );
    }
    // Only the majors the catalogue lists as upgrade targets (rules/engine-versions-data.ts).
    if (!isUpgradeTarget(inst.Engine, current, target)) {
      throw invalidCombination(`Cannot upgrade ${inst.Engine} from ${current} to ${target}`);
    }
    // RDS's own wording for a custom group left behind by a major upgrade; a group
    // named in the same call is then checked against the new family.
    if (!inst.DBParameterGroupName.startsWith("default.") && !q.has("DBParameterGroupName")) {
      throw invalidCombination(
        `The current DB instance parameter group ${inst.DBParameterGroupName} is custom. You must explicitly specify a new DB instance parameter group, either default or custom, for the engine version upgrade.`,
      );
    }
    // Option groups belong to one major too: a custom one must be replaced in the same call.
    if (!inst.OptionGroupName.startsWith("default:") && !q.has("OptionGroupName")) {
      throw invalidCombination(
        `The current DB instance option group ${inst.OptionGroupName} is custom. You must explicitly specify a new DB instance option group, either default or custom, for the engine version upgrade.`,
      );
    }
  }
  checkUpgradeDependencies(m.ctx, inst, target, !sameMajor);
  m.deferrable("EngineVersion", inst.EngineVersion, target);
}

export function storageChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const size = q.int("AllocatedStorage");
  const type = q.str("StorageType");
  const iops = q.int("Iops");
  const tput = q.int("StorageThroughput");
  if (size === undefined && type === undefined && iops === undefined && tput === undefined) return;
  const effSize = m.effective("AllocatedStorage", inst.AllocatedStorage)!;
  const effType = m.effective("StorageType", inst.StorageType)!;
  const newType = type ?? effType;
  const asked = size ?? effSize;
  // Storage only grows, and by at least 10%: smaller increases are rounded up to it.
  if (asked < inst.AllocatedStorage) throw invalidStorageSize(inst.Engine, newType, asked);
  const newSize = roundStorageIncrease(inst.Engine, newType, inst.AllocatedStorage, asked);
  const effIops = m.effective("Iops", inst.Iops);
  const effTput = m.effective("StorageThroughput", inst.StorageThroughput);
  const sendIops = requestedIops(effType, newType, iops, effIops);
  // Throughput equal to what is in effect is not a request to set it (a small
  // gp3 volume reports a baseline that cannot be set).
  const sendTput = tput !== undefined && tput !== effTput ? tput : undefined;
  const resolved = resolveStorage(inst.Engine, newType, newSize, sendIops, sendTput);
  if (resolved.AllocatedStorage > effSize) {
    checkStorageQuota(m.ctx, resolved.AllocatedStorage, inst.DBInstanceIdentifier);
  }
  m.deferrable("AllocatedStorage", inst.AllocatedStorage, resolved.AllocatedStorage);
  m.deferrable("StorageType", inst.StorageType, resolved.StorageType);
  m.deferrable("Iops", inst.Iops, resolved.Iops);
  m.deferrable("StorageThroughput", inst.StorageThroughput, resolved.StorageThroughput);
}

/**
 * The IOPS a storage modification asks for. On a type change the value sent is
 * always a request, even when it equals the old volume's figure (gp3's baseline
 * 3000 is a valid io1 setting); moving between io1 and io2 without IOPS keeps
 * the provisioned figure. With the type unchanged, a value equal to the one in
 * effect asks for nothing new, and provisioned volumes keep theirs.
 */
function requestedIops(
  effType: string,
  newType: string,
  iops: number | undefined,
  effIops: number | undefined,
): number | undefined {
  const provisioned = (t: string) => t === "io1" || t === "io2";
  if (newType !== effType) {
    if (iops !== undefined) return iops;
    return provisioned(newType) && provisioned(effType) ? effIops : undefined;
  }
  if (iops !== undefined && iops !== effIops) return iops;
  return provisioned(newType) ? effIops : undefined;
}

/**
 * ProcessorFeatures names the features to set (others keep theirs);
 * UseDefaultProcessorFeatures=true goes back to the class defaults. Either
 * waits for the maintenance window unless ApplyImmediately, and restarts.
 */
export function processorChange(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const requested = requestedFeatures(q);
  const useDefault = q.bool("UseDefaultProcessorFeatures") === true;
  if (!requested && !useDefault) return;
  const target = requested
    ? mergeFeatures(m.effective("ProcessorFeatures", inst.ProcessorFeatures), requested)
    : [];
  m.deferrable("ProcessorFeatures", inst.ProcessorFeatures, target, sameFeatures);
}

export function passwordChange(m: Modification, q: QueryParams): void {
  const { inst, ctx } = m;
  const password = q.str("MasterUserPassword");
  const manage = q.bool("ManageMasterUserPassword");
  const rotate = q.bool("RotateMasterUserPassword") ?? false;
  const managed = inst.MasterUserSecret !== undefined;
  if (password !== undefined) checkPassword(password, inst.Engine);
  if (manage === true && password !== undefined) {
    throw invalidCombination(
      "You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.",
    );
  }
  if (manage === false && managed && password === undefined) {
    throw invalidCombination(
      "You must specify MasterUserPassword when you turn off ManageMasterUserPassword.",
    );
  }
  if (password !== undefined && managed && manage !== false) {
    throw invalidCombination(
      "You can't specify MasterUserPassword while the master user password is managed in Secrets Manager.",
    );
  }
  const key = q.str("MasterUserSecretKmsKeyId");
  if (key !== undefined && managed && ctx.kmsArn(key) !== inst.MasterUserSecret?.KmsKeyId) {
    // The secret's key is chosen when management is turned on and can't be changed after.
    throw invalidCombination(
      "You can't change the KMS key of a master user secret that Secrets Manager already manages.",
    );
  }
  if (rotate && (!managed || !m.applyImmediately)) {
    throw invalidCombination(
      "RotateMasterUserPassword requires a managed master user password and ApplyImmediately.",
    );
  }
  if (manage === true && !managed) {
    inst.MasterUserSecret = managedSecret(ctx, inst, q);
    m.applyingNow();
  } else if (manage === false && managed) {
    delete inst.MasterUserSecret;
    m.applyingNow();
  }
  if (rotate) {
    m.changed = m.appliesNow = true;
  }
  if (password !== undefined) {
    inst.inFlight.MasterUserPassword = true;
    m.changed = m.appliesNow = true;
  }
}

export function logExports(m: Modification, q: QueryParams): void {
  const { inst } = m;
  const enable = q.list("CloudwatchLogsExportConfiguration.EnableLogTypes", "member");
  const disable = q.list("CloudwatchLogsExportConfiguration.DisableLogTypes", "member");
  if (!enable && !disable) return;
  checkLogTypes(inst.Engine, inst.EngineVersion, [...(enable ?? []), ...(disable ?? [])]);
  const current = new Set(inst.EnabledCloudwatchLogsExports);
  const toEnable = (enable ?? []).filter((t) => !current.has(t));
  const toDisable = (disable ?? []).filter((t) => current.has(t));
  if (toEnable.length + toDisable.length === 0) return;
  if (toEnable.some((t) => toDisable.includes(t))) {
    throw invalidCombination("A log type can't be both enabled and disabled in one request.");
  }
  if (toEnable.length > 0) inst.inFlight.LogTypesToEnable = toEnable.sort();
  if (toDisable.length > 0) inst.inFlight.LogTypesToDisable = toDisable.sort();
  m.applyingNow();
}
