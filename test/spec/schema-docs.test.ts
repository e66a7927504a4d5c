import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { FIELDS } from "../../src/kinds/instance/fields/table.js";
import { loadSpec } from "../../src/spec/load.js";
import { parseSpecText } from "../../src/spec/parse.js";
import { specJsonSchema } from "../../src/spec/schema.js";
import { repoRoot } from "../helpers/repo-root.js";
import { invalid, show, valid } from "./_helpers.js";
import { schemaErrors } from "./_json-schema.js";

const root = repoRoot();
const schema = specJsonSchema();
const defs = schema.$defs as Record<
  string,
  { properties: Record<string, unknown>; required?: string[] }
>;

/** Fenced code blocks of docs/spec.md with their info strings. */
function docBlocks(): Array<{ info: string; body: string }> {
  const text = readFileSync(join(root, "docs", "spec.md"), "utf8");
  return [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    info: (m[1] ?? "").trim(),
    body: m[2] ?? "",
  }));
}

/** The configuration from the blog post, pasted in as one item, as written. */
const BLOG_AS_WRITTEN = `instances:
  - DBName: db_name
    DBInstanceIdentifier: instance_name
    AllocatedStorage: 20
    DBInstanceClass: db.m3.medium
    Engine: postgres
    MasterUsername: username
    MasterUserPassword: password
    VpcSecurityGroupIds: [sg-...]
    DBSubnetGroupName: my-subnet
    DBParameterGroupName: my-parameter-group
    BackupRetentionPeriod: 7
    MultiAZ: true
    EngineVersion: "10.0.1"
    PubliclyAccessible: false
    StorageType: gp2
`;

describe("the JSON Schema", () => {
  it("is draft 2020-12 and plain JSON", () => {
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema);
    assert.equal(schema.additionalProperties, false);
    // A spec needs `instances` or one of the kinds' lists (a spec of groups alone is valid).
    assert.equal(schema.required, undefined);
    assert.deepEqual((schema as { anyOf?: unknown }).anyOf, [
      { required: ["instances"] },
      { required: ["parameterGroups"] },
      { required: ["subnetGroups"] },
    ]);
  });

  it("has only patterns that compile as ECMA-262 unicode regexes", () => {
    const patterns: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === "object") {
        for (const [k, child] of Object.entries(v)) {
          if (k === "pattern" && typeof child === "string") patterns.push(child);
          else walk(child);
        }
      }
    };
    walk(schema);
    assert.ok(patterns.length >= 5);
    for (const p of patterns) assert.doesNotThrow(() => new RegExp(p, "u"), p);
  });

  it("lists every field of the table, with a description, in instances and defaults", () => {
    for (const f of FIELDS) {
      const prop = defs.instance!.properties[f.name] as { description?: string } | undefined;
      assert.ok(prop, `instance schema lacks ${f.name}`);
      assert.ok(prop.description && prop.description.length > 0, `${f.name} has no description`);
      if (f.name !== "DBInstanceIdentifier") assert.ok(defs.defaults!.properties[f.name], f.name);
    }
    assert.equal(defs.defaults!.properties.DBInstanceIdentifier, undefined);
    assert.deepEqual(defs.instance!.required, ["DBInstanceIdentifier"]);
    const updatable = (
      schema.properties as Record<
        string,
        { properties: Record<string, { items: { enum: string[] } }> }
      >
    ).policy!.properties.updatable!.items.enum;
    assert.deepEqual(
      updatable,
      FIELDS.map((f) => f.name),
    );
  });

  it("has the rdsctl keys and nothing beyond the table", () => {
    const names = Object.keys(defs.instance!.properties).sort();
    const expected = [
      ...FIELDS.map((f) => f.name),
      "AllowMajorVersionUpgrade",
      "ApplyImmediately",
      "MasterUserPasswordVersion",
      "SourceDBInstanceIdentifier",
      "region",
    ].sort();
    assert.deepEqual(names, expected);
    const defaultsNames = Object.keys(defs.defaults!.properties);
    assert.ok(!defaultsNames.includes("SourceDBInstanceIdentifier"));
    assert.ok(!defaultsNames.includes("region"));
  });

  const agree: Array<[string, string, boolean]> = [
    [
      "a valid instance",
      "instances:\n  - DBInstanceIdentifier: a\n    EngineVersion: 8.0\n    Tags: { n: 1 }",
      true,
    ],
    [
      "Tags as a list",
      "instances:\n  - DBInstanceIdentifier: a\n    Tags: [{ Key: k, Value: v }]",
      true,
    ],
    [
      "a case-insensitive enum value",
      "instances:\n  - DBInstanceIdentifier: a\n    StorageType: GP3\n    DBInstanceClass: DB.T3.Micro",
      true,
    ],
    [
      "a password reference",
      "instances:\n  - DBInstanceIdentifier: a\n    MasterUserPassword: { env: PW }",
      true,
    ],
    ["a misspelt field", "instances:\n  - DBInstanceIdentifier: a\n    AlocatedStorage: 20", false],
    ["a misspelt top-level key", "instancs: []\ninstances:\n  - DBInstanceIdentifier: a", false],
    [
      "a string for an integer",
      'instances:\n  - DBInstanceIdentifier: a\n    AllocatedStorage: "20"',
      false,
    ],
    ["an aws: tag", "instances:\n  - DBInstanceIdentifier: a\n    Tags: { aws:x: y }", false],
    [
      "an RDS: tag in upper case",
      "instances:\n  - DBInstanceIdentifier: a\n    Tags: { RDS:x: y }",
      false,
    ],
    [
      "an aws: key in the list form",
      "instances:\n  - DBInstanceIdentifier: a\n    Tags: [{ Key: 'aws:x', Value: y }]",
      false,
    ],
    [
      "a tag merely containing aws:",
      "instances:\n  - DBInstanceIdentifier: a\n    Tags: { xaws:x: y }",
      true,
    ],
    ["an identifier with --", "instances:\n  - DBInstanceIdentifier: a--b", false],
    ["an identifier ending in -", "instances:\n  - DBInstanceIdentifier: ab-", false],
    [
      "a bad monitoring interval",
      "instances:\n  - DBInstanceIdentifier: a\n    MonitoringInterval: 7",
      false,
    ],
    [
      "a secret with two sources",
      "instances:\n  - DBInstanceIdentifier: a\n    MasterUserPassword: { env: A, file: b }",
      false,
    ],
    ["no instances", "region: us-east-1", false],
    ["a zero wait", "instances:\n  - DBInstanceIdentifier: a\nwait: { delaySeconds: 0 }", false],
    [
      "an unknown policy field",
      "instances:\n  - DBInstanceIdentifier: a\npolicy: { updatable: [Nope] }",
      false,
    ],
  ];
  for (const [name, text, accepted] of agree) {
    it(`agrees with the loader on ${name}`, () => {
      assert.equal(parseSpecText(text, "/x.yaml").ok, accepted, "loader");
      const errors = schemaErrors(schema, parseYaml(text));
      assert.equal(errors.length === 0, accepted, `schema: ${errors.join("; ")}`);
    });
  }
});

describe("docs/spec.md", () => {
  const blocks = docBlocks();

  it("has examples to check", () => {
    assert.ok(blocks.filter((b) => b.info === "yaml").length >= 6);
    assert.ok(blocks.some((b) => b.info === "yaml invalid"));
  });

  it("every yaml and json example is a valid spec, for loadSpec and for the schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rdsctl-docs-"));
    try {
      const examples = blocks.filter((x) => x.info === "yaml" || x.info === "json");
      const files = await Promise.all(
        examples.map(async (b, i) => {
          const file = join(dir, `example-${i}.${b.info}`);
          await writeFile(file, b.body);
          return file;
        }),
      );
      // One file at a time: examples may reuse identifiers between them.
      for (const file of files) await loadSpec([file]);
      for (const b of examples) {
        assert.deepEqual(schemaErrors(schema, parseYaml(b.body)), [], b.body);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("shows exactly the problems its invalid example produces", () => {
    const i = blocks.findIndex((b) => b.info === "yaml invalid");
    const output = blocks[i + 1];
    assert.equal(output?.info, "text");
    const problems = invalid(blocks[i]!.body, "rdsctl.yaml");
    assert.deepEqual(problems.map(show), output!.body.trimEnd().split("\n"));
  });

  it("lists every field of the table in its field reference, with its mutability", () => {
    const text = readFileSync(join(root, "docs", "spec.md"), "utf8");
    const words = {
      modifiable: "modifiable",
      "create-only": "create only: a change is blocked",
      "create-only-unchecked": "create only: not compared",
    } as const;
    for (const f of FIELDS) {
      const row = new RegExp(`^\\| *${f.name} *\\|.*\\| *${words[f.mutability]} *\\|$`, "m");
      assert.match(text, row, `docs/spec.md field reference: ${f.name}`);
    }
  });
});

describe("the blog configuration", () => {
  it("as written is rejected only for its identifier, with a plaintext warning", () => {
    const r = parseSpecText(BLOG_AS_WRITTEN, "blog.yaml");
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map(show), [
      'blog.yaml:3:27: instances[0].DBInstanceIdentifier: "instance_name" may contain only letters, digits and hyphens',
    ]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!.message, /plaintext/);
  });

  it("with a valid identifier is accepted as one instance, values as declared", () => {
    const spec = valid(BLOG_AS_WRITTEN.replace("instance_name", "instance-name"));
    const inst = spec.instances[0]!;
    assert.equal(inst.id, "instance-name");
    assert.equal(inst.fields.EngineVersion, "10.0.1");
    assert.equal(inst.fields.MultiAZ, true);
    assert.equal(inst.fields.BackupRetentionPeriod, 7);
    assert.deepEqual(inst.fields.VpcSecurityGroupIds, ["sg-..."]);
    assert.deepEqual(inst.fields.MasterUserPassword, { kind: "literal", value: "password" });
  });

  it("the quickstart shown in docs/spec.md is examples/quickstart.yaml", async () => {
    const [fromFile] = (await loadSpec([join(root, "examples", "quickstart.yaml")])).instances;
    const block = docBlocks().find((b) => b.body.includes("DBInstanceIdentifier: quickstart-db"));
    assert.ok(block, "docs/spec.md shows the quickstart");
    const [fromDocs] = valid(block.body).instances;
    assert.deepEqual(fromDocs?.fields, fromFile?.fields);
    assert.equal(fromDocs?.applyImmediately, fromFile?.applyImmediately);
    assert.deepEqual(fromDocs?.wait, fromFile?.wait);
  });

  it("the examples directory loads", async () => {
    const files = ["blog.yaml", "quickstart.yaml"].map((f) => join(root, "examples", f));
    const spec = await loadSpec(files);
    assert.deepEqual(
      spec.instances.map((i) => i.id),
      ["instance-name", "instance-name-replica", "quickstart-db"],
    );
    assert.deepEqual(spec.warnings, []);
  });
});
