import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { EmulatorError } from "../http/errors.js";
import type { State } from "./model.js";

function corrupt(path: string, why: string): EmulatorError {
  return new EmulatorError(
    "CorruptStateFile",
    `The emulator state file ${path} is corrupt (${why}). It was left untouched: move it aside or delete it to start from a fresh account.`,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Load the state file; undefined when it does not exist. A corrupt file is an error, never replaced. */
export function loadState(path: string): State | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw corrupt(path, `unreadable: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw corrupt(path, `not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data)) throw corrupt(path, "not a JSON object");
  if (data.version !== 1) throw corrupt(path, `unknown version ${String(data.version)}`);
  for (const key of ["instances", "parameterGroups", "subnetGroups", "optionGroups"]) {
    if (!isRecord(data[key])) throw corrupt(path, `"${key}" is missing or not an object`);
  }
  if (!Array.isArray(data.events)) throw corrupt(path, `"events" is missing or not a list`);
  if (typeof data.clock !== "number" || typeof data.rng !== "number") {
    throw corrupt(path, `"clock" or "rng" is missing`);
  }
  for (const [id, inst] of Object.entries(data.instances as Record<string, unknown>)) {
    if (!isRecord(inst) || inst.DBInstanceIdentifier !== id || !Array.isArray(inst.transitions)) {
      throw corrupt(path, `instance "${id}" is malformed`);
    }
  }
  return data as unknown as State;
}

/** Write atomically: a crash leaves either the old file or the new one, never half of one. */
export function saveState(path: string, state: State): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
