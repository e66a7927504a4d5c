#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";

// The program is dist/cli/main.js, the bundle scripts/build-cli.mjs builds;
// its source maps are read only under --debug, where stack traces are shown.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
// V8 sizes the next heap from what was live at the last full collection, and
// one falls while a large spec's YAML document is being built: the heap then
// grows to about three times that before the next one, while the pages of a
// fleet are read. A smaller growth factor keeps a 5,000-instance plan near
// 180 MB instead of 280 MB, for about a tenth more collection time.
setFlagsFromString("--heap-growing-percent=50");
const { main } = await import("../dist/cli/main.js");

/**
 * Once the command has ended, whatever still holds the event loop (a retry
 * backoff timer the SDK started before an interrupt, a credential_process
 * that hangs) must not keep the process alive: its report is written, so it
 * exits shortly after, with the command's exit code.
 */
const LINGER_MS = 500;

function end(code) {
  process.exitCode = code;
  setTimeout(() => process.exit(), LINGER_MS).unref();
}

main(process.argv.slice(2)).then(end, (err) => {
  process.stderr.write(`rdsctl: internal error: ${err?.stack ?? err}\n`);
  end(1);
});
