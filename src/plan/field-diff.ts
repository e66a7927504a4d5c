import type { FieldDef } from "../fields/types.js";
import { compareValue } from "./compare.js";
import { addBlocked, addChange, type Draft, type PlanContext, policyAllows } from "./context.js";
import { isMajorChange, judgeEngineVersion, versionMatches } from "./engine-version.js";
import { sentence, show, where } from "./messages.js";

/** Fields a read replica takes from its source instance. */
const REPLICA_INHERITED = new Set([
  "EngineVersion",
  "AllocatedStorage",
  "BackupRetentionPeriod",
  "MasterUserPassword",
  "ManageMasterUserPassword",
  "MasterUserSecretKmsKeyId",
  "MasterUsername",
  "DBName",
  "CharacterSetName",
  "NcharCharacterSetName",
  "Timezone",
  "StorageEncrypted",
]);

/** Fields an Aurora instance takes from its cluster. */
const CLUSTER_INHERITED = new Set([
  ...REPLICA_INHERITED,
  "KmsKeyId",
  "MaxAllocatedStorage",
  "StorageType",
  "Iops",
  "StorageThroughput",
  "PreferredBackupWindow",
  "Port",
  "VpcSecurityGroupIds",
  "EnableIAMDatabaseAuthentication",
  "EnableCloudwatchLogsExports",
  "DeletionProtection",
  "MultiAZ",
]);

/**
 * Optional settings that DescribeDBInstances omits when they are off or
 * unset: for these an absent member means "not set", so a declared value is
 * a change. Every other absent member is unknown (an instance still
 * creating has no Endpoint yet, some engines omit members): comparing
 * against a guess would plan changes that may have side effects (a port
 * "change" restarts the database), so unknown is reported, not sent.
 */
const ABSENT_MEANS_UNSET = new Set([
  "MaxAllocatedStorage",
  "Iops",
  "StorageThroughput",
  "MonitoringRoleArn",
  "PerformanceInsightsKMSKeyId",
  "PerformanceInsightsRetentionPeriod",
  "Domain",
  "DomainFqdn",
  "DomainOu",
  "DomainAuthSecretArn",
  "DomainDnsIps",
  "DomainIAMRoleName",
  "TdeCredentialArn",
  "DBCapacityReservationIdentifier",
  "EnableCloudwatchLogsExports",
  "DBSecurityGroups",
  "ProcessorFeatures",
]);

function unknownNotice(ctx: PlanContext, draft: Draft, f: FieldDef): void {
  const status = ctx.status === undefined ? "" : ` (status ${ctx.status})`;
  draft.notices.push({
    field: f.name,
    message: `${ctx.d.id}: RDS does not report ${f.name}${status}, so it is not compared this run.`,
  });
}

/** Who an inherited field comes from, or undefined when the instance owns it. */
export function inheritedFrom(ctx: PlanContext, name: string): string | undefined {
  if (ctx.cluster !== undefined && CLUSTER_INHERITED.has(name)) return `cluster ${ctx.cluster}`;
  if (ctx.replicaOf !== undefined && REPLICA_INHERITED.has(name)) {
    return `source instance ${ctx.replicaOf}`;
  }
  return undefined;
}

/** Reads an accessor without letting odd describe output escape as an exception. */
function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The log export set once a pending enable/disable delta lands. */
function logsAfterDelta(current: unknown, delta: unknown): string[] | undefined {
  if (typeof delta !== "object" || delta === null) return undefined;
  const rec = delta as Record<string, unknown>;
  const set = new Set(stringsOf(current));
  for (const t of stringsOf(rec.LogTypesToEnable)) set.add(t);
  for (const t of stringsOf(rec.LogTypesToDisable)) set.delete(t);
  return [...set];
}

/** Live and pending values of a field, read defensively. */
function observe(ctx: PlanContext, f: FieldDef): { current: unknown; pending: unknown } {
  const current = safely(() => f.current(ctx.db));
  let pending = safely(() => f.pending?.(ctx.pmv as never));
  if (f.name === "EnableCloudwatchLogsExports") pending = logsAfterDelta(current, pending);
  return { current, pending };
}

/** The value to send for a Modify member. */
function modifyValue(f: FieldDef, value: unknown, effective: unknown): unknown {
  if (f.name === "EnableCloudwatchLogsExports") {
    const want = new Set(stringsOf(value));
    const have = new Set(stringsOf(effective));
    const config: { EnableLogTypes?: string[]; DisableLogTypes?: string[] } = {};
    const enable = [...want].filter((t) => !have.has(t));
    const disable = [...have].filter((t) => !want.has(t));
    if (enable.length > 0) config.EnableLogTypes = enable;
    if (disable.length > 0) config.DisableLogTypes = disable;
    return config;
  }
  if (f.name === "ProcessorFeatures" && Array.isArray(value)) {
    return value.map((item) => {
      const rec = (typeof item === "object" && item !== null ? item : {}) as Record<
        string,
        unknown
      >;
      return { Name: rec.Name, Value: rec.Value === undefined ? undefined : String(rec.Value) };
    });
  }
  return value;
}

/**
 * Plans a change to a modifiable field, or blocks it by policy. `from` is
 * what the instance will have without this plan, `send` what goes to RDS.
 */
function proposeChange(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  from: unknown,
  to: unknown,
  send: unknown,
  extra: Record<string, unknown> = {},
): void {
  const { d } = ctx;
  if (!policyAllows(d, f.name)) {
    const values = f.sensitive ? "" : ` from ${show(from)} to ${show(to)}`;
    addBlocked(
      draft,
      f.name,
      "policy",
      from,
      to,
      `${d.id}: ${f.name} would change${values}, but policy.updatable does not list it. ` +
        `Add ${f.name} to policy.updatable, or revert the spec (${where(d, f.name)}).`,
      f.sensitive === true,
    );
    return;
  }
  const change = addChange(draft, f, d, from, to);
  const modifyName = f.modifyName ?? f.name;
  draft.modify[modifyName] = modifyValue(f, send, from);
  Object.assign(draft.modify, extra);
  if (change.timing === "immediate") draft.appliedNow.push(modifyName);
}

function blockImmutable(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  from: unknown,
  to: unknown,
): void {
  const { d } = ctx;
  const values = f.sensitive ? "" : ` from ${show(from)} to ${show(to)}`;
  const hint = sentence(f.blockedHint ?? "Revert the spec");
  addBlocked(
    draft,
    f.name,
    "immutable",
    from,
    to,
    `${d.id}: ${f.name} cannot change${values} in place (RDS has no such modification). ` +
      `${hint.slice(0, -1)} (${where(d, f.name)}).`,
    f.sensitive === true,
  );
}

function pendingNotice(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  current: unknown,
  pending: unknown,
) {
  const live = f.sensitive ? "" : ` (live: ${show(current)})`;
  const value = f.sensitive ? "a new value" : show(pending);
  draft.notices.push({
    field: f.name,
    message: `${ctx.d.id}: ${f.name} ${value} is pending for the next maintenance window${live}; not sent again.`,
  });
}

/**
 * A version queued for the maintenance window counts as the version: RDS
 * compares a new request with it, so going back from a queued upgrade is a
 * downgrade like any other.
 */
function diffEngineVersion(ctx: PlanContext, draft: Draft, f: FieldDef, desired: string): void {
  const { d } = ctx;
  const { current, pending } = observe(ctx, f);
  if (typeof pending === "string" && versionMatches(desired, pending)) {
    pendingNotice(ctx, draft, f, current, pending);
    return;
  }
  const queued = typeof pending === "string";
  const effective = queued ? pending : current;
  if (typeof effective !== "string") {
    unknownNotice(ctx, draft, f);
    return;
  }
  const declaredAuto = d.fields.AutoMinorVersionUpgrade;
  const auto =
    typeof declaredAuto === "boolean" ? declaredAuto : ctx.db.AutoMinorVersionUpgrade === true;
  const verdict = judgeEngineVersion(ctx.engine, desired, effective, auto);
  const what = queued ? `${effective} (queued for the maintenance window)` : effective;
  switch (verdict.kind) {
    case "match":
      return;
    case "upgrade": {
      // Over a queued upgrade, the major may change relative to the live
      // version even when it does not relative to the queued one.
      const major =
        verdict.major ||
        (typeof current === "string" && isMajorChange(ctx.engine, current, desired));
      proposeChange(
        ctx,
        draft,
        f,
        effective,
        desired,
        desired,
        major ? { AllowMajorVersionUpgrade: true } : {},
      );
      return;
    }
    case "drift-kept":
      draft.notices.push({
        field: f.name,
        message:
          `${d.id}: EngineVersion ${what} is newer than the declared ${desired} ` +
          "(RDS upgrades minor versions automatically); kept, not downgraded. " +
          `Declare only the major version to match any minor (${where(d, f.name)}).`,
      });
      return;
    case "downgrade": {
      const instead = queued
        ? "The queued upgrade happens at the next maintenance window; declare"
        : "Restore a snapshot taken before the upgrade into a new instance, or declare";
      addBlocked(
        draft,
        f.name,
        "version-downgrade",
        effective,
        desired,
        `${d.id}: EngineVersion cannot go down from ${what} to ${desired} (RDS cannot ` +
          `downgrade an engine). ${instead} ${effective} or a later version (${where(d, f.name)}).`,
      );
      return;
    }
  }
}

function diffAllocatedStorage(ctx: PlanContext, draft: Draft, f: FieldDef, desired: number): void {
  const { d } = ctx;
  const { current, pending } = observe(ctx, f);
  const effective = typeof pending === "number" ? pending : current;
  if (typeof effective !== "number") {
    unknownNotice(ctx, draft, f);
    return;
  }
  if (desired === effective) {
    if (typeof pending === "number" && pending !== current) {
      pendingNotice(ctx, draft, f, current, pending);
    }
    return;
  }
  if (desired > effective) {
    proposeChange(ctx, draft, f, effective, desired, desired);
    return;
  }
  const autoscaling =
    typeof d.fields.MaxAllocatedStorage === "number" ||
    typeof ctx.db.MaxAllocatedStorage === "number";
  if (autoscaling) {
    draft.notices.push({
      field: f.name,
      message:
        `${d.id}: AllocatedStorage is ${effective} GiB, above the declared ${desired} GiB ` +
        "(storage autoscaling grew it); storage never shrinks, so nothing is sent.",
    });
    return;
  }
  addBlocked(
    draft,
    f.name,
    "storage-shrink",
    effective,
    desired,
    `${d.id}: AllocatedStorage cannot shrink from ${effective} to ${desired} GiB (RDS storage ` +
      "only grows). Declare " +
      `${effective} or more, or move the data to a new, smaller instance (${where(d, f.name)}).`,
  );
}

/** Compares one declared field with the instance and records the outcome. */
export function diffField(ctx: PlanContext, draft: Draft, f: FieldDef, desired: unknown): void {
  const { d } = ctx;
  const source = inheritedFrom(ctx, f.name);
  if (source !== undefined) {
    const { current } = observe(ctx, f);
    const same =
      current !== undefined &&
      (f.name === "EngineVersion"
        ? typeof current === "string" &&
          typeof desired === "string" &&
          versionMatches(desired, current)
        : compareValue(f, desired, current) !== "different");
    if (!same && f.name !== "MasterUserPassword") {
      draft.notices.push({
        field: f.name,
        message: `${d.id}: ${f.name} is inherited from its ${source}; not compared or sent.`,
      });
    }
    return;
  }
  if (f.name === "EngineVersion" && typeof desired === "string") {
    diffEngineVersion(ctx, draft, f, desired);
    return;
  }
  if (f.name === "AllocatedStorage" && typeof desired === "number") {
    diffAllocatedStorage(ctx, draft, f, desired);
    return;
  }

  const { current, pending } = observe(ctx, f);
  if (pending !== undefined) {
    if (compareValue(f, desired, pending) !== "different") {
      if (current === undefined || compareValue(f, pending, current) === "different") {
        pendingNotice(ctx, draft, f, current, pending);
      }
      return;
    }
    if (current !== undefined && compareValue(f, desired, current) !== "different") {
      // Declared equals live, but something else is queued: sending the live
      // value is how RDS cancels the queued change.
      proposeChange(ctx, draft, f, pending, current, current);
      return;
    }
  }
  const effective = pending ?? current;
  if (effective !== undefined) {
    const verdict = compareValue(f, desired, effective);
    if (verdict === "equal") return;
    if (verdict === "unverifiable") {
      draft.notices.push({
        field: f.name,
        message:
          `${d.id}: ${f.name} ${show(desired)} cannot be checked against ${show(effective)} ` +
          "without resolving the alias; assumed unchanged. Declare the key ARN to compare it.",
      });
      return;
    }
  }
  if (effective === undefined && !ABSENT_MEANS_UNSET.has(f.name)) {
    // Unknown: neither a change nor a block.
    unknownNotice(ctx, draft, f);
    return;
  }
  if (f.mutability === "create-only") {
    blockImmutable(ctx, draft, f, effective, desired);
    return;
  }
  if (f.name === "MultiTenant" && effective === true && desired === false) {
    addBlocked(
      draft,
      f.name,
      "immutable",
      true,
      false,
      `${d.id}: MultiTenant cannot be turned off (RDS converts to multi-tenant one way only). ` +
        `Restore a snapshot into a new instance, or revert the spec (${where(d, f.name)}).`,
    );
    return;
  }
  proposeChange(ctx, draft, f, effective, desired, desired);
}
