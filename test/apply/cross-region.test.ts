import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RdsApi } from "../../src/aws/rds-api.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

const SOURCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:xr-primary";

/**
 * A replica in eu-west-1 of a source in us-east-1, named by its ARN, against
 * one emulator that keeps each region apart (the region comes from each
 * request's credential scope): one SDK client per region.
 */
describe("a cross-region read replica by ARN, one emulator serving both regions", () => {
  const t = suiteEmulator();
  const clients = new Map<string, RdsApi>();
  const conn = (): WorkflowConnection => ({
    region: "us-east-1",
    apiFactory: (region) => {
      let api = clients.get(region);
      if (api === undefined) {
        api = t.connect({ region });
        clients.set(region, api);
      }
      return api;
    },
  });
  const primary = () => desiredInstance("xr-primary", { BackupRetentionPeriod: 7 });
  function replica(source: string): DesiredInstance {
    const d = desiredInstance(
      "xr-replica",
      { DBInstanceClass: "db.t3.small" },
      { replicaSource: source, region: "eu-west-1" },
    );
    for (const k of [
      "Engine",
      "EngineVersion",
      "AllocatedStorage",
      "MasterUsername",
      "MasterUserPassword",
    ])
      delete d.fields[k];
    return d;
  }

  it("creates the source and its replica in the other region in one run; the next run has no changes", async () => {
    const spec = specOf(replica(SOURCE_ARN), primary());
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.calls, i.status]),
      [
        ["xr-replica", "created", ["create-replica"], "available"],
        ["xr-primary", "created", ["create"], "available"],
      ],
    );
    const creates = t.emulator
      .requestLog()
      .filter((e) => e.action.startsWith("Create"))
      .map((e) => [e.action, e.region, e.id]);
    assert.deepEqual(creates, [
      ["CreateDBInstance", "us-east-1", "xr-primary"],
      ["CreateDBInstanceReadReplica", "eu-west-1", "xr-replica"],
    ]);

    const east = conn().apiFactory?.("us-east-1");
    const west = conn().apiFactory?.("eu-west-1");
    const live = await west?.describeInstance("xr-replica");
    assert.equal(live?.ReadReplicaSourceDBInstanceIdentifier, SOURCE_ARN);
    assert.equal(live?.DBInstanceClass, "db.t3.small");
    assert.match(live?.DBInstanceArn ?? "", /^arn:aws:rds:eu-west-1:\d{12}:db:xr-replica$/);
    // Each region keeps its own instances.
    assert.equal(await east?.describeInstance("xr-replica"), undefined);
    assert.equal(await west?.describeInstance("xr-primary"), undefined);
    const source = await east?.describeInstance("xr-primary");
    assert.deepEqual(source?.ReadReplicaDBInstanceIdentifiers, [
      "arn:aws:rds:eu-west-1:123456789012:db:xr-replica",
    ]);

    t.emulator.clearRequestLog();
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
    const rerun = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      rerun.result.instances.map((i) => i.outcome),
      ["unchanged", "unchanged"],
    );
    assert.deepEqual(t.mutating(), []);
  });

  it("a replica by ARN of a source that already exists in the other region", async () => {
    await applySpec(specOf(primary()), conn(), t.clock);
    t.emulator.clearRequestLog();
    const spec = specOf(replica(SOURCE_ARN));
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      [["xr-replica", "created"]],
    );
    assert.deepEqual(t.mutating(), ["CreateDBInstanceReadReplica"]);
    const again = await planSpec(spec, conn());
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 1, blocked: 0 });
  });
});
