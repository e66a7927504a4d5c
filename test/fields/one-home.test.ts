import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { FIELDS } from "../../src/kinds/instance/fields/index.js";
import { repoRoot } from "../helpers/repo-root.js";

// The field table is the only place that knows a field: the planner and the
// executor reach a field through its entry (a hook, a role), never by
// spelling its name. A name spelled elsewhere is a fact the table does not
// own, and the next field added would have to find it.

/** Every name the table knows a field by: Create, Modify and Describe names. */
function fieldNames(): Set<string> {
  const names = new Set<string>();
  for (const f of FIELDS) {
    names.add(f.name);
    if (f.modifyName !== undefined) names.add(f.modifyName);
    if (f.describeName !== undefined) names.add(f.describeName);
  }
  return names;
}

/** The text of every string literal (quoted, or a template without substitutions) in a file. */
function stringLiterals(file: string, text: string): Array<{ value: string; line: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ value: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      out.push({ value: node.text, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `dir/file:line "Name"` for every field name spelled as a literal in the folder's sources. */
function spelledNames(dir: string, names: Set<string>): string[] {
  const abs = join(repoRoot(), dir);
  const files = readdirSync(abs).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 3, `${dir}: sources are found`);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(abs, file), "utf8");
    for (const { value, line } of stringLiterals(file, text)) {
      if (names.has(value)) found.push(`${dir}/${file}:${line} "${value}"`);
    }
  }
  return found;
}

test("the scan sees string literals, not comments or longer strings", () => {
  const text = [
    "// DBInstanceClass in a comment",
    'const a = "DBInstanceClass";',
    "const b = `Port`;",
    'const c = "Port is a word";',
    // A template with a substitution is not a literal name.
    "const d = `Tags.$" + "{key}`;",
  ].join("\n");
  assert.deepEqual(
    stringLiterals("sample.ts", text).map((l) => `${l.line}:${l.value}`),
    ["2:DBInstanceClass", "3:Port", "4:Port is a word"],
  );
});

test("no field name is spelled as a string in src/plan or src/apply", () => {
  const names = fieldNames();
  assert.ok(names.has("DBInstanceClass") && names.has("DBPortNumber") && names.has("TagList"));
  const found = [...spelledNames("src/plan", names), ...spelledNames("src/apply", names)];
  assert.deepEqual(found, [], "field names outside the field table");
});
