import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpecInvalidError } from "../../src/errors.js";
import { parseSpecText } from "../../src/spec/parse.js";

function problemsOf(text: string): string[] {
  const r = parseSpecText(text, "big.yaml");
  assert.equal(r.ok, false);
  if (r.ok) return [];
  // The error's message is built from every problem: it must not blow up either.
  assert.ok(new SpecInvalidError(r.problems).message.length > 0);
  return r.problems.map((p) => `${p.line}: ${p.message}`);
}

describe("big inputs fail softly", () => {
  it("a 4 MiB file of 145,000 duplicate ids: the first 1,000 problems, then a count", () => {
    const text = `region: us-east-1\ninstances:\n${"- DBInstanceIdentifier: d\n".repeat(145_000)}`;
    assert.ok(text.length > 3.5 * 2 ** 20 && text.length <= 4 * 2 ** 20);
    const problems = problemsOf(text);
    assert.equal(problems.length, 1001);
    assert.match(
      problems[0] ?? "",
      /^4: instances\[1\]\.DBInstanceIdentifier: "d" is already declared/,
    );
    assert.match(problems[1000] ?? "", /and 143,999 more problems in this file, not listed$/);
  });

  it("caps every kind of problem, those found across fields too", () => {
    const bad = "  - DBInstanceIdentifier: db-N\n    StorageType: gp2\n    Iops: 3000\n";
    const items = Array.from({ length: 1500 }, (_, i) => bad.replace("N", String(i)));
    const problems = problemsOf(`region: us-east-1\ninstances:\n${items.join("")}`);
    assert.equal(problems.length, 1001);
    assert.ok(problems.slice(0, 1000).every((p) => /Iops does not apply/.test(p)));
    assert.match(problems[1000] ?? "", /and 500 more problems in this file, not listed$/);
  });

  it("590,000 aliases are refused before the document is built", () => {
    const aliases = Array.from({ length: 590_000 }, () => "*a").join(",");
    const text = `region: us-east-1\nx: &a {DBInstanceIdentifier: a, Engine: postgres}\ninstances: [${aliases}]\n`;
    const problems = problemsOf(text);
    assert.deepEqual(problems, [
      "1: the file uses 590,000 aliases, over the limit of 50,000; use defaults, or fewer aliases",
    ]);
  });
});
