import type { FieldDef } from "../kinds/instance/fields/types.js";
import type { PlanContext } from "./context.js";

/** Reads an accessor without letting odd describe output escape as an exception. */
function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Live and pending values of a field, read defensively. */
export function observe(ctx: PlanContext, f: FieldDef): { current: unknown; pending: unknown } {
  const current = safely(() => f.current(ctx.db));
  let pending = safely(() => f.pending?.(ctx.pmv as never));
  if (f.afterPending !== undefined) pending = safely(() => f.afterPending?.(current, pending));
  return { current, pending };
}
