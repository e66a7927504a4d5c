import { closeSync, openSync, readSync } from "node:fs";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { SAVED_PLAN_FORMAT, type SavedPlanFile, savedPlanText } from "../saved-plan.js";

/**
 * The saved plan's file mechanics for `plan --out` and `apply PLAN`; what the
 * file holds and how it is checked is the library's (src/saved-plan.ts).
 */

/** Writes the saved plan next to its final name, then renames it into place. */
export function writeSavedPlan(path: string, saved: SavedPlanFile): void {
  writeFileAtomic(path, savedPlanText(saved), 0o600);
}

/** Whether the file's content marks it as a saved plan (its name does not matter). */
export function isSavedPlanFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    return new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${SAVED_PLAN_FORMAT}"`).test(
      head.subarray(0, n).toString("utf8"),
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
