import { readFile } from "node:fs/promises";
import { SpecInvalidError, UsageError } from "../errors.js";
import { combineFiles, type ParsedFile, parseSpecFile } from "./parse.js";
import type { Spec } from "./types.js";

/**
 * Reads and validates spec files (YAML or JSON). Every problem of every file
 * is collected before throwing one SpecInvalidError, so a user fixes them in
 * one pass; nothing here touches the network.
 */
export async function loadSpec(files: string[]): Promise<Spec> {
  if (files.length === 0) throw new UsageError("no spec file given");
  const parsed = await Promise.all(files.map(readOne));
  const result = combineFiles(parsed);
  if (!result.ok) throw new SpecInvalidError(result.problems);
  return result.spec;
}

async function readOne(file: string): Promise<ParsedFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code;
    return {
      file,
      instances: [],
      warnings: [],
      problems: [
        {
          file,
          line: 1,
          column: 1,
          path: "",
          message: `cannot read the file (${why ?? "unreadable"})`,
        },
      ],
    };
  }
  return parseSpecFile(text, file);
}
