import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { planToJson } from "../../src/render/plan-json.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/** Changes that restart instances now take turns; deferred ones are not held back. */
describe("rolling downtime", () => {
  const t = suiteEmulator();
  const conn = (): WorkflowConnection => ({ region: "us-east-1", apiFactory: () => t.api });
  const ids = Array.from({ length: 20 }, (_, i) => `roll-${String(i).padStart(2, "0")}`);

  /** How many instances were restarting at once, at most, seen from every describe answer. */
  function watchRestarts(): { max: () => number; onProgress: (e: ProgressEvent) => void } {
    const modifying = new Set<string>();
    let max = 0;
    return {
      max: () => max,
      onProgress: (e) => {
        if (e.type === "waiting" || e.type === "stable") {
          if (e.status === "modifying") modifying.add(e.id);
          else modifying.delete(e.id);
        }
        if (e.type === "call-done" && e.call === "modify") modifying.add(e.id);
        max = Math.max(max, modifying.size);
      },
    };
  }

  it("a class change on 20 instances restarts one at a time, each stable before the next modify", async () => {
    await applySpec(specOf(...ids.map((id) => desiredInstance(id))), conn(), t.clock);
    t.emulator.clearRequestLog();
    const spec = specOf(
      ...ids.map((id) =>
        desiredInstance(id, { DBInstanceClass: "db.t3.small" }, { applyImmediately: true }),
      ),
    );
    const bound = await planSpec(spec, conn());
    assert.equal(planToJson(bound.plan).summary.downtimeNow, 20);
    const watch = watchRestarts();
    const { result } = await applySpec(spec, conn(), { ...t.clock, onProgress: watch.onProgress });
    assert.ok(result.instances.every((i) => i.outcome === "modified" && i.status === "available"));
    assert.equal(watch.max(), 1);
    // From the request log: between two modifies, the one modified before was seen available.
    const log = t.emulator.requestLog();
    const modifies = log.flatMap((e, i) => (e.action === "ModifyDBInstance" ? [i] : []));
    assert.equal(modifies.length, 20);
    for (let k = 1; k < modifies.length; k++) {
      const between = log.slice(modifies[k - 1], modifies[k]);
      assert.ok(
        between.some((e) => e.action === "DescribeDBInstances"),
        "a describe saw the previous instance stable before the next modify",
      );
    }
    for (const id of ids) {
      const live = await t.api.describeInstance(id);
      assert.equal(live?.DBInstanceClass, "db.t3.small");
    }
  });

  it("--max-parallel-downtime 4 lets four restart together; deferred changes are not held back", async () => {
    await applySpec(specOf(...ids.slice(0, 8).map((id) => desiredInstance(id))), conn(), t.clock);
    const now = ids
      .slice(0, 8)
      .map((id) =>
        desiredInstance(id, { DBInstanceClass: "db.t3.small" }, { applyImmediately: true }),
      );
    const watch = watchRestarts();
    await applySpec(specOf(...now), conn(), {
      ...t.clock,
      maxParallelDowntime: 4,
      onProgress: watch.onProgress,
    });
    assert.equal(watch.max(), 4);
    // Deferred to the maintenance window: nothing restarts now, so nothing takes turns.
    const deferred = ids
      .slice(0, 8)
      .map((id) => desiredInstance(id, { DBInstanceClass: "db.t3.medium" }));
    const bound = await planSpec(specOf(...deferred), conn());
    assert.equal(planToJson(bound.plan).summary.downtimeNow, 0);
    const queued: string[] = [];
    await applySpec(specOf(...deferred), conn(), {
      ...t.clock,
      onProgress: (e) => {
        if (e.type === "downtime-queued") queued.push(e.id);
      },
    });
    assert.deepEqual(queued, []);
  });
});
