import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { UsageError } from "../errors.js";
import type { VarInput } from "../spec/_vars.js";
import { escapeText } from "../text/escape.js";
import type { FlagDefs } from "./args.js";

/** The variable flags of the commands that load a spec. */
export const VAR_FLAGS: FlagDefs = {
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
};

/** `--var NAME=VALUE`: the value is text, read as a plain YAML scalar unless the variable is a string. */
function fromFlag(arg: string): VarInput {
  const eq = arg.indexOf("=");
  const name = eq === -1 ? "" : arg.slice(0, eq);
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    throw new UsageError(`--var "${escapeText(arg)}": expected NAME=VALUE`);
  }
  return { name, value: arg.slice(eq + 1), text: true, origin: `--var ${escapeText(name)}` };
}

/** A `--var-file`: a YAML map of variable names to strings, numbers or booleans. */
function fromFile(path: string, cwd: string): VarInput[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`--var-file ${escapeText(path)}: cannot read the file (${code})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: "core", lineCounter: lines, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${escapeText(path)}:${Math.max(line, 1)}:${Math.max(col, 1)}`;
  };
  const first = doc.errors[0];
  if (first !== undefined) {
    throw new UsageError(`${at(first.pos[0])}: ${first.message.split("\n")[0] ?? ""}`);
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) {
    throw new UsageError(`${at(0)}: a --var-file is a map of variable names to values`);
  }
  const inputs: VarInput[] = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    const name = key === undefined ? "" : String(key.value);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new UsageError(`${at(key?.range?.[0])}: expected a variable name`);
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      const node = pair.value as { range?: [number, number, number] } | null;
      throw new UsageError(
        `${at(node?.range?.[0] ?? key?.range?.[0])}: ${escapeText(name)}: expected a string, number or boolean`,
      );
    }
    const node = pair.value as { range?: [number, number, number] };
    inputs.push({ name, value, text: false, origin: at(node.range?.[0]) });
  }
  return inputs;
}

/**
 * The values of `--var` and `--var-file` in the order they were given (a
 * later one wins), read before the spec. Arguments after `--` are files.
 */
export function varInputs(argv: readonly string[], cwd: string): VarInput[] {
  const inputs: VarInput[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    for (const flag of ["--var", "--var-file"]) {
      let value: string | undefined;
      if (arg === flag) value = argv[++i];
      else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
      if (value === undefined) continue;
      if (flag === "--var") inputs.push(fromFlag(value));
      else inputs.push(...fromFile(value, cwd));
    }
  }
  return inputs;
}
