import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { suiteEnv } from "../helpers/env.js";
import { inputsOf, recordingApi } from "../helpers/recording-api.js";
import { staleAfterModify } from "../helpers/stale-api.js";

const PASSWORD_ENV = "RDSCTL_TEST_LIFECYCLE_PW";
const PASSWORD = "Lifecycle-pw-1234";
const password = { kind: "env", name: PASSWORD_ENV } as const;

describe("apply against the emulator: create, no-op, modify, deferred", () => {
  const t = suiteEmulator();
  let rec: ReturnType<typeof recordingApi>;
  let conn: WorkflowConnection;

  suiteEnv(PASSWORD_ENV, PASSWORD);
  beforeEach(() => {
    rec = recordingApi(t.api);
    conn = { region: "us-east-1", apiFactory: () => rec.api };
  });

  it("creates, waits until available, then plans no change and sends nothing", async () => {
    const spec = specOf(desiredInstance("orders", { MasterUserPassword: password }));
    const events: ProgressEvent[] = [];
    const first = await applySpec(spec, conn, { ...t.clock, onProgress: (e) => events.push(e) });
    assert.equal(first.plan.instances[0]?.action, "create");
    assert.deepEqual(first.result.instances[0]?.calls, ["create"]);
    assert.equal(first.result.instances[0]?.waited, true);
    assert.equal(first.result.instances[0]?.status, "available");
    assert.ok(events.some((e) => e.type === "waiting" && e.status !== "available"));
    assert.ok(events.some((e) => e.type === "stable" && e.id === "orders"));
    const live = await t.api.describeInstance("orders");
    assert.equal(live?.DBInstanceStatus, "available");
    assert.deepEqual(t.mutating(), ["CreateDBInstance"]);

    t.emulator.clearRequestLog();
    rec.calls.length = 0;
    const second = await applySpec(spec, conn, t.clock);
    assert.equal(second.plan.instances[0]?.action, "noop");
    assert.equal(second.result.mutatingCalls, 0);
    assert.deepEqual(t.mutating(), []);
    assert.deepEqual(t.actions(), ["DescribeDBInstances"]);
    assert.equal(
      rec.calls.some((c) => JSON.stringify(c.args).includes("MasterUserPassword")),
      false,
      "a second run must not send the password",
    );
  });

  it("the password is sent once at create and never appears in the emulator's log", async () => {
    const spec = specOf(desiredInstance("secretive", { MasterUserPassword: password }));
    await applySpec(spec, conn, t.clock);
    assert.deepEqual(
      inputsOf(rec.calls, "createInstance").map((c) => c.MasterUserPassword),
      [PASSWORD],
    );
    assert.equal(JSON.stringify(t.emulator.requestLog()).includes(PASSWORD), false);
  });

  it("a modify sends only the field that differs, then waits for it to be live", async () => {
    await applySpec(
      specOf(desiredInstance("grow", { MasterUserPassword: password })),
      conn,
      t.clock,
    );
    rec.calls.length = 0;
    t.emulator.clearRequestLog();
    const changed = specOf(
      desiredInstance(
        "grow",
        { MasterUserPassword: password, AllocatedStorage: 40 },
        { applyImmediately: true },
      ),
    );
    const planned = await planSpec(changed, conn);
    const inst = planned.plan.instances[0];
    assert.equal(inst?.action, "modify");
    assert.deepEqual(
      inst?.changes.map((c) => c.field),
      ["AllocatedStorage"],
    );
    const applied = await applySpec(changed, conn, t.clock);
    assert.deepEqual(applied.result.instances[0]?.calls, ["modify"]);
    const modifies = inputsOf(rec.calls, "modifyInstance");
    assert.equal(modifies.length, 1);
    assert.deepEqual(Object.keys(modifies[0] ?? {}).sort(), [
      "AllocatedStorage",
      "ApplyImmediately",
      "DBInstanceIdentifier",
    ]);
    const live = await t.api.describeInstance("grow");
    assert.equal(live?.AllocatedStorage, 40);
    assert.equal(live?.PendingModifiedValues?.AllocatedStorage, undefined);
    assert.deepEqual(t.mutating(), ["ModifyDBInstance"]);
    const again = await planSpec(changed, conn);
    assert.equal(again.plan.instances[0]?.action, "noop");
  });

  it("a deferred change is pending, plans nothing more, and lands in the maintenance window", async () => {
    await applySpec(specOf(desiredInstance("later")), conn, t.clock);
    const deferred = specOf(desiredInstance("later", { DBInstanceClass: "db.t3.small" }));
    const applied = await applySpec(deferred, conn, t.clock);
    assert.deepEqual(applied.result.instances[0]?.calls, ["modify"]);
    const pending = await t.api.describeInstance("later");
    assert.equal(pending?.DBInstanceClass, "db.t3.micro");
    assert.equal(pending?.PendingModifiedValues?.DBInstanceClass, "db.t3.small");

    t.emulator.clearRequestLog();
    const again = await applySpec(deferred, conn, t.clock);
    assert.equal(again.plan.instances[0]?.action, "noop");
    assert.deepEqual(t.mutating(), []);

    t.emulator.runMaintenanceWindow();
    t.emulator.advance(60_000);
    const live = await t.api.describeInstance("later");
    assert.equal(live?.DBInstanceClass, "db.t3.small");
    assert.equal(live?.PendingModifiedValues?.DBInstanceClass, undefined);
    assert.equal((await planSpec(deferred, conn)).plan.instances[0]?.action, "noop");
  });

  it("does not take the 'still available' moment right after a modify for done", async () => {
    const quick = { delaySeconds: 0.1, maxDelaySeconds: 0.2, timeoutSeconds: 600 };
    await applySpec(specOf(desiredInstance("trap", {}, { wait: quick })), conn, t.clock);
    const changed = specOf(
      desiredInstance(
        "trap",
        { DBInstanceClass: "db.t3.large" },
        { wait: quick, applyImmediately: true },
      ),
    );
    const events: ProgressEvent[] = [];
    const applied = await applySpec(changed, conn, {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    const polls = events.filter((e) => e.type === "waiting" || e.type === "stable");
    assert.equal(polls[0]?.type, "waiting", "the first poll must not end the wait");
    assert.equal(polls[0]?.type === "waiting" ? polls[0].status : undefined, "available");
    assert.ok(polls.some((e) => e.type === "waiting" && e.status === "modifying"));
    assert.equal(applied.result.instances[0]?.status, "available");
    const live = await t.api.describeInstance("trap");
    assert.equal(
      live?.DBInstanceClass,
      "db.t3.large",
      "the wait ends only once the change is live",
    );
  });

  it("waits for the change to show when RDS still reads available with nothing pending", async () => {
    const quick = { delaySeconds: 0.1, maxDelaySeconds: 0.2, timeoutSeconds: 600 };
    await applySpec(specOf(desiredInstance("lagging", {}, { wait: quick })), conn, t.clock);
    // Two describes after the modify answer with the pre-modify snapshot.
    const lagging = staleAfterModify(t.api, 2);
    const changed = specOf(
      desiredInstance(
        "lagging",
        { DBInstanceClass: "db.t3.large" },
        { wait: quick, applyImmediately: true },
      ),
    );
    const events: ProgressEvent[] = [];
    await applySpec(
      changed,
      { region: "us-east-1", apiFactory: () => lagging },
      {
        ...t.clock,
        onProgress: (e) => events.push(e),
      },
    );
    const polls = events.filter((e) => e.type === "waiting" || e.type === "stable");
    assert.deepEqual(
      polls.slice(0, 2).map((e) => [e.type, e.status]),
      [
        ["waiting", "available"],
        ["waiting", "available"],
      ],
      "stale 'available' reads must not end the wait",
    );
    assert.equal(polls.at(-1)?.type, "stable");
    const live = await t.api.describeInstance("lagging");
    assert.equal(live?.DBInstanceClass, "db.t3.large");
    assert.equal(live?.DBInstanceStatus, "available");
  });

  it("reconciles tags with the tag APIs on the instance ARN, and removes only with purgeTags", async () => {
    const tags = (Tags: Record<string, string>, purgeTags = false) =>
      specOf(desiredInstance("tagged", { Tags }, { policy: { purgeTags } }));
    await applySpec(tags({ team: "orders", env: "prod" }), conn, t.clock);
    rec.calls.length = 0;
    t.emulator.clearRequestLog();

    await applySpec(tags({ team: "payments" }), conn, t.clock);
    assert.deepEqual(t.mutating(), ["AddTagsToResource"]);
    const add = rec.calls.find((c) => c.method === "addTags");
    assert.match(String(add?.args[0]), /^arn:aws:rds:us-east-1:\d+:db:tagged$/);
    let live = await t.api.describeInstance("tagged");
    assert.deepEqual(Object.fromEntries((live?.TagList ?? []).map((x) => [x.Key, x.Value])), {
      team: "payments",
      env: "prod",
    });

    t.emulator.clearRequestLog();
    await applySpec(tags({ team: "payments" }, true), conn, t.clock);
    assert.deepEqual(t.mutating(), ["RemoveTagsFromResource"]);
    live = await t.api.describeInstance("tagged");
    assert.deepEqual(
      live?.TagList?.map((x) => x.Key),
      ["team"],
    );
  });
});
