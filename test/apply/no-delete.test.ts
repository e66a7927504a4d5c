import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above the test file");
    dir = parent;
  }
  return dir;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

describe("no code path deletes a database", () => {
  it("nothing in src/ outside the emulator can call DeleteDBInstance", () => {
    const root = repoRoot();
    const src = join(root, "src");
    const files = sources(src).filter((f) => !relative(src, f).startsWith("emulator"));
    assert.ok(files.length > 10, "the scan must see the library's sources");
    const offenders = files.filter((f) =>
      // The SDK command, an RdsApi-style method, or a hand-built Query request.
      /DeleteDB(Instance|Cluster)Command|\bdelete(DB)?Instance\s*[(:]|Action=DeleteDB/.test(
        readFileSync(f, "utf8"),
      ),
    );
    assert.deepEqual(
      offenders.map((f) => relative(root, f)),
      [],
    );
  });
});
