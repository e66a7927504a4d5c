import assert from "node:assert/strict";
import type { SpecProblem } from "../../src/errors.js";
import { parseSpecText } from "../../src/spec/parse.js";
import type { DesiredInstance, Spec } from "../../src/spec/types.js";

/** Parses text that must be valid; fails the test with the problems otherwise. */
export function valid(text: string, file = "/specs/rdsctl.yaml"): Spec {
  const r = parseSpecText(text, file);
  if (!r.ok) assert.fail(`expected a valid spec, got:\n${r.problems.map(show).join("\n")}`);
  return r.spec;
}

/** Parses text that must be invalid and returns its problems. */
export function invalid(text: string, file = "/specs/rdsctl.yaml"): SpecProblem[] {
  const r = parseSpecText(text, file);
  if (r.ok) assert.fail("expected problems, the spec was accepted");
  return r.problems;
}

export function show(p: SpecProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** The single instance of a one-instance spec. */
export function only(spec: Spec): DesiredInstance {
  assert.equal(spec.instances.length, 1);
  return spec.instances[0]!;
}

/** A one-instance spec with extra YAML lines under the instance (indented 4). */
export function oneInstance(lines: string, id = "orders-db"): string {
  const body = lines
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => `    ${l}`)
    .join("\n");
  return `instances:\n  - DBInstanceIdentifier: ${id}\n${body}\n`;
}
