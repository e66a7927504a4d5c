import { fieldWithRole } from "../kinds/instance/fields/table.js";
import { type DesiredInstance, SNAPSHOT_TRIGGERS, type SnapshotTrigger } from "../spec/types.js";
import type { FieldChange, InstancePlan, PlanOptions } from "./types.js";

/**
 * `policy.snapshotBefore` and `--snapshot-before`: after an existing
 * instance's plan is made, which of its changes the asked kinds cover. When
 * any, a snapshot call goes first in its calls (the executor takes it and
 * waits until it is available before anything else is sent) and the plan
 * lists the kinds covered.
 * Pure: returns a new plan, the one given is not changed.
 */

const ENGINE_VERSION = fieldWithRole("engine-version").name;
const STORAGE_TYPE = fieldWithRole("storage-type").name;
const INSTANCE_CLASS = fieldWithRole("instance-class").name;

/** The kinds of change `change` is, as snapshotBefore names them. */
function kindsOf(change: FieldChange, majorUpgrade: boolean): SnapshotTrigger[] {
  const kinds: SnapshotTrigger[] = [];
  if (change.field === ENGINE_VERSION) kinds.push(majorUpgrade ? "major-upgrade" : "minor-upgrade");
  if (change.field === STORAGE_TYPE) kinds.push("storage-type-change");
  if (change.field === INSTANCE_CLASS) kinds.push("class-change");
  if (change.risk !== undefined) kinds.push("risky");
  return kinds;
}

/** The kinds asked for this instance: its policy's and the run's, in the documented order. */
function askedFor(d: DesiredInstance, options: PlanOptions): Set<SnapshotTrigger> {
  const asked = new Set([...(d.policy.snapshotBefore ?? []), ...(options.snapshotBefore ?? [])]);
  return new Set(SNAPSHOT_TRIGGERS.filter((t) => asked.has(t)));
}

export function withSnapshotBefore(
  plan: InstancePlan,
  d: DesiredInstance,
  options: PlanOptions,
): InstancePlan {
  // A create has nothing to snapshot; a blocked plan or one with no call sends nothing.
  if (plan.action !== "modify" || plan.calls.length === 0) return plan;
  const modify = plan.calls.find((c) => c.kind === "modify");
  const majorUpgrade =
    plan.upgrade?.major === true ||
    (modify?.kind === "modify" && modify.input.AllowMajorVersionUpgrade === true);
  const asked = askedFor(d, options);
  const covered = new Set<SnapshotTrigger>();
  const coveredChanges: FieldChange[] = [];
  for (const change of plan.changes) {
    const kinds = kindsOf(change, majorUpgrade).filter((k) => asked.has(k));
    if (kinds.length === 0) continue;
    for (const k of kinds) covered.add(k);
    coveredChanges.push(change);
  }
  const triggers = SNAPSHOT_TRIGGERS.filter((t) => covered.has(t));
  if (triggers.length === 0) return plan;
  const notices = [...plan.notices];
  const later = coveredChanges.filter((c) => c.timing === "maintenance-window").map((c) => c.field);
  if (later.length > 0) {
    notices.push({
      message: `${plan.id}: the snapshot is taken now, but ${later.join(", ")} ${later.length === 1 ? "is" : "are"} applied in the next maintenance window (ApplyImmediately is false): the snapshot will be older than the change. Set ApplyImmediately: true to take it right before the change.`,
    });
  }
  return {
    ...plan,
    notices,
    snapshotBefore: triggers,
    calls: [{ kind: "snapshot", triggers }, ...plan.calls],
  };
}
