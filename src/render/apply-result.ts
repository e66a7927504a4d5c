import type { ApplyResult, InstanceOutcome, InstanceResult } from "../apply/types.js";
import { RdsctlError } from "../errors.js";
import { escapeText } from "../text/escape.js";
import { type InstanceOutputsJson, outputsToJson, renderOutputsBlock } from "./outputs.js";
import { formatSeconds } from "./progress.js";
import { createStyle } from "./style.js";

function failedLine(result: InstanceResult, color: boolean): string {
  const style = createStyle(color);
  const sent =
    result.calls.length > 0 ? `completed calls: ${result.calls.join(", ")}` : "no call completed";
  const message = escapeText(result.error?.message ?? "unknown error");
  return `${style.red("!")} ${style.bold(escapeText(result.id))} failed (${sent}): ${message}`;
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

/** "Apply complete: 1 created, 2 modified, 5 unchanged." (or "Apply incomplete: ..., 1 failed."). */
export function applySummaryLine(result: ApplyResult): string {
  const failed = countOf(result, "failed");
  const skipped = countOf(result, "skipped");
  const counts = `${countOf(result, "created")} created, ${countOf(result, "modified")} modified, ${countOf(result, "unchanged")} unchanged`;
  const notDone = `${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
  return failed === 0 && skipped === 0
    ? `Apply complete: ${counts}.`
    : `Apply incomplete: ${counts}, ${notDone}.`;
}

/**
 * The outcome of apply as text: one line per created, modified or failed
 * instance (a failed one with its error) and per unchanged one apply waited
 * for, then the summary, then each instance's outputs (endpoint, status, ARN,
 * managed secret) when apply read it.
 */
export function renderApplyResultText(
  result: ApplyResult,
  options: { color: boolean; rebootCommand?: string },
): string {
  const lines = result.instances
    .map((r) => instanceLine(r, options.color))
    .filter((l) => l !== undefined);
  const style = createStyle(options.color);
  const summary = applySummaryLine(result);
  const complete = countOf(result, "failed") + countOf(result, "skipped") === 0;
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
    /** Only on a skipped instance: why nothing was done for it. */
    skippedBecause?: string;
  }>;
  mutatingCalls: number;
  /** How many instances failed; the whole apply succeeded when 0. */
  failed: number;
  /** How many instances were not started because what they depend on failed. */
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
      ...(r.outcome === "skipped" ? { skippedBecause: r.skippedBecause ?? "" } : {}),
    })),
    mutatingCalls: result.mutatingCalls,
    failed: countOf(result, "failed"),
    skipped: countOf(result, "skipped"),
    ...(pending.length === 0
      ? {}
      : { pendingReboot: [...pending], rebootCommand: rebootCommand ?? REBOOT_ADVICE }),
  };
}
