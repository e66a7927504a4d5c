import { createInterface } from "node:readline/promises";
import type { CommandContext } from "./context.js";

/**
 * Ask on the terminal; only "yes" (or "y") goes ahead. The question goes to
 * stderr when stdout is redirected or reserved for JSON, so the person at the
 * terminal still sees it and the JSON stays clean.
 */
export async function confirm(
  ctx: CommandContext,
  question: string,
  options: { stdoutReserved?: boolean } = {},
): Promise<boolean> {
  const rl = createInterface({ input: ctx.stdin, terminal: false });
  try {
    const ask =
      ctx.prompt ?? (ctx.stdoutIsTTY && options.stdoutReserved !== true ? ctx.out : ctx.err);
    ask(question);
    const answer = await new Promise<string>((resolve) => {
      rl.once("line", resolve);
      rl.once("close", () => resolve(""));
    });
    return /^(yes|y)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
