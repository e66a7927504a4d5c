import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

describe("apply and a parameter group waiting for a reboot", () => {
  const t = suiteEmulator();
  const conn: WorkflowConnection = { region: "us-east-1", apiFactory: () => t.api };

  beforeEach(async () => {
    const raw = t.rawClient();
    await raw.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "app-pg16",
        DBParameterGroupFamily: "postgres16",
        Description: "app parameters",
      }),
    );
    raw.destroy();
    await applySpec(specOf(desiredInstance("pg")), conn, t.clock);
  });
  const groupStatus = async () =>
    (await t.api.describeInstance("pg"))?.DBParameterGroups?.map((g) => [
      g.DBParameterGroupName,
      g.ParameterApplyStatus,
    ]);

  it("reports pending-reboot and does not reboot without policy.rebootWhenNeeded", async () => {
    const spec = specOf(desiredInstance("pg", { DBParameterGroupName: "app-pg16" }));
    t.emulator.clearRequestLog();
    await applySpec(spec, conn, t.clock);
    assert.deepEqual(t.mutating(), ["ModifyDBInstance"]);
    assert.deepEqual(await groupStatus(), [["app-pg16", "pending-reboot"]]);

    t.emulator.clearRequestLog();
    const again = await applySpec(spec, conn, t.clock);
    assert.equal(again.plan.instances[0]?.action, "noop");
    assert.match(
      again.plan.instances[0]?.notices.map((n) => n.message).join("\n") ?? "",
      /pending-reboot/,
    );
    assert.deepEqual(t.mutating(), []);
  });

  it("with policy.rebootWhenNeeded, one apply switches the group, reboots and waits", async () => {
    const spec = specOf(
      desiredInstance(
        "pg",
        { DBParameterGroupName: "app-pg16" },
        { policy: { rebootWhenNeeded: true } },
      ),
    );
    t.emulator.clearRequestLog();
    const applied = await applySpec(spec, conn, t.clock);
    assert.deepEqual(t.mutating(), ["ModifyDBInstance", "RebootDBInstance"]);
    assert.deepEqual(applied.result.instances[0]?.calls, ["modify", "reboot"]);
    assert.equal(applied.result.instances[0]?.status, "available");
    assert.deepEqual(await groupStatus(), [["app-pg16", "in-sync"]]);
    t.emulator.clearRequestLog();
    assert.equal((await planSpec(spec, conn)).plan.instances[0]?.action, "noop");
  });

  it("reboots an instance already pending-reboot only when the policy allows", async () => {
    await applySpec(
      specOf(desiredInstance("pg", { DBParameterGroupName: "app-pg16" })),
      conn,
      t.clock,
    );
    const spec = specOf(
      desiredInstance(
        "pg",
        { DBParameterGroupName: "app-pg16" },
        { policy: { rebootWhenNeeded: true } },
      ),
    );
    const { plan } = await planSpec(spec, conn);
    assert.deepEqual(
      plan.instances[0]?.calls.map((c) => c.kind),
      ["reboot"],
    );
    t.emulator.clearRequestLog();
    await applySpec(spec, conn, t.clock);
    assert.deepEqual(t.mutating(), ["RebootDBInstance"]);
    assert.deepEqual(await groupStatus(), [["app-pg16", "in-sync"]]);
  });
});
