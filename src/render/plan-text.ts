import type { ResourcePlan } from "../kinds/types.js";
import { restartingNow } from "../plan/downtime.js";
import type {
  BlockedChange,
  FieldChange,
  InstancePlan,
  Plan,
  PlanSummary,
  UndeclaredInstance,
} from "../plan/types.js";
import { escapeText } from "../text/escape.js";
import { SENSITIVE, textValue } from "./format-value.js";
import {
  kindLabel,
  resourceChangesLine,
  resourceCounts,
  resourcesChange,
  resourcesOf,
  resourceTiming,
  resourceTotals,
} from "./resources.js";
import { createStyle, type Style } from "./style.js";

export interface PlanTextOptions {
  /** ANSI colour; the caller decides (terminal and no NO_COLOR). */
  color: boolean;
}

/**
 * "1 to create, 2 to modify, 5 unchanged, 1 blocked", with "(2 of them
 * restart now)" after the modifications when `restartNow` is given and not 0,
 * then ", 2 risky" when `risky` is above 0, then ", 1 warning" (plan-time
 * checks skipped) when `warnings` is above 0.
 */
export function summaryLine(summary: PlanSummary, restartNow = 0, risky = 0, warnings = 0): string {
  const restarts = restartNow > 0 ? ` (${restartNow} of them restart now)` : "";
  const line = `${summary.create} to create, ${summary.modify} to modify${restarts}, ${summary.noop} unchanged, ${summary.blocked} blocked`;
  const withRisky = risky > 0 ? `${line}, ${risky} risky` : line;
  return warnings > 0 ? `${withRisky}, ${warnings} warning${warnings === 1 ? "" : "s"}` : withRisky;
}

/**
 * The plan's summary line: the instances' as `summaryLine` gives it, after
 * what would be sent or refused for the resources beside them when anything
 * would be ("1 parameter group to modify; instances: 0 to create, ...").
 */
function planSummaryLine(plan: Plan, restartNow: number, risky: number, warnings: number): string {
  const line = summaryLine(plan.summary, restartNow, risky, warnings);
  const resources = resourceChangesLine(plan);
  return resources === "" ? line : `${resources}; instances: ${line}`;
}

/** The risky changes apply would send (a blocked instance or resource sends nothing). */
export function riskyCount(plan: Pick<Plan, "instances" | "resources">): number {
  const sent = [...resourcesOf(plan), ...plan.instances].filter(
    (i) => i.action === "create" || i.action === "modify",
  );
  return sent.reduce((n, i) => n + i.changes.filter((c) => c.risk !== undefined).length, 0);
}

/** True when applying the plan would send anything (to an instance or any other resource). */
export function planHasChanges(plan: Plan): boolean {
  return plan.summary.create + plan.summary.modify > 0 || resourcesChange(plan);
}

/** True when some instance or resource has a change that cannot be made: nothing is applied then. */
export function planHasBlocked(plan: Plan): boolean {
  return plan.summary.blocked + resourceCounts(plan).blocked > 0;
}

function location(plan: InstancePlan | ResourcePlan): string {
  return `${escapeText(plan.source.file)}:${plan.source.line}`;
}

/**
 * One change: `field: from -> to  (timing)`, or `field: to` in a create. An
 * instance's timing is the plan's word for it; a resource's says when the
 * value takes effect on the instances that use it ("after a reboot").
 */
function changeLine(
  change: FieldChange,
  action: InstancePlan["action"],
  style: Style,
  timing: (t: FieldChange["timing"]) => string = (t) => t,
): string {
  const to = textValue(change.to, change.sensitive);
  const risk =
    change.risk === undefined
      ? ""
      : `\n      ${style.yellow("risk:")} ${escapeText(change.risk.reason)}`;
  const field = escapeText(change.field);
  if (action === "create") return `    ${field}: ${to}${risk}`;
  const from = textValue(change.from, change.sensitive);
  const notes: string[] = [timing(change.timing)];
  if (change.downtime) notes.push(style.yellow("causes downtime"));
  return `    ${field}: ${from} -> ${to}  ${style.dim("(")}${notes.join(", ")}${style.dim(")")}${risk}`;
}

/**
 * Messages name their instance so they stand alone; under its header the name
 * is noise. The rest is escaped: messages carry values from the spec and RDS.
 */
export function withoutIdPrefix(id: string, message: string): string {
  return escapeText(message.startsWith(`${id}: `) ? message.slice(id.length + 2) : message);
}

function blockedLines(id: string, blocked: BlockedChange, style: Style): string[] {
  // A sensitive field is masked even where a value is missing, as in the JSON plan.
  const from = blocked.sensitive ? SENSITIVE : textValue(blocked.from, false);
  const to = blocked.sensitive ? SENSITIVE : textValue(blocked.to, false);
  return [
    `    ${style.red(escapeText(blocked.field))}: ${from} -> ${to}  ${style.red(`(blocked: ${blocked.kind})`)}`,
    `      ${withoutIdPrefix(id, blocked.reason)}`,
  ];
}

const HEADERS: Record<InstancePlan["action"], { glyph: string; label: string }> = {
  create: { glyph: "+", label: "will be created" },
  modify: { glyph: "~", label: "will be modified" },
  blocked: { glyph: "!", label: "is blocked: nothing will be sent" },
  noop: { glyph: " ", label: "unchanged" },
};

function colourFor(action: InstancePlan["action"], style: Style): (text: string) => string {
  switch (action) {
    case "create":
      return style.green;
    case "modify":
      return style.yellow;
    case "blocked":
      return style.red;
    case "noop":
      return style.dim;
  }
}

function instanceBlock(plan: InstancePlan, style: Style): string[] {
  const { glyph, label } = HEADERS[plan.action];
  const paint = colourFor(plan.action, style);
  const region = plan.region === undefined ? "" : ` [${escapeText(plan.region)}]`;
  const id = escapeText(plan.id);
  const header = `${paint(glyph)} ${style.bold(id)}${region} ${paint(label)}  ${style.dim(location(plan))}`;
  if (plan.action === "noop") {
    if (plan.notices.length === 0) return [];
    const lines = [style.dim(`  ${id}${region} unchanged`)];
    for (const notice of plan.notices)
      lines.push(style.dim(`    note: ${withoutIdPrefix(plan.id, notice.message)}`));
    return lines;
  }
  const lines = [header];
  for (const change of plan.changes) lines.push(changeLine(change, plan.action, style));
  for (const blocked of plan.blocked) lines.push(...blockedLines(plan.id, blocked, style));
  for (const notice of plan.notices)
    lines.push(`    ${style.cyan("note:")} ${withoutIdPrefix(plan.id, notice.message)}`);
  return lines;
}

/**
 * A resource beside the instances, as an instance is shown but named with its
 * kind: `~ parameter group app-pg [us-east-1] will be modified  rdsctl.yaml:3`,
 * then its changes, blocked changes and notices (which instances a static
 * change needs rebooted).
 */
function resourceBlock(plan: ResourcePlan, style: Style): string[] {
  const { glyph, label } = HEADERS[plan.action];
  const paint = colourFor(plan.action, style);
  const region = plan.region === undefined ? "" : ` [${escapeText(plan.region)}]`;
  const name = `${kindLabel(plan.kind)} ${style.bold(escapeText(plan.id))}`;
  if (plan.action === "noop") {
    if (plan.notices.length === 0) return [];
    const lines = [
      style.dim(`  ${kindLabel(plan.kind)} ${escapeText(plan.id)}${region} unchanged`),
    ];
    for (const notice of plan.notices)
      lines.push(style.dim(`    note: ${withoutIdPrefix(plan.id, notice.message)}`));
    return lines;
  }
  const lines = [`${paint(glyph)} ${name}${region} ${paint(label)}  ${style.dim(location(plan))}`];
  for (const change of plan.changes)
    lines.push(changeLine(change, plan.action, style, resourceTiming));
  for (const blocked of plan.blocked) lines.push(...blockedLines(plan.id, blocked, style));
  for (const notice of plan.notices)
    lines.push(`    ${style.cyan("note:")} ${withoutIdPrefix(plan.id, notice.message)}`);
  return lines;
}

/**
 * "2 parameter groups and 5 instances match the spec." (the instances left
 * out when a spec of groups declares none).
 */
function matchLine(plan: Plan): string {
  const n = plan.summary.noop;
  const groups = resourceTotals(plan);
  const instances = n === 0 && groups.length > 0 ? [] : [`${n} instance${n === 1 ? "" : "s"}`];
  const totals = [...groups, ...instances];
  const all =
    totals.length === 1 ? totals[0] : `${totals.slice(0, -1).join(", ")} and ${totals.at(-1)}`;
  const one = totals.length === 1 && /^1 /.test(totals[0] ?? "");
  return `${all} match${one ? "es" : ""} the spec.`;
}

/** "a, b" with "is"/"are" for a sentence about them. */
function them(ids: readonly string[]): { list: string; verb: string } {
  return { list: ids.map(escapeText).join(", "), verb: ids.length === 1 ? "is" : "are" };
}

/**
 * One engine upgrade as a line: "orders-db: snapshot, then upgrade 16.4 ->
 * 17 with parameter group app-pg17 (orders-replica is upgraded with it) ~
 * downtime"; a replica upgraded by its source's call says so.
 */
function upgradeLine(plan: InstancePlan): string | undefined {
  const u = plan.upgrade;
  if (u === undefined) return undefined;
  const id = escapeText(plan.id);
  const versions = `${escapeText(u.from)} -> ${escapeText(u.to)}`;
  if (u.withSource !== undefined) {
    return `${id}: upgraded with its source ${escapeText(u.withSource)} (${versions}) ~ downtime`;
  }
  const snapshot = (plan.snapshotBefore ?? []).length > 0 ? "snapshot, then " : "";
  const groups = [
    u.parameterGroup === undefined ? "" : `parameter group ${escapeText(u.parameterGroup)}`,
    u.optionGroup === undefined ? "" : `option group ${escapeText(u.optionGroup)}`,
  ].filter((g) => g !== "");
  const withGroups = groups.length === 0 ? "" : ` with ${groups.join(" and ")}`;
  const notes: string[] = [];
  if ((u.upgradedWith ?? []).length > 0) {
    const { list, verb } = them(u.upgradedWith ?? []);
    notes.push(`${list} ${verb} upgraded with it`);
  }
  if ((u.after ?? []).length > 0) {
    const after = u.after ?? [];
    const { list, verb } = them(after);
    notes.push(`replica${after.length === 1 ? "" : "s"} ${list} ${verb} upgraded first`);
  }
  const tail = notes.length === 0 ? "" : ` (${notes.join("; ")})`;
  return `${id}: ${snapshot}upgrade ${versions}${withGroups}${tail} ~ downtime`;
}

/**
 * The plan's engine upgrades in the order they happen: a source's replicas
 * upgraded first before it, the replicas upgraded with it right after it.
 */
function upgradeLines(plan: Plan): string[] {
  const byId = new Map(plan.instances.map((p) => [p.id, p]));
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (p: InstancePlan): void => {
    if (done.has(p.id) || p.upgrade === undefined) return;
    done.add(p.id);
    for (const id of p.upgrade.after ?? []) {
      const replica = byId.get(id);
      if (replica !== undefined) visit(replica);
    }
    const line = upgradeLine(p);
    if (line !== undefined) out.push(line);
    for (const id of p.upgrade.upgradedWith ?? []) {
      const replica = byId.get(id);
      if (replica !== undefined) visit(replica);
    }
  };
  for (const p of plan.instances) {
    const source = p.upgrade?.withSource;
    if (source !== undefined && byId.get(source)?.upgrade !== undefined) continue;
    visit(p);
  }
  return out;
}

/** "orders-old was managed by this spec (rdsctl:spec=orders, us-east-1) and is no longer in it; it was not deleted." */
function undeclaredLine(u: UndeclaredInstance): string {
  return `${escapeText(u.id)} was managed by this spec (rdsctl:spec=${escapeText(u.spec)}, ${escapeText(u.region)}) and is no longer in it; it was not deleted.`;
}

/**
 * The plan as text: one block per resource beside the instances (parameter
 * and subnet groups, applied first), then per instance, that changes or is
 * blocked (a dim line for an unchanged one only when it carries a notice),
 * then the summary line, or "No changes." when nothing would be sent. Ends
 * with a newline.
 */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const style = createStyle(options.color);
  const blocks = [
    ...resourcesOf(plan).map((resource) => resourceBlock(resource, style)),
    ...plan.instances.map((instance) => instanceBlock(instance, style)),
  ]
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"));
  const out: string[] = [];
  if (blocks.length > 0) out.push(`${blocks.join("\n")}\n`);
  const upgrades = upgradeLines(plan);
  if (upgrades.length > 0) {
    out.push(
      `${style.bold("Engine upgrades, in order:")}\n${upgrades.map((l) => `  ${l}\n`).join("")}`,
    );
  }
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) {
    out.push(warnings.map((w) => `${style.yellow("warning:")} ${w.message}\n`).join(""));
  }
  const undeclared = plan.undeclared ?? [];
  if (undeclared.length > 0) {
    out.push(undeclared.map((u) => `${style.cyan("note:")} ${undeclaredLine(u)}\n`).join(""));
  }
  if (!planHasChanges(plan) && !planHasBlocked(plan)) {
    const count = warnings.length;
    const warned = count === 0 ? "" : ` ${count} warning${count === 1 ? "" : "s"}.`;
    out.push(`${style.green("No changes.")} ${matchLine(plan)}${warned}\n`);
  } else {
    const line = planSummaryLine(
      plan,
      restartingNow(plan).length,
      riskyCount(plan),
      warnings.length,
    );
    out.push(`${style.bold(line)}\n`);
  }
  return out.join("\n");
}
