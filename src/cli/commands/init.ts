import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { DEFAULT_SPEC_FILE } from "../spec-files.js";
import { STARTER_SPEC } from "../starter-spec.js";

export const FLAGS: FlagDefs = { force: { type: "boolean" } };

/** Offline: writes the commented starter spec to rdsctl.yaml of the working directory. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const { values } = parseCommandArgs("init", argv, FLAGS, false);
  if (values.help === true) {
    ctx.out(commandHelp("init", FLAGS));
    return "done";
  }
  const path = resolve(ctx.cwd, DEFAULT_SPEC_FILE);
  try {
    // "wx" fails when the file exists, so an existing spec is never overwritten by a race either.
    writeFileSync(path, STARTER_SPEC, { flag: values.force === true ? "w" : "wx" });
  } catch (err) {
    if ((err as { code?: string }).code === "EEXIST") {
      throw new UsageError(
        `${DEFAULT_SPEC_FILE} already exists in ${ctx.cwd}; it was left as it is (use --force to overwrite it)`,
      );
    }
    throw new UsageError(`cannot write ${path}: ${(err as Error).message}`);
  }
  ctx.out(`Wrote ${DEFAULT_SPEC_FILE}. Try it without an AWS account: rdsctl apply --local\n`);
  return "done";
}
