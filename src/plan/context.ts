import type { DBInstance, Tag } from "@aws-sdk/client-rds";
import type { FieldDef, RiskFacts } from "../kinds/instance/fields/types.js";
import type { DesiredInstance } from "../spec/types.js";
import { SENSITIVE } from "./messages.js";
import type {
  BlockedChange,
  BlockedKind,
  ChangeTiming,
  FieldChange,
  ParameterGroupChange,
  PlanNotice,
  PlannedCall,
  PlanOptions,
  UpgradeStep,
} from "./types.js";

/** One declared instance next to what RDS reports for it. */
export interface PlanContext {
  d: DesiredInstance;
  db: DBInstance;
  /** PendingModifiedValues, or {} when nothing is pending. */
  pmv: Record<string, unknown>;
  /** The live status, lowercased. */
  status: string | undefined;
  /** Engine used for version families: declared, else live. */
  engine: string | undefined;
  /** Source instance when this is a read replica. */
  replicaOf: string | undefined;
  /** Aurora cluster when this instance belongs to one. */
  cluster: string | undefined;
  options: PlanOptions;
  /**
   * A MySQL or MariaDB read replica: its EngineVersion is compared (RDS
   * upgrades its replicas apart, before the source), with its own declared
   * version, else its source's; a major upgrade is allowed by its source's
   * item or policy. Absent for any other instance.
   */
  replicaVersion?: { desired?: string; allowMajor: boolean; source: string };
}

/** What the planner has decided so far for one existing instance. */
export interface Draft {
  changes: FieldChange[];
  blocked: BlockedChange[];
  notices: PlanNotice[];
  /** ModifyDBInstance members to send, by Modify name. */
  modify: Record<string, unknown>;
  /** Modify names RDS applies now. */
  appliedNow: string[];
  addTags: Tag[];
  removeTags: string[];
  reboot: boolean;
  /** Sends the modify with ApplyImmediately=true whatever the spec says (storage-full). */
  applyImmediately?: boolean;
  /** PromoteReadReplica, sent before anything else (`--promote`). */
  promote?: Extract<PlannedCall, { kind: "promote" }>["input"];
  /** What this plan's change to the instance's parameter group does to it. */
  parameterGroupChange?: ParameterGroupChange;
  /** The engine upgrade this plan sends. */
  upgrade?: UpgradeStep;
}

export function emptyDraft(): Draft {
  return {
    changes: [],
    blocked: [],
    notices: [],
    modify: {},
    appliedNow: [],
    addTags: [],
    removeTags: [],
    reboot: false,
  };
}

/** When a change to this field takes effect, given the instance's ApplyImmediately. */
function timingOf(
  f: FieldDef,
  d: DesiredInstance,
  from: unknown,
  to: unknown,
): { timing: ChangeTiming; downtime: boolean } {
  // A particular change may apply otherwise than the field's usual (see changeTiming).
  const { timing, downtime } = f.changeTiming?.(from, to) ?? f;
  switch (timing) {
    case "immediate":
      return { timing: "immediate", downtime };
    case "after-reboot":
      return { timing: "after-reboot", downtime };
    case "deferrable":
      return { timing: d.applyImmediately ? "immediate" : "maintenance-window", downtime };
  }
}

/** What the field's `risk` hook says of a change, ready to attach to it. */
export function riskOf(
  f: FieldDef,
  from: unknown,
  to: unknown,
  facts: RiskFacts = { majorVersion: false },
): { risk: { reason: string } } | Record<string, never> {
  const reason = f.risk?.(from, to, facts);
  return reason === undefined ? {} : { risk: { reason } };
}

/** Records a change (values masked when sensitive), marked risky when its field says so. */
export function addChange(
  draft: Draft,
  f: FieldDef,
  d: DesiredInstance,
  from: unknown,
  to: unknown,
  facts?: RiskFacts,
): FieldChange {
  const sensitive = f.sensitive === true;
  const change: FieldChange = {
    field: f.name,
    from: sensitive && from !== undefined ? SENSITIVE : from,
    to: sensitive ? SENSITIVE : to,
    ...timingOf(f, d, from, to),
    sensitive,
    ...riskOf(f, from, to, facts),
  };
  draft.changes.push(change);
  return change;
}

/** Records a change that will not be made. */
export function addBlocked(
  draft: Draft,
  field: string,
  kind: BlockedKind,
  from: unknown,
  to: unknown,
  reason: string,
  sensitive = false,
): void {
  draft.blocked.push({
    field,
    from: sensitive && from !== undefined ? SENSITIVE : from,
    to: sensitive && to !== undefined ? SENSITIVE : to,
    kind,
    reason,
    sensitive,
  });
}

/** Whether policy.updatable lets this field (or "Tags") change. */
export function policyAllows(d: DesiredInstance, name: string): boolean {
  const list = d.policy?.updatable;
  return list === undefined || list.includes(name);
}
