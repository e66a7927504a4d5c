import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Parameter } from "@aws-sdk/client-rds";
import { AwsCallError } from "../../../src/errors.js";
import { parameterGroupKind } from "../../../src/kinds/parameter-group/index.js";
import type { ParameterAdvice } from "../../../src/kinds/parameter-group/types.js";
import type { KindApi } from "../../../src/kinds/types.js";
import { declared } from "./_helpers.js";

interface Call {
  action: string;
  input: Record<string, unknown>;
}

/**
 * A KindApi over plain data that pages as RDS does (MaxRecords, Marker) and
 * records every call, so the tests count what the kind asks.
 */
function fakeApi(opts: {
  groups: string[];
  families?: Record<string, string>;
  userParameters?: Record<string, Parameter[]>;
  tags?: Record<string, Record<string, string>>;
  defaults?: Record<string, Parameter[]>;
  fail?: Record<string, Error>;
}): { api: KindApi; calls: Call[] } {
  const calls: Call[] = [];
  const page = <T>(items: T[], input: Record<string, unknown>) => {
    const size = Number(input.MaxRecords ?? 100);
    assert.ok(size >= 20 && size <= 100, `MaxRecords ${size} out of RDS's range`);
    const start = Number(input.Marker ?? 0);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { items: items.slice(start, start + size), next };
  };
  const api: KindApi = {
    async send(action, input) {
      calls.push({ action, input });
      const failure = opts.fail?.[action];
      if (failure) throw failure;
      switch (action) {
        case "DescribeDBParameterGroups": {
          const all = [...opts.groups].sort().map((name) => ({
            DBParameterGroupName: name,
            DBParameterGroupFamily: opts.families?.[name] ?? "postgres16",
            Description: "d",
            DBParameterGroupArn: `arn:aws:rds:us-east-1:123456789012:pg:${name}`,
          }));
          const { items, next } = page(all, input);
          return { DBParameterGroups: items, ...(next ? { Marker: next } : {}) };
        }
        case "DescribeDBParameters": {
          assert.equal(input.Source, "user");
          const all = opts.userParameters?.[String(input.DBParameterGroupName)] ?? [];
          const { items, next } = page(all, input);
          return { Parameters: items, ...(next ? { Marker: next } : {}) };
        }
        case "ListTagsForResource": {
          const name = String(input.ResourceName).split(":").at(-1) ?? "";
          return {
            TagList: Object.entries(opts.tags?.[name] ?? {}).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          };
        }
        case "DescribeEngineDefaultParameters": {
          const all = opts.defaults?.[String(input.DBParameterGroupFamily)] ?? [];
          const { items, next } = page(all, input);
          return {
            EngineDefaults: {
              DBParameterGroupFamily: input.DBParameterGroupFamily,
              Parameters: items,
              ...(next ? { Marker: next } : {}),
            },
          };
        }
        default:
          throw new Error(`unexpected ${action}`);
      }
    },
  };
  return { api, calls };
}

function count(calls: readonly Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.action] = (out[c.action] ?? 0) + 1;
  return out;
}

const params = (n: number, prefix = "p"): Parameter[] =>
  Array.from({ length: n }, (_, i) => ({
    ParameterName: `${prefix}${String(i).padStart(3, "0")}`,
    ParameterValue: String(i),
    ApplyType: "dynamic",
    Source: "user",
    DataType: "integer",
    AllowedValues: "0-1000",
    IsModifiable: true,
  }));

describe("reading parameter groups", () => {
  it("one paged listing plus one paged parameter read per declared group that exists", async () => {
    const groups = Array.from({ length: 250 }, (_, i) => `g${String(i).padStart(3, "0")}`);
    const { api, calls } = fakeApi({
      groups,
      userParameters: { g010: params(150), g249: params(3) },
    });
    const ids = ["g010", "g249", "missing"];
    const live = await parameterGroupKind.read(
      api,
      ids,
      ids.map((id) => declared({ name: id })),
    );
    assert.deepEqual(
      live.map((l) => [parameterGroupKind.liveId(l), l.parameters.length, l.tags]),
      [
        ["g010", 150, undefined],
        ["g249", 3, undefined],
      ],
    );
    // 250 groups: 3 listing pages; g010's 150 parameters: 2 pages; g249: 1.
    assert.deepEqual(count(calls), { DescribeDBParameterGroups: 3, DescribeDBParameters: 3 });
    assert.ok(calls.every((c) => c.input.MaxRecords === 100));
  });

  it("stops listing once every declared group is found", async () => {
    const groups = Array.from({ length: 250 }, (_, i) => `g${String(i).padStart(3, "0")}`);
    const { api, calls } = fakeApi({ groups });
    await parameterGroupKind.read(api, ["g001"], [declared({ name: "g001" })]);
    assert.deepEqual(count(calls), { DescribeDBParameterGroups: 1, DescribeDBParameters: 1 });
  });

  it("lists tags only for the items that declare Tags (all, when it is not told)", async () => {
    const { api, calls } = fakeApi({
      groups: ["a", "b"],
      tags: { a: { team: "x" }, b: { k: "v" } },
    });
    const live = await parameterGroupKind.read(
      api,
      ["a", "b"],
      [declared({ name: "a", tags: { team: "x" } }), declared({ name: "b" })],
    );
    assert.deepEqual(
      live.map((l) => l.tags),
      [{ team: "x" }, undefined],
    );
    assert.equal(count(calls).ListTagsForResource, 1);
    const untold = fakeApi({ groups: ["a", "b"], tags: { a: { team: "x" } } });
    const all = await parameterGroupKind.read(untold.api, ["a", "b"]);
    assert.deepEqual(
      all.map((l) => l.tags),
      [{ team: "x" }, {}],
    );
  });

  it("reads nothing when nothing is declared", async () => {
    const { api, calls } = fakeApi({ groups: ["a"] });
    assert.deepEqual(await parameterGroupKind.read(api, []), []);
    assert.equal(calls.length, 0);
  });
});

describe("engine-default advice", () => {
  const advise = parameterGroupKind.advise!;

  it("makes no read when every group matches", async () => {
    const { api, calls } = fakeApi({ groups: ["a"], userParameters: { a: params(2) } });
    const d = [declared({ name: "a", parameters: { p000: 0, p001: "1" } })];
    const live = await parameterGroupKind.read(api, ["a"], d);
    calls.length = 0;
    const out = await advise(api, d, live, "us-east-1");
    assert.deepEqual(out, { warnings: [] });
    assert.equal(calls.length, 0);
  });

  it("reads each family with something to send once, every page, and skips blocked family changes", async () => {
    const { api, calls } = fakeApi({
      groups: ["a", "b", "c"],
      families: { c: "postgres15" },
      userParameters: { a: params(1) },
      defaults: { postgres16: params(230), "mysql8.0": params(5, "m") },
    });
    const d = [
      declared({ name: "a", parameters: { p000: 5 } }),
      declared({ name: "b", parameters: { p001: 1 } }),
      declared({ name: "c", parameters: { p001: 1 } }),
      declared({ name: "new-my", family: "mysql8.0", parameters: { m001: 1 } }),
    ];
    const live = await parameterGroupKind.read(api, ["a", "b", "c", "new-my"], d);
    calls.length = 0;
    const out = await advise(api, d, live, "us-east-1");
    assert.deepEqual(out.warnings, []);
    const advice = out.advice as ParameterAdvice;
    assert.deepEqual([...advice.catalogues.keys()].sort(), ["mysql8.0", "postgres16"]);
    assert.equal(advice.catalogues.get("postgres16")?.size, 230);
    // postgres16: 3 pages (230 entries); mysql8.0: 1; postgres15 (blocked change): none.
    assert.deepEqual(count(calls), { DescribeEngineDefaultParameters: 4 });
    assert.deepEqual(calls.map((c) => c.input.DBParameterGroupFamily).sort(), [
      "mysql8.0",
      "postgres16",
      "postgres16",
      "postgres16",
    ]);
    // The planner then checks against it.
    const bad = parameterGroupKind.plan(
      declared({ name: "b", parameters: { p001: 5000 } }),
      live[1],
      {
        advice,
      },
    );
    assert.equal(bad.action, "blocked");
    assert.match(bad.blocked[0]?.reason ?? "", /"5000" is not allowed; RDS accepts 0-1000/);
  });

  it("a denied, unserved or empty catalogue is a warning, never a failure", async () => {
    const denied = new AwsCallError("not authorized", "AccessDenied");
    const cases: Array<[string, Error | undefined, RegExp]> = [
      ["denied", denied, /rds:DescribeEngineDefaultParameters answered AccessDenied/],
      [
        "not served",
        new AwsCallError("unknown action", "InvalidAction"),
        /rds:DescribeEngineDefaultParameters answered InvalidAction/,
      ],
      ["empty", undefined, /lists no parameter of postgres16/],
    ];
    for (const [name, error, message] of cases) {
      const { api } = fakeApi({
        groups: [],
        ...(error === undefined ? {} : { fail: { DescribeEngineDefaultParameters: error } }),
      });
      const out = await advise(api, [declared({ name: "new" })], [], "eu-west-1");
      assert.equal(out.warnings.length, 1, name);
      assert.equal(out.warnings[0]?.check, "parameter-catalogue");
      assert.deepEqual(out.warnings[0]?.ids, ["new"]);
      assert.equal(out.warnings[0]?.region, "eu-west-1");
      assert.match(out.warnings[0]?.message ?? "", message, name);
      assert.equal((out.advice as ParameterAdvice).catalogues.size, 0);
    }
  });

  it("a program fault is not an answer: it is thrown, not turned into a warning", async () => {
    const { api } = fakeApi({
      groups: [],
      fail: { DescribeEngineDefaultParameters: new TypeError("bug") },
    });
    await assert.rejects(advise(api, [declared({ name: "new" })], [], "us-east-1"), TypeError);
  });

  it("a family RDS refuses is kept as a fact for the planner", async () => {
    const { api } = fakeApi({
      groups: [],
      fail: {
        DescribeEngineDefaultParameters: new AwsCallError(
          "Invalid family",
          "InvalidParameterValue",
        ),
      },
    });
    const out = await advise(
      api,
      [declared({ name: "new", family: "postgres99" })],
      [],
      "us-east-1",
    );
    assert.deepEqual(out.warnings, []);
    const advice = out.advice as ParameterAdvice;
    assert.equal(advice.rejectedFamilies?.get("postgres99"), "Invalid family");
  });
});
