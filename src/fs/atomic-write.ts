import { randomBytes } from "node:crypto";
import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that a reader sees the old content or the new, never half,
 * and so that nothing planted beside it is followed. Imports nothing from src.
 *
 * The text goes to a temporary file with a random name in the target's
 * folder, created exclusively (`wx`: O_CREAT | O_EXCL, which fails on any
 * existing name, a symbolic link included, instead of following it), then
 * renamed over the target. A rename replaces a symbolic link at the target
 * rather than writing through it.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o666): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx", mode);
  try {
    try {
      const bytes = Buffer.from(text, "utf8");
      let written = 0;
      while (written < bytes.length) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
