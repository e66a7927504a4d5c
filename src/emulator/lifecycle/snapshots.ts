import type { Ctx } from "../state/context.js";

/** Snapshots whose time has come turn available; returns how many did, and the next one due. */
export function finishSnapshots(ctx: Ctx, now: number): { done: number; next: number } {
  let done = 0;
  let next = Number.POSITIVE_INFINITY;
  for (const s of ctx.state.snapshots.values()) {
    if (s.Status !== "creating") continue;
    if (s.availableAt <= now) {
      s.Status = "available";
      done += 1;
    } else if (s.availableAt < next) next = s.availableAt;
  }
  return { done, next };
}
