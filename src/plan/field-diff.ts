import type { FieldDef } from "../fields/types.js";
import { compareValue } from "./compare.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { versionMatches } from "./engine-version.js";
import { inheritedFrom } from "./inherited.js";
import { show, where } from "./messages.js";
import { observe } from "./observe.js";
import { blockImmutable, pendingNotice, proposeChange, unknownNotice } from "./propose.js";
import { diffAllocatedStorage } from "./storage-diff.js";
import { diffEngineVersion } from "./version-diff.js";

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

/**
 * A ceiling at or below the allocated size means "no autoscaling" (RDS turns
 * it off when MaxAllocatedStorage equals AllocatedStorage), which is what an
 * absent MaxAllocatedStorage already says.
 */
function autoscalingOffAnyway(ctx: PlanContext, desired: unknown): boolean {
  const size = ctx.db.AllocatedStorage ?? ctx.d.fields.AllocatedStorage;
  return typeof desired === "number" && typeof size === "number" && desired <= size;
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
  let effective = pending ?? current;
  if (effective === undefined && ABSENT_MEANS_UNSET.has(f.name)) {
    // An omitted list is an empty one: declaring [] is then no change.
    const list = f.kind.type === "string-list" || f.kind.type === "object-list";
    if (list) effective = [];
  }
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
  if (
    f.name === "MaxAllocatedStorage" &&
    effective === undefined &&
    autoscalingOffAnyway(ctx, desired)
  ) {
    return;
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
      `${d.id}: MultiTenant cannot be turned off (RDS converts to multi-tenant one way only, ` +
        "and a snapshot restore keeps the configuration). Create a new single-tenant instance " +
        `and move the data into it, or revert the spec (${where(d, f.name)}).`,
    );
    return;
  }
  proposeChange(ctx, draft, f, effective, desired, desired);
}
