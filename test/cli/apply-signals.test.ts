import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { run } from "../../src/cli/commands/apply.js";
import { type CommandContext, createContext } from "../../src/cli/context.js";
import { reportError } from "../../src/cli/report-error.js";
import {
  instanceSpec,
  isolatedEnv,
  MUTATING_ACTIONS,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

// As the entry point does: the SDK's Node-support notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

type Handler = (signal: NodeJS.Signals) => void;

/** A context whose signal handlers the test holds and fires itself. */
function signalContext(cwd: string): {
  ctx: CommandContext;
  handlers: Set<Handler>;
  err: string[];
} {
  const handlers = new Set<Handler>();
  const err: string[] = [];
  const stdin = new PassThrough();
  stdin.end();
  const ctx: CommandContext = {
    out: () => {},
    err: (t) => err.push(t),
    color: false,
    errColor: false,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: isolatedEnv(),
    cwd,
    addSecret: () => {},
    stdin,
    onSignal: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return { ctx, handlers, err };
}

test("the process-wide onSignal listens for SIGINT and SIGTERM and stops listening to both", () => {
  const counts = (): [number, number] => [
    process.listenerCount("SIGINT"),
    process.listenerCount("SIGTERM"),
  ];
  const [int, term] = counts();
  const off = createContext().onSignal(() => {});
  assert.deepEqual(counts(), [int + 1, term + 1]);
  off();
  assert.deepEqual(counts(), [int, term]);
});

test("apply takes only the first signal: its handler is gone once it fires, so a second one ends the process", () =>
  withEmulator({ seed: 3, timeScale: 5 }, async (emulator) => {
    const dir = tempDir();
    const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("term-db"));
    const { ctx, handlers, err } = signalContext(dir);
    const running = run([file, "--yes", "--endpoint-url", emulator.url], ctx);
    const waiting = () => {
      const log = emulator.requestLog().map((e) => e.action);
      return (
        log.includes("CreateDBInstance") &&
        log.lastIndexOf("DescribeDBInstances") > log.indexOf("CreateDBInstance")
      );
    };
    const deadline = Date.now() + 10_000;
    while (!waiting() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.ok(waiting(), "apply reached its wait");
    assert.equal(handlers.size, 1, "apply listens for signals while it applies");
    const signalledAt = emulator.requestLog().length;
    const [handler] = handlers;
    handler?.("SIGTERM");
    assert.equal(handlers.size, 0, "the first signal removes apply's handler at once");
    // The entry point reports what the command threw: the same function main uses.
    const code = await running.then(
      () => 0,
      (thrown: unknown) => reportError(thrown, ctx, false),
    );
    assert.equal(code, 143);
    const text = err.join("");
    assert.match(text, /rdsctl: SIGTERM received: no new call will be sent/);
    assert.match(
      text,
      /apply interrupted by SIGTERM: calls were sent for 1 instance\(s\): term-db\./,
    );
    const after = emulator
      .requestLog()
      .slice(signalledAt)
      .map((e) => e.action);
    assert.deepEqual(
      after.filter((a) => MUTATING_ACTIONS.has(a)),
      [],
    );
  }));

test("apply stops listening for signals when it finishes without one", () =>
  withEmulator({ seed: 3, timeScale: 0 }, async (emulator) => {
    const dir = tempDir();
    const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("quiet-db"));
    const { ctx, handlers } = signalContext(dir);
    assert.equal(await run([file, "--yes", "--endpoint-url", emulator.url], ctx), "done");
    assert.equal(handlers.size, 0);
  }));
