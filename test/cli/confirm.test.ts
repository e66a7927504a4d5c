import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { confirm } from "../../src/cli/confirm.js";
import type { CommandContext } from "../../src/cli/context.js";

function context(
  input: string,
  stdoutIsTTY: boolean,
): { ctx: CommandContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  stdin.end(input);
  const ctx: CommandContext = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    color: false,
    errColor: false,
    stdinIsTTY: true,
    stdoutIsTTY,
    stderrIsTTY: true,
    env: {},
    cwd: "/",
    addSecret: () => {},
    stdin,
    onSignal: () => () => {},
  };
  return { ctx, out, err };
}

test("only yes (or y) confirms", async () => {
  for (const [answer, expected] of [
    ["yes\n", true],
    ["  YES \n", true],
    ["y\n", true],
    ["no\n", false],
    ["yess\n", false],
    ["\n", false],
    ["", false],
  ] as const) {
    const { ctx } = context(answer, true);
    assert.equal(await confirm(ctx, "Apply? "), expected, JSON.stringify(answer));
  }
});

test("the question goes to stdout on a terminal, to stderr when stdout is redirected", async () => {
  const onTerminal = context("yes\n", true);
  await confirm(onTerminal.ctx, "Apply? ");
  assert.deepEqual(onTerminal.out, ["Apply? "]);
  assert.deepEqual(onTerminal.err, []);
  const redirected = context("yes\n", false);
  await confirm(redirected.ctx, "Apply? ");
  assert.deepEqual(redirected.out, []);
  assert.deepEqual(redirected.err, ["Apply? "]);
  const json = context("yes\n", true);
  await confirm(json.ctx, "Apply? ", { stdoutReserved: true });
  assert.deepEqual(json.out, [], "stdout reserved for JSON");
  assert.deepEqual(json.err, ["Apply? "]);
});
