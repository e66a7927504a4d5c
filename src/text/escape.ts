/**
 * Text that came from outside (a spec, RDS: identifiers, tags, messages,
 * events) made safe to print on a terminal and in a CI log. Imports nothing.
 *
 * - Control characters (C0, DEL, C1) and the Unicode line and paragraph
 *   separators are shown escaped (`\n`, `\x1b`, `\u2028`), so a value can
 *   neither start a new line nor send an escape sequence to the terminal.
 * - A backslash is doubled, so the escaping can be undone: every `\` in the
 *   output starts an escape.
 * - GitHub Actions reads a line as a workflow command when, after leading
 *   white space, it begins with `::` (or holds `##[` anywhere, the older
 *   form). A `:` that leads the text (after its white space) and the `[` of
 *   `##[` are shown as `\x3a` and `\x5b`, so no printed line begins a command,
 *   whatever indentation or white-space-only text a renderer puts before it.
 */

/** C0, DEL, C1, and the line and paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g;

const NAMED: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  if (code > 0xff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\x${code.toString(16).padStart(2, "0")}`;
}

/** Leading white space as JavaScript and .NET (the Actions runner) both count it. */
const LEADING_COLON = /^([\s\u0085]*):/;

/** One value, on one line: nothing in the result is a control character or starts a command. */
export function escapeText(text: string): string {
  return text
    .replace(UNSAFE, escapeChar)
    .replace(LEADING_COLON, "$1\\x3a")
    .replace(/##\[/g, "##\\x5b");
}

/**
 * A text of several lines composed around outside values (an error message
 * listing problems): each line escaped as by escapeText, the line breaks kept.
 */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeText).join("\n");
}
