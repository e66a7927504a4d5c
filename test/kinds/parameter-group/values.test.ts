import assert from "node:assert/strict";
import { test } from "node:test";
import type { Parameter } from "@aws-sdk/client-rds";
import { sameValue, valueProblem, valueToSend } from "../../../src/kinds/parameter-group/values.js";

test("values are checked against DataType and AllowedValues as RDS writes them", () => {
  const p = (DataType: string, AllowedValues?: string): Parameter => ({
    DataType,
    ...(AllowedValues === undefined ? {} : { AllowedValues }),
  });
  const cases: Array<[string, Parameter, boolean]> = [
    ["1.1", p("float", "0-1.79769e+308"), true],
    ["-0.5", p("float", "0-1.79769e+308"), false],
    ["1e3", p("float", "0-1.79769e+308"), true],
    ["-1", p("integer", "-1-2147483647"), true],
    ["-2", p("integer", "-1-2147483647"), false],
    ["2147483648", p("integer", "-1-2147483647"), false],
    ["1.5", p("integer", "0-100"), false],
    ["lots", p("integer"), false],
    ["12", p("integer"), true],
    ["1", p("boolean", "0,1"), true],
    ["on", p("boolean", "0,1"), false],
    ["DDL", p("string", "none,ddl,mod,all"), true],
    ["some", p("string", "none,ddl,mod,all"), false],
    ["pg_cron,pgaudit", p("list", "pg_cron,pgaudit,pg_stat_statements"), true],
    ["pg_cron,nope", p("list", "pg_cron,pgaudit"), false],
    ["{DBInstanceClassMemory/32768}", p("integer", "16-1073741823"), true],
    ["anything", p("string", "^[a-z]+$"), true],
    ["0", p("integer", "0,2-10"), true],
    ["1", p("integer", "0,2-10"), false],
  ];
  for (const [value, info, ok] of cases) {
    assert.equal(
      valueProblem(value, info) === undefined,
      ok,
      `${value} against ${info.AllowedValues}`,
    );
  }
});

test("a declared boolean takes the parameter's own form and matches its spellings", () => {
  const t = { value: "1", boolean: true };
  const f = { value: "0", boolean: false };
  assert.equal(valueToSend(t, { AllowedValues: "0,1" }), "1");
  assert.equal(valueToSend(f, { AllowedValues: "OFF,ON" }), "OFF");
  assert.equal(valueToSend(t, { AllowedValues: "on,off" }), "on");
  assert.equal(valueToSend(t, undefined), "1");
  assert.equal(sameValue(t, "1", "on"), true);
  assert.equal(sameValue(t, "1", "0"), false);
  // A string stays the user's: "on" is not "1".
  assert.equal(sameValue({ value: "on" }, "on", "1"), false);
  assert.equal(sameValue({ value: "0.10" }, "0.10", "0.1"), true);
  assert.equal(sameValue({ value: "256MB" }, "256MB", "262144"), false);
  assert.equal(sameValue({ value: "x" }, "x", undefined), false);
});
