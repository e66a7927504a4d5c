import { type FlagDefs, parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";

export const FLAGS: FlagDefs = {};

export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values } = parseCommandArgs("schema", argv, FLAGS, false);
  if (values.help === true) {
    ctx.out(commandHelp("schema"));
    return "done";
  }
  const { specJsonSchema } = await import("../../spec/schema.js");
  ctx.out(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  return "done";
}
