import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { RdsctlError, SpecInvalidError } from "../../src/errors.js";
import { FIELDS } from "../../src/kinds/instance/fields/table.js";
import { loadSpec } from "../../src/spec/load.js";
import { parseSpecText } from "../../src/spec/parse.js";

/** Anything thrown must be one of rdsctl's own errors, with every problem located. */
async function onlyOwnErrors(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof RdsctlError, `not an rdsctl error: ${String(e)}`);
    if (e instanceof SpecInvalidError) {
      for (const p of e.problems) assert.ok(p.line >= 1 && p.column >= 1, p.message);
    }
  }
}

const NAMES = [...FIELDS.map((f) => f.name), "instances", "defaults", "region", "wait", "env"];

/** YAML-ish values: maps with field names as keys, nested lists, odd scalars. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom("postgress", "GP3", "{hunter2}", "&a x", "*a", "<<", "~", "0x1F", "1e400"),
    ),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string()), tie("node"), { maxKeys: 5 }),
  ),
})).node;

const spec = fc
  .record({
    instances: fc.oneof(
      fc.array(
        fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 }).map((m) => ({
          DBInstanceIdentifier: "a",
          ...m,
        })),
        { maxLength: 3 },
      ),
      value,
    ),
    defaults: value,
  })
  .map((doc) => stringify(doc));

describe("hostile input: the loader and validator throw only rdsctl errors", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rdsctl-hostile-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("arbitrary bytes, from a file", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const file = join(dir, `bytes-${n++}.yaml`);
        await writeFile(file, bytes);
        await onlyOwnErrors(() => loadSpec([file]));
      }),
      { numRuns: 150 },
    );
  });

  it("arbitrary YAML-ish structures, as text and from a file", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(spec, async (text) => {
        await onlyOwnErrors(async () => parseSpecText(text, "/specs/x.yaml"));
        const file = join(dir, `doc-${n++}.yaml`);
        await writeFile(file, text);
        await onlyOwnErrors(() => loadSpec([file]));
      }),
      { numRuns: 150 },
    );
  });

  it("arbitrary text with anchors, aliases and merge keys", async () => {
    const piece = fc.constantFrom(
      "instances:",
      "  - &a { DBInstanceIdentifier: a, Engine: postgres }",
      "  - *a",
      "  - <<: *a",
      "  - *b",
      "    Tags: &t [*t]",
      "defaults: &d { Tags: *d }",
      "  - [[[[[",
      "    MasterUserPassword: {hunter2}",
      "    Engine: postgress",
      "\u0000",
      "\uFEFF",
      "  - DBInstanceIdentifier: b\n    AllocatedStorage: 99999999999999999999",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 10 }), async (lines) => {
        await onlyOwnErrors(async () => parseSpecText(lines.join("\n"), "/specs/x.yaml"));
      }),
      { numRuns: 200 },
    );
  });

  it("a sensitive value never appears in a problem, whatever its shape", () => {
    const secret = "Hunter2Secret";
    const shapes = [
      `{ ${secret} }`,
      `{ pasword: ${secret} }`,
      `[${secret}]`,
      `{ env: "${secret} x" }`,
      `{ ${secret}: 1 }`,
      `[{ a: ${secret} }]`,
      `{ env: [${secret}] }`,
    ];
    for (const field of ["MasterUserPassword", "TdeCredentialPassword"]) {
      for (const shape of shapes) {
        const text = `instances:\n  - DBInstanceIdentifier: a\n    Engine: oracle-ee\n    ${field}: ${shape}\n`;
        const r = parseSpecText(text, "/specs/x.yaml");
        assert.equal(r.ok, false, text);
        if (r.ok) continue;
        const out = JSON.stringify(r.problems) + new SpecInvalidError(r.problems).message;
        assert.ok(!out.includes(secret), `${field}: ${shape} leaked: ${out}`);
      }
    }
  });
});
