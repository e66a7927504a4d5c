#!/usr/bin/env node
import { main } from "../dist/src/cli/main.js";

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
