import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../helpers/repo-root.js";

// The emulator is an independent implementation of RDS behaviour: if it shared
// the reconciler's field table or planner, a wrong belief about RDS would be
// made twice and caught by neither. It may import Node's built-ins and its own
// files, nothing else (not even the AWS SDK at runtime).
test("src/emulator imports only node: built-ins and its own files, in every sub-folder", () => {
  const dir = join(repoRoot(), "src", "emulator");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
  assert.ok(files.length > 10, "the emulator's sources are found");
  assert.ok(
    files.some((f) => dirname(f) !== dir),
    "the emulator's sub-folders are searched",
  );
  const offending: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["']([^"']+)["']/gm),
      ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]!);
    for (const s of specifiers) {
      const relativePath = s.startsWith("./") || s.startsWith("../");
      const own = relativePath && resolve(dirname(file), s).startsWith(dir + sep);
      if (!own && !s.startsWith("node:")) offending.push(`${relative(dir, file)}: ${s}`);
    }
  }
  assert.deepEqual(offending, []);
});
