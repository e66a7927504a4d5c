import { readFile } from "node:fs/promises";
import { SecretUnavailableError } from "../errors.js";
import type { SecretRef } from "./types.js";

/**
 * Reads a secret at the moment it is about to be sent. Errors name the
 * variable or the file, never a value.
 */
export async function resolveSecret(ref: SecretRef): Promise<string> {
  switch (ref.kind) {
    case "literal":
      return ref.value;
    case "env": {
      const value = process.env[ref.name];
      if (value === undefined || value === "") {
        throw new SecretUnavailableError(
          `the environment variable ${ref.name} (MasterUserPassword) is not set or is empty`,
        );
      }
      return value;
    }
    case "file": {
      let text: string;
      try {
        text = await readFile(ref.path, "utf8");
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code ?? "unreadable";
        throw new SecretUnavailableError(`cannot read the secret file ${ref.path} (${code})`, {
          cause,
        });
      }
      // Editors and `echo` add a final newline that is not part of the secret.
      const value = text.replace(/\r?\n$/, "");
      if (value === "") throw new SecretUnavailableError(`the secret file ${ref.path} is empty`);
      return value;
    }
  }
}

/** A description of where a secret comes from, safe to print. */
export function describeSecret(ref: SecretRef): string {
  switch (ref.kind) {
    case "env":
      return `environment variable ${ref.name}`;
    case "file":
      return `file ${ref.path}`;
    case "literal":
      return "plaintext in the spec";
  }
}
