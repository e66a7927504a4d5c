import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { SecretUnavailableError } from "../errors.js";
import type { SecretRef } from "./types.js";

/** The largest secret file read; a password is at most a few hundred bytes. */
export const MAX_SECRET_BYTES = 4096;

type Listener = (value: string) => void;
const listeners = new Set<Listener>();

/**
 * Calls `listener` with every secret value resolved from now on, before it is
 * handed to the caller: the CLI registers each with its output masker at the
 * moment it is read. Returns a function that removes the listener.
 */
export function onSecretResolved(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function resolved(value: string): string {
  for (const listener of listeners) listener(value);
  return value;
}

/**
 * Reads a secret at the moment it is about to be sent (a create or a
 * rotation), never at load or validation. `{ file }` must name a regular
 * file of at most MAX_SECRET_BYTES; a FIFO, a device or a directory is
 * refused without blocking. Errors name the variable or the file, never a value.
 */
export async function resolveSecret(ref: SecretRef): Promise<string> {
  switch (ref.kind) {
    case "literal":
      return resolved(ref.value);
    case "env":
      return resolved(envValue(ref.name));
    case "file":
      return resolved(await fileValue(ref.path));
  }
}

/**
 * Whether a secret could be read now, without reading a file's content:
 * the variable is set and not empty, or the file is a regular file of a
 * size a secret can have. Undefined when it could; otherwise why not.
 */
export async function secretProblem(ref: SecretRef): Promise<string | undefined> {
  try {
    if (ref.kind === "env") envValue(ref.name);
    if (ref.kind === "file") {
      const handle = await openSecretFile(ref.path);
      await handle.close().catch(() => undefined);
    }
    return undefined;
  } catch (e) {
    if (e instanceof SecretUnavailableError) return e.message;
    throw e;
  }
}

function envValue(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new SecretUnavailableError(
      `the environment variable ${name} (MasterUserPassword) is not set or is empty`,
    );
  }
  return value;
}

/** O_NONBLOCK: opening a FIFO for reading must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Opens a secret file and checks (fstat, so no race with a swap) that it is a regular file of a sane size. */
async function openSecretFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SecretUnavailableError(`cannot read the secret file ${path} (${code})`);
  }
  try {
    const stat = await handle.stat();
    const kind = stat.isDirectory()
      ? "a directory"
      : stat.isFIFO()
        ? "a FIFO (named pipe)"
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? "a device"
          : stat.isSocket()
            ? "a socket"
            : stat.isFile()
              ? undefined
              : "not a regular file";
    if (kind !== undefined) {
      throw new SecretUnavailableError(
        `the secret file ${path} is ${kind}; a { file } secret must be a regular file`,
      );
    }
    if (stat.size > MAX_SECRET_BYTES) {
      throw new SecretUnavailableError(
        `the secret file ${path} is ${stat.size} bytes, over the ${MAX_SECRET_BYTES}-byte limit for a secret`,
      );
    }
    if (stat.size === 0) throw new SecretUnavailableError(`the secret file ${path} is empty`);
    return handle;
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

async function fileValue(path: string): Promise<string> {
  const handle = await openSecretFile(path);
  let bytes: Buffer;
  try {
    // One byte past the limit tells a file that grew since fstat from one that did not.
    const buffer = Buffer.alloc(MAX_SECRET_BYTES + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_SECRET_BYTES) {
        throw new SecretUnavailableError(
          `the secret file ${path} is over the ${MAX_SECRET_BYTES}-byte limit for a secret`,
        );
      }
    }
    bytes = buffer.subarray(0, total);
  } catch (cause) {
    if (cause instanceof SecretUnavailableError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SecretUnavailableError(`cannot read the secret file ${path} (${code})`);
  } finally {
    await handle.close().catch(() => undefined);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SecretUnavailableError(`the secret file ${path} is not valid UTF-8`);
  }
  // Editors and `echo` add a final newline that is not part of the secret.
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new SecretUnavailableError(`the secret file ${path} is empty`);
  return value;
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
