import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StopDBInstanceCommand } from "@aws-sdk/client-rds";
import type { ProgressEvent } from "../../src/apply/types.js";
import { StabilityPoller } from "../../src/apply/wait.js";
import { InstanceFailedError, WaitTimeoutError } from "../../src/errors.js";
import { suiteEmulator, type TestEmulator } from "../helpers/emulator.js";
import { recordingApi } from "../helpers/recording-api.js";

async function create(t: TestEmulator, id: string): Promise<void> {
  await t.api.createInstance({
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: "Wait-test-pw-1",
  });
}

describe("StabilityPoller against the emulator", () => {
  const t = suiteEmulator();

  it("backs off from delaySeconds to maxDelaySeconds between polls", async () => {
    await create(t, "backoff");
    t.emulator.clearRequestLog();
    const poller = new StabilityPoller(t.api, t.clock);
    const start = t.emulator.now();
    const db = await poller.waitFor({
      id: "backoff",
      appliedNow: [],
      guardImmediateChange: false,
      wait: { delaySeconds: 0.25, maxDelaySeconds: 1, timeoutSeconds: 600 },
    });
    assert.equal(db.DBInstanceStatus, "available");
    const times = t.emulator.requestLog().map((e) => Date.parse(e.time) - start);
    assert.ok(times.length >= 5, `expected several polls, saw ${times.length}`);
    const gaps = times.map((x, i) => x - (i === 0 ? 0 : (times[i - 1] ?? 0)));
    assert.deepEqual(gaps.slice(0, 4), [250, 500, 1000, 1000]);
    assert.ok(gaps.every((g) => g <= 1000));
  });

  it("polls every waited instance with one describe per round", async () => {
    for (const id of ["r1", "r2", "r3"]) await create(t, id);
    t.emulator.clearRequestLog();
    const poller = new StabilityPoller(t.api, t.clock);
    const wait = { delaySeconds: 1, maxDelaySeconds: 1, timeoutSeconds: 600 };
    const done = await Promise.all(
      ["r1", "r2", "r3"].map((id) =>
        poller.waitFor({ id, appliedNow: [], guardImmediateChange: false, wait }),
      ),
    );
    assert.deepEqual(
      done.map((d) => d.DBInstanceStatus),
      ["available", "available", "available"],
    );
    const log = t.emulator.requestLog();
    const rounds = new Set(log.map((e) => e.time)).size;
    assert.equal(log.length, rounds, "one DescribeDBInstances per round, not one per instance");
  });

  it("gathers instances registered at different moments into the same rounds", async () => {
    for (const id of ["early", "late"]) await create(t, id);
    const rec = recordingApi(t.api);
    const poller = new StabilityPoller(rec.api, t.clock);
    const wait = { delaySeconds: 1, maxDelaySeconds: 1, timeoutSeconds: 600 };
    const first = poller.waitFor({
      id: "early",
      appliedNow: [],
      guardImmediateChange: false,
      wait,
    });
    t.emulator.advance(300);
    const second = poller.waitFor({
      id: "late",
      appliedNow: [],
      guardImmediateChange: false,
      wait,
    });
    await Promise.all([first, second]);
    const rounds = rec.calls.map((c) => c.args[0]);
    assert.deepEqual(rounds[0], ["early", "late"]);
    assert.ok(
      rounds.every((ids) => JSON.stringify(ids) === JSON.stringify(["early", "late"])),
      `every round describes both: ${JSON.stringify(rounds)}`,
    );
  });

  it("wakes early for an instance due sooner than the poll it is sleeping towards", async () => {
    for (const id of ["patient", "eager"]) await create(t, id);
    // A sleep the test resolves by hand, so it can see what the poller asks for.
    const sleeps: Array<{ ms: number; done: () => void }> = [];
    const poller = new StabilityPoller(t.api, {
      now: t.clock.now,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          sleeps.push({ ms, done: resolve });
        }),
    });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const patient = poller.waitFor({
      id: "patient",
      appliedNow: [],
      guardImmediateChange: false,
      wait: { delaySeconds: 30, maxDelaySeconds: 30, timeoutSeconds: 600 },
    });
    await settle();
    assert.deepEqual(
      sleeps.map((s) => s.ms),
      [30_000],
    );
    const eager = poller.waitFor({
      id: "eager",
      appliedNow: [],
      guardImmediateChange: false,
      wait: { delaySeconds: 1, maxDelaySeconds: 1, timeoutSeconds: 600 },
    });
    await settle();
    assert.deepEqual(
      sleeps.map((s) => s.ms),
      [30_000, 1_000],
      "the 30 s sleep is cut short and a 1 s one starts without waiting for it",
    );
    // Let time pass by hand until both are stable.
    while (sleeps.length > 0) {
      const next = sleeps.shift();
      if (next === undefined) break;
      t.emulator.advance(next.ms);
      next.done();
      await settle();
    }
    const [p, e] = await Promise.all([patient, eager]);
    assert.equal(p.DBInstanceStatus, "available");
    assert.equal(e.DBInstanceStatus, "available");
  });

  it("times out naming the instance, its last status and that re-running resumes", async () => {
    await create(t, "late");
    const events: ProgressEvent[] = [];
    const poller = new StabilityPoller(t.api, { ...t.clock, onProgress: (e) => events.push(e) });
    const err = await poller
      .waitFor({
        id: "late",
        appliedNow: [],
        guardImmediateChange: false,
        wait: { delaySeconds: 1, maxDelaySeconds: 1, timeoutSeconds: 2 },
      })
      .then(
        () => assert.fail("must time out"),
        (e: unknown) => e,
      );
    assert.ok(err instanceof WaitTimeoutError);
    assert.equal(err.lastStatus, "creating");
    assert.match(err.message, /^late: not stable after 2s \(last status "creating"/);
    assert.match(err.message, /re-running apply resumes/);
    assert.ok(
      events.some((e) => e.type === "waiting" && e.elapsedSeconds === 1 && e.status === "creating"),
    );
  });

  it("stops at once on a status that will not become available", async () => {
    await create(t, "halted");
    t.emulator.advance(60_000);
    const raw = t.rawClient();
    await raw.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "halted" }));
    raw.destroy();
    const poller = new StabilityPoller(t.api, t.clock);
    const started = t.emulator.now();
    const err = await poller
      .waitFor({
        id: "halted",
        appliedNow: [],
        guardImmediateChange: false,
        wait: { delaySeconds: 1, maxDelaySeconds: 2, timeoutSeconds: 3600 },
      })
      .then(
        () => assert.fail("must fail"),
        (e: unknown) => e,
      );
    assert.ok(err instanceof InstanceFailedError);
    assert.equal(err.status, "stopped");
    assert.match(err.message, /halted/);
    assert.ok(
      t.emulator.now() - started < 60_000,
      "failure is reported without waiting out the timeout",
    );
  });

  it("rejects the waiters of a round whose describe fails", async () => {
    await create(t, "flaky");
    const api = t.connect({ maxAttempts: 1 });
    t.emulator.setFaults([{ kind: "error500", action: "DescribeDBInstances" }]);
    const poller = new StabilityPoller(api, t.clock);
    await assert.rejects(
      poller.waitFor({
        id: "flaky",
        appliedNow: [],
        guardImmediateChange: false,
        wait: { delaySeconds: 1, maxDelaySeconds: 1, timeoutSeconds: 60 },
      }),
      (e: unknown) => e instanceof Error && "awsCode" in e && e.awsCode === "InternalFailure",
    );
  });
});
