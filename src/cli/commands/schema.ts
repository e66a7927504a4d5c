import { parseCommandArgs } from "../args.js";
import type { CommandContext } from "../context.js";
import { commandHelp } from "../help.js";

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs("schema", argv, {}, false);
  if (values.help === true) {
    ctx.out(commandHelp("schema"));
    return 0;
  }
  const { specJsonSchema } = await import("../../spec/schema.js");
  ctx.out(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  return 0;
}
