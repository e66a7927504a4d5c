/**
 * The `rdsctl` entry point. It stays tiny on purpose: `--version` and `--help`
 * must answer without loading the AWS SDK, yaml or the emulator, so every
 * command module (and what it needs) is imported only when that command runs.
 * Commands return an outcome or throw; this is the only place that turns
 * outcomes into exit codes (errors through report-error.ts).
 */
import type { FlagDefs } from "./args.js";
import {
  applyOutputFlags,
  type CommandContext,
  type CommandOutcome,
  createContext,
} from "./context.js";

/**
 * Every command's module, imported only when it runs. Each exports `run`
 * and the flag definitions it parses with (`FLAGS`), which its help and the
 * completion scripts are made from. Kept in this file (not a module of its
 * own that `completion` would import too) so that start-up loads one file
 * less: `completion` gets the list from `runCommand`.
 */
export interface CommandModule {
  run(argv: string[], ctx: CommandContext): Promise<CommandOutcome>;
  FLAGS: FlagDefs;
}

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
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

const EXIT_CODES: Record<CommandOutcome, number> = { done: 0, changes: 2 };

export async function main(argv: string[]): Promise<number> {
  // rdsctl supports the Node versions its package.json declares; the SDK's
  // notice about its own future Node requirement is not something a user of
  // this command can act on, so it stays off unless asked for.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const ctx = createContext();
  const debug = argv.includes("--debug");
  const first = argv.find((arg) => arg !== "--debug" && arg !== "--no-color" && arg !== "--quiet");
  try {
    // Errors are reported with the process's own context: --quiet keeps them.
    return EXIT_CODES[await runCommand(first, argv, applyOutputFlags(ctx, argv))];
  } catch (err) {
    const { reportError } = await import("./report-error.js");
    return reportError(err, ctx, debug);
  }
}

async function runCommand(
  first: string | undefined,
  argv: string[],
  ctx: CommandContext,
): Promise<CommandOutcome> {
  if (first === "--version" || first === "-v") {
    const rest = argv.filter((arg) => arg !== first);
    if (rest.every((arg) => arg === "--debug" || arg === "--no-color" || arg === "--quiet")) {
      // The plain version answers without the flag parser and help texts (start-up budget).
      const { readVersion } = await import("./version.js");
      ctx.out(`${readVersion()}\n`);
      return "done";
    }
    // Otherwise `--version` is `rdsctl version`, with the same flags (--json).
    return (await import("./commands/version.js")).run(rest, ctx);
  }
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const { topHelp } = await import("./help.js");
    if (first === undefined) {
      const { CommandFailure } = await import("./report-error.js");
      throw new CommandFailure("USAGE", "no command given", topHelp());
    }
    const topic = first === "help" ? argv[argv.indexOf("help") + 1] : undefined;
    // A command's help lists the flags it parses with: `help plan` is `plan --help`.
    const load = topic === undefined ? undefined : COMMANDS[topic];
    if (load !== undefined) return (await load()).run(["--help"], ctx);
    ctx.out(topHelp());
    return "done";
  }
  const load = COMMANDS[first];
  if (load === undefined) {
    const [{ unknownCommandMessage }, { CommandFailure }] = await Promise.all([
      import("./help.js"),
      import("./report-error.js"),
    ]);
    const message = unknownCommandMessage(first);
    throw new CommandFailure("USAGE", message, `rdsctl: ${message}\n`);
  }
  const rest = argv.slice(argv.indexOf(first) + 1);
  if (first === "completion")
    return (await import("./commands/completion.js")).run(rest, ctx, COMMANDS);
  const command = await load();
  return command.run(rest, ctx);
}
