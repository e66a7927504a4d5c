import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { SecretUnavailableError, type SpecProblem } from "../errors.js";
import { engineFamily, masterPasswordMax } from "./engine-rules.js";
import { MAX_SECRET_BYTES, resolveSecret } from "./secrets.js";
import type { SecretRef, SourceLocation } from "./types.js";

/**
 * Whether a secret could be read when it is sent, checked without reading
 * or keeping its value: an `{ env }` variable is set and not empty, a
 * `{ file }` is, once links are followed (a Kubernetes secret mount is made
 * of links), a readable, non-empty regular file of at most MAX_SECRET_BYTES.
 * Returns why it is not
 * available (naming the variable or the file, never a value), or undefined.
 */
export async function checkSecretAvailable(ref: SecretRef): Promise<string | undefined> {
  switch (ref.kind) {
    case "literal":
      return undefined;
    case "env": {
      const value = process.env[ref.name];
      return value === undefined || value === ""
        ? `the environment variable ${ref.name} is not set or is empty`
        : undefined;
    }
    case "file": {
      try {
        const info = await stat(ref.path);
        if (!info.isFile()) return `the secret file ${ref.path} is not a regular file`;
        if (info.size === 0) return `the secret file ${ref.path} is empty`;
        if (info.size > MAX_SECRET_BYTES) {
          return `the secret file ${ref.path} is ${info.size} bytes, over the ${MAX_SECRET_BYTES}-byte limit for a secret`;
        }
        await access(ref.path, constants.R_OK);
        return undefined;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
        return `cannot read the secret file ${ref.path} (${code})`;
      }
    }
  }
}

/**
 * RDS's rules for a master password of this engine (CreateDBInstance and
 * ModifyDBInstance, MasterUserPassword): 8 to the engine's maximum (MySQL and
 * MariaDB 41, Oracle 30, PostgreSQL and SQL Server 128, Db2 255) printable
 * ASCII characters other than '/', '"', '@' and space; for Oracle also not
 * '&' or "'". Says what is wrong without ever quoting the value or naming
 * which of its characters is refused.
 */
export function passwordValueProblem(
  engine: string | undefined,
  value: string,
): string | undefined {
  const family = engine === undefined ? undefined : engineFamily(engine);
  const max = family === undefined ? undefined : masterPasswordMax(family);
  if (value.length < 8 || (max !== undefined && value.length > max)) {
    const range = max === undefined ? "at least 8" : `8 to ${max} for ${engine}`;
    return `is ${value.length} characters long; RDS takes ${range}`;
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return "has a character that is not printable ASCII, or a space; RDS refuses them";
  }
  if (/[/"@]/.test(value)) return `contains /, " or @; RDS refuses them`;
  if (family === "oracle" && /[&']/.test(value)) {
    return "contains & or '; RDS for Oracle refuses them";
  }
  return undefined;
}

/** A password a planned call will send, with what it is checked against and where it is declared. */
export interface SentSecret {
  id: string;
  field: string;
  ref: SecretRef;
  /** The instance's engine (declared, else live), for its length rule. */
  engine?: string;
  location: SourceLocation;
}

function sourceOf(ref: SecretRef): string {
  if (ref.kind === "env") return `the environment variable ${ref.name}`;
  return ref.kind === "file" ? `the file ${ref.path}` : "the spec";
}

/**
 * Reads each `{ env }` / `{ file }` secret a planned call will send (as it
 * will be read when sent, so it is masked in output from now on) and checks
 * it against RDS's rules for the engine: a problem per secret RDS would
 * refuse, at the password field, naming where the secret comes from and never
 * its value. A secret that cannot be read is left to the availability check;
 * a plaintext one was checked when the spec was loaded.
 */
export async function sentSecretProblems(secrets: readonly SentSecret[]): Promise<SpecProblem[]> {
  const problems: SpecProblem[] = [];
  for (const s of secrets) {
    if (s.ref.kind === "literal") continue;
    let value: string;
    try {
      value = await resolveSecret(s.ref);
    } catch (err) {
      if (err instanceof SecretUnavailableError) continue;
      throw err;
    }
    const why = passwordValueProblem(s.engine, value);
    if (why === undefined) continue;
    problems.push({
      ...s.location,
      path: `${s.id}.${s.field}`,
      message: `${s.id}: ${s.field} from ${sourceOf(s.ref)} ${why}`,
    });
  }
  return problems;
}
