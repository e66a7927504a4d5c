import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { ApplyFailedError, ChangeBlockedError, WaitTimeoutError } from "../../src/errors.js";
import { applyPlan, applySpec, planSpec, type WorkflowConnection } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { suiteEnv } from "../helpers/env.js";
import { inputsOf, recordingApi } from "../helpers/recording-api.js";

const PASSWORD_ENV = "RDSCTL_TEST_FAULTS_PW";
const PASSWORD = "Faults-pw-98765";
const password = { kind: "env", name: PASSWORD_ENV } as const;

describe("apply against the emulator: lost answers, busy instances, timeouts, refusals", () => {
  const t = suiteEmulator();
  let rec: ReturnType<typeof recordingApi>;
  let conn: WorkflowConnection;

  suiteEnv(PASSWORD_ENV, PASSWORD);
  beforeEach(() => {
    rec = recordingApi(t.api);
    conn = { region: "us-east-1", apiFactory: () => rec.api };
  });

  it("a create whose answer was lost is retried, meets DBInstanceAlreadyExists, and carries on", async () => {
    const spec = specOf(
      desiredInstance("lost", { MasterUserPassword: password, Tags: { team: "a" } }),
    );
    t.emulator.setFaults([{ kind: "drop-after", action: "CreateDBInstance", count: 1 }]);
    const events: ProgressEvent[] = [];
    const applied = await applySpec(spec, conn, { ...t.clock, onProgress: (e) => events.push(e) });
    const creates = t.emulator.requestLog().filter((e) => e.action === "CreateDBInstance");
    assert.equal(creates.length, 2);
    assert.equal(creates[0]?.fault, "drop-after");
    assert.equal(creates[1]?.errorCode, "DBInstanceAlreadyExists");
    assert.ok(events.some((e) => e.type === "already-exists" && e.id === "lost"));
    assert.equal(applied.result.instances[0]?.status, "available");
    assert.equal((await planSpec(spec, conn)).plan.instances[0]?.action, "noop");
  });

  it("after a lost create answer, a field that still differs is modified", async () => {
    // The first create lands with 20 GiB; the spec now says 30 when the retry finds it.
    await t.api.createInstance({
      DBInstanceIdentifier: "halfway",
      DBInstanceClass: "db.t3.micro",
      Engine: "postgres",
      EngineVersion: "16",
      AllocatedStorage: 20,
      MasterUsername: "appadmin",
      MasterUserPassword: PASSWORD,
    });
    const spec = specOf(
      desiredInstance("halfway", { MasterUserPassword: password, AllocatedStorage: 30 }),
    );
    // The plan was made before the first create landed: it says create. The
    // bound client reads the emulator as it is from then on.
    let planning = true;
    const planTimeConn = {
      ...conn,
      apiFactory: () => ({
        ...rec.api,
        describeInstances: async (ids: string[]) =>
          planning ? [] : rec.api.describeInstances(ids),
      }),
    };
    const bound = await planSpec(spec, planTimeConn);
    planning = false;
    assert.equal(bound.plan.instances[0]?.action, "create");
    t.emulator.clearRequestLog();
    const result = await applyPlan(bound, t.clock);
    assert.deepEqual(t.mutating(), ["CreateDBInstance", "ModifyDBInstance"]);
    assert.deepEqual(result.instances[0]?.calls, ["modify"]);
    const modifies = inputsOf(rec.calls, "modifyInstance");
    assert.equal(modifies.length, 1);
    assert.equal(modifies[0]?.AllocatedStorage, 30);
    assert.equal(modifies[0]?.MasterUserPassword, undefined);
  });

  it("a modify whose answer was lost is retried and still waited on until the change is live", async () => {
    await applySpec(specOf(desiredInstance("dropmod")), conn, t.clock);
    const spec = specOf(
      desiredInstance(
        "dropmod",
        { DBInstanceClass: "db.t3.medium" },
        {
          applyImmediately: true,
          wait: { delaySeconds: 0.1, maxDelaySeconds: 0.5, timeoutSeconds: 600 },
        },
      ),
    );
    t.emulator.setFaults([{ kind: "drop-after", action: "ModifyDBInstance", count: 1 }]);
    t.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const applied = await applySpec(spec, conn, { ...t.clock, onProgress: (e) => events.push(e) });
    const modifies = t.emulator.requestLog().filter((e) => e.action === "ModifyDBInstance");
    assert.equal(modifies[0]?.fault, "drop-after");
    assert.ok(modifies.length >= 2);
    assert.ok(
      events.some((e) => e.type === "modify-noop"),
      "the retried modify finds nothing left to do",
    );
    assert.equal(applied.result.instances[0]?.status, "available");
    const live = await t.api.describeInstance("dropmod");
    assert.equal(live?.DBInstanceClass, "db.t3.medium");
    assert.equal((await planSpec(spec, conn)).plan.instances[0]?.action, "noop");
  });

  it("InvalidDBInstanceState makes apply wait for the instance, then retry", async () => {
    await applySpec(specOf(desiredInstance("busy")), conn, t.clock);
    const spec = specOf(
      desiredInstance("busy", { BackupRetentionPeriod: 3 }, { applyImmediately: true }),
    );
    const bound = await planSpec(spec, conn);
    assert.equal(bound.plan.instances[0]?.status, "available");
    // The instance turns busy between plan and apply.
    await t.api.rebootInstance("busy");
    t.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const result = await applyPlan(bound, { ...t.clock, onProgress: (e) => events.push(e) });
    const modifies = t.emulator.requestLog().filter((e) => e.action === "ModifyDBInstance");
    assert.equal(modifies[0]?.errorCode, "InvalidDBInstanceState");
    assert.equal(modifies.at(-1)?.status, 200);
    assert.ok(events.some((e) => e.type === "state-retry" && e.id === "busy"));
    assert.deepEqual(result.instances[0]?.calls, ["modify"]);
    assert.equal((await t.api.describeInstance("busy"))?.BackupRetentionPeriod, 3);
  });

  it("a wait that runs out names the instance, its last status, and that re-running resumes", async () => {
    const spec = specOf(
      desiredInstance(
        "slow",
        {},
        { wait: { delaySeconds: 0.5, maxDelaySeconds: 1, timeoutSeconds: 2 } },
      ),
    );
    const thrown = await applySpec(spec, conn, t.clock).then(
      () => assert.fail("the wait must time out"),
      (e: unknown) => e,
    );
    assert.ok(thrown instanceof ApplyFailedError);
    const err = thrown.errors[0];
    assert.ok(err instanceof WaitTimeoutError);
    assert.equal(err.instanceId, "slow");
    assert.equal(err.lastStatus, "creating");
    assert.match(err.message, /slow/);
    assert.match(err.message, /creating/);
    assert.match(err.message, /re-running apply resumes/);
    // Re-running converges: the instance finishes and nothing is created twice.
    t.emulator.clearRequestLog();
    const again = await applySpec(specOf(desiredInstance("slow")), conn, t.clock);
    assert.equal(again.plan.instances[0]?.action, "noop");
    assert.deepEqual(t.mutating(), []);
  });

  it("refuses to start when anything is blocked, listing each, before any call", async () => {
    await applySpec(specOf(desiredInstance("fixed")), conn, t.clock);
    t.emulator.clearRequestLog();
    const spec = specOf(
      desiredInstance("fixed", { Engine: "mysql", EngineVersion: "8.0", MasterUsername: "other" }),
      desiredInstance("fresh"),
    );
    const err = await applySpec(spec, conn, t.clock).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ChangeBlockedError);
    assert.match(err.message, /fixed: Engine/);
    assert.match(err.message, /fixed: MasterUsername/);
    assert.deepEqual(t.mutating(), []);
    assert.equal(await t.api.describeInstance("fresh"), undefined);
  });

  it("sends the password again only on an explicit rotation", async () => {
    const spec = specOf(desiredInstance("rot", { MasterUserPassword: password }));
    await applySpec(spec, conn, t.clock);
    rec.calls.length = 0;
    await applySpec(spec, conn, t.clock);
    assert.equal(rec.calls.filter((c) => c.method === "modifyInstance").length, 0);

    const rotated = await applySpec(spec, conn, {
      ...t.clock,
      planOptions: { rotatePassword: new Set(["rot"]) },
    });
    assert.deepEqual(rotated.result.instances[0]?.calls.includes("modify"), true);
    assert.deepEqual(
      inputsOf(rec.calls, "modifyInstance").map((m) => m.MasterUserPassword),
      [PASSWORD],
    );
    assert.equal(JSON.stringify(t.emulator.requestLog()).includes(PASSWORD), false);
    assert.equal(rotated.result.instances[0]?.status, "available");
  });

  it("rotates when the declared password version changes, records it in a tag, then rests", async () => {
    const versioned = (v: string) =>
      specOf(desiredInstance("ver", { MasterUserPassword: password }, { passwordVersion: v }));
    await applySpec(versioned("1"), conn, t.clock);
    const tagOf = async () =>
      (await t.api.describeInstance("ver"))?.TagList?.find(
        (x) => x.Key === "rdsctl:password-version",
      )?.Value;
    assert.equal(await tagOf(), "1");
    rec.calls.length = 0;
    t.emulator.clearRequestLog();

    const rotated = await applySpec(versioned("2"), conn, t.clock);
    assert.deepEqual(rotated.result.instances[0]?.calls, ["modify", "add-tags"]);
    assert.deepEqual(
      inputsOf(rec.calls, "modifyInstance").map((m) => m.MasterUserPassword),
      [PASSWORD],
    );
    assert.equal(await tagOf(), "2");
    assert.equal(JSON.stringify(t.emulator.requestLog()).includes(PASSWORD), false);

    rec.calls.length = 0;
    t.emulator.clearRequestLog();
    const rest = await applySpec(versioned("2"), conn, t.clock);
    assert.equal(rest.plan.instances[0]?.action, "noop");
    assert.deepEqual(t.mutating(), []);
    assert.equal(JSON.stringify(rec.calls).includes(PASSWORD), false);
  });

  it("works on instances side by side but describes them together while waiting", async () => {
    const ids = ["p1", "p2", "p3", "p4", "p5", "p6"];
    const spec = specOf(...ids.map((id) => desiredInstance(id)));
    // Count creates in flight at once; a latency fault keeps each open long enough to overlap.
    let inFlight = 0;
    let peak = 0;
    const counting = {
      ...rec.api,
      async createInstance(input: Parameters<typeof rec.api.createInstance>[0]) {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await rec.api.createInstance(input);
        } finally {
          inFlight -= 1;
        }
      },
    };
    t.emulator.setFaults([{ kind: "latency", action: "CreateDBInstance", latencyMs: 20 }]);
    t.emulator.clearRequestLog();
    const applied = await applySpec(
      spec,
      { region: "us-east-1", apiFactory: () => counting },
      { ...t.clock, concurrency: 3 },
    );
    assert.equal(peak, 3, "three instances are worked on at once, never more");
    assert.equal(applied.result.instances.length, 6);
    assert.ok(applied.result.instances.every((r) => r.status === "available" && r.waited));
    const describes = t.actions().filter((a) => a === "DescribeDBInstances").length;
    // One for the plan, then shared polling rounds: far fewer than one per instance per round.
    assert.ok(describes <= 8, `expected shared polling, saw ${describes} describes`);
  });
});
