import assert from "node:assert/strict";

/** One line of `apply --json` before the last: a progress event. */
export interface EventRecord {
  type: string;
  time: string;
  id: string;
  region: string | null;
  [field: string]: unknown;
}

/**
 * Splits `apply --json` output (NDJSON) into its event lines and the
 * document on the last line, checking that every line is one JSON value.
 */
export function readApplyNdjson(stdout: string): {
  events: EventRecord[];
  // biome-ignore lint/suspicious/noExplicitAny: the document is checked field by field by the tests
  document: any;
} {
  assert.ok(stdout.endsWith("\n"), "NDJSON ends with a newline");
  const lines = stdout.slice(0, -1).split("\n");
  const values: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      values.push(JSON.parse(line));
    } catch (err) {
      assert.fail(`line ${i + 1} is not one JSON value: ${line.slice(0, 200)} (${String(err)})`);
    }
  }
  const document = values.pop() as Record<string, unknown>;
  assert.deepEqual(
    Object.keys(document),
    ["formatVersion", "rdsctlVersion", "plan", "result", "error", "account"],
    "the last line is the document",
  );
  for (const [i, event] of values.entries()) {
    const { formatVersion, rdsctlVersion } = event as Record<string, unknown>;
    assert.equal(formatVersion, document.formatVersion, `event ${i + 1} carries formatVersion`);
    assert.equal(rdsctlVersion, document.rdsctlVersion, `event ${i + 1} carries rdsctlVersion`);
  }
  return { events: values as EventRecord[], document };
}
