/**
 * Every command's module, imported only when it runs (see main.ts). Each
 * exports `run` and the flag definitions it parses with (`FLAGS`), which
 * its help and the completion scripts are made from.
 */
import type { FlagDefs } from "./args.js";
import type { CommandContext, CommandOutcome } from "./context.js";

export interface CommandModule {
  run(argv: string[], ctx: CommandContext): Promise<CommandOutcome>;
  FLAGS: FlagDefs;
}

export const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  plan: () => import("./commands/plan.js"),
  apply: () => import("./commands/apply.js"),
  validate: () => import("./commands/validate.js"),
  schema: () => import("./commands/schema.js"),
  emulator: () => import("./commands/emulator.js"),
  export: () => import("./commands/export.js"),
  show: () => import("./commands/show.js"),
  init: () => import("./commands/init.js"),
  local: () => import("./commands/local.js"),
  version: () => import("./commands/version.js"),
  completion: () => import("./commands/completion.js"),
};
