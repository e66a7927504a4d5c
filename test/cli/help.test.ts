import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COMMAND_NAMES, commandHelp, topHelp } from "../../src/cli/help.js";
import { runCli } from "./harness.js";

/** The flags a help text lists, as written (`--name` and whether it takes a value). */
function listedFlags(help: string): Array<{ flag: string; value: boolean }> {
  return [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)( [A-Z]+)?/gm)].map((m) => ({
    flag: m[1] ?? "",
    value: m[2] !== undefined,
  }));
}

describe("help", { concurrency: 2 }, () => {
  test("rdsctl --help lists each command once, in the commands' own order", () => {
    const commands = topHelp().split("Commands:\n")[1]?.split("\n\n")[0] ?? "";
    const names = [...commands.matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(names, COMMAND_NAMES);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(COMMAND_NAMES.slice().sort(), [
      "apply",
      "emulator",
      "export",
      "init",
      "local",
      "plan",
      "schema",
      "show",
      "validate",
    ]);
  });

  test("a command's help is generated from the flags it parses: a flag without help cannot ship", () => {
    const help = commandHelp("init", { force: { type: "boolean" } });
    assert.deepEqual(
      listedFlags(help).map((f) => f.flag),
      ["--force", "--help", "--debug"],
    );
    assert.throws(
      () => commandHelp("init", { force: { type: "boolean" }, sneaky: { type: "boolean" } }),
      /flag --sneaky has no help text/,
    );
  });

  test("every flag a command's --help lists is one its parser accepts; help <command> is the same text", async () => {
    for (const command of COMMAND_NAMES) {
      const run = await runCli([command, "--help"]);
      assert.equal(run.code, 0, `${command}: ${run.stderr}`);
      const flags = listedFlags(run.stdout);
      assert.ok(flags.some((f) => f.flag === "--help"));
      // Each listed flag given with --help: an unknown one would be refused (exit 1).
      const args = flags.map((f) => (f.value ? `${f.flag}=x` : f.flag));
      const all = await runCli([command, ...args.filter((a) => a !== "--help"), "--help"]);
      assert.equal(all.code, 0, `${command}: ${all.stderr}`);
      assert.equal((await runCli(["help", command])).stdout, run.stdout);
    }
  });
});
