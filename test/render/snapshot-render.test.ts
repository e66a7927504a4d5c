import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyResult } from "../../src/apply/types.js";
import { InstanceFailedError } from "../../src/errors.js";
import { applyResultToJson, renderApplyResultText } from "../../src/render/apply-result.js";
import { progressEventJson, progressLine } from "../../src/render/progress.js";

const RESULT: ApplyResult = {
  instances: [
    {
      id: "a",
      action: "modify",
      outcome: "modified",
      calls: ["snapshot", "modify"],
      status: "available",
      waited: true,
      waitSeconds: 12,
      snapshot: "a-rdsctl-20261204-060000",
    },
    {
      id: "b",
      action: "modify",
      outcome: "failed",
      calls: ["snapshot"],
      waited: false,
      snapshot: "b-rdsctl-20261204-060001",
      error: new InstanceFailedError("b", "failed", "b: status is failed"),
    },
    {
      id: "c",
      action: "modify",
      outcome: "modified",
      calls: ["modify"],
      status: "available",
      waited: true,
      waitSeconds: 3,
    },
  ],
  mutatingCalls: 4,
};

test("the apply result names the snapshot taken, in text and JSON, also when the change failed", () => {
  const text = renderApplyResultText(RESULT, { color: false });
  assert.match(
    text,
    /^~ a modified \(snapshot a-rdsctl-20261204-060000, available, waited 12s\)$/m,
  );
  assert.match(
    text,
    /^! b failed \(completed calls: snapshot; snapshot b-rdsctl-20261204-060001 was taken\): b: status is failed$/m,
  );
  assert.match(text, /^~ c modified \(available, waited 3s\)$/m);
  const json = applyResultToJson(RESULT);
  assert.deepEqual(
    json.instances.map((i) => i.snapshot),
    ["a-rdsctl-20261204-060000", "b-rdsctl-20261204-060001", undefined],
  );
  assert.equal("snapshot" in (json.instances[2] ?? {}), false, "absent when none was taken");
});

test("the snapshot progress events, as lines and as NDJSON", () => {
  const sent = { type: "snapshot", id: "a", snapshot: "a-rdsctl-20261204-060000" } as const;
  assert.equal(
    progressLine(sent),
    "a: taking snapshot a-rdsctl-20261204-060000; waiting until it is available before the change",
  );
  const polled = {
    type: "wait-snapshot",
    id: "a",
    snapshot: "a-rdsctl-20261204-060000",
    status: "creating",
    elapsedSeconds: 4,
  } as const;
  assert.equal(progressLine(polled), "a: snapshot a-rdsctl-20261204-060000 creating (4s)");
  assert.equal(
    progressLine({ type: "call", id: "a", call: "snapshot" }),
    "a: sending CreateDBSnapshot",
  );
  const context = { time: Date.UTC(2026, 11, 4, 6, 0, 0), region: "us-east-1" };
  assert.deepEqual(progressEventJson(polled, context), {
    type: "wait-snapshot",
    time: "2026-12-04T06:00:00.000Z",
    id: "a",
    region: "us-east-1",
    snapshot: "a-rdsctl-20261204-060000",
    status: "creating",
    elapsedSeconds: 4,
  });
  assert.deepEqual(progressEventJson(sent, context).snapshot, "a-rdsctl-20261204-060000");
});
