import { stringList } from "../fields/describe-readers.js";
import type { FieldDef } from "../fields/types.js";
import type { PlanContext } from "./context.js";

/** Reads an accessor without letting odd describe output escape as an exception. */
function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The strings of a list member; nothing when it is not a list. */
export function stringsOf(value: unknown): string[] {
  return stringList(value) ?? [];
}

/** The log export set once a pending enable/disable delta lands. */
function logsAfterDelta(current: unknown, delta: unknown): string[] | undefined {
  if (typeof delta !== "object" || delta === null) return undefined;
  const rec = delta as Record<string, unknown>;
  const set = new Set(stringsOf(current));
  for (const t of stringsOf(rec.LogTypesToEnable)) set.add(t);
  for (const t of stringsOf(rec.LogTypesToDisable)) set.delete(t);
  return [...set];
}

/** Live and pending values of a field, read defensively. */
export function observe(ctx: PlanContext, f: FieldDef): { current: unknown; pending: unknown } {
  const current = safely(() => f.current(ctx.db));
  let pending = safely(() => f.pending?.(ctx.pmv as never));
  if (f.name === "EnableCloudwatchLogsExports") pending = logsAfterDelta(current, pending);
  return { current, pending };
}
