import type { CommandContext } from "./context.js";

/*
 * Kept apart from context.ts, which main.ts loads on every start: a value
 * that commands import from context.ts would move it out of the entry into
 * a chunk of its own, one more file for `rdsctl --version` to load.
 */

/** With `--quiet`, only the last line of a command's text (its summary); the text as is otherwise. */
export function finalLineIfQuiet(ctx: CommandContext, text: string): string {
  if (ctx.quiet !== true) return text;
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const last = lines[lines.length - 1];
  return last === undefined ? "" : `${last}\n`;
}
