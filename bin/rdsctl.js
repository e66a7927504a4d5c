#!/usr/bin/env node
// The program is dist/cli/main.js, the bundle scripts/build-cli.mjs builds;
// its source maps are read only under --debug, where stack traces are shown.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
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
