import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyResult } from "../../src/apply/types.js";
import { InstanceFailedError } from "../../src/errors.js";
import { applyResultToJson, renderApplyResultText } from "../../src/render/apply-result.js";

const failure = new InstanceFailedError("b", "failed", "b: status is failed: restore it");

const RESULT: ApplyResult = {
  instances: [
    {
      id: "a",
      action: "create",
      outcome: "created",
      calls: ["create"],
      status: "available",
      waited: true,
      waitSeconds: 3,
    },
    {
      id: "b",
      action: "modify",
      outcome: "failed",
      calls: ["modify"],
      waited: false,
      error: failure,
    },
    {
      id: "c",
      action: "create",
      outcome: "failed",
      calls: [],
      waited: false,
      error: new Error("boom"),
    },
  ],
  mutatingCalls: 2,
};

test("a partial result lists what finished and each failure with its error", () => {
  assert.equal(
    renderApplyResultText(RESULT, { color: false }),
    [
      "+ a created (available, waited 3s)",
      "! b failed (completed calls: modify): b: status is failed: restore it",
      "! c failed (no call completed): boom",
      "Apply incomplete: 1 created, 0 modified, 0 unchanged, 2 failed.",
      "",
    ].join("\n"),
  );
});

test("the JSON result gives each instance its outcome and error code", () => {
  const json = applyResultToJson(RESULT);
  assert.equal(json.failed, 2);
  assert.deepEqual(
    json.instances.map((i) => [i.id, i.outcome, i.error]),
    [
      ["a", "created", null],
      ["b", "failed", { code: "INSTANCE_FAILED", message: "b: status is failed: restore it" }],
      ["c", "failed", { code: "INTERNAL", message: "boom" }],
    ],
  );
});

test("an unchanged instance apply waited for gets a line; one it did not wait for does not", () => {
  const text = renderApplyResultText(
    {
      instances: [
        {
          id: "settled",
          action: "noop",
          outcome: "unchanged",
          calls: [],
          status: "available",
          waited: true,
          waitSeconds: 42,
        },
        {
          id: "quiet",
          action: "noop",
          outcome: "unchanged",
          calls: [],
          status: "available",
          waited: false,
        },
      ],
      mutatingCalls: 0,
    },
    { color: false },
  );
  assert.equal(
    text,
    "  settled unchanged (available, waited 42s)\nApply complete: 0 created, 0 modified, 2 unchanged.\n",
  );
});

test("a replica upgraded with its source says so, in text and JSON", () => {
  const result: ApplyResult = {
    instances: [
      {
        id: "orders-db",
        action: "modify",
        outcome: "modified",
        calls: ["modify"],
        status: "available",
        waited: true,
        waitSeconds: 95,
      },
      {
        id: "orders-replica",
        action: "noop",
        outcome: "modified",
        calls: [],
        status: "available",
        waited: true,
        waitSeconds: 95,
        upgradedWithSource: "orders-db",
      },
    ],
    mutatingCalls: 1,
  };
  assert.equal(
    renderApplyResultText(result, { color: false }),
    [
      "~ orders-db modified (available, waited 1m35s)",
      "~ orders-replica modified (upgraded with its source orders-db, available, waited 1m35s)",
      "Apply complete: 0 created, 2 modified, 0 unchanged.",
      "",
    ].join("\n"),
  );
  const json = applyResultToJson(result);
  assert.deepEqual(
    json.instances.map((i) => [i.id, i.calls, i.upgradedWithSource]),
    [
      ["orders-db", ["modify"], undefined],
      ["orders-replica", [], "orders-db"],
    ],
  );
  assert.equal("upgradedWithSource" in (json.instances[0] ?? {}), false);
});
