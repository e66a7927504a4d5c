import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { escapeLines, escapeText } from "../../src/text/escape.js";

/** C0, DEL, C1 and the line and paragraph separators: none may be printed raw. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The GitHub Actions runner's reading of a line: a command after leading white space, or `##[` anywhere. */
function startsCommand(line: string): boolean {
  return /^[\s\u0085]*::/.test(line) || line.includes("##[");
}

/** The inverse of escapeText, to show that it loses nothing. */
function unescapeText(text: string): string {
  return text.replace(/\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4})/g, (_, e: string) => {
    if (e === "\\") return "\\";
    if (e === "n") return "\n";
    if (e === "r") return "\r";
    if (e === "t") return "\t";
    return String.fromCharCode(Number.parseInt(e.slice(1), 16));
  });
}

/** Strings rich in the characters that matter, besides fast-check's arbitrary unicode. */
const hostile = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({
    unit: fc.constantFrom(
      ":",
      "#",
      "[",
      "\\",
      "\n",
      "\r",
      " ",
      "\t",
      "\u001b",
      "\u0085",
      "\u00a0",
      "\u2028",
      "x",
      "%",
    ),
  }),
);

describe("escapeText", () => {
  test("the output has no control character, starts no command, and can be undone", () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom("", " ", "    ", "\u00a0"), (text, indent) => {
        const out = escapeText(text);
        assert.doesNotMatch(out, CONTROL);
        assert.equal(startsCommand(`${indent}${out}`), false, JSON.stringify(out));
        assert.equal(unescapeText(out), text);
      }),
      { numRuns: 2000 },
    );
  });

  test("concatenated escaped values start no command either", () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 4 }), (parts) => {
        const line = parts.map(escapeText).join("");
        assert.equal(/^[\s\u0085]*::/.test(line), false, JSON.stringify(line));
      }),
    );
  });

  test("plain text is unchanged; the injected workflow command and escape sequence are shown escaped", () => {
    assert.equal(escapeText("orders-db"), "orders-db");
    assert.equal(
      escapeText("arn:aws:iam::123456789012:role/x"),
      "arn:aws:iam::123456789012:role/x",
    );
    assert.equal(
      escapeText("x\n::error title=injected::pwned"),
      "x\\n::error title=injected::pwned",
    );
    assert.equal(escapeText("::add-mask::x"), "\\x3a:add-mask::x");
    assert.equal(escapeText("  ::warning::x"), "  \\x3a:warning::x");
    assert.equal(escapeText("a ##[error]b"), "a ##\\x5berror]b");
    assert.equal(escapeText("red\u001b[31mtext\u009b2J"), "red\\x1b[31mtext\\x9b2J");
    assert.equal(escapeText("C:\\dir"), "C:\\\\dir");
  });
});

describe("escapeLines", () => {
  test("keeps the line breaks of a composed text and escapes each line", () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 5 }), (lines) => {
        const out = escapeLines(lines.join("\n"));
        const split = out.split("\n");
        assert.equal(split.length, Math.max(1, lines.join("\n").split("\n").length));
        for (const line of split) {
          assert.doesNotMatch(line, CONTROL);
          assert.equal(startsCommand(line), false);
        }
      }),
    );
  });
});
