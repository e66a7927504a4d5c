import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { MAX_SECRET_BYTES } from "./secrets.js";
import type { SecretRef } from "./types.js";

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
