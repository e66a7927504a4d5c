import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { UsageError } from "../../src/errors.js";
import { applySpec, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { restoreEnvAfterEach } from "../helpers/env.js";
import { inputsOf, type RecordedCall, recordingApi } from "../helpers/recording-api.js";

const REGION_ENV = [
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
];

describe("workflow: regions, and instances that are busy when apply starts", () => {
  const t = suiteEmulator();
  restoreEnvAfterEach(REGION_ENV);

  it("describes each region's declared instances through that region's client", async () => {
    const calls = new Map<string, RecordedCall[]>();
    const apiFactory = (region: string) => {
      const rec = recordingApi(t.api);
      calls.set(region, rec.calls);
      return rec.api;
    };
    const spec = specOf(
      desiredInstance("east-a"),
      desiredInstance("west-a", {}, { region: "us-west-2" }),
      desiredInstance("east-b"),
    );
    const { plan } = await planSpec(spec, { region: "us-east-1", apiFactory });
    assert.deepEqual([...calls.keys()].sort(), ["us-east-1", "us-west-2"]);
    const described = (region: string) =>
      calls
        .get(region)
        ?.filter((c) => c.method === "describeInstances")
        .map((c) => c.args[0]);
    assert.deepEqual(described("us-east-1"), [["east-a", "east-b"]]);
    assert.deepEqual(described("us-west-2"), [["west-a"]]);
    assert.deepEqual(
      plan.instances.map((i) => [i.id, i.action]),
      [
        ["east-a", "create"],
        ["west-a", "create"],
        ["east-b", "create"],
      ],
    );
  });

  it("says how to set a region when none is configured anywhere", async () => {
    for (const k of REGION_ENV) delete process.env[k];
    process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/rdsctl-test/credentials";
    const err = await planSpec(specOf(desiredInstance("nowhere")), {
      apiFactory: () => t.api,
    }).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof UsageError);
    assert.match(err.message, /nowhere/);
    assert.match(err.message, /--region/);
    assert.match(err.message, /AWS_REGION/);
  });

  it("refuses a password rotation for an undeclared id before describing anything, matching ids without case", async () => {
    const rec = recordingApi(t.api);
    const spec = specOf(desiredInstance("known-db"));
    const conn = { region: "us-east-1", apiFactory: () => rec.api };
    const err = await planSpec(spec, conn, {
      rotatePassword: new Set(["Known-DB", "nope-db"]),
    }).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof UsageError);
    assert.equal(
      err.message,
      "password rotation asked for nope-db, which the spec does not declare; declared: known-db",
    );
    assert.equal(rec.calls.length, 0);
    await planSpec(spec, conn, { rotatePassword: new Set(["KNOWN-db"]) });
    assert.equal(rec.calls.filter((c) => c.method === "describeInstances").length, 1);
  });

  it("takes the SDK's default region (AWS_REGION) when neither spec nor flags give one", async () => {
    for (const k of REGION_ENV) delete process.env[k];
    process.env.AWS_REGION = "eu-central-1";
    const regions: string[] = [];
    await planSpec(specOf(desiredInstance("envregion")), {
      apiFactory: (region) => {
        regions.push(region);
        return t.api;
      },
    });
    assert.deepEqual(regions, ["eu-central-1"]);
  });

  it("takes AWS_DEFAULT_REGION after AWS_REGION, as the AWS CLI does", async () => {
    for (const k of REGION_ENV) delete process.env[k];
    process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
    process.env.AWS_DEFAULT_REGION = "eu-west-3";
    const regions: string[] = [];
    const apiFactory = (region: string) => {
      regions.push(region);
      return t.api;
    };
    await planSpec(specOf(desiredInstance("defregion")), { apiFactory });
    process.env.AWS_REGION = "eu-central-1";
    await planSpec(specOf(desiredInstance("defregion")), { apiFactory });
    assert.deepEqual(regions, ["eu-west-3", "eu-central-1"]);
  });

  it("waits for an instance that is still creating before modifying it", async () => {
    const conn = { region: "us-east-1", apiFactory: () => t.api };
    await applySpec(specOf(desiredInstance("young")), conn, { ...t.clock, wait: false });
    assert.equal((await t.api.describeInstance("young"))?.DBInstanceStatus, "creating");
    const spec = specOf(
      desiredInstance("young", { BackupRetentionPeriod: 5 }, { applyImmediately: true }),
    );
    t.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const applied = await applySpec(spec, conn, { ...t.clock, onProgress: (e) => events.push(e) });
    assert.equal(applied.plan.instances[0]?.action, "modify");
    assert.ok(events.some((e) => e.type === "wait-before" && e.status === "creating"));
    const modifies = t.emulator.requestLog().filter((e) => e.action === "ModifyDBInstance");
    assert.deepEqual(
      modifies.map((m) => m.status),
      [200],
      "the modify is sent once, after the instance is available",
    );
    assert.equal((await t.api.describeInstance("young"))?.BackupRetentionPeriod, 5);
  });

  it("with wait=false returns after the calls, without polling", async () => {
    const rec = recordingApi(t.api);
    const applied = await applySpec(
      specOf(desiredInstance("nowait")),
      { region: "us-east-1", apiFactory: () => rec.api },
      { ...t.clock, wait: false },
    );
    assert.equal(applied.result.instances[0]?.waited, false);
    assert.equal(applied.result.instances[0]?.status, "creating");
    assert.deepEqual(
      rec.calls.map((c) => c.method),
      // The plan's read, the plan-time checks' reads (class orderable, and the
      // region's instances for rename hints), then the one call.
      ["describeInstances", "describeOrderable", "describeAllInstances", "createInstance"],
    );
    assert.equal(inputsOf(rec.calls, "createInstance").length, 1);
  });

  it("a password rotation for an undeclared instance is a UsageError naming it, before any call", async () => {
    const rec = recordingApi(t.api);
    const conn = { region: "us-east-1", apiFactory: () => rec.api };
    const spec = specOf(desiredInstance("declared-db"));
    for (const run of [
      () => planSpec(spec, conn, { rotatePassword: new Set(["ghost-db"]) }),
      () => applySpec(spec, conn, { planOptions: { rotatePassword: new Set(["ghost-db"]) } }),
    ]) {
      await assert.rejects(run, (err: unknown) => {
        assert.ok(err instanceof UsageError);
        assert.match(err.message, /ghost-db.*not declare.*declared: declared-db/);
        return true;
      });
    }
    assert.deepEqual(rec.calls, []);
  });
});
