import { isUtf8 } from "node:buffer";
import type { SpecProblem } from "../errors.js";

/** The largest spec file read: far above any real spec, low enough that a stray file is refused at once. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

/**
 * Spec bytes as text: UTF-8 only (a UTF-8 byte order mark is allowed and
 * dropped). UTF-16/32, invalid UTF-8 and control characters are refused with
 * the line and column of the first offending byte, never replaced by U+FFFD.
 */
export function decodeSpecBytes(
  bytes: Uint8Array,
  file: string,
): { text: string } | { problem: SpecProblem } {
  const bom = byteOrderMark(bytes);
  if (bom !== undefined) {
    return {
      problem: {
        file,
        line: 1,
        column: 1,
        path: "",
        message: `the file is ${bom} (it starts with a ${bom} byte order mark); save it as UTF-8`,
      },
    };
  }
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    return {
      problem: {
        ...position(body, at, file),
        path: "",
        message: `the file is not valid UTF-8 (byte 0x${hex(body[at])} at offset ${at}); save it as UTF-8`,
      },
    };
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  const control = firstControl(body);
  if (control !== -1) {
    const byte = body[control] ?? 0;
    const hint = byte === 0 ? " (is it UTF-16? save it as UTF-8)" : "";
    return {
      problem: {
        ...position(body, control, file),
        path: "",
        message: `the file contains the control character U+${hex(byte).padStart(4, "0")}, which YAML does not allow${hint}`,
      },
    };
  }
  return { text };
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).toUpperCase().padStart(2, "0");
}

function byteOrderMark(b: Uint8Array): string | undefined {
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return "UTF-32";
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return "UTF-32";
  if (b[0] === 0xfe && b[1] === 0xff) return "UTF-16";
  if (b[0] === 0xff && b[1] === 0xfe) return "UTF-16";
  return undefined;
}

/** C0 controls other than tab, LF and CR, and DEL: not printable in YAML 1.2. */
function firstControl(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i] ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i += 1;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (n & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** 1-based line and column (in characters) of a byte offset; the bytes before it are valid UTF-8. */
function position(b: Uint8Array, offset: number, file: string): SpecProblem {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const before = Buffer.from(b.buffer, b.byteOffset + lineStart, offset - lineStart).toString(
    "utf8",
  );
  return { file, line, column: [...before].length + 1, path: "", message: "" };
}
