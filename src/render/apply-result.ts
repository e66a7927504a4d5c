import type {
  ApplyResult,
  InstanceOutcome,
  InstanceResult,
  ResourceResult,
} from "../apply/types.js";
import { RdsctlError } from "../errors.js";
import type { KindName } from "../kinds/types.js";
import { escapeText } from "../text/escape.js";
import { type InstanceOutputsJson, outputsToJson, renderOutputsBlock } from "./outputs.js";
import { formatSeconds } from "./progress.js";
import { countOf as kindCount, kindLabel } from "./resources.js";
import { createStyle } from "./style.js";

function failedLine(result: InstanceResult, color: boolean): string {
  const style = createStyle(color);
  const sent =
    result.calls.length > 0 ? `completed calls: ${result.calls.join(", ")}` : "no call completed";
  const message = escapeText(result.error?.message ?? "unknown error");
  // The snapshot taken before the change that failed is the way back: name it.
  const snapshot =
    result.snapshot === undefined ? "" : `; snapshot ${escapeText(result.snapshot)} was taken`;
  return `${style.red("!")} ${style.bold(escapeText(result.id))} failed (${sent}${snapshot}): ${message}`;
}

function instanceLine(result: InstanceResult, color: boolean): string | undefined {
  if (result.outcome === "failed") return failedLine(result, color);
  if (result.outcome === "skipped") {
    const style = createStyle(color);
    const because = result.skippedBecause ?? "what it depends on did not finish";
    return `${style.yellow("-")} ${style.bold(escapeText(result.id))} skipped: ${escapeText(because)}`;
  }
  // An unchanged instance earns a line only when apply waited for it to settle
  // (or another run created it, which the reader must not take for this run's work).
  if (result.outcome === "unchanged" && !result.waited && result.createdElsewhere !== true)
    return undefined;
  const style = createStyle(color);
  const details: string[] = [];
  if (result.createdElsewhere === true) details.push("created by another run");
  if (result.snapshot !== undefined) details.push(`snapshot ${escapeText(result.snapshot)}`);
  if (result.upgradedWithSource !== undefined) {
    details.push(`upgraded with its source ${escapeText(result.upgradedWithSource)}`);
  }
  if (result.status !== undefined) details.push(escapeText(result.status));
  if (result.waited) details.push(`waited ${formatSeconds(result.waitSeconds ?? 0)}`);
  else details.push("not waited for");
  const glyph =
    result.outcome === "created"
      ? style.green("+")
      : result.outcome === "modified"
        ? style.yellow("~")
        : " ";
  return `${glyph} ${style.bold(escapeText(result.id))} ${result.outcome} (${details.join(", ")})`;
}

function countOf(result: ApplyResult, outcome: InstanceOutcome): number {
  return result.instances.filter((i) => i.outcome === outcome).length;
}

/** The resources beside the instances (none when the spec declares none). */
function resourcesOf(result: ApplyResult): readonly ResourceResult[] {
  return result.resources ?? [];
}

/** Instances and resources that ended so: the whole apply is complete when none failed or was skipped. */
function notDoneCount(result: ApplyResult, outcome: "failed" | "skipped"): number {
  return countOf(result, outcome) + resourcesOf(result).filter((r) => r.outcome === outcome).length;
}

/** "1 parameter group modified, 2 subnet groups unchanged": each kind's outcomes that happened. */
function resourceOutcomes(result: ApplyResult): string {
  const kinds: KindName[] = [...new Set(resourcesOf(result).map((r) => r.kind))];
  const outcomes: InstanceOutcome[] = ["created", "modified", "unchanged", "failed", "skipped"];
  const parts: string[] = [];
  for (const kind of kinds) {
    for (const outcome of outcomes) {
      const n = resourcesOf(result).filter((r) => r.kind === kind && r.outcome === outcome).length;
      if (n > 0) parts.push(`${kindCount(n, kind)} ${outcome}`);
    }
  }
  return parts.join(", ");
}

/**
 * "Apply complete: 1 created, 2 modified, 5 unchanged." (or "Apply
 * incomplete: ..., 1 failed."), the instances' counts; with resources beside
 * them, their outcomes come first: "Apply complete: 1 parameter group
 * modified; instances: 0 created, 2 modified, 5 unchanged."
 */
export function applySummaryLine(result: ApplyResult): string {
  const failed = countOf(result, "failed");
  const skipped = countOf(result, "skipped");
  const counts = `${countOf(result, "created")} created, ${countOf(result, "modified")} modified, ${countOf(result, "unchanged")} unchanged`;
  const notDone = `${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
  const complete = notDoneCount(result, "failed") + notDoneCount(result, "skipped") === 0;
  const instances = failed === 0 && skipped === 0 ? `${counts}.` : `${counts}, ${notDone}.`;
  const resources = resourceOutcomes(result);
  const body = resources === "" ? instances : `${resources}; instances: ${instances}`;
  return `Apply ${complete ? "complete" : "incomplete"}: ${body}`;
}

/** "CreateDBParameterGroup, ModifyDBParameterGroup x2": the calls a resource got, repeats counted. */
function callsList(calls: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  return [...counts].map(([call, n]) => escapeText(n === 1 ? call : `${call} x${n}`)).join(", ");
}

/** One line for a resource that apply changed, failed or skipped; none for an unchanged one. */
function resourceLine(result: ResourceResult, color: boolean): string | undefined {
  const style = createStyle(color);
  const name = `${kindLabel(result.kind)} ${style.bold(escapeText(result.id))}`;
  const region = result.region === undefined ? "" : ` [${escapeText(result.region)}]`;
  switch (result.outcome) {
    case "failed": {
      const sent =
        result.calls.length > 0
          ? `completed calls: ${callsList(result.calls)}`
          : "no call completed";
      const message = escapeText(result.error?.message ?? "unknown error");
      return `${style.red("!")} ${name}${region} failed (${sent}): ${message}`;
    }
    case "skipped": {
      const because = result.skippedBecause ?? "what it depends on did not finish";
      return `${style.yellow("-")} ${name}${region} skipped: ${escapeText(because)}`;
    }
    case "unchanged":
      return undefined;
    case "created":
    case "modified": {
      const glyph = result.outcome === "created" ? style.green("+") : style.yellow("~");
      return `${glyph} ${name}${region} ${result.outcome} (${callsList(result.calls)})`;
    }
  }
}

/**
 * The outcome of apply as text: one line per created, modified, failed or
 * skipped resource beside the instances (parameter and subnet groups, with
 * the calls they got), then per created, modified or failed instance (a
 * failed one with its error) and per unchanged one apply waited for, then
 * the summary, then each instance's outputs (endpoint, status, ARN, managed
 * secret) when apply read it.
 */
export function renderApplyResultText(
  result: ApplyResult,
  options: { color: boolean; rebootCommand?: string },
): string {
  const lines = [
    ...resourcesOf(result).map((r) => resourceLine(r, options.color)),
    ...result.instances.map((r) => instanceLine(r, options.color)),
  ].filter((l) => l !== undefined);
  const style = createStyle(options.color);
  const summary = applySummaryLine(result);
  const complete = notDoneCount(result, "failed") + notDoneCount(result, "skipped") === 0;
  lines.push(complete ? style.green(summary) : style.red(summary));
  lines.push(...renderOutputsBlock(result.instances, options.color));
  lines.push(...pendingRebootLines(result, options));
  return `${lines.join("\n")}\n`;
}

/** The command that reboots them when the caller gave none (the library's own result). */
const REBOOT_ADVICE = "rdsctl apply <spec> --reboot";

/**
 * The instances left pending-reboot, last, with what finishes the job: the
 * command with `--reboot`, or policy.rebootWhenNeeded in the spec.
 */
export function pendingRebootLines(
  result: ApplyResult,
  options: { color: boolean; rebootCommand?: string },
): string[] {
  const ids = result.pendingReboot ?? [];
  if (ids.length === 0) return [];
  const style = createStyle(options.color);
  const command = escapeText(options.rebootCommand ?? REBOOT_ADVICE);
  return [
    "",
    style.yellow(
      `Left pending-reboot (static parameters take effect only after a reboot): ${ids.map(escapeText).join(", ")}`,
    ),
    `To reboot them (rolling, replicas first, waited until in-sync): ${command}`,
    "or set policy.rebootWhenNeeded: true in the spec and run apply again.",
  ];
}

export interface ApplyResultJson {
  instances: Array<{
    id: string;
    action: InstanceResult["action"];
    outcome: InstanceOutcome;
    calls: string[];
    status: string | null;
    waited: boolean;
    waitSeconds: number | null;
    /** Only a failed instance has one. */
    error: { code: string; message: string } | null;
    /** Endpoint, ARN, status and managed secret; present once apply has read the instance. */
    outputs?: InstanceOutputsJson;
    /** Present (true) only when another run created the instance this one planned to create. */
    createdElsewhere?: true;
    /** Only on a PostgreSQL replica whose engine version RDS changes with its source's upgrade: the source. */
    upgradedWithSource?: string;
    /** Only on a skipped instance: why nothing was done for it. */
    skippedBecause?: string;
    /** The identifier of the snapshot apply took before the instance's change (`snapshotBefore`); only then. */
    snapshot?: string;
  }>;
  /** The parameter and subnet groups, in the order apply worked on them; empty when the spec declares none. */
  resources: Array<{
    kind: KindName;
    id: string;
    region: string | null;
    action: ResourceResult["action"];
    outcome: InstanceOutcome;
    /** The RDS actions sent and answered, in order ("ModifyDBParameterGroup"). */
    calls: string[];
    error: { code: string; message: string } | null;
    /** Only on a skipped resource: why nothing was done for it. */
    skippedBecause?: string;
  }>;
  mutatingCalls: number;
  /** How many instances and resources failed; the whole apply succeeded when 0. */
  failed: number;
  /** How many instances and resources were not started because what they depend on failed. */
  skipped: number;
  /** Instances left with their parameter group pending-reboot; only when there are some. */
  pendingReboot?: string[];
  /** The command that reboots them (with `--reboot`); only with `pendingReboot`. */
  rebootCommand?: string;
}

function errorJson(error: Error | undefined): { code: string; message: string } | null {
  if (error === undefined) return null;
  return { code: error instanceof RdsctlError ? error.code : "INTERNAL", message: error.message };
}

export function applyResultToJson(result: ApplyResult, rebootCommand?: string): ApplyResultJson {
  const pending = result.pendingReboot ?? [];
  return {
    instances: result.instances.map((r) => ({
      id: r.id,
      action: r.action,
      outcome: r.outcome,
      calls: [...r.calls],
      status: r.status ?? null,
      waited: r.waited,
      waitSeconds: r.waitSeconds ?? null,
      error: errorJson(r.error),
      ...(r.outputs === undefined ? {} : { outputs: outputsToJson(r.outputs) }),
      ...(r.createdElsewhere === true ? { createdElsewhere: true as const } : {}),
      ...(r.upgradedWithSource === undefined ? {} : { upgradedWithSource: r.upgradedWithSource }),
      ...(r.outcome === "skipped" ? { skippedBecause: r.skippedBecause ?? "" } : {}),
      ...(r.snapshot === undefined ? {} : { snapshot: r.snapshot }),
    })),
    resources: resourcesOf(result).map((r) => ({
      kind: r.kind,
      id: r.id,
      region: r.region ?? null,
      action: r.action,
      outcome: r.outcome,
      calls: [...r.calls],
      error: errorJson(r.error),
      ...(r.outcome === "skipped" ? { skippedBecause: r.skippedBecause ?? "" } : {}),
    })),
    mutatingCalls: result.mutatingCalls,
    failed: notDoneCount(result, "failed"),
    skipped: notDoneCount(result, "skipped"),
    ...(pending.length === 0
      ? {}
      : { pendingReboot: [...pending], rebootCommand: rebootCommand ?? REBOOT_ADVICE }),
  };
}
