import {
  type Document,
  isAlias,
  LineCounter,
  type Node,
  type ParsedNode,
  parseDocument,
} from "yaml";
import type { SpecProblem } from "../errors.js";
import type { SourceLocation } from "./types.js";

/**
 * One parsed spec file: the YAML document plus what is needed to turn any node
 * into file:line:column, and the problems found so far.
 */
export class SpecSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly problems: SpecProblem[] = [];
  readonly warnings: Array<{ location: SourceLocation; message: string }> = [];
  private readonly lines: LineCounter;

  constructor(text: string, file: string) {
    this.file = file;
    this.lines = new LineCounter();
    // YAML 1.2 core schema, even under a `%YAML 1.1` directive: `yes`/`on`
    // stay strings, so a boolean field given `yes` is reported rather than
    // coerced, and `03:30` is not a base-60 number. The same parser reads JSON.
    this.doc = parseDocument(text, {
      schema: "core",
      lineCounter: this.lines,
      keepSourceTokens: false,
      prettyErrors: false,
      uniqueKeys: true,
    });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      this.problems.push({ ...this.locate(e.pos[0]), path: "", message: yamlMessage(e.message) });
    }
  }

  /** 1-based line and column of a character offset. */
  locate(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    // LineCounter answers line 0 before the first newline it has seen.
    return { file: this.file, line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  /** Where a node starts; the start of the file when the node has no range. */
  at(node: Node | null | undefined): SourceLocation {
    return this.locate(node?.range?.[0] ?? 0);
  }

  problem(node: Node | null | undefined, path: string, message: string): void {
    this.problems.push({ ...this.at(node), path, message: path ? `${path}: ${message}` : message });
  }

  warn(node: Node | null | undefined, path: string, message: string): void {
    this.warnings.push({
      location: this.at(node),
      message: path ? `${path}: ${message}` : message,
    });
  }

  /** Follows `*alias` references so validation sees the anchored node. */
  deref(node: unknown): ParsedNode | null {
    if (isAlias(node)) return (node.resolve(this.doc) as ParsedNode | undefined) ?? null;
    return (node as ParsedNode | null | undefined) ?? null;
  }
}

/**
 * The yaml package appends " at line L, column C:" and a source excerpt. The
 * position is reported separately, and the excerpt could show a neighbouring
 * plaintext password, so keep only the first sentence.
 */
function yamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "").trim();
}
