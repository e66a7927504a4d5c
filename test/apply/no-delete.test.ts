import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../helpers/repo-root.js";

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
