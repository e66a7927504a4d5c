import { modifyNameOf } from "../kinds/instance/fields/table.js";
import type { FieldDef } from "../kinds/instance/fields/types.js";
import { addBlocked, type Draft, type PlanContext } from "./context.js";
import { isMajorChange, judgeEngineVersion, versionMatches } from "./engine-version.js";
import { where } from "./messages.js";
import { observe } from "./observe.js";
import { pendingNotice, proposeChange, unknownNotice } from "./propose.js";
import { majorAllowed, majorNotAllowedReason } from "./upgrade.js";

/** "rdsctl.yaml:14:5": where a declared field is, to the column. */
function at(d: PlanContext["d"], field: string): string {
  const loc = d.fieldSources?.[field] ?? d.source;
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * A version queued for the maintenance window counts as the version: RDS
 * compares a new request with it, so going back from a queued upgrade is a
 * downgrade like any other.
 */
export function diffEngineVersion(
  ctx: PlanContext,
  draft: Draft,
  f: FieldDef,
  desired: string,
): void {
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
  // A MySQL or MariaDB replica may run a newer version than its source:
  // only being behind the source's declared version is a change.
  const fromSource = ctx.replicaVersion !== undefined && d.fields[f.name] === undefined;
  if (fromSource && verdict.kind !== "upgrade") return;
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
      if (major && !majorAllowed(ctx)) {
        addBlocked(
          draft,
          f.name,
          "policy",
          effective,
          desired,
          majorNotAllowedReason(
            ctx,
            effective,
            typeof current === "string" ? current : effective,
            desired,
            f.name,
          ),
        );
        return;
      }
      proposeChange(
        ctx,
        draft,
        f,
        effective,
        desired,
        desired,
        major ? { AllowMajorVersionUpgrade: true } : {},
        { majorVersion: major },
      );
      if (draft.modify[modifyNameOf(f)] !== undefined) {
        draft.upgrade = { from: effective, to: desired, major };
      }
      return;
    }
    case "drift-kept":
      draft.notices.push({
        field: f.name,
        message:
          `${d.id}: RDS upgraded it to ${what}; update the spec (EngineVersion at ${at(d, f.name)}). ` +
          `${what} is newer than the declared ${desired} (RDS upgrades minor versions automatically ` +
          "with AutoMinorVersionUpgrade on); kept, not downgraded, nothing sent. " +
          "Declare only the major version to match any minor.",
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
