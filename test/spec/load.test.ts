import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SpecInvalidError, UsageError } from "../../src/errors.js";
import { loadSpec } from "../../src/spec/load.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "rdsctl-load-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function problemsOf(files: string[]): Promise<SpecInvalidError> {
  try {
    await loadSpec(files);
  } catch (e) {
    assert.ok(e instanceof SpecInvalidError, String(e));
    return e;
  }
  assert.fail("expected SpecInvalidError");
}

describe("loadSpec", () => {
  it("reads YAML", async () => {
    const file = await write(
      "a.yaml",
      "instances:\n  - DBInstanceIdentifier: a\n    AllocatedStorage: 20\n",
    );
    const spec = await loadSpec([file]);
    assert.deepEqual(spec.files, [file]);
    assert.equal(spec.instances[0]?.fields.AllocatedStorage, 20);
    assert.equal(spec.instances[0]?.source.file, file);
  });

  it("reads JSON, with positions", async () => {
    const json = JSON.stringify(
      {
        region: "us-east-1",
        instances: [
          {
            DBInstanceIdentifier: "json-db",
            EngineVersion: "16",
            AllocatedStorage: 20,
            Tags: [{ Key: "team", Value: "orders" }],
            MasterUserPassword: { env: "PW" },
          },
        ],
      },
      null,
      2,
    );
    const file = await write("spec.json", json);
    const spec = await loadSpec([file]);
    const inst = spec.instances[0]!;
    assert.equal(inst.id, "json-db");
    assert.equal(inst.region, "us-east-1");
    assert.deepEqual(inst.fields.Tags, { team: "orders" });
    assert.deepEqual(inst.fieldSources.AllocatedStorage, { file, line: 7, column: 27 });
  });

  it("reports JSON problems with positions too", async () => {
    const file = await write(
      "bad.json",
      '{\n  "instances": [\n    { "DBInstanceIdentifier": "a", "AlocatedStorage": 20, "MultiAZ": "yes" }\n  ]\n}\n',
    );
    const err = await problemsOf([file]);
    assert.deepEqual(
      err.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        "3:36 instances[0].AlocatedStorage: unknown field; did you mean AllocatedStorage?",
        "3:70 instances[0].MultiAZ: expected a boolean (true or false), got a string (write true or false)",
      ],
    );
  });

  it("reports a duplicate key in JSON", async () => {
    const file = await write(
      "dup.json",
      '{"instances": [{"DBInstanceIdentifier": "a", "DBInstanceIdentifier": "b"}]}',
    );
    const err = await problemsOf([file]);
    assert.equal(err.problems.length, 1);
    assert.match(err.problems[0]!.message, /Map keys must be unique/);
    assert.equal(err.problems[0]!.column, 46);
  });

  it("keeps instances of several files in order, each with its own top level", async () => {
    const a = await write(
      "m1.yaml",
      "region: us-east-1\nwait: { delaySeconds: 1 }\ninstances:\n  - DBInstanceIdentifier: one\n",
    );
    const b = await write(
      "m2.yaml",
      "region: eu-west-1\ninstances:\n  - DBInstanceIdentifier: two\n  - DBInstanceIdentifier: three\n",
    );
    const spec = await loadSpec([a, b]);
    assert.deepEqual(
      spec.instances.map((i) => [i.id, i.region, i.wait.delaySeconds, i.source.file]),
      [
        ["one", "us-east-1", 1, a],
        ["two", "eu-west-1", 2, b],
        ["three", "eu-west-1", 2, b],
      ],
    );
  });

  it("rejects an identifier declared in two files, ignoring case, naming both places", async () => {
    const a = await write("d1.yaml", "instances:\n  - DBInstanceIdentifier: orders-db\n");
    const b = await write(
      "d2.yaml",
      "instances:\n  - DBInstanceIdentifier: x\n  - DBInstanceIdentifier: Orders-DB\n",
    );
    const err = await problemsOf([a, b]);
    assert.deepEqual(err.problems, [
      {
        file: b,
        line: 3,
        column: 27,
        path: "instances[1].DBInstanceIdentifier",
        message: `instances[1].DBInstanceIdentifier: "orders-db" is already declared at ${a}:2:27 (identifiers are case-insensitive)`,
      },
    ]);
  });

  it("lists every problem of every file at once, unreadable files included", async () => {
    const a = await write(
      "p1.yaml",
      "instances:\n  - DBInstanceIdentifier: a\n    Engin: postgres\n",
    );
    const missing = join(dir, "nope.yaml");
    const b = await write(
      "p2.yaml",
      "instances:\n  - DBInstanceIdentifier: b\n    BackupRetentionPeriod: 40\n",
    );
    await mkdir(join(dir, "adir"));
    const err = await problemsOf([a, missing, b, join(dir, "adir")]);
    assert.deepEqual(
      err.problems.map((p) => `${p.file}:${p.line}:${p.column}`),
      [`${a}:3:5`, `${missing}:1:1`, `${b}:3:28`, `${join(dir, "adir")}:1:1`],
    );
    assert.match(err.problems[1]!.message, /cannot read the file \(no such file\)/);
    assert.match(err.problems[3]!.message, /cannot read the file \(is a directory\)/);
    // The error's own message lists them all, one per line, as file:line:column: message.
    const lines = err.message.split("\n");
    assert.equal(lines[0], "the spec has 4 problem(s):");
    assert.equal(lines[1], `${a}:3:5: instances[0].Engin: unknown field; did you mean Engine?`);
    assert.equal(lines.length, 5);
    assert.equal(err.code, "SPEC_INVALID");
    assert.equal(err.fault, "user");
  });

  it("needs at least one file", async () => {
    await assert.rejects(loadSpec([]), UsageError);
  });
});
