import { UsageError } from "../../errors.js";
import { escapeText } from "../../text/escape.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import { type CompletionCommand, completionScript, SHELLS, type Shell } from "../completion.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import {
  COMMAND_NAMES,
  commandHelp,
  commandOutline,
  flagDocs,
  SHELL_COMMAND_NAMES,
} from "../help.js";
import type { CommandModule } from "../main.js";

export const FLAGS: FlagDefs = {};

/** Every command with the flags it parses with (its module's FLAGS) and their help. */
export async function completionCommands(
  modules: Readonly<Record<string, () => Promise<CommandModule>>>,
): Promise<CompletionCommand[]> {
  const names = [...COMMAND_NAMES, ...SHELL_COMMAND_NAMES];
  return Promise.all(
    names.map(async (name) => {
      const load = modules[name];
      if (load === undefined) throw new Error(`rdsctl ${name}: no command module`);
      const { FLAGS: flags } = await load();
      return { name, ...commandOutline(name), flags: flagDocs(name, flags, true) };
    }),
  );
}

/** `rdsctl completion bash|zsh|fish`: prints the completion script for that shell. */
export async function run(
  argv: string[],
  ctx: CommandContext,
  modules?: Readonly<Record<string, () => Promise<CommandModule>>>,
): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("completion", argv, FLAGS, true);
  if (values.help === true) {
    ctx.out(commandHelp("completion", FLAGS));
    return "done";
  }
  const [shell, ...rest] = positionals;
  if (shell === undefined || rest.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
    const given = shell === undefined ? "nothing" : `"${escapeText(positionals.join(" "))}"`;
    throw new UsageError(
      `rdsctl completion takes one shell: ${SHELLS.join(", ")}; got ${given} (see rdsctl completion --help)`,
    );
  }
  if (modules === undefined) throw new Error("rdsctl completion: run without the command list");
  ctx.out(completionScript(shell as Shell, await completionCommands(modules)));
  return "done";
}
