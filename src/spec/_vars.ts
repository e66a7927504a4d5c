import { isCollection, isMap, isPair, isScalar, type Node, type Scalar } from "yaml";
import { FIELDS } from "../kinds/instance/fields/table.js";
import { describeNode, mapEntries } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import { unknownKeyMessage } from "./suggest.js";
import type { VariableUse } from "./types.js";

/*
 * Variables: a file declares `vars:` (each with an optional default,
 * description and type); `${var.NAME}` and `${env.NAME}` in any value outside
 * a sensitive field are replaced on the YAML nodes before any reader sees
 * them, so every reader checks the result as it would a literal (a problem at
 * a replaced value also names where the value came from). `$${` is a literal `${`.
 */

/** A value given from outside the spec: `--var NAME=VALUE` or a `--var-file` entry. */
export interface VarInput {
  name: string;
  /** Text from the command line (read as a plain YAML scalar would be), or a var file's value. */
  value: string | number | boolean;
  /** The value is text to read as a plain YAML scalar (command line, environment). */
  text: boolean;
  /** Where it was set, for messages: `--var size=100`, `dev.yaml:3:7`. */
  origin: string;
}

/** What substitution needs from outside the file. */
export interface VarContext {
  /** Later entries win. */
  inputs: readonly VarInput[];
  env: Readonly<Record<string, string | undefined>>;
}

const VAR_KEYS = ["default", "description", "type"];
const TYPES = ["string", "number", "boolean"] as const;
type VarType = (typeof TYPES)[number];

const SENSITIVE = new Set(FIELDS.filter((f) => f.sensitive === true).map((f) => f.name));

/** A `${...}` reference, or the `$${` escape. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;

interface Declared {
  name: string;
  type?: VarType;
  default?: { value: string | number | boolean; origin: string };
  keyNode: Node;
}

interface Resolved {
  value: string | number | boolean;
  origin: string;
}

/** `100` as a number, `true`/`false` as booleans, anything else as the text, as a plain YAML scalar. */
function plainScalar(text: string): string | number | boolean {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

function typeOf(value: unknown): VarType | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return undefined;
}

function readDeclarations(src: SpecSource, node: Node | null): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const e of mapEntries(src, node, "vars") ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(e.key)) {
      src.problem(e.keyNode, e.path, "a variable name is letters, digits, _ and -");
      continue;
    }
    const decl: Declared = { name: e.key, keyNode: e.keyNode as Node };
    const value = src.deref(e.value);
    // `size: 20` is short for `size: { default: 20 }`; `size:` declares one with no default.
    if (isScalar(value) && value.value !== null) {
      const t = typeOf(value.value);
      if (t === undefined) src.problem(value, e.path, "expected a string, number or boolean");
      else decl.default = { value: value.value as string, origin: where(src, value) };
    } else if (isMap(value)) {
      for (const v of mapEntries(src, value, e.path) ?? []) {
        const item = src.deref(v.value);
        if (v.key === "description") continue;
        if (v.key === "type") {
          const t = isScalar(item) ? String(item.value) : "";
          if ((TYPES as readonly string[]).includes(t)) decl.type = t as VarType;
          else
            src.problem(
              item,
              v.path,
              `expected one of ${TYPES.join(", ")}, got ${describeNode(item)}`,
            );
        } else if (v.key === "default") {
          if (isScalar(item) && typeOf(item.value) !== undefined) {
            decl.default = { value: item.value as string, origin: where(src, item) };
          } else {
            src.problem(
              item,
              v.path,
              `expected a string, number or boolean, got ${describeNode(item)}`,
            );
          }
        } else {
          src.problem(v.keyNode, v.path, unknownKeyMessage(v.key, VAR_KEYS, "variable key"));
        }
      }
    } else if (!(isScalar(value) && value.value === null)) {
      src.problem(
        value,
        e.path,
        `expected a map (default, description, type), got ${describeNode(value)}`,
      );
    }
    declared.set(e.key, decl);
  }
  return declared;
}

function where(src: SpecSource, node: Node): string {
  const at = src.at(node);
  return `${at.file}:${at.line}:${at.column}`;
}

/** The value of a declared variable: the last input, else its default; its type checked. */
function resolve(src: SpecSource, decl: Declared, inputs: readonly VarInput[]): Resolved | string {
  let given: Resolved | undefined;
  for (const input of inputs) {
    if (input.name !== decl.name) continue;
    const value =
      input.text && decl.type !== "string" ? plainScalar(String(input.value)) : input.value;
    given = { value, origin: input.origin };
  }
  const chosen = given ?? decl.default;
  if (chosen === undefined) {
    return `variable ${decl.name} has no value: give --var ${decl.name}=VALUE, a --var-file, or a default (declared at ${where(src, decl.keyNode)})`;
  }
  if (decl.type !== undefined && typeOf(chosen.value) !== decl.type) {
    return `variable ${decl.name} is declared ${decl.type}, got ${JSON.stringify(chosen.value)} (set at ${chosen.origin})`;
  }
  return chosen;
}

/**
 * Replaces `${var.NAME}` and `${env.NAME}` in the file's values, in place, and
 * returns the variables used. Every reference that cannot be resolved is a
 * problem at its own place; a sensitive field refuses any reference.
 */
export function substituteVariables(
  src: SpecSource,
  context: VarContext,
  hasReferences: boolean,
): { used: VariableUse[]; declared: string[] } {
  const root = src.deref(src.doc.contents);
  if (!isMap(root)) return { used: [], declared: [] };
  let declared = new Map<string, Declared>();
  for (const pair of root.items) {
    if (isScalar(pair.key) && pair.key.value === "vars") {
      declared = readDeclarations(src, pair.value as Node | null);
    }
  }
  // A file without `${` (most of them, and every large one so far) is not walked.
  if (!hasReferences) return { used: [], declared: [...declared.keys()] };
  const resolved = new Map<string, Resolved | string>();
  const used = new Map<string, VariableUse>();
  const variableValue = (name: string): Resolved | string => {
    const known = resolved.get(name);
    if (known !== undefined) return known;
    const decl = declared.get(name);
    const result =
      decl === undefined
        ? `no variable ${name} is declared in this file's vars:${declared.size === 0 ? "" : ` (declared: ${[...declared.keys()].join(", ")})`}`
        : resolve(src, decl, context.inputs);
    resolved.set(name, result);
    return result;
  };

  const sensitiveOf = sensitiveScalars(src, root);
  const stack: unknown[] = [];
  for (const pair of root.items) {
    if (isScalar(pair.key) && pair.key.value === "vars") continue;
    stack.push(pair.value);
  }
  while (stack.length > 0) {
    const node = stack.pop();
    if (isCollection(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
      continue;
    }
    if (!isScalar(node) || typeof node.value !== "string" || !node.value.includes("${")) continue;
    const sensitive = sensitiveOf.get(node);
    if (sensitive !== undefined) {
      src.problem(
        node,
        "",
        `${sensitive} is sensitive and cannot use \${...}: a secret never lands in a plan, a saved plan or a log; give it as { env: NAME } or { file: PATH }`,
      );
      src.origins.set(node, null);
      continue;
    }
    substituteScalar(src, node as Scalar<string>, variableValue, context.env, used);
  }
  const sorted = [...used.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { used: sorted, declared: [...declared.keys()] };
}

/**
 * Every scalar under a sensitive field, by the field's name, aliases followed
 * (an anchored value used as a password is a password wherever it is written).
 */
function sensitiveScalars(src: SpecSource, root: Node): Map<Node, string> {
  const found = new Map<Node, string>();
  const stack: Array<{ node: unknown; sensitive: string | undefined }> = [
    { node: root, sensitive: undefined },
  ];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const { node: raw, sensitive } = stack.pop() as {
      node: unknown;
      sensitive: string | undefined;
    };
    // Aliases are followed only under a sensitive field; elsewhere the anchored node is walked where it is.
    const node = sensitive !== undefined ? src.deref(raw) : raw;
    if (sensitive !== undefined) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          const key = isScalar(item.key) ? String(item.key.value) : undefined;
          const inner = sensitive ?? (key !== undefined && SENSITIVE.has(key) ? key : undefined);
          stack.push({ node: item.value, sensitive: inner });
        } else stack.push({ node: item, sensitive });
      }
    } else if (isScalar(node) && sensitive !== undefined) {
      found.set(node, sensitive);
    }
  }
  return found;
}

function substituteScalar(
  src: SpecSource,
  node: Scalar<string>,
  variableValue: (name: string) => Resolved | string,
  env: Readonly<Record<string, string | undefined>>,
  used: Map<string, VariableUse>,
): void {
  const text = node.value;
  const origins: string[] = [];
  let failed = false;
  const parts: Array<string | number | boolean> = [];
  let last = 0;
  for (const m of text.matchAll(REFERENCE)) {
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === "$${") {
      parts.push("${");
      continue;
    }
    const ref = (m[1] ?? "").trim();
    const [space, name, ...rest] = ref.split(".");
    let value: Resolved | string;
    if (rest.length > 0 || name === undefined || name === "") {
      value = `unknown reference \${${ref}}: use \${var.NAME} or \${env.NAME} (and $\${ for a literal \${)`;
    } else if (space === "var") {
      value = variableValue(name);
    } else if (space === "env") {
      const v = env[name];
      value =
        v === undefined
          ? `\${env.${name}}: the environment variable ${name} is not set`
          : { value: plainScalar(v), origin: `environment variable ${name}` };
    } else {
      value = `unknown reference \${${ref}}: use \${var.NAME} or \${env.NAME} (and $\${ for a literal \${)`;
    }
    if (typeof value === "string") {
      src.problem(node, "", value);
      failed = true;
      continue;
    }
    if (space === "var" && name !== undefined) {
      used.set(name, { name, value: value.value, from: value.origin, file: src.file });
    }
    origins.push(`\${${ref}} = ${JSON.stringify(value.value)} from ${value.origin}`);
    parts.push(value.value);
  }
  parts.push(text.slice(last));
  if (failed) {
    // Readers would only repeat the problem in other words.
    src.origins.set(node, null);
    return;
  }
  const nonEmpty = parts.filter((p) => p !== "");
  const whole = nonEmpty.length === 1 && origins.length === 1;
  node.value = (whole ? nonEmpty[0] : parts.map(String).join("")) as string;
  if (origins.length > 0) src.origins.set(node, origins.join("; "));
}
