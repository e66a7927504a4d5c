import assert from "node:assert/strict";
import { test } from "node:test";
import type { Parameter } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { parameterGroupKind } from "../../../src/kinds/parameter-group/index.js";
import type { ParameterGroupLive } from "../../../src/kinds/parameter-group/types.js";
import type { KindCall } from "../../../src/kinds/types.js";
import { declared } from "./_helpers.js";

/**
 * A small model of what RDS does with the kind's calls: the group is made,
 * each ModifyDBParameterGroup sets at most 20 values (stored as sent), each
 * reset removes user-set ones, tags are kept as sent.
 */
function applyCalls(
  live: ParameterGroupLive | undefined,
  calls: readonly KindCall[],
): ParameterGroupLive {
  let out: ParameterGroupLive = live ?? {
    group: {
      DBParameterGroupName: "orders-pg16",
      DBParameterGroupFamily: "postgres16",
      Description: "d",
      DBParameterGroupArn: "arn:aws:rds:us-east-1:123456789012:pg:orders-pg16",
    },
    parameters: [],
    tags: {},
  };
  for (const call of calls) {
    const params = (call.input.Parameters ?? []) as Parameter[];
    switch (call.action) {
      case "CreateDBParameterGroup": {
        const tags = (call.input.Tags ?? []) as Array<{ Key: string; Value: string }>;
        out = { ...out, tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) };
        break;
      }
      case "ModifyDBParameterGroup": {
        assert.ok(
          params.length >= 1 && params.length <= 20,
          `${params.length} parameters in one call`,
        );
        const byName = new Map(out.parameters.map((p) => [p.ParameterName, p]));
        for (const p of params) {
          byName.set(p.ParameterName, {
            ParameterName: p.ParameterName,
            ParameterValue: p.ParameterValue,
            ApplyType: p.ApplyMethod === "immediate" ? "dynamic" : "static",
            Source: "user",
            IsModifiable: true,
          });
        }
        out = { ...out, parameters: [...byName.values()] };
        break;
      }
      case "ResetDBParameterGroup": {
        assert.ok(params.length >= 1 && params.length <= 20);
        const gone = new Set(params.map((p) => p.ParameterName));
        out = { ...out, parameters: out.parameters.filter((p) => !gone.has(p.ParameterName)) };
        break;
      }
      case "AddTagsToResource": {
        const tags = call.input.Tags as Array<{ Key: string; Value: string }>;
        out = {
          ...out,
          tags: { ...out.tags, ...Object.fromEntries(tags.map((t) => [t.Key, t.Value])) },
        };
        break;
      }
      case "RemoveTagsFromResource": {
        const keys = new Set(call.input.TagKeys as string[]);
        out = {
          ...out,
          tags: Object.fromEntries(Object.entries(out.tags ?? {}).filter(([k]) => !keys.has(k))),
        };
        break;
      }
      default:
        assert.fail(`unexpected call ${call.action}`);
    }
  }
  return out;
}

// A small pool first, so that declared and live names meet often.
const name = fc.oneof(
  fc.constantFrom("work_mem", "rds.force_ssl", "max_connections", "a", "b", "c"),
  fc.stringMatching(/^[a-z][a-z_.]{0,20}$/),
);
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.boolean(),
  fc.record({
    value: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
    applyMethod: fc.constantFrom("immediate", "pending-reboot"),
  }),
);
const live = fc.array(
  fc.record({
    ParameterName: name,
    ParameterValue: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("1", "0", "on", "off")),
    ApplyType: fc.constantFrom("static", "dynamic"),
  }),
  { maxLength: 40 },
);

test("applying a plan converges: the next plan of the same spec is a no-op", () => {
  fc.assert(
    fc.property(
      fc.dictionary(name, value, { maxKeys: 60 }),
      live,
      fc.boolean(),
      fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), { maxKeys: 4 }),
      fc.boolean(),
      (parameters, liveParams, exists, tags, purge) => {
        const d = declared({ parameters, tags }, { purgeParameters: purge, purgeTags: purge });
        const before = exists ? applyCalls(undefined, []) : undefined;
        if (before !== undefined) {
          const unique = new Map(
            liveParams.map((p) => [p.ParameterName, { ...p, Source: "user" }]),
          );
          before.parameters = [...unique.values()];
        }
        const first = parameterGroupKind.plan(d, before, {});
        if (first.action === "blocked") {
          // The one refusal possible here: applyMethod immediate on a parameter RDS says is static.
          for (const b of first.blocked)
            assert.match(b.reason, /is static, so RDS refuses applyMethod immediate/);
          assert.deepEqual(first.calls, []);
          return;
        }
        const after = applyCalls(before, first.calls);
        const second = parameterGroupKind.plan(d, after, {});
        assert.equal(second.action, "noop", JSON.stringify(second.changes));
        assert.deepEqual(second.calls, []);
        // Exported and read back, the group plans as a no-op too.
        const item = parameterGroupKind.exportItem(after);
        const again = declared({
          parameters: (item.Parameters ?? {}) as Record<string, unknown>,
          ...(item.Tags === undefined ? {} : { tags: item.Tags as Record<string, string> }),
        });
        assert.equal(parameterGroupKind.plan(again, after, {}).action, "noop");
      },
    ),
    { numRuns: 300 },
  );
});
