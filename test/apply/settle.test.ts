import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * An instance left in a transient status by an earlier run (a wait that timed
 * out, --no-wait) is waited for even when nothing is sent; a tag-only change
 * goes out in any status, and waits only when the instance is settling anyway.
 */
describe("apply waits for settling instances and tags in any status", () => {
  const t = suiteEmulator();
  const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };

  /** Creates the instance and leaves it `creating`, as a timed-out or --no-wait apply does. */
  async function leftCreating(id: string, fields: Record<string, unknown> = {}) {
    const spec = specOf(desiredInstance(id, fields));
    await applySpec(spec, conn, { ...t.clock, wait: false });
    assert.equal((await t.api.describeInstance(id))?.DBInstanceStatus, "creating");
    t.emulator.clearRequestLog();
    return spec;
  }

  it("a noop instance still creating is waited for and reported as waited", async () => {
    const spec = await leftCreating("resume-db");
    const { plan } = await planSpec(spec, conn);
    assert.equal(plan.instances[0]?.action, "noop");
    assert.match(
      plan.instances[0]?.notices.map((n) => n.message).join("\n") ?? "",
      /still creating; apply waits for it/,
    );

    const events: ProgressEvent[] = [];
    const { result } = await applySpec(spec, conn, {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    const r = result.instances[0];
    assert.equal(r?.outcome, "unchanged");
    assert.equal(r?.waited, true);
    assert.equal(r?.status, "available");
    assert.ok((r?.waitSeconds ?? 0) > 0);
    assert.deepEqual(t.mutating(), []);
    assert.ok(events.some((e) => e.type === "settle" && e.status === "creating"));
    assert.equal((await t.api.describeInstance("resume-db"))?.DBInstanceStatus, "available");
  });

  it("with wait off, a settling instance is left alone", async () => {
    const spec = await leftCreating("nowait-db");
    const { result } = await applySpec(spec, conn, { ...t.clock, wait: false });
    assert.equal(result.instances[0]?.waited, false);
    assert.equal(result.instances[0]?.status, "creating");
  });

  for (const status of ["stopped", "incompatible-parameters"]) {
    it(`a tag-only change on an instance in status ${status} is sent at once and not waited for`, async () => {
      const id = `tags-${status}`.slice(0, 40);
      await applySpec(specOf(desiredInstance(id)), conn, t.clock);
      t.emulator.setInstanceStatus(id, status);
      const spec = specOf(desiredInstance(id, { Tags: { team: "orders" } }));
      const { plan } = await planSpec(spec, conn);
      assert.equal(plan.instances[0]?.action, "modify");
      const startedAt = t.emulator.now();
      t.emulator.clearRequestLog();
      const { result } = await applySpec(spec, conn, t.clock);
      const r = result.instances[0];
      assert.equal(r?.outcome, "modified", r?.error?.message);
      assert.deepEqual(r?.calls, ["add-tags"]);
      assert.equal(r?.waited, false);
      assert.equal(r?.status, status);
      assert.deepEqual(t.mutating(), ["AddTagsToResource"]);
      assert.equal(t.emulator.now(), startedAt, "no time spent waiting");
      const live = await t.api.describeInstance(id);
      assert.deepEqual(live?.TagList, [{ Key: "team", Value: "orders" }]);
    });
  }

  it("a tag-only change on a creating instance is sent first, then the instance is waited for", async () => {
    await leftCreating("tags-creating");
    const spec = specOf(desiredInstance("tags-creating", { Tags: { env: "dev" } }));
    const { result } = await applySpec(spec, conn, t.clock);
    const r = result.instances[0];
    assert.deepEqual(r?.calls, ["add-tags"], r?.error?.message);
    assert.equal(r?.waited, true);
    assert.equal(r?.status, "available");
    const actions = t.actions();
    assert.ok(actions.indexOf("AddTagsToResource") < actions.lastIndexOf("DescribeDBInstances"));
  });
});
