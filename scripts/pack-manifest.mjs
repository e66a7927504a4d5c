// The published package.json carries no `prepare` script: the tarball ships a
// built dist/, and npm would otherwise list `prepare` as an install script
// that a global install warns about. `prepack` saves package.json and drops
// the script; `postpack` puts the saved file back.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const manifest = "package.json";
const saved = ".package.json.prepack";
const mode = process.argv[2];

if (mode === "strip") {
  if (existsSync(saved)) renameSync(saved, manifest);
  copyFileSync(manifest, saved);
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === "restore") {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
