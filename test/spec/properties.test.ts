import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { FIELDS } from "../../src/kinds/instance/fields/table.js";
import type { FieldDef, ValueKind } from "../../src/kinds/instance/fields/types.js";
import { ENGINES } from "../../src/spec/engine-rules.js";
import { parseSpecText } from "../../src/spec/parse.js";
import { VALUE_RULES } from "../../src/spec/rds-rules.js";
import { editDistance, suggestName } from "../../src/spec/suggest.js";
import { show } from "./_helpers.js";

const NAMES = FIELDS.map((f) => f.name);

describe("spec loader properties", () => {
  it("never throws, whatever the text; every problem has a position", () => {
    const yamlish = fc
      .array(
        fc.constantFrom(
          "instances:",
          "  - DBInstanceIdentifier: a",
          "    Tags: { x: 1 }",
          "    Tags: [{ Key: k }]",
          "defaults: [",
          "policy: { updatable: [Tags, 3] }",
          "wait: { delaySeconds: -1 }",
          "    MasterUserPassword: { env: [] }",
          "  - *x",
          "  - &x { Engine: 1 }",
          "}",
          "\t",
          "- - -",
          "? complex",
          '"unterminated',
          "region: 5",
        ),
        { maxLength: 12 },
      )
      .map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        const r = parseSpecText(text, "/p.yaml");
        if (r.ok) return;
        assert.ok(r.problems.length > 0);
        for (const p of r.problems) {
          assert.equal(p.file, "/p.yaml");
          assert.ok(p.line >= 1 && p.column >= 1, show(p));
          assert.ok(p.message.length > 0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the exact text of an unquoted number in a string field", () => {
    const version = fc
      .tuple(fc.nat(99), fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }))
      .map(([major, minor]) => (minor === undefined ? String(major) : `${major}.${minor}`));
    fc.assert(
      fc.property(version, (v) => {
        const r = parseSpecText(
          `instances:\n  - DBInstanceIdentifier: a\n    EngineVersion: ${v}\n`,
          "/v.yaml",
        );
        assert.ok(r.ok);
        assert.equal(r.spec.instances[0]!.fields.EngineVersion, v);
      }),
    );
  });

  it("reads back any valid value of any field, normalised", () => {
    const fields = FIELDS.filter((f) => VALUE_RULES[f.name] === undefined);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...fields)
          .chain((f) =>
            (f.name === "Engine" ? engineArb() : valueFor(f.kind)).map((v) => [f, v] as const),
          ),
        ([f, [written, expected]]: readonly [FieldDef, readonly [unknown, unknown]]) => {
          // `${` starts a variable reference in a spec; a literal one is written `$${`.
          const text = stringify({
            instances: [{ DBInstanceIdentifier: "a", [f.name]: escapeReferences(written) }],
          });
          const r = parseSpecText(text, "/specs/r.yaml");
          if (!r.ok) assert.fail(`${f.name}: ${r.problems.map(show).join("; ")}\n${text}`);
          assert.deepEqual(r.spec.instances[0]!.fields[f.name], expected, text);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("suggestName properties", () => {
  it("finds any field name written in another case", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.boolean(), (name, upper) => {
        const typed = upper ? name.toUpperCase() : name.toLowerCase();
        assert.equal(suggestName(typed, NAMES), name);
      }),
    );
  });

  it("suggests a name one edit away when one character of a long name is dropped", () => {
    const dropped = fc
      .constantFrom(...NAMES.filter((n) => n.length >= 6))
      .chain((n) => fc.nat(n.length - 1).map((i) => n.slice(0, i) + n.slice(i + 1)));
    fc.assert(
      fc.property(dropped, (typo) => {
        const guess = suggestName(typo, NAMES);
        assert.ok(guess !== undefined, typo);
        assert.ok(
          editDistance(typo.toLowerCase(), guess.toLowerCase()) <= 1,
          `${typo} -> ${guess}`,
        );
      }),
    );
  });

  it("measures distances as edits, swaps counting once", () => {
    const cases: Array<[string, string, number]> = [
      ["", "", 0],
      ["abc", "abc", 0],
      ["abc", "", 3],
      ["AlocatedStorage".toLowerCase(), "allocatedstorage", 1],
      ["enigne", "engine", 1],
      ["kitten", "sitting", 3],
    ];
    for (const [a, b, d] of cases) assert.equal(editDistance(a, b), d, `${a}/${b}`);
  });

  it("does not guess for a name far from every candidate", () => {
    assert.equal(suggestName("Flavour", NAMES), undefined);
    assert.equal(suggestName("x", ["env", "file"]), undefined);
  });
});

/** A value as a spec file spells it: every literal `${` in its string values (not map keys, which are never substituted) written `$${`. */
function escapeReferences(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("${", "$${");
  if (Array.isArray(value)) return value.map(escapeReferences);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeReferences(v)]));
  }
  return value;
}

/** Arbitrary [as written in the file, as the loader must return it]. */
function valueFor(kind: ValueKind): fc.Arbitrary<readonly [unknown, unknown]> {
  const same = <T>(a: fc.Arbitrary<T>) => a.map((v) => [v, v] as const);
  const text = fc.string({ minLength: 1, maxLength: 20 });
  switch (kind.type) {
    case "string":
      if (kind.enum !== undefined) {
        // A case-insensitive value may be written in any case and is read back in AWS's spelling.
        if (!kind.caseInsensitive) return same(fc.constantFrom(...kind.enum));
        return fc
          .tuple(fc.constantFrom(...kind.enum), fc.boolean())
          .map(([v, upper]) => [upper ? v.toUpperCase() : v, v] as const);
      }
      if (kind.pattern !== undefined) return same(fc.stringMatching(new RegExp(kind.pattern)));
      return same(text);
    case "integer":
      return same(fc.integer({ min: kind.minimum ?? -1e6, max: kind.maximum ?? 1e6 }));
    case "boolean":
      return same(fc.boolean());
    case "string-list":
      return same(fc.array(text, { maxLength: 4 }));
    case "tags":
      return tagsArb();
    case "secret":
      return fc.oneof(
        fc
          .stringMatching(/^[A-Z_]{1,12}$/)
          .map((name) => [{ env: name }, { kind: "env", name }] as const),
        fc
          .stringMatching(/^[a-z]{1,8}$/)
          .map((p) => [{ file: p }, { kind: "file", path: `/specs/${p}` }] as const),
        fc
          .stringMatching(/^[A-Za-z0-9!#$%^&*()_+=-]{8,20}$/)
          .map((value) => [value, { kind: "literal", value }] as const),
      );
    case "object-list":
      return fc
        .array(objectItem(kind.itemKeys), { maxLength: 3 })
        .map((items) => [items.map((i) => i[0]), items.map((i) => i[1])] as const);
  }
}

/** Engine: one of RDS's engines in any case, read back as AWS spells it. */
function engineArb(): fc.Arbitrary<readonly [unknown, unknown]> {
  return fc
    .tuple(fc.constantFrom(...ENGINES), fc.constantFrom("lower", "upper", "title"))
    .map(([e, how]) => {
      const written =
        how === "upper" ? e.toUpperCase() : how === "title" ? e[0]!.toUpperCase() + e.slice(1) : e;
      return [written, e] as const;
    });
}

function tagsArb(): fc.Arbitrary<readonly [unknown, unknown]> {
  const key = fc
    .stringMatching(/^[a-z][a-z0-9_.:/=+-]{0,20}$/)
    .filter((k) => !/^(aws|rds):/.test(k));
  const map = fc
    .dictionary(key, fc.string({ maxLength: 30 }), { maxKeys: 5 })
    .map((m) => ({ ...m }));
  return fc.oneof(
    map.map((m) => [m, m] as const),
    map.map((m) => [Object.entries(m).map(([Key, Value]) => ({ Key, Value })), m] as const),
  );
}

function objectItem(keys: readonly string[]): fc.Arbitrary<readonly [unknown, unknown]> {
  const required = keys.filter((k, i) => i === 0 || k === "Value");
  type Entry = readonly [string, unknown, unknown];
  const entries = keys.map((k): fc.Arbitrary<Entry> => {
    if (k === "Tags") {
      return tagsArb().map(
        ([w, m]): Entry => [
          k,
          w,
          Object.entries(m as object).map(([Key, Value]) => ({ Key, Value })),
        ],
      );
    }
    return fc.string({ minLength: 1, maxLength: 10 }).map((v): Entry => [k, v, v]);
  });
  return fc
    .tuple(
      ...entries.map((e, i) =>
        required.includes(keys[i]!) ? e : fc.option(e, { nil: undefined }),
      ),
    )
    .map((picked) => {
      const written: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const p of picked) {
        if (p === undefined) continue;
        written[p[0]] = p[1];
        expected[p[0]] = p[2];
      }
      return [written, expected] as const;
    });
}
