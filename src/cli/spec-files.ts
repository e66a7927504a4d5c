import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";

/** The spec file used when a command is given none. */
export const DEFAULT_SPEC_FILE = "rdsctl.yaml";

/** File names a directory argument contributes. */
const SPEC_EXTENSIONS = [".yaml", ".yml", ".json"];

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every `*.yaml`, `*.yml` and `*.json` file directly in `dir`, sorted by name. */
function specFilesIn(dir: string, shown: string, command: string): string[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory() && SPEC_EXTENSIONS.some((x) => e.name.endsWith(x)))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) {
    throw new UsageError(
      `${shown} is a directory with no *.yaml, *.yml or *.json spec file in it (see rdsctl ${command} --help)`,
    );
  }
  return names.map((name) => join(shown, name));
}

/**
 * The spec files a command reads: `rdsctl.yaml` of the working directory when
 * none is given (an error naming it when it is not there), every spec file of
 * a directory argument (sorted), and any other argument as it is. Paths stay
 * as the user wrote them, so problems are reported the way the files were named.
 * `fromDirectories` are the files a directory argument brought: each is read
 * only if it is an rdsctl spec (other YAML may share the directory).
 */
export function resolveSpecFiles(
  command: string,
  args: readonly string[],
  cwd: string,
): { files: string[]; fromDirectories: Set<string> } {
  const fromDirectories = new Set<string>();
  const files = listSpecFiles(command, args, cwd, fromDirectories);
  // A file named as an argument too is read as named: a spec, errors and all.
  for (const arg of args) fromDirectories.delete(arg);
  return { files, fromDirectories };
}

function listSpecFiles(
  command: string,
  args: readonly string[],
  cwd: string,
  fromDirectories: Set<string>,
): string[] {
  if (args.length === 0) {
    const path = resolve(cwd, DEFAULT_SPEC_FILE);
    let exists = false;
    try {
      exists = statSync(path).isFile();
    } catch {
      exists = false;
    }
    if (!exists) {
      throw new UsageError(
        `rdsctl ${command}: no spec FILE given and no ${DEFAULT_SPEC_FILE} in ${cwd}; pass a file or a directory, or create ${DEFAULT_SPEC_FILE} with rdsctl init`,
      );
    }
    return [cwd === process.cwd() ? DEFAULT_SPEC_FILE : path];
  }
  return args.flatMap((arg) => {
    const path = resolve(cwd, arg);
    if (!isDirectory(path)) return [arg];
    const found = specFilesIn(path, cwd === process.cwd() ? arg : path, command);
    for (const file of found) fromDirectories.add(file);
    return found;
  });
}
