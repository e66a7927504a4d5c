import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { editDistance } from "../spec/suggest.js";
import { escapeText } from "../text/escape.js";

export interface FlagDef {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
}
export type FlagDefs = Record<string, FlagDef>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** The nearest known flag, when the given one is close enough to be a typo of it. */
export function suggestFlag(given: string, known: string[]): string | undefined {
  const bare = given.replace(/^-+/, "").split("=")[0] ?? "";
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(bare.toLowerCase(), name);
    if (best === undefined || d < best.d) best = { name, d };
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(bare.length / 3))
    ? `--${best.name}`
    : undefined;
}

/**
 * Strict flag parsing for one command: unknown flags, missing values and
 * unexpected arguments are UsageErrors that say what to do next.
 */
export function parseCommandArgs(
  command: string,
  argv: string[],
  flags: FlagDefs,
  allowPositionals: boolean,
): ParsedArgs {
  const options = {
    ...flags,
    help: { type: "boolean", short: "h" },
    debug: { type: "boolean" },
  } satisfies FlagDefs;
  const help = `see rdsctl ${command} --help`;
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: parsed.values as ParsedArgs["values"], positionals: parsed.positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? "?";
      const suggestion = suggestFlag(flag, Object.keys(options));
      const hint = suggestion === undefined ? "" : `; did you mean ${suggestion}?`;
      throw new UsageError(
        `unknown flag ${escapeText(flag)} for rdsctl ${command}${hint} (${help})`,
      );
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      const arg = /'([^']+)'/.exec(message)?.[1] ?? "?";
      throw new UsageError(
        `rdsctl ${command} takes no arguments, got "${escapeText(arg)}" (${help})`,
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(`${message.replace(/^Option /, "flag ")} (${help})`);
    }
    throw new UsageError(`${message} (${help})`);
  }
}

/** A flag that must be a whole number within bounds. */
export function integerFlag(
  name: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

/** A flag that must be a non-negative number. */
export function numberFlag(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`--${name} must be a number of 0 or more, got "${text}"`);
  }
  return n;
}
