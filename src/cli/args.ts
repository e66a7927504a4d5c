import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { editDistance } from "../spec/suggest.js";
import { escapeText } from "../text/escape.js";
import { COMMON_FLAGS, type FlagDefs } from "./flag-defs.js";

export type { FlagDefs } from "./flag-defs.js";

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Flags other tools' users type by habit (Terraform, the AWS CLI, other
 * deployment tools), by bare name, and what rdsctl says instead: the flag of
 * ours to use (when the command has it), else why there is none.
 */
const HABITS: Record<string, { ours?: string; otherwise: string }> = {
  "auto-approve": { ours: "yes", otherwise: "this command asks nothing" },
  approve: { ours: "yes", otherwise: "this command asks nothing" },
  "assume-yes": { ours: "yes", otherwise: "this command asks nothing" },
  "non-interactive": { ours: "yes", otherwise: "this command asks nothing" },
  input: {
    ours: "yes",
    otherwise: "this command asks nothing",
  },
  o: { ours: "json", otherwise: "this command prints text only" },
  output: { ours: "json", otherwise: "this command prints text only" },
  query: { ours: "json", otherwise: "this command prints text only" },
  "no-cli-pager": { otherwise: "rdsctl never pages its output" },
  "no-paginate": { otherwise: "rdsctl always reads every page" },
  "db-instance-identifier": {
    ours: "id",
    otherwise: "this command reads its instances from the spec",
  },
  "dry-run": { otherwise: "rdsctl plan shows what apply would do without sending anything" },
  "no-colour": { ours: "no-color", otherwise: "" },
  color: { otherwise: "colour is on at a terminal; --no-color or NO_COLOR turns it off" },
  silent: { ours: "quiet", otherwise: "" },
  verbose: { ours: "debug", otherwise: "" },
  var: { otherwise: "this command reads no variables" },
  "var-file": { otherwise: "this command reads no variables" },
  chdir: { otherwise: "run rdsctl in that directory, or pass the directory as an argument" },
};

/**
 * The hint for the first argument that is another tool's habit: a
 * Terraform-style long flag with one dash (`-auto-approve`, `-out=x`), or a
 * flag from HABITS. Undefined when none is; arguments after `--` are files.
 */
function habitHint(argv: readonly string[], known: FlagDefs): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === "--") return undefined;
    if (!arg.startsWith("-") || arg === "-") continue;
    const single = !arg.startsWith("--");
    const name = arg.replace(/^-+/, "").split("=")[0] ?? "";
    if (!single && name in known) continue;
    if (single && name.length > 1 && name in known) {
      return `flags take two dashes: did you mean --${name}?`;
    }
    // `-ojson`: a short flag with its value attached.
    const bare = single && /^o[a-z]+$/i.test(name) && !(name in HABITS) ? "o" : name;
    if (single && bare.length === 1 && Object.values(known).some((d) => d.short === bare)) continue;
    const habit = HABITS[bare.toLowerCase()];
    if (habit === undefined) continue;
    const shown = escapeText(arg.split("=")[0] ?? arg);
    if (bare === "o" || bare === "output") {
      // `-o text`, `--output=table`: what rdsctl prints anyway.
      const format = arg.includes("=")
        ? arg.slice(arg.indexOf("=") + 1)
        : bare === "o" && name.length > 1
          ? name.slice(1)
          : argv[i + 1];
      if (/^(text|table)$/i.test(format ?? "")) {
        return `${shown} is another tool's flag: rdsctl prints text unless --json is given; drop it`;
      }
    }
    if (habit.ours !== undefined && habit.ours in known) {
      return `${shown} is another tool's flag; did you mean --${habit.ours}?`;
    }
    if (habit.otherwise !== "") return `${shown} is another tool's flag: ${habit.otherwise}`;
  }
  return undefined;
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
  const options: FlagDefs = { ...flags, ...COMMON_FLAGS };
  const help = `see rdsctl ${command} --help`;
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: parsed.values as ParsedArgs["values"], positionals: parsed.positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: string }).code;
    // Another tool's habit is named as typed, not as the parser misread it (`-auto-approve` is not `-a`).
    const habit = habitHint(argv, options);
    if (habit !== undefined) throw new UsageError(`rdsctl ${command}: ${habit} (${help})`);
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
