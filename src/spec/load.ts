import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { SpecProblem } from "../errors.js";
import { SpecInvalidError, UsageError } from "../errors.js";
import { decodeSpecBytes, MAX_SPEC_BYTES } from "./_bytes.js";
import type { VarContext, VarInput } from "./_vars.js";
import { combineFiles, type InstancesCheck, type ParsedFile, parseSpecFile } from "./parse.js";
import type { Spec } from "./types.js";

/**
 * Reads and validates spec files (YAML or JSON). Every problem of every file
 * is collected before throwing one SpecInvalidError, so a user fixes them in
 * one pass; nothing here touches the network. `checks` add the caller's own
 * judgement of the instances read (listed with the reader's problems).
 */
export async function loadSpec(files: string[], options: LoadOptions = {}): Promise<Spec> {
  if (files.length === 0) throw new UsageError("no spec file given");
  const only = options.onlySpecs;
  const vars: VarContext = { inputs: options.vars ?? [], env: options.env ?? process.env };
  const all = await Promise.all(
    files.map((file) => readOne(file, { onlySpec: only?.has(file) === true, vars })),
  );
  const parsed = all.filter((f) => f.notASpec !== true);
  for (const f of all) if (f.notASpec === true) options.onSkipped?.(f.file);
  if (parsed.length === 0) {
    throw new UsageError(
      `no rdsctl spec among ${files.join(", ")}: none has rdsctl's keys (instances, defaults, region, ...) at its top level`,
    );
  }
  const declared = new Set(parsed.flatMap((f) => f.declaredVars ?? []));
  const undeclared = (options.vars ?? []).filter((v) => v.text && !declared.has(v.name));
  if (undeclared.length > 0) {
    const list = declared.size === 0 ? "none" : [...declared].join(", ");
    throw new UsageError(
      `${undeclared.map((v) => v.origin).join(", ")}: no spec file declares ${undeclared.length === 1 ? "this variable" : "these variables"} under vars: (declared: ${list})`,
    );
  }
  const result = combineFiles(parsed, options.checks);
  if (!result.ok) throw new SpecInvalidError(result.problems);
  return result.spec;
}

export interface LoadOptions {
  /** Checks of the caller's own over the instances read (listed with the reader's problems). */
  checks?: readonly InstancesCheck[];
  /**
   * Files read only when they are rdsctl specs (a directory's files): one
   * without rdsctl's keys at its top level is skipped and given to
   * `onSkipped`; one with them is read, errors and all.
   */
  onlySpecs?: ReadonlySet<string>;
  onSkipped?: (file: string) => void;
  /** Values of the files' variables (`--var`, `--var-file`), later ones winning. */
  vars?: readonly VarInput[];
  /** Where `${env.NAME}` reads (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

function fileProblem(file: string, message: string): ParsedFile {
  const problem: SpecProblem = { file, line: 1, column: 1, path: "", message };
  return { file, instances: [], warnings: [], problems: [problem] };
}

async function readOne(
  file: string,
  options: { onlySpec: boolean; vars: VarContext },
): Promise<ParsedFile> {
  const read = await readCapped(file);
  if (typeof read === "string") return fileProblem(file, read);
  const decoded = decodeSpecBytes(read, file);
  if ("problem" in decoded)
    return { file, instances: [], warnings: [], problems: [decoded.problem] };
  return parseSpecFile(decoded.text, file, options);
}

const LIMIT_TEXT = `${MAX_SPEC_BYTES / (1024 * 1024)} MiB`;

/**
 * The file's bytes, or why they cannot be had. A regular file larger than the
 * limit is refused from its size alone; a pipe or device (`<(...)`) is read
 * up to one byte past the limit, never further.
 */
async function readCapped(file: string): Promise<Uint8Array | string> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY);
  } catch (cause) {
    return `cannot read the file (${whyUnreadable(cause)})`;
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return "cannot read the file (is a directory)";
    if (stat.isFile() && stat.size > MAX_SPEC_BYTES) {
      return `the file is ${stat.size.toLocaleString("en-US")} bytes, over the ${LIMIT_TEXT} limit for a spec file`;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, MAX_SPEC_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_SPEC_BYTES) {
        return `the file is over the ${LIMIT_TEXT} limit for a spec file`;
      }
    }
    return Buffer.concat(chunks, total);
  } catch (cause) {
    return `cannot read the file (${whyUnreadable(cause)})`;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function whyUnreadable(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  if (code === "EACCES") return "permission denied";
  return code ?? "unreadable";
}
