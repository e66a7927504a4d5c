import type { InstanceEffects, KindName, ResourcePlan } from "../kinds/types.js";
import { restartingNow } from "../plan/downtime.js";
import type {
  BlockedChange,
  ChangeTiming,
  FieldChange,
  InstancePlan,
  Plan,
  PlanSummary,
} from "../plan/types.js";
import { jsonValue, SENSITIVE } from "./format-value.js";
import { planHasChanges, riskyCount } from "./plan-text.js";
import { type ResourceCounts, resourceCounts, resourcesOf } from "./resources.js";

/** One change in the plan JSON. */
export interface PlanJsonChange {
  field: string;
  from: unknown;
  to: unknown;
  timing: ChangeTiming;
  downtime: boolean;
  sensitive: boolean;
  /** Present only on a risky change: why it is risky. */
  risk?: { reason: string };
}

/** One blocked change in the plan JSON. */
export interface PlanJsonBlocked {
  field: string;
  from: unknown;
  to: unknown;
  kind: string;
  reason: string;
}

export interface PlanJsonInstance {
  /** Every entry of `instances` is a DB instance; the member is there so every resource says its kind. */
  kind: "instance";
  id: string;
  action: InstancePlan["action"];
  region: string | null;
  status: string | null;
  source: string;
  changes: PlanJsonChange[];
  blocked: PlanJsonBlocked[];
  /** A change that will be sent restarts or fails over this instance (never for create or blocked). */
  downtime: boolean;
  notices: Array<{ field: string | null; message: string }>;
  /** The declared SourceDBInstanceIdentifier of a read replica, else null. */
  replicaOf: string | null;
  /** The engine upgrade this plan makes (or RDS makes with the source's), else null. */
  upgrade: PlanJsonUpgrade | null;
}

/**
 * An engine upgrade, planned whole: `parameterGroup` and `optionGroup` are
 * sent in the same ModifyDBInstance as the version (null when none is);
 * `upgradedWith` lists the replicas RDS upgrades with it (PostgreSQL),
 * `after` the replicas upgraded before it (MySQL, MariaDB); `withSource`
 * names the source whose upgrade upgrades this replica (null otherwise).
 */
export interface PlanJsonUpgrade {
  from: string;
  to: string;
  major: boolean;
  parameterGroup: string | null;
  optionGroup: string | null;
  upgradedWith: string[];
  after: string[];
  withSource: string | null;
}

/**
 * One resource beside the instances (a parameter or subnet group), in the
 * order apply sends its calls (before the instances that name it).
 */
export interface PlanJsonResource {
  kind: KindName;
  id: string;
  region: string | null;
  action: ResourcePlan["action"];
  source: string;
  changes: PlanJsonChange[];
  blocked: PlanJsonBlocked[];
  notices: Array<{ field: string | null; message: string }>;
  /**
   * What its changes do to the instances that use it (parameter groups): the
   * changed parameters that apply now and those that need a reboot; null for
   * a kind whose changes reach no instance.
   */
  instanceEffects: InstanceEffects | null;
}

/**
 * The plan JSON contract: `instances[]` with `id`, `action`, `changes[]`
 * (`field`, `from`, `to`, `timing`) and `blocked[]` (`field`, `from`, `to`,
 * `reason`), plus `summary`, `changed`, `downtime` (ids of instances a change
 * would restart) and every notice. Missing values are `null`; sensitive ones
 * are the string "(sensitive)".
 */
export interface PlanJson {
  instances: PlanJsonInstance[];
  /** The parameter and subnet groups, in the order they are applied; empty when the spec declares none. */
  resources: PlanJsonResource[];
  /**
   * The instances' counts by action; `downtimeNow`: instances a change
   * restarts now (not in a maintenance window); `risky`: how many changes
   * that would be sent (to instances and resources) are marked risky;
   * `resources`: the resources' counts by action, present when `resources`
   * is not empty.
   */
  summary: PlanSummary & {
    downtimeNow: number;
    risky: number;
    warnings: number;
    resources?: ResourceCounts;
  };
  /** True when applying would send anything, to an instance or a resource. */
  changed: boolean;
  downtime: string[];
  notices: Array<{ id: string; field: string | null; message: string }>;
  /** The plan-time checks skipped (a read denied, not served, or empty); `summary.warnings` counts them. */
  warnings: Array<{ check: string; region: string; ids: string[]; message: string }>;
  /**
   * Live instances carrying the `rdsctl:spec` tag of this spec
   * (`policy.markManaged`) that it no longer declares; nothing is sent to them.
   */
  undeclared: Array<{ id: string; region: string; spec: string }>;
}

function changeJson(c: FieldChange): PlanJsonChange {
  return {
    field: c.field,
    from: jsonValue(c.from, c.sensitive),
    to: jsonValue(c.to, c.sensitive),
    timing: c.timing,
    downtime: c.downtime,
    sensitive: c.sensitive,
    ...(c.risk === undefined ? {} : { risk: { reason: c.risk.reason } }),
  };
}

function blockedJson(b: BlockedChange): PlanJsonBlocked {
  return {
    field: b.field,
    // Even a missing value is masked: null would say whether a password is set.
    from: b.sensitive ? SENSITIVE : jsonValue(b.from, false),
    to: b.sensitive ? SENSITIVE : jsonValue(b.to, false),
    kind: b.kind,
    reason: b.reason,
  };
}

function instanceJson(plan: InstancePlan): PlanJsonInstance {
  return {
    kind: "instance",
    id: plan.id,
    action: plan.action,
    region: plan.region ?? null,
    status: plan.status ?? null,
    source: `${plan.source.file}:${plan.source.line}:${plan.source.column}`,
    changes: plan.changes.map(changeJson),
    blocked: plan.blocked.map(blockedJson),
    // Only changes that will be sent count: a blocked instance gets nothing.
    downtime: plan.action === "modify" && plan.changes.some((c) => c.downtime),
    notices: plan.notices.map((n) => ({ field: n.field ?? null, message: n.message })),
    replicaOf: plan.replicaOf ?? null,
    upgrade: upgradeJson(plan),
  };
}

function upgradeJson(plan: InstancePlan): PlanJsonUpgrade | null {
  const u = plan.upgrade;
  if (u === undefined) return null;
  return {
    from: u.from,
    to: u.to,
    major: u.major,
    parameterGroup: u.parameterGroup ?? null,
    optionGroup: u.optionGroup ?? null,
    upgradedWith: [...(u.upgradedWith ?? [])],
    after: [...(u.after ?? [])],
    withSource: u.withSource ?? null,
  };
}

export function resourceJson(plan: ResourcePlan): PlanJsonResource {
  return {
    kind: plan.kind,
    id: plan.id,
    region: plan.region ?? null,
    action: plan.action,
    source: `${plan.source.file}:${plan.source.line}:${plan.source.column}`,
    changes: plan.changes.map(changeJson),
    blocked: plan.blocked.map(blockedJson),
    notices: plan.notices.map((n) => ({ field: n.field ?? null, message: n.message })),
    instanceEffects:
      plan.instanceEffects === undefined
        ? null
        : { dynamic: [...plan.instanceEffects.dynamic], static: [...plan.instanceEffects.static] },
  };
}

export function planToJson(plan: Plan): PlanJson {
  const instances = plan.instances.map(instanceJson);
  const resources = resourcesOf(plan).map(resourceJson);
  return {
    instances,
    resources,
    summary: {
      ...plan.summary,
      downtimeNow: restartingNow(plan).length,
      risky: riskyCount(plan),
      warnings: plan.warnings?.length ?? 0,
      ...(resources.length === 0 ? {} : { resources: resourceCounts(plan) }),
    },
    changed: planHasChanges(plan),
    downtime: instances.filter((i) => i.downtime).map((i) => i.id),
    notices: instances.flatMap((i) => i.notices.map((n) => ({ id: i.id, ...n }))),
    warnings: (plan.warnings ?? []).map((w) => ({
      check: w.check,
      region: w.region,
      ids: [...w.ids],
      message: w.message,
    })),
    undeclared: (plan.undeclared ?? []).map((u) => ({ id: u.id, region: u.region, spec: u.spec })),
  };
}

/** The plan JSON as text, with a trailing newline. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
