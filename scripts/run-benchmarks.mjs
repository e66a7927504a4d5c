// Runs every compiled benchmark (dist/bench/*.bench.js) in its own process,
// one after another so they do not disturb each other's figures.
// Optional arguments filter by substring: `npm run bench -- emulator`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "dist", "bench");
const filters = process.argv.slice(2);
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".bench.js"))
      .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
      .sort()
  : [];
if (files.length === 0) {
  console.error("no benchmarks matched");
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", join(dir, file)], {
    cwd: root,
    stdio: "inherit",
  });
  if (r.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
