import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { applyResultToJson, renderApplyResultText } from "../../src/render/apply-result.js";
import { applyPlan, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

describe("a run that loses a create race", () => {
  const t = suiteEmulator();

  /** What the spec declares, also as the other run's CreateDBInstance. */
  const fields = {
    Engine: "postgres",
    EngineVersion: "16",
    DBInstanceClass: "db.t4g.micro",
    AllocatedStorage: 20,
    MasterUsername: "app",
    ManageMasterUserPassword: true,
    MasterUserPassword: undefined,
  };

  async function planThenLoseRace(id: string, throttleFirst: boolean) {
    const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
    const spec = specOf(desiredInstance(id, fields));
    const bound = await planSpec(spec, conn);
    assert.equal(bound.plan.instances[0]?.action, "create");
    // Another run creates the same instance between this run's plan and its create.
    const { MasterUserPassword: _none, ...created } = fields;
    await t.connect().createInstance({ DBInstanceIdentifier: id, ...created });
    if (throttleFirst) {
      t.emulator.setFaults([{ kind: "throttle", action: "CreateDBInstance", count: 1 }]);
    }
    const events: ProgressEvent[] = [];
    const result = await applyPlan(bound, { ...t.clock, onProgress: (e) => events.push(e) });
    return { result, events };
  }

  it("reports the instance as created by another run, not as created", async () => {
    const { result, events } = await planThenLoseRace("raced", false);
    const inst = result.instances[0];
    assert.equal(inst?.outcome, "unchanged");
    assert.equal(inst?.createdElsewhere, true);
    assert.ok(events.some((e) => e.type === "already-exists" && e.createdElsewhere === true));
    assert.equal(applyResultToJson(result).instances[0]?.createdElsewhere, true);
    const text = renderApplyResultText(result, { color: false });
    assert.match(text, /raced unchanged \(created by another run, available/);
    assert.match(text, /Apply complete: 0 created, 0 modified, 1 unchanged\./);
  });

  it("still knows it lost when its first attempt was throttled (answered, so it created nothing)", async () => {
    const { result } = await planThenLoseRace("raced-throttled", true);
    assert.equal(result.instances[0]?.createdElsewhere, true);
    assert.equal(result.instances[0]?.outcome, "unchanged");
  });

  it("a create whose own answer was lost stays created: an unanswered attempt may have been its own", async () => {
    const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };
    const spec = specOf(desiredInstance("own-lost", fields));
    t.emulator.setFaults([{ kind: "drop-after", action: "CreateDBInstance", count: 1 }]);
    const result = await applyPlan(await planSpec(spec, conn), t.clock);
    assert.equal(result.instances[0]?.outcome, "created");
    assert.equal(result.instances[0]?.createdElsewhere, undefined);
    assert.equal("createdElsewhere" in (applyResultToJson(result).instances[0] ?? {}), false);
  });
});
