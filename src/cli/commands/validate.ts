import { SpecInvalidError } from "../../errors.js";
import { KINDS } from "../../kinds/index.js";
import type { Spec } from "../../spec/types.js";
import { type FlagDefs, parseCommandArgs } from "../args.js";
import type { CommandContext, CommandOutcome } from "../context.js";
import { commandHelp } from "../help.js";
import { errorToJson, wantsJson } from "../json-error.js";
import { jsonMeta } from "../json-meta.js";
import { loadSpecFiles } from "../load-spec.js";
import { VAR_FLAGS, varInputs } from "../vars.js";

export const FLAGS: FlagDefs = { json: { type: "boolean" }, ...VAR_FLAGS };

interface Located {
  file: string;
  line: number;
  column: number;
  message: string;
}

function validateJson(spec: Spec | undefined, err: unknown): string {
  const problems: Located[] =
    err instanceof SpecInvalidError
      ? err.problems.map(({ file, line, column, message }) => ({ file, line, column, message }))
      : [];
  const warnings: Located[] = (spec?.warnings ?? []).map((w) => ({
    file: w.location.file,
    line: w.location.line,
    column: w.location.column,
    message: w.message,
  }));
  const doc = {
    ...jsonMeta(),
    valid: err === undefined,
    problems,
    warnings,
    files: spec?.files ?? [],
    instances: spec?.instances.length ?? 0,
    error: err === undefined ? null : errorToJson(err),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Offline: loads and validates the spec, never calls AWS. */
export async function run(argv: string[], ctx: CommandContext): Promise<CommandOutcome> {
  const json = wantsJson(argv);
  let spec: Spec | undefined;
  try {
    const { values, positionals } = parseCommandArgs("validate", argv, FLAGS, true);
    if (values.help === true) {
      ctx.out(commandHelp("validate", FLAGS));
      return "done";
    }
    spec = await loadSpecFiles("validate", positionals, ctx, varInputs(argv, ctx.cwd));
  } catch (err) {
    // With --json, stdout is one document also when the spec is invalid.
    if (json) ctx.out(validateJson(undefined, err));
    throw err;
  }
  if (json) {
    ctx.out(validateJson(spec, undefined));
    return "done";
  }
  const n = spec.instances.length;
  const files = spec.files.length;
  const groups = KINDS.flatMap((kind) => {
    const count = (spec.resources ?? []).filter((r) => r.kind === kind.name).length;
    return count === 0 ? [] : [`${count} ${kind.label}${count === 1 ? "" : "s"}`];
  });
  const declared = [`${n} instance${n === 1 ? "" : "s"}`, ...groups];
  const listed =
    declared.length === 1
      ? declared[0]
      : `${declared.slice(0, -1).join(", ")} and ${declared.at(-1)}`;
  ctx.out(`The spec is valid: ${listed} in ${files} file${files === 1 ? "" : "s"}.\n`);
  return "done";
}
