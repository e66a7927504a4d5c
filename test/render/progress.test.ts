import assert from "node:assert/strict";
import { test } from "node:test";
import type { ProgressEvent } from "../../src/apply/types.js";
import {
  applyResultToJson,
  applySummaryLine,
  renderApplyResultText,
} from "../../src/render/apply-result.js";
import {
  createProgressRenderer,
  formatSeconds,
  MAX_LIVE_ROWS,
  progressEventJson,
  progressLine,
} from "../../src/render/progress.js";

const EVENTS: ProgressEvent[] = [
  { type: "call", id: "orders-db", call: "create" },
  { type: "call-done", id: "orders-db", call: "create" },
  {
    type: "waiting",
    id: "orders-db",
    status: "creating",
    elapsedSeconds: 4,
    reason: "status is creating",
  },
  { type: "stable", id: "orders-db", status: "available", elapsedSeconds: 75 },
  { type: "instance-done", id: "orders-db" },
];

/** 2026-11-25T10:00:00Z */
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

test("piped progress: one plain line per event, each with the time it was reported", () => {
  const out: string[] = [];
  let clock = T0;
  const renderer = createProgressRenderer({
    live: false,
    color: true,
    write: (t) => out.push(t),
    now: () => clock,
  });
  for (const event of EVENTS) {
    renderer.onEvent(event);
    clock += 1500;
  }
  renderer.finish();
  assert.deepEqual(out, [
    "2026-11-25T10:00:00Z orders-db: sending CreateDBInstance\n",
    "2026-11-25T10:00:01Z orders-db: CreateDBInstance accepted\n",
    "2026-11-25T10:00:03Z orders-db: creating (4s)\n",
    "2026-11-25T10:00:04Z orders-db: available after 1m15s\n",
    "2026-11-25T10:00:06Z orders-db: done\n",
  ]);
  assert.equal(out.join("").includes("\u001b["), false);
});

test("every event kind has a line naming the instance", () => {
  const events: ProgressEvent[] = [
    ...EVENTS,
    { type: "modify-noop", id: "a" },
    { type: "already-exists", id: "a", replannedAction: "noop" },
    { type: "state-retry", id: "a", call: "modify", attempt: 2, status: "backing-up" },
    { type: "wait-before", id: "a", status: "modifying" },
    { type: "settle", id: "a", status: "creating" },
  ];
  for (const event of events) assert.ok(progressLine(event).startsWith(`${event.id}: `));
  assert.equal(
    progressLine({
      type: "waiting",
      id: "a",
      status: "modifying",
      elapsedSeconds: 3,
      reason: "DBInstanceClass still pending",
    }),
    "a: modifying (3s) DBInstanceClass still pending",
  );
  assert.equal(
    progressLine(events[7] as ProgressEvent),
    "a: ModifyDBInstance refused while backing-up; waiting, then retrying (attempt 2)",
  );
  assert.equal(
    progressLine({ type: "settle", id: "a", status: "creating" }),
    "a: nothing to change, but still creating; waiting for it",
  );
});

test("live progress redraws one status line per instance with elapsed time", () => {
  let clock = 1_000;
  const writes: string[] = [];
  const renderer = createProgressRenderer({
    live: true,
    color: false,
    write: (t) => writes.push(t),
    now: () => clock,
  });
  renderer.onEvent({ type: "call", id: "a", call: "create" });
  renderer.onEvent({ type: "call", id: "b", call: "modify" });
  clock += 7_000;
  renderer.onEvent({
    type: "waiting",
    id: "a",
    status: "backing-up",
    elapsedSeconds: 7,
    reason: "",
  });
  const last = writes.at(-1) ?? "";
  assert.ok(last.startsWith("\u001b[2A"), "moves up over the two lines drawn before");
  assert.match(last, /a {2}waiting {2}backing-up {2}7s\n/);
  assert.match(last, /b {2}sending ModifyDBInstance {2}7s\n/);
  renderer.onEvent({
    type: "rds-event",
    id: "a",
    time: "2026-11-25T10:00:05.000Z",
    message: "DB instance created",
  });
  assert.match(writes.at(-1) ?? "", /a {2}waiting {2}backing-up {2}7s {2}DB instance created\n/);
  renderer.onEvent({ type: "instance-done", id: "a" });
  clock += 60_000;
  renderer.tick();
  const final = writes.at(-1) ?? "";
  assert.match(
    final,
    /✓ a {2}waiting {2}backing-up {2}7s {2}DB instance created\n/,
    "a finished instance keeps its time and last event",
  );
  assert.match(final, /… b {2}sending ModifyDBInstance {2}1m07s\n/);
  renderer.finish();
  const count = writes.length;
  renderer.tick();
  assert.equal(writes.length, count, "nothing is drawn after finish");
});

test("formatSeconds", () => {
  assert.equal(formatSeconds(0), "0s");
  assert.equal(formatSeconds(59.4), "59s");
  assert.equal(formatSeconds(600), "10m00s");
});

test("apply result: one line per touched instance and a summary", () => {
  const result = {
    instances: [
      {
        id: "a",
        action: "create" as const,
        outcome: "created" as const,
        calls: ["create"],
        status: "available",
        waited: true,
        waitSeconds: 12,
      },
      {
        id: "b",
        action: "modify" as const,
        outcome: "modified" as const,
        calls: ["modify"],
        status: "modifying",
        waited: false,
      },
      { id: "c", action: "noop" as const, outcome: "unchanged" as const, calls: [], waited: false },
    ],
    mutatingCalls: 2,
  };
  assert.equal(
    renderApplyResultText(result, { color: false }),
    "+ a created (available, waited 12s)\n~ b modified (modifying, not waited for)\nApply complete: 1 created, 1 modified, 1 unchanged.\n",
  );
  assert.equal(applySummaryLine(result), "Apply complete: 1 created, 1 modified, 1 unchanged.");
  const json = applyResultToJson(result);
  assert.equal(json.mutatingCalls, 2);
  assert.deepEqual(json.instances[2], {
    id: "c",
    action: "noop",
    outcome: "unchanged",
    calls: [],
    status: null,
    waited: false,
    waitSeconds: null,
    error: null,
  });
});

test("live progress of a big apply lists running instances and folds finished ones into a count", () => {
  const writes: string[] = [];
  const renderer = createProgressRenderer({
    live: true,
    color: false,
    write: (t) => writes.push(t),
    now: () => 0,
  });
  const total = MAX_LIVE_ROWS + 15;
  for (let i = 0; i < total; i++) renderer.onEvent({ type: "call", id: `db-${i}`, call: "create" });
  for (let i = 0; i < 10; i++) renderer.onEvent({ type: "instance-done", id: `db-${i}` });
  const last = writes.at(-1) ?? "";
  const lines = last.split("\n");
  assert.equal(
    lines.length,
    MAX_LIVE_ROWS + 2,
    "a screenful of rows, the count, and the clear-below code",
  );
  assert.ok(lines[0]?.includes("db-10 "), "the first running instance leads");
  assert.equal(lines.filter((l) => l.includes("✓")).length, 0, "finished ones are not listed");
  assert.equal(lines[MAX_LIVE_ROWS], "\u001b[2K  5 more in progress, 10 done");
  assert.ok(last.endsWith("\u001b[J"));
});

test("piped progress repeats an unchanged status only once a minute", () => {
  const out: string[] = [];
  const renderer = createProgressRenderer({
    live: false,
    color: false,
    write: (t) => out.push(t),
    now: () => T0,
  });
  const waiting = (status: string, elapsedSeconds: number): ProgressEvent => ({
    type: "waiting",
    id: "a",
    status,
    elapsedSeconds,
    reason: "",
  });
  for (const [status, s] of [
    ["creating", 2],
    ["creating", 30],
    ["creating", 61],
    ["creating", 62],
    ["backing-up", 70],
    ["backing-up", 75],
  ] as const) {
    renderer.onEvent(waiting(status, s));
  }
  renderer.onEvent({
    type: "waiting",
    id: "b",
    status: "creating",
    elapsedSeconds: 75,
    reason: "",
  });
  assert.deepEqual(out, [
    "2026-11-25T10:00:00Z a: creating (2s)\n",
    "2026-11-25T10:00:00Z a: creating (1m02s)\n",
    "2026-11-25T10:00:00Z a: backing-up (1m10s)\n",
    "2026-11-25T10:00:00Z b: creating (1m15s)\n",
  ]);
});

test("live lines are cut to the terminal width, so a redraw never wraps", () => {
  const writes: string[] = [];
  const renderer = createProgressRenderer({
    live: true,
    color: true,
    write: (t) => writes.push(t),
    now: () => 0,
    columns: 40,
  });
  renderer.onEvent({ type: "call", id: "a-rather-long-instance-identifier", call: "remove-tags" });
  renderer.onEvent({ type: "call", id: "db", call: "create" });
  const lines = (writes.at(-1) ?? "")
    .split("\n")
    .map((l) => l.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ""));
  assert.equal(lines[0], "… a-rather-long-instance-identifier  s…");
  assert.ok((lines[0] ?? "").length < 40);
  assert.match(
    writes.at(-1) ?? "",
    /\u001b\[33m…\u001b\[39m \u001b\[1mdb/,
    "a short line keeps its colour",
  );
});

test("NDJSON records: the common fields, then each type's own", () => {
  const at = { time: T0, region: "eu-west-1" };
  const head = { time: "2026-11-25T10:00:00.000Z", id: "orders-db", region: "eu-west-1" };
  assert.deepEqual(progressEventJson({ type: "call", id: "orders-db", call: "create" }, at), {
    type: "call",
    ...head,
    call: "create",
  });
  assert.deepEqual(
    progressEventJson(
      {
        type: "waiting",
        id: "orders-db",
        status: "creating",
        elapsedSeconds: 4,
        reason: "status is creating",
      },
      at,
    ),
    {
      type: "waiting",
      ...head,
      status: "creating",
      elapsedSeconds: 4,
      reason: "status is creating",
    },
  );
  assert.deepEqual(
    progressEventJson(
      { type: "state-retry", id: "orders-db", call: "modify", attempt: 2 },
      { time: T0, region: undefined },
    ),
    { type: "state-retry", ...head, region: null, call: "modify", attempt: 2, status: null },
  );
  assert.deepEqual(
    progressEventJson(
      { type: "rds-event", id: "orders-db", time: "2026-11-25T09:59:58.000Z", message: "m" },
      at,
    ),
    { type: "rds-event", ...head, eventTime: "2026-11-25T09:59:58.000Z", message: "m" },
  );
  assert.deepEqual(progressEventJson({ type: "instance-done", id: "orders-db" }, at), {
    type: "instance-done",
    ...head,
  });
  assert.equal(
    progressLine({ type: "rds-event", id: "a", time: "2026-11-25T09:59:58.000Z", message: "m" }),
    "a: RDS event at 2026-11-25T09:59:58.000Z: m",
  );
});

test("an engine upgrade's order shows on the instance's live line", () => {
  const writes: string[] = [];
  const renderer = createProgressRenderer({
    live: true,
    color: false,
    write: (t) => writes.push(t),
    now: () => 0,
  });
  const wait = (step: "after" | "with-source" | "replicas", id: string, on: string[]) =>
    renderer.onEvent({ type: "upgrade-wait", id, step, on, to: "17" });
  wait("after", "shop-db", ["shop-replica"]);
  assert.match(writes.at(-1) ?? "", /… shop-db {2}waiting for its replicas shop-replica {2}0s\n/);
  wait("with-source", "orders-replica", ["orders-db"]);
  assert.match(writes.at(-1) ?? "", /… orders-replica {2}waiting for its source orders-db {2}0s\n/);
  wait("replicas", "orders-db", ["orders-replica"]);
  assert.match(writes.at(-1) ?? "", /… orders-db {2}waiting for orders-replica to run 17 {2}0s\n/);
});
