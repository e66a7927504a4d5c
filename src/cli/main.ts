/**
 * The `rdsctl` entry point. It stays tiny on purpose: `--version` and `--help`
 * must answer without loading the AWS SDK, yaml or the emulator, so every
 * command module (and what it needs) is imported only when that command runs.
 * This is the only place that turns outcomes into exit codes.
 */
import { type CommandContext, createContext } from "./context.js";

type CommandModule = { run(argv: string[], ctx: CommandContext): Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  plan: () => import("./commands/plan.js"),
  apply: () => import("./commands/apply.js"),
  validate: () => import("./commands/validate.js"),
  schema: () => import("./commands/schema.js"),
  emulator: () => import("./commands/emulator.js"),
};

export async function main(argv: string[]): Promise<number> {
  // rdsctl supports the Node versions its package.json declares; the SDK's
  // notice about its own future Node requirement is not something a user of
  // this command can act on, so it stays off unless asked for.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const ctx = createContext();
  const debug = argv.includes("--debug");
  const first = argv.find((arg) => arg !== "--debug");
  try {
    if (first === "--version" || first === "-v") {
      const { readVersion } = await import("./version.js");
      ctx.out(`${readVersion()}\n`);
      return 0;
    }
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      const { topHelp, commandHelp } = await import("./help.js");
      const topic = first === "help" ? argv[argv.indexOf("help") + 1] : undefined;
      if (first === undefined) {
        ctx.err(topHelp());
        return 1;
      }
      ctx.out(topic === undefined ? topHelp() : commandHelp(topic));
      return 0;
    }
    const load = COMMANDS[first];
    if (load === undefined) {
      const { unknownCommandMessage } = await import("./help.js");
      ctx.err(`rdsctl: ${unknownCommandMessage(first)}\n`);
      return 1;
    }
    const rest = argv.slice(argv.indexOf(first) + 1);
    const command = await load();
    return await command.run(rest, ctx);
  } catch (err) {
    const { formatError } = await import("./report-error.js");
    ctx.err(formatError(err, debug));
    return 1;
  }
}
