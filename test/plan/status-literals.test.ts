import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { KNOWN_STATUSES } from "../../src/plan/db-status.js";
import { repoRoot } from "../helpers/repo-root.js";

/*
 * The status vocabulary has one home, src/plan/db-status.ts: no other module
 * of the planner, the executor, the renderers or the workflow spells a DB
 * instance status as a string literal; they ask DbStatus instead.
 *
 * Some status words are also words of other, closed vocabularies: an
 * instance's outcome and a stability verdict can be "failed". A literal the
 * compiler checks against such a closed union (one with a member that is not
 * a status) belongs to that union, not to RDS, and is allowed. A literal
 * compared with, passed as or assigned to a plain string is a status.
 */

const ROOT = repoRoot();
const SCANNED = ["src/plan", "src/apply", "src/render", "src/workflow.ts"];
const HOME = "src/plan/db-status.ts";
const STATUSES = new Set(KNOWN_STATUSES);

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full)
    .sort()
    .flatMap((name) => sourceFiles(join(path, name)))
    .filter((f) => f.endsWith(".ts"));
}

/** The type a literal is checked against, where the compiler has one. */
function expectedType(checker: ts.TypeChecker, node: ts.Expression): ts.Type | undefined {
  let child: ts.Node = node;
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isLiteralTypeNode(parent)) {
    const owner = ts.isUnionTypeNode(parent.parent) ? parent.parent : parent;
    return checker.getTypeFromTypeNode(owner);
  }
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    const equality = [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ];
    if (equality.includes(op)) {
      return checker.getTypeAtLocation(parent.left === child ? parent.right : parent.left);
    }
  }
  if (ts.isCaseClause(parent)) return checker.getTypeAtLocation(parent.parent.parent.expression);
  return checker.getContextualType(node);
}

/** A union of string literals with at least one member that is not a status. */
function isOtherVocabulary(type: ts.Type | undefined): boolean {
  if (type === undefined) return false;
  const members = (type.isUnion() ? type.types : [type]).filter(
    (t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0,
  );
  if (members.length === 0) return false;
  const words: string[] = [];
  for (const t of members) {
    if (!t.isStringLiteral()) return false;
    words.push(t.value);
  }
  return words.some((w) => !STATUSES.has(w));
}

/**
 * A bare key of an object literal used as a lookup table (its type has a
 * string index), as in `{ stopped: ... }` for a `Record<string, ...>`.
 */
function isTableKey(checker: ts.TypeChecker, node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!ts.isPropertyAssignment(parent) || parent.name !== node) return false;
  if (!ts.isObjectLiteralExpression(parent.parent)) return false;
  const table =
    checker.getContextualType(parent.parent) ?? checker.getTypeAtLocation(parent.parent);
  return table.getStringIndexType() !== undefined;
}

interface Finding {
  where: string;
  status: string;
}

let shared: ts.Program | undefined;

/** One program over every scanned file and the status module, built once for all tests. */
function program(): ts.Program {
  if (shared !== undefined) return shared;
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  assert.ok(config !== undefined, "tsconfig.json is readable");
  const roots = [...SCANNED.flatMap(sourceFiles), join(ROOT, HOME)];
  shared = ts.createProgram(roots, { ...config.options, noEmit: true });
  return shared;
}

function findStatusLiterals(files: readonly string[]): Finding[] {
  const checker = program().getTypeChecker();
  const findings: Finding[] = [];
  for (const file of files) {
    const source = program().getSourceFile(file);
    assert.ok(source !== undefined, file);
    const visit = (node: ts.Node): void => {
      let status = false;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        status =
          STATUSES.has(node.text.toLowerCase()) && !isOtherVocabulary(expectedType(checker, node));
      } else if (ts.isIdentifier(node) && isTableKey(checker, node)) {
        status = STATUSES.has(node.text.toLowerCase());
      }
      if (status) {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
        const where = `${relative(ROOT, file)}:${line + 1}:${character + 1}`;
        findings.push({ where, status: node.getText(source) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

test("no DB instance status is spelled as a string outside src/plan/db-status.ts", () => {
  const files = SCANNED.flatMap(sourceFiles).filter((f) => relative(ROOT, f) !== HOME);
  assert.ok(files.length > 20, `scanned ${files.length} files`);
  const found = findStatusLiterals(files).map((f) => `${f.where}: ${f.status}`);
  assert.deepEqual(found, [], `ask DbStatus (src/plan/db-status.ts) instead:\n${found.join("\n")}`);
});

test("the scan finds the statuses of the status module itself", () => {
  // Quoted ("available"), quoted keys ("storage-full": ...) and bare table keys (stopped: ...).
  const home = findStatusLiterals([join(ROOT, HOME)]).map((f) => f.status.replaceAll('"', ""));
  for (const s of ["available", "creating", "storage-full", "incompatible-network", "stopped"]) {
    assert.ok(home.includes(s), `${s} found in ${HOME}: ${home.join(", ")}`);
  }
});

test("an outcome spelled failed belongs to the outcome vocabulary, not to RDS", () => {
  const file = join(ROOT, "src/render/apply-result.ts");
  assert.match(readFileSync(file, "utf8"), /=== "failed"/);
  assert.deepEqual(findStatusLiterals([file]), []);
});
