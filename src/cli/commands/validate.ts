import { parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { loadSpecFiles } from "../load-spec.js";

/** Offline: loads and validates the spec, never calls AWS. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values, positionals } = parseCommandArgs("validate", argv, {}, true);
  if (values.help === true) {
    ctx.out(commandHelp("validate"));
    return "done";
  }
  const spec = await loadSpecFiles("validate", positionals, ctx);
  const n = spec.instances.length;
  const files = spec.files.length;
  ctx.out(
    `The spec is valid: ${n} instance${n === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}.\n`,
  );
  return "done";
}
