/*
 * The shape of flag definitions and the flags every command takes, apart
 * from the parser (args.ts): help.ts needs them too, and `rdsctl help` should
 * not load the parser, its error classes and its suggestions to print text.
 */

export interface FlagDef {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
}
export type FlagDefs = Record<string, FlagDef>;

/**
 * The flags every command takes besides its own: --help, --debug, and the
 * output flags --no-color and --quiet (which main.ts reads before the
 * command runs, as it does --debug). Help and completion list them from here.
 */
export const COMMON_FLAGS = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean" },
} satisfies FlagDefs;
