import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Parameter } from "@aws-sdk/client-rds";
import { parameterGroupKind } from "../../../src/kinds/parameter-group/index.js";
import type {
  ParameterAdvice,
  ParameterGroupLive,
} from "../../../src/kinds/parameter-group/types.js";
import type { KindCall } from "../../../src/kinds/types.js";
import { declared } from "./_helpers.js";

const ARN = "arn:aws:rds:us-east-1:123456789012:pg:orders-pg16";

function liveGroup(
  parameters: Parameter[] = [],
  extra: Partial<ParameterGroupLive> = {},
  family = "postgres16",
): ParameterGroupLive {
  return {
    group: {
      DBParameterGroupName: "orders-pg16",
      DBParameterGroupFamily: family,
      Description: "orders tuning",
      DBParameterGroupArn: ARN,
    },
    parameters,
    ...extra,
  };
}

function userParam(
  name: string,
  value: string,
  applyType: "static" | "dynamic" = "dynamic",
  more: Partial<Parameter> = {},
): Parameter {
  return {
    ParameterName: name,
    ParameterValue: value,
    ApplyType: applyType,
    Source: "user",
    IsModifiable: true,
    ApplyMethod: applyType === "static" ? "pending-reboot" : "immediate",
    ...more,
  };
}

/** A small postgres16 catalogue, as DescribeEngineDefaultParameters reports it. */
const CATALOGUE = new Map<string, Parameter>(
  [
    userParam("work_mem", "4096", "dynamic", {
      DataType: "integer",
      AllowedValues: "64-2147483647",
    }),
    userParam("shared_buffers", "{DBInstanceClassMemory/32768}", "static", {
      DataType: "integer",
      AllowedValues: "16-1073741823",
    }),
    userParam("max_connections", "100", "static", {
      DataType: "integer",
      AllowedValues: "6-262143",
    }),
    userParam("rds.force_ssl", "0", "dynamic", { DataType: "boolean", AllowedValues: "0,1" }),
    userParam("log_statement", "none", "dynamic", {
      DataType: "string",
      AllowedValues: "none,ddl,mod,all",
    }),
    userParam("random_page_cost", "4", "dynamic", {
      DataType: "float",
      AllowedValues: "0-1.79769e+308",
    }),
    userParam("shared_preload_libraries", "pg_stat_statements", "static", {
      DataType: "list",
      AllowedValues: "auto_explain,pg_cron,pg_stat_statements,pgaudit",
    }),
    userParam("rds.extensions", "", "static", { IsModifiable: false, DataType: "list" }),
  ].map((p) => [p.ParameterName ?? "", { ...p, Source: "engine-default" }]),
);
const ADVICE: ParameterAdvice = { catalogues: new Map([["postgres16", CATALOGUE]]) };

const plan = parameterGroupKind.plan;

function actions(calls: readonly KindCall[]): string[] {
  return calls.map((c) => c.action);
}
function sentNames(call: KindCall | undefined): string[] {
  const params = (call?.input.Parameters ?? []) as Array<{ ParameterName: string }>;
  return params.map((p) => p.ParameterName);
}

describe("parameter group plans", () => {
  it("creates the group, then sets 25 parameters in calls of 20 and 5", () => {
    const parameters = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`p${String(i).padStart(2, "0")}`, i]),
    );
    const d = declared({ parameters, tags: { team: "data" } });
    const p = plan(d, undefined, {});
    assert.equal(p.action, "create");
    assert.deepEqual(actions(p.calls), [
      "CreateDBParameterGroup",
      "ModifyDBParameterGroup",
      "ModifyDBParameterGroup",
    ]);
    assert.deepEqual(p.calls[0]?.input, {
      DBParameterGroupName: "orders-pg16",
      DBParameterGroupFamily: "postgres16",
      Description: "Managed by rdsctl",
      Tags: [{ Key: "team", Value: "data" }],
    });
    assert.equal(sentNames(p.calls[1]).length, 20);
    assert.deepEqual(sentNames(p.calls[2]), ["p20", "p21", "p22", "p23", "p24"]);
    assert.deepEqual([...sentNames(p.calls[1]), ...sentNames(p.calls[2])], Object.keys(parameters));
    // Without a catalogue the apply type is unknown: pending-reboot, said once.
    const first = (p.calls[1]?.input.Parameters as Array<Record<string, unknown>> | undefined)?.[0];
    assert.deepEqual(first, {
      ParameterName: "p00",
      ParameterValue: "0",
      ApplyMethod: "pending-reboot",
    });
    assert.equal(p.notices.length, 1);
    assert.match(p.notices[0]?.message ?? "", /apply type of p00, p01, .*p24 is not known/);
    assert.deepEqual(
      p.changes.slice(0, 3).map((c) => [c.field, c.to, c.timing]),
      [
        ["DBParameterGroupFamily", "postgres16", "immediate"],
        ["Description", "Managed by rdsctl", "immediate"],
        ["Parameters.p00", "0", "after-reboot"],
      ],
    );
    assert.deepEqual(p.changes.at(-1), {
      field: "Tags.team",
      from: undefined,
      to: "data",
      timing: "immediate",
      downtime: false,
      sensitive: false,
    });
  });

  it("picks the apply method from the catalogue's ApplyType and the boolean form from AllowedValues", () => {
    const d = declared({
      parameters: { work_mem: 65536, max_connections: 500, "rds.force_ssl": true },
    });
    const p = plan(d, undefined, { advice: ADVICE });
    assert.equal(p.action, "create");
    assert.deepEqual(p.calls[1]?.input.Parameters, [
      { ParameterName: "work_mem", ParameterValue: "65536", ApplyMethod: "immediate" },
      { ParameterName: "max_connections", ParameterValue: "500", ApplyMethod: "pending-reboot" },
      { ParameterName: "rds.force_ssl", ParameterValue: "1", ApplyMethod: "immediate" },
    ]);
    assert.deepEqual(p.notices, []);
    assert.deepEqual(p.instanceEffects, {
      dynamic: ["work_mem", "rds.force_ssl"],
      static: ["max_connections"],
    });
  });

  it("is a no-op when values match, whatever the apply method, number spelling or boolean form", () => {
    const live = liveGroup([
      userParam("work_mem", "65536", "dynamic"),
      userParam("max_connections", "500", "static"),
      userParam("random_page_cost", "1.1", "dynamic"),
      userParam("rds.force_ssl", "1", "dynamic"),
      userParam("log_statement", "ddl", "dynamic"),
      userParam("search_path", "", "dynamic", { ParameterValue: undefined }),
      userParam("untouched", "7", "static"),
    ]);
    const d = declared({
      description: "orders tuning",
      parameters: {
        work_mem: { value: "65536", applyMethod: "pending-reboot" },
        max_connections: 500,
        random_page_cost: "1.10",
        "rds.force_ssl": true,
        log_statement: "ddl",
        search_path: "",
      },
    });
    const p = plan(d, live, { advice: ADVICE });
    assert.equal(p.action, "noop");
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.calls, []);
    assert.deepEqual(p.notices, []);
    assert.equal(p.instanceEffects, undefined);
    assert.equal(p.arn, ARN);
  });

  it("sends only the changed values, split dynamic and static, and leaves undeclared ones alone", () => {
    const live = liveGroup([
      userParam("work_mem", "4096", "dynamic"),
      userParam("max_connections", "100", "static"),
      userParam("log_statement", "ddl", "dynamic"),
      userParam("untouched", "7", "static"),
    ]);
    const d = declared({
      parameters: { work_mem: 8192, max_connections: 200, log_statement: "ddl" },
    });
    const p = plan(d, live, {});
    assert.equal(p.action, "modify");
    assert.deepEqual(p.calls, [
      {
        action: "ModifyDBParameterGroup",
        input: {
          DBParameterGroupName: "orders-pg16",
          Parameters: [
            { ParameterName: "work_mem", ParameterValue: "8192", ApplyMethod: "immediate" },
            {
              ParameterName: "max_connections",
              ParameterValue: "200",
              ApplyMethod: "pending-reboot",
            },
          ],
        },
      },
    ]);
    assert.deepEqual(
      p.changes.map((c) => [c.field, c.from, c.to, c.timing]),
      [
        ["Parameters.work_mem", "4096", "8192", "immediate"],
        ["Parameters.max_connections", "100", "200", "after-reboot"],
      ],
    );
    assert.deepEqual(p.instanceEffects, { dynamic: ["work_mem"], static: ["max_connections"] });
    // The live apply types were enough: no notice, and no catalogue was needed.
    assert.deepEqual(p.notices, []);
  });

  it("sets a declared parameter the group has not set yet, even at its default", () => {
    const p = plan(declared({ parameters: { work_mem: 4096 } }), liveGroup(), { advice: ADVICE });
    assert.equal(p.action, "modify");
    assert.deepEqual(
      p.changes.map((c) => [c.field, c.from, c.to]),
      [["Parameters.work_mem", undefined, "4096"]],
    );
  });

  it("with purgeParameters resets undeclared user-set parameters first, 20 per call", () => {
    const extra = Array.from({ length: 21 }, (_, i) =>
      userParam(`x${String(i).padStart(2, "0")}`, "1", i === 0 ? "static" : "dynamic"),
    );
    const live = liveGroup([userParam("work_mem", "4096"), ...extra]);
    const d = declared({ parameters: { work_mem: 8192 } }, { purgeParameters: true });
    const p = plan(d, live, {});
    assert.equal(p.action, "modify");
    assert.deepEqual(actions(p.calls), [
      "ResetDBParameterGroup",
      "ResetDBParameterGroup",
      "ModifyDBParameterGroup",
    ]);
    assert.equal(sentNames(p.calls[0]).length, 20);
    assert.deepEqual(sentNames(p.calls[1]), ["x20"]);
    assert.equal(p.calls[0]?.input.ResetAllParameters, false);
    const resets = p.calls[0]?.input.Parameters as Array<Record<string, unknown>>;
    assert.deepEqual(resets[0], { ParameterName: "x00", ApplyMethod: "pending-reboot" });
    assert.deepEqual(resets[1], { ParameterName: "x01", ApplyMethod: "immediate" });
    assert.deepEqual(p.changes[0], {
      field: "Parameters.x00",
      from: "1",
      to: undefined,
      timing: "after-reboot",
      downtime: false,
      sensitive: false,
    });
    assert.equal(p.changes.at(-1)?.field, "Parameters.work_mem");
    assert.deepEqual(p.instanceEffects?.static, ["x00"]);
    assert.equal(p.instanceEffects?.dynamic.length, 21);
    // Without the policy, the same live group only gets its declared change.
    const kept = plan(declared({ parameters: { work_mem: 8192 } }), live, {});
    assert.deepEqual(actions(kept.calls), ["ModifyDBParameterGroup"]);
  });

  it("blocks a family change before any call, with the way out", () => {
    const live = liveGroup([userParam("work_mem", "4096")], {}, "postgres15");
    const p = plan(declared({ parameters: { work_mem: 8192 } }), live, {});
    assert.equal(p.action, "blocked");
    assert.deepEqual(p.calls, []);
    assert.equal(p.blocked.length, 1);
    assert.equal(p.blocked[0]?.kind, "immutable");
    assert.equal(p.blocked[0]?.field, "DBParameterGroupFamily");
    assert.equal(
      p.blocked[0]?.reason,
      "orders-pg16: the family cannot change from postgres15 to postgres16 (RDS has no such " +
        "modification). Create a new group under a new name with family postgres16, then point " +
        "the instances at it; or revert the spec (/specs/groups.yaml:3).",
    );
  });

  it("checks names and values against the engine defaults, at the parameter's line", () => {
    const d = declared({
      parameters: {
        work_mem: 32,
        wrok_mem: 1,
        max_connections: "lots",
        random_page_cost: "1.5",
        log_statement: "everything",
        shared_preload_libraries: "pg_stat_statements,pg_cronn",
        "rds.extensions": "x",
        shared_buffers: { value: "{DBInstanceClassMemory/16384}", applyMethod: "immediate" },
      },
    });
    const p = plan(d, undefined, { advice: ADVICE });
    assert.equal(p.action, "blocked");
    assert.deepEqual(p.calls, []);
    assert.deepEqual(
      p.blocked.map((b) => [b.field, b.kind, b.reason]),
      [
        [
          "Parameters.work_mem",
          "refused",
          'orders-pg16: work_mem: "32" is not allowed; RDS accepts 64-2147483647 (/specs/groups.yaml:10).',
        ],
        [
          "Parameters.wrok_mem",
          "refused",
          "orders-pg16: wrok_mem is not a parameter of the family postgres16; did you mean work_mem? (/specs/groups.yaml:11).",
        ],
        [
          "Parameters.max_connections",
          "refused",
          'orders-pg16: max_connections: "lots" is not a number; the parameter is of type integer (6-262143) (/specs/groups.yaml:12).',
        ],
        [
          "Parameters.log_statement",
          "refused",
          'orders-pg16: log_statement: "everything" is not allowed; RDS accepts none,ddl,mod,all (/specs/groups.yaml:14).',
        ],
        [
          "Parameters.shared_preload_libraries",
          "refused",
          'orders-pg16: shared_preload_libraries: "pg_cronn" is not allowed; RDS accepts auto_explain,pg_cron,pg_stat_statements,pgaudit (/specs/groups.yaml:15).',
        ],
        [
          "Parameters.rds.extensions",
          "immutable",
          "orders-pg16: rds.extensions is not modifiable in the family postgres16; RDS sets it. Remove it from the spec (/specs/groups.yaml:16).",
        ],
        [
          "Parameters.shared_buffers",
          "refused",
          "orders-pg16: shared_buffers is static, so RDS refuses applyMethod immediate for it; remove applyMethod or write pending-reboot (/specs/groups.yaml:17).",
        ],
      ],
    );
    assert.equal(p.instanceEffects, undefined);
    // random_page_cost (a float in range) is fine and still listed as a change.
    assert.ok(p.changes.some((c) => c.field === "Parameters.random_page_cost" && c.to === "1.5"));
  });

  it("without a catalogue, plans the same values unchecked", () => {
    const p = plan(declared({ parameters: { wrok_mem: 1 } }), liveGroup(), {});
    assert.equal(p.action, "modify");
    assert.deepEqual(sentNames(p.calls[0]), ["wrok_mem"]);
  });

  it("a long-form pending-reboot on a dynamic parameter counts as static for the instances", () => {
    const d = declared({
      parameters: { work_mem: { value: "8192", applyMethod: "pending-reboot" } },
    });
    const p = plan(d, liveGroup([userParam("work_mem", "4096", "dynamic")]), {});
    assert.deepEqual(p.instanceEffects, { dynamic: [], static: ["work_mem"] });
    assert.equal(p.changes[0]?.timing, "after-reboot");
  });

  it("tags: declared keys added, others removed only with purgeTags, reserved ones never", () => {
    const live = liveGroup([], { tags: { team: "ops", old: "1", "aws:owner": "x" } });
    const keep = plan(declared({ tags: { team: "data" } }), live, {});
    assert.deepEqual(keep.calls, [
      {
        action: "AddTagsToResource",
        input: { ResourceName: ARN, Tags: [{ Key: "team", Value: "data" }] },
      },
    ]);
    const purge = plan(declared({ tags: { team: "ops" } }, { purgeTags: true }), live, {});
    assert.deepEqual(purge.calls, [
      { action: "RemoveTagsFromResource", input: { ResourceName: ARN, TagKeys: ["old"] } },
    ]);
    assert.deepEqual(
      purge.changes.map((c) => [c.field, c.from, c.to]),
      [["Tags.old", "1", undefined]],
    );
    // Tags not declared are not compared at all.
    assert.equal(plan(declared({}), live, {}).action, "noop");
  });

  it("a different description is told, not blocked: RDS cannot change it", () => {
    const d = declared({ description: "new words", parameters: { work_mem: 8192 } });
    const p = plan(d, liveGroup([userParam("work_mem", "4096")]), {});
    assert.equal(p.action, "modify");
    assert.equal(p.notices.length, 1);
    assert.equal(p.notices[0]?.field, "Description");
    assert.match(p.notices[0]?.message ?? "", /RDS cannot change a parameter group's description/);
    assert.ok(!p.changes.some((c) => c.field === "Description"));
  });

  it("blocks a create under a family RDS refused to describe", () => {
    const advice: ParameterAdvice = {
      catalogues: new Map(),
      rejectedFamilies: new Map([["postgres16", "Invalid DB parameter group family"]]),
    };
    const p = plan(declared({}), undefined, { advice });
    assert.equal(p.action, "blocked");
    assert.equal(p.blocked[0]?.field, "DBParameterGroupFamily");
  });

  it("exports the user-set values so that the export plans as a no-op", () => {
    const live = liveGroup(
      [
        userParam("work_mem", "65536"),
        userParam("rds.force_ssl", "1"),
        userParam("search_path", "", "dynamic", { ParameterValue: undefined }),
      ],
      { tags: { team: "data", "aws:cloudformation:stack-name": "x" } },
    );
    const item = parameterGroupKind.exportItem(live);
    assert.deepEqual(item, {
      DBParameterGroupName: "orders-pg16",
      DBParameterGroupFamily: "postgres16",
      Description: "orders tuning",
      Tags: { team: "data" },
      Parameters: { work_mem: "65536", "rds.force_ssl": "1", search_path: "" },
    });
    const d = declared({
      description: item.Description as string,
      tags: item.Tags as Record<string, string>,
      parameters: item.Parameters as Record<string, unknown>,
    });
    assert.equal(plan(d, live, { advice: ADVICE }).action, "noop");
  });
});
