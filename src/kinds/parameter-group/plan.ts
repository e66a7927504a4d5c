import type { Parameter } from "@aws-sdk/client-rds";
import type { BlockedChange, FieldChange, PlanNotice } from "../../plan/types.js";
import { reservedTagPrefix } from "../../spec/reserved-tags.js";
import type { DeclaredResource, KindCall, KindPlanContext, ResourcePlan } from "../types.js";
import { groupFields } from "./spec.js";
import {
  type ApplyMethod,
  DEFAULT_DESCRIPTION,
  type DeclaredParameter,
  PARAMETERS_PER_CALL,
  type ParameterAdvice,
  type ParameterGroupFields,
  type ParameterGroupLive,
} from "./types.js";
import { sameValue, unknownParameterMessage, valueProblem, valueToSend } from "./values.js";

/** One parameter the plan sets or resets. */
interface ParameterStep {
  name: string;
  /** Undefined for a reset. */
  value: string | undefined;
  from: string | undefined;
  method: ApplyMethod;
}

/** "rdsctl.yaml:14" for a declared key of the item, else where the item starts. */
function where(d: DeclaredResource, key: string): string {
  const loc = d.fieldSources[key] ?? d.source;
  return `${loc.file}:${loc.line}`;
}

function isAdvice(value: unknown): value is ParameterAdvice {
  return typeof value === "object" && value !== null && "catalogues" in value;
}

/** The live user-set parameters by name (a name such as `__proto__` is data). */
function liveParameters(live: ParameterGroupLive | undefined): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const p of live?.parameters ?? []) {
    if (p.ParameterName !== undefined) out.set(p.ParameterName, p);
  }
  return out;
}

/**
 * The declared parameters whose value differs from the group's (all of them
 * for a group that does not exist), with the text to send. A parameter the
 * group has not set differs, whatever the engine default: once set it is
 * user-set and compares equal from then on.
 */
export function parametersToSend(
  fields: ParameterGroupFields,
  live: ParameterGroupLive | undefined,
  catalogue: ReadonlyMap<string, Parameter> | undefined,
): Array<{ name: string; p: DeclaredParameter; value: string; current: Parameter | undefined }> {
  const liveByName = liveParameters(live);
  return Object.entries(fields.Parameters).flatMap(([name, p]) => {
    const current = liveByName.get(name);
    const value = valueToSend(p, current ?? catalogue?.get(name));
    // A user-set parameter with no value is RDS's way of saying empty.
    return current !== undefined && sameValue(p, value, current.ParameterValue ?? "")
      ? []
      : [{ name, p, value, current }];
  });
}

function methodOfType(applyType: string | undefined): ApplyMethod | undefined {
  const t = applyType?.toLowerCase();
  return t === "dynamic" ? "immediate" : t === "static" ? "pending-reboot" : undefined;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PARAMETERS_PER_CALL) {
    out.push(items.slice(i, i + PARAMETERS_PER_CALL));
  }
  return out;
}

function change(field: string, from: unknown, to: unknown, afterReboot = false): FieldChange {
  return {
    field,
    from,
    to,
    timing: afterReboot ? "after-reboot" : "immediate",
    downtime: false,
    sensitive: false,
  };
}

/** Plans one declared parameter group against what RDS holds. Pure. */
export function planParameterGroup(
  d: DeclaredResource,
  live: ParameterGroupLive | undefined,
  ctx: KindPlanContext,
): ResourcePlan {
  const f = groupFields(d);
  const plan: ResourcePlan = {
    kind: "parameter-group",
    id: d.id,
    source: d.source,
    action: "noop",
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
  };
  if (d.region !== undefined) plan.region = d.region;
  const arn = live?.group.DBParameterGroupArn;
  if (arn !== undefined) plan.arn = arn;
  const block = (b: Omit<BlockedChange, "sensitive">) =>
    plan.blocked.push({ ...b, sensitive: false });

  if (d.id.startsWith("default.")) {
    block({
      field: "DBParameterGroupName",
      from: undefined,
      to: d.id,
      kind: "refused",
      reason:
        `${d.id}: a default group cannot be modified. Declare a group of your own (a new name, ` +
        `the same family) and point the instances at it (${where(d, "DBParameterGroupName")}).`,
    });
    return { ...plan, action: "blocked" };
  }

  const liveFamily = live?.group.DBParameterGroupFamily?.toLowerCase();
  if (liveFamily !== undefined && liveFamily !== f.DBParameterGroupFamily) {
    block({
      field: "DBParameterGroupFamily",
      from: liveFamily,
      to: f.DBParameterGroupFamily,
      kind: "immutable",
      reason:
        `${d.id}: the family cannot change from ${liveFamily} to ${f.DBParameterGroupFamily} ` +
        "(RDS has no such modification). Create a new group under a new name with family " +
        `${f.DBParameterGroupFamily}, then point the instances at it; or revert the spec ` +
        `(${where(d, "DBParameterGroupFamily")}).`,
    });
    return { ...plan, action: "blocked" };
  }

  const family = liveFamily ?? f.DBParameterGroupFamily;
  const advice = isAdvice(ctx.advice) ? ctx.advice : undefined;
  const catalogue = advice?.catalogues.get(family);
  const rejected = advice?.rejectedFamilies?.get(family);
  if (live === undefined && rejected !== undefined) {
    block({
      field: "DBParameterGroupFamily",
      from: undefined,
      to: family,
      kind: "refused",
      reason:
        `${d.id}: RDS does not know the family ${family} (${rejected}). Use a family that ` +
        `DescribeDBEngineVersions lists for the engine (${where(d, "DBParameterGroupFamily")}).`,
    });
  }

  const sets: ParameterStep[] = [];
  const untyped: string[] = [];
  for (const { name, p, value, current } of parametersToSend(f, live, catalogue)) {
    const info = current ?? catalogue?.get(name);
    const at = where(d, `Parameters.${name}`);
    if (info === undefined && catalogue !== undefined) {
      block({
        field: `Parameters.${name}`,
        from: undefined,
        to: value,
        kind: "refused",
        reason: `${d.id}: ${unknownParameterMessage(name, family, catalogue)} (${at}).`,
      });
      continue;
    }
    if (info?.IsModifiable === false) {
      block({
        field: `Parameters.${name}`,
        from: current?.ParameterValue,
        to: value,
        kind: "immutable",
        reason:
          `${d.id}: ${name} is not modifiable in the family ${family}; RDS sets it. ` +
          `Remove it from the spec (${at}).`,
      });
      continue;
    }
    const bad = info === undefined ? undefined : valueProblem(value, info);
    if (bad !== undefined) {
      block({
        field: `Parameters.${name}`,
        from: current?.ParameterValue,
        to: value,
        kind: "refused",
        reason: `${d.id}: ${name}: ${bad} (${at}).`,
      });
      continue;
    }
    const typed = methodOfType(info?.ApplyType);
    if (p.applyMethod === "immediate" && typed === "pending-reboot") {
      block({
        field: `Parameters.${name}`,
        from: current?.ParameterValue,
        to: value,
        kind: "refused",
        reason:
          `${d.id}: ${name} is static, so RDS refuses applyMethod immediate for it; ` +
          `remove applyMethod or write pending-reboot (${at}).`,
      });
      continue;
    }
    if (p.applyMethod === undefined && typed === undefined) untyped.push(name);
    sets.push({
      name,
      value,
      from: current?.ParameterValue,
      method: p.applyMethod ?? typed ?? "pending-reboot",
    });
  }

  const resets: ParameterStep[] = [];
  if (live !== undefined && d.policy.purgeParameters) {
    for (const [name, current] of liveParameters(live)) {
      if (Object.hasOwn(f.Parameters, name)) continue;
      const method = methodOfType(current.ApplyType) ?? "pending-reboot";
      resets.push({ name, value: undefined, from: current.ParameterValue, method });
    }
  }
  if (untyped.length > 0) {
    plan.notices.push({
      message:
        `${d.id}: the apply type of ${untyped.join(", ")} is not known (neither the group nor ` +
        "the engine defaults, which could not be read, say whether it is static or dynamic), " +
        "so it is sent with ApplyMethod pending-reboot, which RDS accepts for any parameter: " +
        "instances take the new value at their next reboot. Write { value, applyMethod: immediate } " +
        "for a dynamic parameter to apply it now.",
    });
  }

  for (const s of [...resets, ...sets]) {
    plan.changes.push(
      change(`Parameters.${s.name}`, s.from, s.value, s.method === "pending-reboot"),
    );
  }

  const tagCalls = live === undefined ? [] : planTags(d, f, live, plan);
  if (live !== undefined && f.Description !== undefined) {
    const liveDescription = live.group.Description;
    if (liveDescription !== f.Description)
      planDescriptionNotice(d, f.Description, liveDescription, plan.notices);
  }

  if (live === undefined) {
    const description = f.Description ?? DEFAULT_DESCRIPTION;
    plan.changes.unshift(
      change("DBParameterGroupFamily", undefined, f.DBParameterGroupFamily),
      change("Description", undefined, description),
    );
    const tags = Object.entries(f.Tags ?? {});
    for (const [key, value] of tags) plan.changes.push(change(`Tags.${key}`, undefined, value));
    const input: Record<string, unknown> = {
      DBParameterGroupName: d.id,
      DBParameterGroupFamily: f.DBParameterGroupFamily,
      Description: description,
    };
    if (tags.length > 0) input.Tags = tags.map(([Key, Value]) => ({ Key, Value }));
    plan.calls.push({ action: "CreateDBParameterGroup", input });
  }
  plan.calls.push(...resetCalls(d.id, resets), ...modifyCalls(d.id, sets), ...tagCalls);

  const steps = [...resets, ...sets];
  if (steps.length > 0) {
    plan.instanceEffects = {
      dynamic: steps.filter((s) => s.method === "immediate").map((s) => s.name),
      static: steps.filter((s) => s.method === "pending-reboot").map((s) => s.name),
    };
  }
  if (plan.blocked.length > 0) {
    // Nothing is sent, so nothing reaches the instances.
    const { instanceEffects: _none, ...rest } = plan;
    return { ...rest, action: "blocked", calls: [] };
  }
  if (live === undefined) return { ...plan, action: "create" };
  return { ...plan, action: plan.calls.length > 0 ? "modify" : "noop" };
}

function resetCalls(name: string, resets: readonly ParameterStep[]): KindCall[] {
  return chunks(resets).map((part) => ({
    action: "ResetDBParameterGroup",
    input: {
      DBParameterGroupName: name,
      ResetAllParameters: false,
      Parameters: part.map((s) => ({ ParameterName: s.name, ApplyMethod: s.method })),
    },
  }));
}

function modifyCalls(name: string, sets: readonly ParameterStep[]): KindCall[] {
  return chunks(sets).map((part) => ({
    action: "ModifyDBParameterGroup",
    input: {
      DBParameterGroupName: name,
      Parameters: part.map((s) => ({
        ParameterName: s.name,
        ParameterValue: s.value,
        ApplyMethod: s.method,
      })),
    },
  }));
}

/**
 * RDS has no call that changes a parameter group's description: a
 * difference is told, never blocked (it would hold back every parameter for
 * a label) and never "fixed" by replacing the group.
 */
function planDescriptionNotice(
  d: DeclaredResource,
  declared: string,
  live: string | undefined,
  notices: PlanNotice[],
): void {
  notices.push({
    field: "Description",
    message:
      `${d.id}: the description is "${live ?? ""}", not "${declared}"; RDS cannot change a ` +
      `parameter group's description, so it is kept. Write the live one in the spec to silence this ` +
      `(${where(d, "Description")}).`,
  });
}

/**
 * Declared tags key by key: new or changed values are added; keys on the
 * group but not declared are removed only with policy.purgeTags, never
 * AWS's reserved ones. Tags are compared only when the item declares them.
 */
function planTags(
  d: DeclaredResource,
  f: ParameterGroupFields,
  live: ParameterGroupLive,
  plan: ResourcePlan,
): KindCall[] {
  if (f.Tags === undefined) return [];
  const desired = new Map(Object.entries(f.Tags));
  const current = new Map(Object.entries(live.tags ?? {}));
  const add: Array<{ Key: string; Value: string }> = [];
  const remove: string[] = [];
  for (const [key, value] of desired) {
    if (current.get(key) === value) continue;
    plan.changes.push(change(`Tags.${key}`, current.get(key), value));
    add.push({ Key: key, Value: value });
  }
  if (d.policy.purgeTags) {
    for (const [key, value] of current) {
      if (desired.has(key) || reservedTagPrefix(key) !== undefined) continue;
      plan.changes.push(change(`Tags.${key}`, value, undefined));
      remove.push(key);
    }
  }
  if (add.length + remove.length === 0) return [];
  const arn = live.group.DBParameterGroupArn;
  if (arn === undefined) {
    plan.blocked.push({
      field: "Tags",
      from: undefined,
      to: f.Tags,
      kind: "state",
      reason: `${d.id}: RDS reported no ARN for the group, so its tags cannot be changed; run the plan again.`,
      sensitive: false,
    });
    return [];
  }
  const calls: KindCall[] = [];
  if (add.length > 0)
    calls.push({ action: "AddTagsToResource", input: { ResourceName: arn, Tags: add } });
  if (remove.length > 0) {
    calls.push({ action: "RemoveTagsFromResource", input: { ResourceName: arn, TagKeys: remove } });
  }
  return calls;
}
