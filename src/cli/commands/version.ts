import { type FlagDefs, parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { jsonMeta } from "../json-meta.js";
import { readVersion } from "../version.js";

export const FLAGS: FlagDefs = { json: { type: "boolean" } };

/** `rdsctl version` (and `--version`, `-v`): the version, as text or JSON. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values } = parseCommandArgs("version", argv, FLAGS, false);
  if (values.help === true) {
    ctx.out(commandHelp("version", FLAGS));
    return "done";
  }
  const version = readVersion();
  ctx.out(
    values.json === true
      ? `${JSON.stringify({ ...jsonMeta(), version, node: process.version }, null, 2)}\n`
      : `${version}\n`,
  );
  return "done";
}
