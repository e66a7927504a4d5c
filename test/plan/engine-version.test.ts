import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compareDeclaredVersion,
  isMajorChange,
  judgeEngineVersion,
  majorOf,
  versionMatches,
} from "../../src/plan/engine-version.js";

test("versionMatches is a dot-boundary prefix", () => {
  const cases: Array<[string, string, boolean]> = [
    ["16", "16.3", true],
    ["16.3", "16.3", true],
    ["1", "16.3", false],
    ["16.3", "16.31", false],
    ["8.0", "8.0.35", true],
    ["8", "8.0.35", true],
    ["8.0.3", "8.0.35", false],
    ["19", "19.0.0.0.ru-2024-01.rur-2024-01.r1", true],
    ["8.0.mysql_aurora.3", "8.0.mysql_aurora.3.05.2", true],
    ["16.4", "16.3", false],
  ];
  for (const [d, a, want] of cases) assert.equal(versionMatches(d, a), want, `${d} vs ${a}`);
});

test("compareDeclaredVersion compares only the declared segments, numerically", () => {
  const cases: Array<[string, string, number]> = [
    ["16", "16.3", 0],
    ["17", "16.3", 1],
    ["15", "16.3", -1],
    ["16.2", "16.3", -1],
    ["16.10", "16.9", 1],
    ["9.6", "10.4", -1],
    ["19.0.0.0.ru-2024-04", "19.0.0.0.ru-2024-01.rur-2024-01.r1", 1],
    ["8.0.36", "8.0", 1],
  ];
  for (const [d, a, want] of cases)
    assert.equal(compareDeclaredVersion(d, a), want, `${d} vs ${a}`);
});

test("majorOf knows each engine's major family", () => {
  const cases: Array<[string | undefined, string, string]> = [
    ["postgres", "16.3", "16"],
    ["postgres", "9.6.22", "9.6"],
    ["aurora-postgresql", "15.4", "15"],
    ["mysql", "8.0.35", "8.0"],
    ["mariadb", "10.11.6", "10.11"],
    ["aurora-mysql", "8.0.mysql_aurora.3.05.2", "8.0"],
    ["oracle-ee", "19.0.0.0.ru-2024-01.rur-2024-01.r1", "19"],
    ["sqlserver-se", "15.00.4365.2.v1", "15"],
    [undefined, "16.3", "16"],
  ];
  for (const [e, v, want] of cases) assert.equal(majorOf(e, v), want, `${e} ${v}`);
});

test("isMajorChange only when the family really changes", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["postgres", "16.3", "17", true],
    ["postgres", "16.3", "16.4", false],
    ["postgres", "9.6.22", "10", true],
    ["mysql", "8.0.35", "8.4", true],
    ["mysql", "8.0.35", "8.0.36", false],
    ["mysql", "8.0.35", "8", false],
    ["mariadb", "10.6.14", "10.11", true],
  ];
  for (const [e, from, to, want] of cases)
    assert.equal(isMajorChange(e, from, to), want, `${e} ${from}->${to}`);
});

test("judgeEngineVersion: match, upgrade, drift kept, downgrade", () => {
  assert.deepEqual(judgeEngineVersion("postgres", "16", "16.3", false), { kind: "match" });
  assert.deepEqual(judgeEngineVersion("postgres", "17", "16.3", false), {
    kind: "upgrade",
    major: true,
  });
  assert.deepEqual(judgeEngineVersion("postgres", "16.4", "16.3", false), {
    kind: "upgrade",
    major: false,
  });
  assert.deepEqual(judgeEngineVersion("postgres", "16.3", "16.4", true), { kind: "drift-kept" });
  assert.deepEqual(judgeEngineVersion("postgres", "16.3", "16.4", false), { kind: "downgrade" });
  assert.deepEqual(judgeEngineVersion("postgres", "15", "16.3", true), { kind: "downgrade" });
});
