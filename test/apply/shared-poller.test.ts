import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import { StabilityPoller } from "../../src/apply/wait.js";
import type { RdsApi } from "../../src/aws/rds-api.js";
import type { RequestLogEntry } from "../../src/emulator/api.js";
import { applyPlan, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.js";

/**
 * One poller for every wait of an apply, across regions: each round sends one
 * DescribeDBInstances per region per 100 waited instances. Two emulators
 * stand for two regions (each keeps its own instances and request log); their
 * manual clocks move together, so a round shows at the same offset in both logs.
 */

const WAIT = { delaySeconds: 5, maxDelaySeconds: 5, timeoutSeconds: 3600 };

async function create(api: RdsApi, id: string): Promise<void> {
  await api.createInstance({
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    AllocatedStorage: 20,
    MasterUsername: "appadmin",
    MasterUserPassword: "Shared-poller-pw-1",
  });
}

/** The describes of a log, as emulator-clock offsets from `origin`, counted per offset. */
function describesPerRound(log: RequestLogEntry[], origin: number): Map<number, number> {
  const rounds = new Map<number, number>();
  for (const e of log) {
    if (e.action !== "DescribeDBInstances") continue;
    const at = Date.parse(e.time) - origin;
    rounds.set(at, (rounds.get(at) ?? 0) + 1);
  }
  return rounds;
}

describe("one poller shared by every region", () => {
  let east: TestEmulator;
  let west: TestEmulator;
  /** Moves both regions' clocks together: what the poller's sleep does here. */
  const clock = {
    sleep: async (ms: number) => {
      east.emulator.advance(ms);
      west.emulator.advance(ms);
    },
    now: () => east.emulator.now(),
  };

  before(async () => {
    east = await startTestEmulator({ region: "us-east-1" });
    west = await startTestEmulator({ region: "eu-west-1" });
  });
  after(async () => {
    await east.close();
    await west.close();
  });
  beforeEach(() => {
    east.emulator.reset();
    west.emulator.reset();
  });

  it("applies two regions with one DescribeDBInstances per region per round, in the same rounds", async () => {
    const spec = specOf(
      desiredInstance("east-a"),
      desiredInstance("west-a", {}, { region: "eu-west-1" }),
      desiredInstance("east-b"),
      desiredInstance("west-b", {}, { region: "eu-west-1" }),
      desiredInstance("east-c"),
    );
    const apiFactory = (region: string) => (region === "eu-west-1" ? west.api : east.api);
    const bound = await planSpec(spec, { region: "us-east-1", apiFactory });
    east.emulator.clearRequestLog();
    west.emulator.clearRequestLog();
    const eastOrigin = east.emulator.now();
    const westOrigin = west.emulator.now();
    const result = await applyPlan(bound, clock);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome, i.status]),
      [
        ["east-a", "created", "available"],
        ["west-a", "created", "available"],
        ["east-b", "created", "available"],
        ["west-b", "created", "available"],
        ["east-c", "created", "available"],
      ],
    );
    const eastRounds = describesPerRound(east.emulator.requestLog(), eastOrigin);
    const westRounds = describesPerRound(west.emulator.requestLog(), westOrigin);
    assert.ok(eastRounds.size >= 2, `several rounds expected, saw ${eastRounds.size}`);
    assert.deepEqual(
      [...eastRounds.values()].filter((n) => n !== 1),
      [],
      "one describe per round in us-east-1, never one per instance",
    );
    assert.deepEqual(
      [...westRounds.values()].filter((n) => n !== 1),
      [],
      "the same in eu-west-1",
    );
    // A create still on its way when the others' first round runs makes one region wait a
    // round longer; every round of the other region is still one of its rounds.
    const [fewer, more] =
      westRounds.size <= eastRounds.size ? [westRounds, eastRounds] : [eastRounds, westRounds];
    assert.deepEqual(
      [...fewer.keys()].filter((at) => !more.has(at)),
      [],
      "both regions are polled in the same rounds: one poller serves them",
    );
  });

  it("sends one DescribeDBInstances per 100 waited instances in a round", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`);
    for (const id of ids) await create(east.api, id);
    for (const id of ids.slice(0, 30)) await create(west.api, id);
    east.emulator.clearRequestLog();
    west.emulator.clearRequestLog();
    const eastOrigin = east.emulator.now();
    const westOrigin = west.emulator.now();
    const poller = new StabilityPoller(undefined, clock);
    const target = (id: string) => ({
      id,
      appliedNow: [],
      guardImmediateChange: false,
      wait: WAIT,
    });
    const done = await Promise.all([
      ...ids.map((id) => poller.through(east.api).waitFor(target(id))),
      ...ids.slice(0, 30).map((id) => poller.through(west.api).waitFor(target(id))),
    ]);
    assert.equal(done.length, 180);
    assert.ok(done.every((db) => db.DBInstanceStatus === "available"));
    const eastRounds = describesPerRound(east.emulator.requestLog(), eastOrigin);
    const westRounds = describesPerRound(west.emulator.requestLog(), westOrigin);
    assert.ok(eastRounds.size >= 2, `several rounds expected, saw ${eastRounds.size}`);
    assert.deepEqual(
      [...eastRounds.values()].filter((n) => n !== 2),
      [],
      "150 waited ids: two describes (100 + 50) per round",
    );
    assert.deepEqual(
      [...westRounds.values()].filter((n) => n !== 1),
      [],
      "30 ids: one per round",
    );
    assert.deepEqual([...westRounds.keys()], [...eastRounds.keys()]);
  });

  it("reads each region's RDS events once per round and reports the latest per instance", async () => {
    await create(east.api, "evt-east");
    await create(west.api, "evt-west");
    east.emulator.clearRequestLog();
    west.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const poller = new StabilityPoller(undefined, {
      ...clock,
      rdsEvents: true,
      onProgress: (e) => events.push(e),
    });
    const target = (id: string) => ({
      id,
      appliedNow: [],
      guardImmediateChange: false,
      wait: WAIT,
    });
    await Promise.all([
      poller.through(east.api).waitFor(target("evt-east")),
      poller.through(west.api).waitFor(target("evt-west")),
    ]);
    // The last DescribeEvents may still be on its way when the waits end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const t of [east, west]) {
      const log = t.emulator.requestLog();
      const describes = log.filter((e) => e.action === "DescribeDBInstances").length;
      const reads = log.filter((e) => e.action === "DescribeEvents").length;
      assert.ok(reads >= 1 && reads <= describes, `${reads} event reads for ${describes} rounds`);
    }
    const messages = (id: string) =>
      events.flatMap((e) => (e.type === "rds-event" && e.id === id ? [e.message] : []));
    assert.ok(messages("evt-east").length > 0, "an RDS event of evt-east was reported");
    assert.ok(messages("evt-west").length > 0, "an RDS event of evt-west was reported");
    assert.equal(
      new Set(messages("evt-east")).size,
      messages("evt-east").length,
      "no event is reported twice",
    );
  });

  it("reads no RDS events unless asked", async () => {
    await create(east.api, "quiet");
    east.emulator.clearRequestLog();
    const events: ProgressEvent[] = [];
    const poller = new StabilityPoller(east.api, { ...clock, onProgress: (e) => events.push(e) });
    await poller.waitFor({ id: "quiet", appliedNow: [], guardImmediateChange: false, wait: WAIT });
    assert.deepEqual(
      [...new Set(east.emulator.requestLog().map((e) => e.action))],
      ["DescribeDBInstances"],
    );
    assert.equal(
      events.some((e) => e.type === "rds-event"),
      false,
    );
  });
});
