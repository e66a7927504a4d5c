import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { parameterGroupKind } from "../../../src/kinds/parameter-group/index.js";
import { schemaErrors } from "../../spec/_json-schema.js";
import { brief, FILE, readGroups } from "./_helpers.js";

describe("parameterGroups items", () => {
  it("reads every value form, keeping the user's text", () => {
    const { items, problems } = readGroups(
      [
        "parameterGroups:",
        "  - DBParameterGroupName: Orders-PG16",
        "    DBParameterGroupFamily: Postgres16",
        "    Description: orders tuning",
        "    Tags: { team: data, cost: 42 }",
        "    Parameters:",
        "      work_mem: 65536",
        "      random_page_cost: 1.10",
        "      rds.force_ssl: true",
        "      log_min_duration_statement: '250'",
        "      timezone: UTC",
        "      shared_buffers: { value: '{DBInstanceClassMemory/32768}', applyMethod: pending-reboot }",
        "      autovacuum_naptime: { value: 30 }",
        "",
      ].join("\n"),
      { region: "eu-west-1" },
    );
    assert.deepEqual(problems, []);
    const d = items[0];
    assert.ok(d);
    assert.equal(d.kind, "parameter-group");
    assert.equal(d.id, "orders-pg16");
    assert.equal(d.region, "eu-west-1");
    assert.deepEqual(d.fields, {
      DBParameterGroupName: "Orders-PG16",
      DBParameterGroupFamily: "postgres16",
      Description: "orders tuning",
      Tags: { team: "data", cost: "42" },
      Parameters: {
        work_mem: { value: "65536" },
        random_page_cost: { value: "1.10" },
        "rds.force_ssl": { value: "1", boolean: true },
        log_min_duration_statement: { value: "250" },
        timezone: { value: "UTC" },
        shared_buffers: { value: "{DBInstanceClassMemory/32768}", applyMethod: "pending-reboot" },
        autovacuum_naptime: { value: "30" },
      },
    });
    assert.deepEqual(d.source, { file: FILE, line: 2, column: 5 });
    assert.deepEqual(d.fieldSources["Parameters.random_page_cost"], {
      file: FILE,
      line: 8,
      column: 25,
    });
    assert.deepEqual(d.fieldSources.DBParameterGroupFamily, { file: FILE, line: 3, column: 29 });
  });

  it("takes the item's own region over the file's, and needs no Parameters", () => {
    const { items, problems } = readGroups(
      [
        "parameterGroups:",
        "  - DBParameterGroupName: a",
        "    DBParameterGroupFamily: mysql8.0",
        "    region: us-west-2",
      ].join("\n"),
      { region: "eu-west-1" },
    );
    assert.deepEqual(problems, []);
    assert.equal(items[0]?.region, "us-west-2");
    assert.deepEqual(items[0]?.fields.Parameters, {});
    assert.equal("Description" in (items[0]?.fields ?? {}), false);
  });

  it("reports every problem of an item at its place, with did-you-mean", () => {
    const { items, problems } = readGroups(
      [
        "parameterGroups:",
        "  - DBParameterGroupName: orders--pg",
        "    DBParameterGroupFamily: postgres",
        "    Paramters: {}",
        "  - DBParameterGroupName: default.postgres16",
        "    Description: ''",
        "  - DBParameterGroupName: ok",
        "    DBParameterGroupFamily: postgres16",
        "    Tags: { 'aws:x': y }",
        "    Parameters:",
        "      work_mem:",
        "      a: { value: 1, applyMethod: later }",
        "      b: { applyMethod: immediate }",
        "      c: { value: 1, aplyMethod: immediate }",
        "      d: [1, 2]",
      ].join("\n"),
    );
    assert.deepEqual(items, [undefined, undefined, undefined]);
    assert.deepEqual(brief(problems), [
      '2:27 parameterGroups[0].DBParameterGroupName: "orders--pg" may not contain two consecutive hyphens',
      '3:29 parameterGroups[0].DBParameterGroupFamily: "postgres" is not a parameter group family such as postgres16, mysql8.0 or oracle-ee-19',
      "4:5 parameterGroups[0].Paramters: unknown field; did you mean Parameters?",
      '5:27 parameterGroups[1].DBParameterGroupName: "default.postgres16" is a default group, which RDS lets nobody modify; declare a group of your own (a new name, the same family) and point the instances at it',
      "6:18 parameterGroups[1].Description: RDS needs a non-empty description",
      "5:5 parameterGroups[1]: DBParameterGroupFamily is required",
      '9:13 parameterGroups[2].Tags.aws:x: tag keys starting with "aws:" are reserved by AWS',
      "11:16 parameterGroups[2].Parameters.work_mem: expected a value (a string, a number or a boolean) or { value, applyMethod }, got nothing (null)",
      '12:35 parameterGroups[2].Parameters.a.applyMethod: "later" is not an apply method; expected immediate or pending-reboot',
      "13:10 parameterGroups[2].Parameters.b: missing required key value",
      "14:22 parameterGroups[2].Parameters.c.aplyMethod: unknown key; did you mean applyMethod?",
      "15:10 parameterGroups[2].Parameters.d: expected a value (a string, a number or a boolean) or { value, applyMethod }, got a list",
    ]);
  });

  it("names the missing group name", () => {
    const { items, problems } = readGroups(
      ["parameterGroups:", "  - DBParameterGroupFamily: postgres16"].join("\n"),
    );
    assert.deepEqual(items, [undefined]);
    assert.deepEqual(brief(problems), ["2:5 parameterGroups[0]: DBParameterGroupName is required"]);
  });
});

describe("the item's JSON schema", () => {
  const schema = parameterGroupKind.itemSchema();
  const cases: Array<[string, string, boolean]> = [
    [
      "every form",
      [
        "DBParameterGroupName: orders-pg16",
        "DBParameterGroupFamily: postgres16",
        "Description: orders tuning",
        "Tags: { team: data }",
        "region: eu-west-1",
        "Parameters:",
        "  work_mem: 65536",
        "  random_page_cost: 1.1",
        "  rds.force_ssl: true",
        "  shared_buffers: '{DBInstanceClassMemory/32768}'",
        "  log_min_duration_statement: { value: 250, applyMethod: pending-reboot }",
      ].join("\n"),
      true,
    ],
    ["no family", "DBParameterGroupName: a", false],
    [
      "a misspelt key",
      "DBParameterGroupName: a\nDBParameterGroupFamily: mysql8.0\nParamters: {}",
      false,
    ],
    [
      "an unknown apply method",
      "DBParameterGroupName: a\nDBParameterGroupFamily: mysql8.0\nParameters: { x: { value: 1, applyMethod: now } }",
      false,
    ],
    [
      "a long form without value",
      "DBParameterGroupName: a\nDBParameterGroupFamily: mysql8.0\nParameters: { x: {} }",
      false,
    ],
    ["two hyphens", "DBParameterGroupName: a--b\nDBParameterGroupFamily: mysql8.0", false],
    [
      "a list value",
      "DBParameterGroupName: a\nDBParameterGroupFamily: mysql8.0\nParameters: { x: [1] }",
      false,
    ],
  ];
  for (const [name, body, ok] of cases) {
    it(`agrees with the reader: ${name}`, () => {
      const indented = body
        .split("\n")
        .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
        .join("\n");
      const read = readGroups(`parameterGroups:\n${indented}\n`);
      assert.equal(read.problems.length === 0, ok, brief(read.problems).join("; "));
      const errors = schemaErrors(schema, parse(body));
      assert.equal(errors.length === 0, ok, errors.join("; "));
    });
  }
});
