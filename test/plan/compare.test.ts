import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldByName } from "../../src/kinds/instance/fields/table.js";
import { compareKmsKey, compareValue } from "../../src/plan/compare.js";

test("KMS keys compare by key id when one side is an ARN", () => {
  const arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd";
  const cases: Array<[string, string, string]> = [
    ["1234abcd", arn, "equal"],
    [arn, arn, "equal"],
    ["1234ABCD", arn, "equal"],
    ["ffff", arn, "different"],
    ["arn:aws:kms:us-east-1:123456789012:key/ffff", arn, "different"],
    ["alias/app", arn, "unverifiable"],
    ["arn:aws:kms:us-east-1:123456789012:alias/app", arn, "unverifiable"],
  ];
  for (const [d, l, want] of cases) assert.equal(compareKmsKey(d, l), want, `${d} vs ${l}`);
});

test("compareValue by kind", () => {
  const f = (n: string) => {
    const def = fieldByName(n);
    assert.ok(def, n);
    return def;
  };
  const cases: Array<[string, unknown, unknown, string]> = [
    ["DBParameterGroupName", "App-PG", "app-pg", "equal"],
    ["DBName", "App", "app", "different"],
    ["AllocatedStorage", 20, 20, "equal"],
    ["MultiAZ", false, true, "different"],
    ["VpcSecurityGroupIds", ["a", "b"], ["b", "a"], "equal"],
    ["VpcSecurityGroupIds", ["a", "b"], ["a"], "different"],
    ["DomainDnsIps", ["1.1.1.1", "2.2.2.2"], ["2.2.2.2", "1.1.1.1"], "different"],
    [
      "ProcessorFeatures",
      [{ Name: "coreCount", Value: 2 }],
      [{ Name: "coreCount", Value: "2" }],
      "equal",
    ],
    [
      "ProcessorFeatures",
      [{ Name: "coreCount", Value: 2 }],
      [{ Name: "coreCount", Value: "4" }],
      "different",
    ],
    ["PerformanceInsightsKMSKeyId", "k1", "arn:aws:kms:r:1:key/k1", "equal"],
  ];
  for (const [name, d, l, want] of cases)
    assert.equal(compareValue(f(name), d, l), want, `${name}`);
});
