import type { ApplyResult } from "../apply/types.js";
import { ChangeBlockedError, RdsctlError, SpecInvalidError } from "../errors.js";
import type { Plan } from "../plan/types.js";
import { kindLabel } from "../render/resources.js";
import type { SourceLocation } from "../spec/types.js";
import { escapeLines } from "../text/escape.js";

/**
 * GitHub Actions' workflow commands, used when `GITHUB_ACTIONS=true`: apply's
 * progress inside a collapsible log group, and each blocked change, failed
 * instance or other error as an error annotation, on the spec line it comes
 * from when that is known.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

export function onGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === "true";
}

export function groupStart(title: string): string {
  return `::group::${escapeData(title)}\n`;
}

export const GROUP_END = "::endgroup::\n";

/**
 * A message of a workflow command: the text escaped as everything printed is
 * line by line (no control character), then `%`, CR and LF as the runner
 * reads them.
 */
function escapeData(text: string): string {
  return escapeLines(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command: also `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One `::error ...::message` line, located when `at` is known. */
export function errorAnnotation(message: string, at?: SourceLocation, title?: string): string {
  const props: string[] = [];
  if (at !== undefined) {
    props.push(`file=${escapeProperty(at.file)}`, `line=${at.line}`, `col=${at.column}`);
  }
  if (title !== undefined) props.push(`title=${escapeProperty(title)}`);
  return `::error${props.length > 0 ? ` ${props.join(",")}` : ""}::${escapeData(message)}\n`;
}

/** What an error can be annotated with besides itself. */
export interface AnnotationContext {
  plan?: Plan | null | undefined;
  result?: ApplyResult | null | undefined;
}

/** A reason ends with the declared field's place, `(FILE:LINE)`, when the planner knows it. */
const REASON_PLACE = /\(([^()]+):(\d+)\)\.?$/;

/** A blocked group's changes, each at its item (a group is named with its kind in the title). */
function blockedResourceAnnotations(plan: Pick<Plan, "resources">): string[] {
  return (plan.resources ?? []).flatMap((r) =>
    r.blocked.map((b) => {
      const prefix = `${r.id}: `;
      const message = b.reason.startsWith(prefix) ? b.reason : `${prefix}${b.reason}`;
      const title = `${kindLabel(r.kind)} ${r.id}: ${b.field} is blocked`;
      return errorAnnotation(message, r.source, title);
    }),
  );
}

function blockedAnnotations(plan: Pick<Plan, "instances" | "resources">): string[] {
  return blockedResourceAnnotations(plan).concat(instanceBlockedAnnotations(plan));
}

function instanceBlockedAnnotations(plan: Pick<Plan, "instances">): string[] {
  return plan.instances.flatMap((i) =>
    i.blocked.map((b) => {
      const prefix = `${i.id}: `;
      const message = b.reason.startsWith(prefix) ? b.reason : `${prefix}${b.reason}`;
      const place = REASON_PLACE.exec(b.reason);
      const at =
        place?.[1] === i.source.file
          ? { file: i.source.file, line: Number(place[2]), column: 1 }
          : i.source;
      return errorAnnotation(message, at, `${i.id}: ${b.field} is blocked`);
    }),
  );
}

function failureAnnotations(plan: Plan | null | undefined, result: ApplyResult): string[] {
  const sources = new Map(plan?.instances.map((i) => [i.id, i.source]) ?? []);
  const groups = (result.resources ?? [])
    .filter((r) => r.outcome === "failed")
    .map((r) => {
      const name = `${kindLabel(r.kind)} ${r.id}`;
      const at = plan?.resources?.find((p) => p.kind === r.kind && p.id === r.id)?.source;
      return errorAnnotation(r.error?.message ?? `${name}: failed`, at, `${name} failed`);
    });
  return groups.concat(instanceFailureAnnotations(sources, result));
}

function instanceFailureAnnotations(
  sources: ReadonlyMap<string, SourceLocation>,
  result: ApplyResult,
): string[] {
  return result.instances
    .filter((i) => i.outcome === "failed")
    .map((i) =>
      errorAnnotation(i.error?.message ?? `${i.id}: failed`, sources.get(i.id), `${i.id} failed`),
    );
}

/** The annotations of an error that ended a command. */
export function errorAnnotations(err: unknown, context: AnnotationContext = {}): string {
  if (err instanceof SpecInvalidError) {
    return err.problems.map((p) => errorAnnotation(p.message, p)).join("");
  }
  if (err instanceof ChangeBlockedError && err.plan !== undefined) {
    return blockedAnnotations(err.plan).join("");
  }
  const failed = (o: { outcome: string }) => o.outcome === "failed";
  if (context.result?.instances.some(failed) || context.result?.resources?.some(failed)) {
    return failureAnnotations(context.plan, context.result).join("");
  }
  const message = err instanceof Error ? err.message : String(err);
  const prefix = err instanceof RdsctlError ? "" : "internal error: ";
  return errorAnnotation(`${prefix}${message}`);
}
