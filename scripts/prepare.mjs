// `prepare`: builds unless dist/ is already the build of the current sources.
// `npm ci` runs prepare; so does `npx rdsctl` in this directory, which links
// the project into npm's npx cache and prepares it again (the README's first
// command, `npm ci && npx rdsctl ...`). That second tsc build took some 8 s of
// wall time and 13 s of CPU; it is skipped when no input of the build is newer
// than the stamp the last build wrote (scripts/build-cli.mjs, its last step). A checkout, an edit or a pull touches
// the files it changes, so they rebuild.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "dist", ".build-stamp");
const INPUTS = [
  "src",
  "test",
  "bench",
  "scripts",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const inputs = Math.max(...INPUTS.map((p) => newest(join(root, p))));
if (built > inputs && existsSync(join(root, "dist", "cli", "main.js"))) {
  console.log("prepare: dist/ is up to date with the sources; not rebuilding");
} else {
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", shell: true });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
