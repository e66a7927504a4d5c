import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as sdk from "@aws-sdk/client-rds";
import { parameterGroupKind as kind } from "../../../src/kinds/parameter-group/index.js";
import type { ParameterGroupLive } from "../../../src/kinds/parameter-group/types.js";
import type { DeclaredResource, KindApi, KindPlanContext } from "../../../src/kinds/types.js";
import { suiteEmulator } from "../../helpers/emulator.js";
import { declared } from "./_helpers.js";

/**
 * The kind against the emulator over HTTP with the real SDK: what it plans,
 * sent as the executor sends it (`${action}Command`), read back and planned
 * again.
 */

/** Twenty-five PostgreSQL 16 settings with values inside RDS's documented ranges. */
const TWENTY_FIVE: Record<string, unknown> = {
  work_mem: 65536,
  maintenance_work_mem: 131072,
  random_page_cost: 1.1,
  seq_page_cost: 1,
  effective_io_concurrency: 200,
  log_min_duration_statement: 250,
  log_connections: true,
  log_disconnections: true,
  log_lock_waits: true,
  log_temp_files: 0,
  log_autovacuum_min_duration: 1000,
  autovacuum_naptime: 30,
  autovacuum_vacuum_scale_factor: 0.05,
  autovacuum_analyze_scale_factor: 0.02,
  autovacuum_vacuum_cost_limit: 2000,
  idle_in_transaction_session_timeout: 600000,
  statement_timeout: 0,
  lock_timeout: 0,
  default_statistics_target: 200,
  checkpoint_completion_target: 0.9,
  track_io_timing: true,
  deadlock_timeout: 1000,
  temp_file_limit: -1,
  max_connections: 500,
  shared_buffers: 32768,
};

describe("the parameter-group kind against the emulator", () => {
  const t = suiteEmulator();
  let client: sdk.RDSClient;
  let api: KindApi;
  before(() => {
    client = t.rawClient();
    const commands = sdk as unknown as Record<string, new (input: unknown) => unknown>;
    api = {
      async send(action, input) {
        const Command = commands[`${action}Command`];
        assert.ok(Command, `the SDK has ${action}Command`);
        // biome-ignore lint/suspicious/noExplicitAny: the command is picked by name
        return (await client.send(new Command(input) as any)) as unknown as Record<string, unknown>;
      },
    };
  });
  after(() => client.destroy());

  /** Reads, advises and plans one declared group, as the pipeline does. */
  async function planOne(d: DeclaredResource) {
    const live = await kind.read(api, [d.id], [d]);
    const { advice, warnings } = await kind.advise!(api, [d], live, "us-east-1");
    const ctx: KindPlanContext = advice === undefined ? {} : { advice };
    return { plan: kind.plan(d, live[0] as ParameterGroupLive | undefined, ctx), warnings, live };
  }

  async function send(calls: ReadonlyArray<{ action: string; input: Record<string, unknown> }>) {
    for (const c of calls) await api.send(c.action, c.input);
  }

  it("creates a group of 25 parameters in 20 + 5, then plans it as a no-op with no advisory read", async () => {
    const d = declared({ parameters: TWENTY_FIVE, tags: { team: "data" } });
    const first = await planOne(d);
    assert.deepEqual(first.warnings, []);
    assert.deepEqual(first.plan.blocked, []);
    assert.equal(first.plan.action, "create");
    assert.deepEqual(
      first.plan.calls.map((c) => c.action),
      ["CreateDBParameterGroup", "ModifyDBParameterGroup", "ModifyDBParameterGroup"],
    );
    // The catalogue knew every apply type.
    assert.deepEqual(first.plan.notices, []);
    assert.ok(first.plan.instanceEffects?.static.includes("max_connections"));
    assert.ok(first.plan.instanceEffects?.dynamic.includes("work_mem"));
    await send(first.plan.calls);

    t.emulator.clearRequestLog();
    const second = await planOne(d);
    assert.equal(second.plan.action, "noop", JSON.stringify(second.plan.changes));
    assert.equal(second.live[0]?.parameters.length, 25);
    assert.deepEqual(t.actions().sort(), [
      "DescribeDBParameterGroups",
      "DescribeDBParameters",
      "ListTagsForResource",
    ]);
  });

  it("a dynamic change is one ModifyDBParameterGroup applied immediately", async () => {
    const d = declared({ parameters: { work_mem: 65536 } });
    await send((await planOne(d)).plan.calls);
    const changed = declared({ parameters: { work_mem: 131072 } });
    const { plan } = await planOne(changed);
    assert.equal(plan.action, "modify");
    assert.deepEqual(plan.calls, [
      {
        action: "ModifyDBParameterGroup",
        input: {
          DBParameterGroupName: "orders-pg16",
          Parameters: [
            { ParameterName: "work_mem", ParameterValue: "131072", ApplyMethod: "immediate" },
          ],
        },
      },
    ]);
    assert.deepEqual(plan.instanceEffects, { dynamic: ["work_mem"], static: [] });
  });

  it("blocks a misspelt name with a did-you-mean, and a family change, before any call", async () => {
    const typo = await planOne(declared({ parameters: { wrok_mem: 1024 } }));
    assert.equal(typo.plan.action, "blocked");
    assert.match(typo.plan.blocked[0]?.reason ?? "", /did you mean work_mem\?/);

    await send((await planOne(declared({ parameters: { work_mem: 65536 } }))).plan.calls);
    t.emulator.clearRequestLog();
    const moved = await planOne(
      declared({ family: "postgres17", parameters: { work_mem: 65536 } }),
    );
    assert.equal(moved.plan.action, "blocked");
    assert.equal(moved.plan.blocked[0]?.field, "DBParameterGroupFamily");
    assert.ok(!t.actions().includes("DescribeEngineDefaultParameters"));
  });
});
