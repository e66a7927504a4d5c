import { dirname, resolve } from "node:path";
import { isMap, isScalar, type Node } from "yaml";
import { describeNode, mapEntries, type Read, scalarText } from "./_scalars.js";
import type { SpecSource } from "./_source.js";
import { suggestName, unknownKeyMessage } from "./suggest.js";
import type { SecretRef } from "./types.js";

/**
 * `{ env: NAME }`, `{ file: PATH }` or a literal. The literal's text is never
 * put into a problem message: only its location and its shape.
 */
export function readSecret(src: SpecSource, node: Node | null, path: string): Read<SecretRef> {
  if (isMap(node)) {
    const entries = mapEntries(src, node, path);
    if (entries === undefined) return undefined;
    if (entries.length !== 1) {
      src.problem(node, path, "expected exactly one of { env: NAME } or { file: PATH }");
      return undefined;
    }
    const [e] = entries;
    if (e === undefined) return undefined;
    if (e.key !== "env" && e.key !== "file") {
      // `{ hunter2 }` (braces by mistake) makes the password a key: name
      // the key only when it is a plausible misspelling of env or file.
      const guess = suggestName(e.key, ["env", "file"]);
      if (guess !== undefined && e.value !== null && /^[A-Za-z_-]+$/.test(e.key)) {
        src.problem(e.keyNode, e.path, unknownKeyMessage(e.key, ["env", "file"], "key"));
      } else {
        src.problem(
          node,
          path,
          "expected { env: NAME }, { file: PATH } or a string, got a map with another key (not shown: the field is sensitive)",
        );
      }
      return undefined;
    }
    const text = scalarText(e.value);
    if (text === undefined || text.length === 0) {
      src.problem(
        e.value ?? e.keyNode,
        e.path,
        `expected a non-empty string, got ${describeNode(e.value)}`,
      );
      return undefined;
    }
    if (e.key === "env") {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
        src.problem(
          e.value,
          e.path,
          "is not an environment variable name (letters, digits and _, not starting with a digit); the value is not shown in case it is the password",
        );
        return undefined;
      }
      return { value: { kind: "env", name: text } };
    }
    return { value: { kind: "file", path: resolve(dirname(resolve(src.file)), text) } };
  }
  const text = isScalar(node) && typeof node.value === "boolean" ? undefined : scalarText(node);
  if (text === undefined) {
    src.problem(
      node,
      path,
      `expected { env: NAME }, { file: PATH } or a string, got ${describeNode(node)}`,
    );
    return undefined;
  }
  const bad = literalPasswordProblem(text);
  if (bad !== undefined) {
    src.problem(node, path, `the plaintext password ${bad}`);
    return undefined;
  }
  src.warn(
    node,
    path,
    "the password is plaintext in the spec file; use { env: NAME } or { file: PATH }, or ManageMasterUserPassword: true to let RDS keep it in Secrets Manager",
  );
  return { value: { kind: "literal", value: text } };
}

/** RDS's rules for every engine: 8+ printable ASCII characters, none of / " @ or space. */
function literalPasswordProblem(text: string): string | undefined {
  if (text.length < 8) return "is shorter than the 8 characters RDS requires";
  if (!/^[\x21-\x7e]+$/.test(text))
    return "may only contain printable ASCII characters without spaces";
  if (/[/"@]/.test(text)) return 'may not contain /, " or @ (RDS refuses them)';
  return undefined;
}
