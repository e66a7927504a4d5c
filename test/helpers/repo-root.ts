import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory holding package.json, found by walking up from this file.
 * Tests run both from test/ (tsx) and from dist/test/ (compiled), so a path
 * relative to the test file would differ between the two.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the test file");
    dir = parent;
  }
  return dir;
}
