import {
  type Document,
  isAlias,
  isCollection,
  isPair,
  isScalar,
  Lexer,
  LineCounter,
  type Node,
  type ParsedNode,
  parseDocument,
} from "yaml";
import type { SpecProblem } from "../errors.js";
import type { SourceLocation } from "./types.js";

/**
 * How many nodes aliases may bring back into view in one file, counted each
 * time an alias is followed (an anchored map of 20 nodes used by 5,000
 * instances counts 100,000). A guard against "billion laughs" files, far
 * above what a hand-written spec needs.
 */
export const MAX_ALIAS_EXPANSION = 2_000_000;

/** Problems kept per file: past this, a hostile or broken file would only flood the terminal. */
export const MAX_PROBLEMS_PER_FILE = 1000;

/**
 * Aliases one file may use. The YAML document of a 4 MiB file of 590,000
 * aliases takes a gigabyte; the aliases are counted on the token stream
 * first (streamed, a few MB), and such a file is refused before it is built.
 */
export const MAX_ALIASES = 50_000;

/** How many alias tokens (`*name`) the text holds, counted without building the document. */
export function aliasCount(text: string): number {
  if (!text.includes("*")) return 0;
  let n = 0;
  for (const token of new Lexer().lex(text)) if (token.startsWith("*")) n += 1;
  return n;
}

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
  /** Each alias's anchored node, found in one walk of the document (see aliasTargets). */
  private targets: Map<Node, Node | null> | undefined;
  private readonly sizes = new Map<Node, number>();
  private expanded = 0;
  /** Problems found past MAX_PROBLEMS_PER_FILE: counted, not kept. */
  overflow = 0;
  /** Set once the alias budget or the problem cap is reached: later problems are dropped. */
  private saturated = false;
  /**
   * Values replaced by variables (_vars.ts): where each came from, added to a
   * problem reported at the node; null for a reference that could not be
   * resolved (already reported, so readers add nothing of their own).
   */
  readonly origins = new Map<Node, string | null>();
  /** Text found under sensitive fields, whatever its shape: never let it into a message. */
  private readonly sensitiveTexts = new Set<string>();

  constructor(text: string, file: string) {
    this.file = file;
    this.lines = new LineCounter();
    // YAML 1.2 core schema, even under a `%YAML 1.1` directive: `yes`/`on`
    // stay strings, so a boolean field given `yes` is reported rather than
    // coerced, and `03:30` is not a base-60 number. The same parser reads JSON.
    // Aliases are never expanded by the parser (nothing calls toJS): the
    // readers follow them one at a time through deref, under a budget.
    this.doc = parseDocument(text, {
      schema: "core",
      lineCounter: this.lines,
      keepSourceTokens: false,
      prettyErrors: false,
      uniqueKeys: true,
    });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      this.push({ ...this.locate(e.pos[0]), path: "", message: yamlMessage(e.message) });
    }
  }

  /**
   * Records every scalar under a sensitive field's value (a map's keys too
   * when they have no value, as in `{ hunter2 }`), so that scrub() can keep
   * them out of every message of this file.
   */
  markSensitive(node: Node | null): void {
    const stack: unknown[] = [node];
    let budget = 10_000;
    while (stack.length > 0 && budget-- > 0) {
      const item = this.deref(stack.pop());
      if (isScalar(item)) {
        const v = item.value;
        const text =
          (item as { source?: string }).source ??
          (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
        if (text !== undefined && text.length >= 4) this.sensitiveTexts.add(text);
      } else if (isCollection(item)) {
        for (const child of item.items) {
          if (isPair(child)) {
            if (child.value === null || child.value === undefined) stack.push(child.key);
            stack.push(child.value);
          } else stack.push(child);
        }
      }
    }
  }

  /** Replaces any sensitive text in the problems and warnings recorded so far. */
  scrub(): void {
    if (this.sensitiveTexts.size === 0) return;
    const texts = [...this.sensitiveTexts].sort((a, b) => b.length - a.length);
    const clean = (m: string) => {
      let out = m;
      for (const t of texts) if (out.includes(t)) out = out.split(t).join("(sensitive)");
      return out;
    };
    for (const p of this.problems) {
      p.message = clean(p.message);
      p.path = clean(p.path);
    }
    for (const w of this.warnings) w.message = clean(w.message);
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
    const origin = node === null || node === undefined ? undefined : this.origins.get(node);
    if (origin === null) return;
    const text = origin === undefined ? message : `${message} (${origin})`;
    this.push({ ...this.at(node), path, message: path ? `${path}: ${text}` : text });
  }

  warn(node: Node | null | undefined, path: string, message: string): void {
    if (this.warnings.length >= MAX_PROBLEMS_PER_FILE) return;
    this.warnings.push({
      location: this.at(node),
      message: path ? `${path}: ${message}` : message,
    });
  }

  /**
   * Keeps the first MAX_PROBLEMS_PER_FILE problems and counts the rest (the
   * list ends with "and N more", see capProblems). Once the cap is reached,
   * aliases are no longer followed, so the rest of the walk stays cheap.
   */
  add(problem: SpecProblem): void {
    if (this.problems.length >= MAX_PROBLEMS_PER_FILE) {
      this.saturated = true;
      this.overflow += 1;
      return;
    }
    this.problems.push(problem);
  }

  /** True once the file has more problems than are listed: reading on only counts them. */
  get full(): boolean {
    return this.problems.length >= MAX_PROBLEMS_PER_FILE;
  }

  private push(problem: SpecProblem): void {
    this.add(problem);
  }

  /**
   * Follows `*alias` references so validation sees the anchored node. The
   * yaml package's own Alias.resolve walks the whole document on every
   * call, which made a file of thousands of aliases quadratic; the targets
   * are found here in one walk instead.
   */
  deref(node: unknown): ParsedNode | null {
    if (!isAlias(node)) return (node as ParsedNode | null | undefined) ?? null;
    if (this.saturated) return null;
    const target = this.aliasTargets().get(node) ?? null;
    if (target === null) {
      this.problem(
        node,
        "",
        `unknown alias *${node.source}; its anchor &${node.source} must come before it in the file`,
      );
      return null;
    }
    this.expanded += this.sizeOf(target);
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      this.problem(
        node,
        "",
        `aliases in this file expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values; the file is refused (use defaults, or fewer nested aliases)`,
      );
      this.saturated = true;
      return null;
    }
    return target as ParsedNode;
  }

  /**
   * Every alias's target: the last node before it (in document order) that
   * carries its anchor, as YAML says. One iterative walk, so a deeply nested
   * file cannot exhaust the stack here.
   */
  private aliasTargets(): Map<Node, Node | null> {
    if (this.targets !== undefined) return this.targets;
    const targets = new Map<Node, Node | null>();
    const anchors = new Map<string, Node>();
    const stack: unknown[] = [this.doc.contents];
    while (stack.length > 0) {
      const item = stack.pop();
      if (isPair(item)) {
        stack.push(item.value, item.key);
        continue;
      }
      if (isAlias(item)) {
        targets.set(item, anchors.get(item.source) ?? null);
        continue;
      }
      if (isScalar(item) || isCollection(item)) {
        if (item.anchor !== undefined) anchors.set(item.anchor, item);
        if (isCollection(item)) {
          for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
        }
      }
    }
    this.targets = targets;
    return targets;
  }

  /** Nodes under `node`, aliases counted as one (they are charged when followed). */
  private sizeOf(node: Node): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let size = 0;
    const stack: unknown[] = [node];
    while (stack.length > 0) {
      const item = stack.pop();
      if (isPair(item)) {
        stack.push(item.key, item.value);
        continue;
      }
      if (item === null || item === undefined) continue;
      size += 1;
      if (isCollection(item)) for (const child of item.items) stack.push(child);
    }
    this.sizes.set(node, size);
    return size;
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
