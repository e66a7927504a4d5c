// Builds the command-line program (bin/rdsctl.js loads dist/cli/main.js) as
// an esbuild bundle with code splitting: every command is still imported only
// when it runs, but as a few chunks instead of some 150 modules, which is most
// of a one-instance plan's start-up. The library (`import "rdsctl"`) stays
// tsc's dist/src with its .d.ts files. The AWS SDK is not bundled: src/aws
// loads its CommonJS packages with `require` at run time, from node_modules.
// Source maps are written beside the chunks; bin/rdsctl.js turns them on
// under --debug, so stack traces name the TypeScript sources.
import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const outdir = "dist/cli";
// The regions this SDK lists, read once here (tsc has built dist/src) so the
// CLI checks a spec's region names without loading the SDK's partition data.
const { listedRegions } = await import("../dist/src/aws/regions.js");
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: "src/cli/main.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  sourcesContent: false,
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
  metafile: true,
  // PGlite (an optional dependency, 27 MB of WebAssembly) is loaded by the
  // emulator on a postgres instance's first connection, from node_modules.
  external: ["@electric-sql/pglite", "@electric-sql/pglite/*"],
  define: { RDSCTL_LISTED_REGIONS: JSON.stringify(listedRegions().join(",")) },
  // yaml is CommonJS and requires node built-ins; an ES module has no `require`.
  banner: {
    js: 'import { createRequire as __rdsctlRequire } from "node:module";\nconst require = __rdsctlRequire(import.meta.url);',
  },
});
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"));
console.log(`build-cli: ${outputs.length} files in ${outdir}`);
// The last step of `npm run build`: scripts/prepare.mjs compares the sources with this stamp.
writeFileSync("dist/.build-stamp", `${new Date().toISOString()}\n`);
