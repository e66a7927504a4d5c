import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyResult } from "../../src/apply/types.js";
import { failureOf, interruptedMessage } from "../../src/cli/commands/apply.js";
import { AwsCallError } from "../../src/errors.js";

function result(
  groupOutcome: "failed" | "modified",
  instanceOutcome: "failed" | "skipped",
): ApplyResult {
  return {
    resources: [
      {
        kind: "parameter-group",
        id: "app-pg",
        region: "us-east-1",
        action: "modify",
        outcome: groupOutcome,
        calls: ["ModifyDBParameterGroup"],
        ...(groupOutcome === "failed"
          ? { error: new AwsCallError("app-pg: ModifyDBParameterGroup failed: boom", "Boom") }
          : {}),
      },
    ],
    instances: [
      {
        id: "orders-db",
        action: "modify",
        outcome: instanceOutcome,
        calls: [],
        waited: false,
        ...(instanceOutcome === "failed"
          ? { error: new AwsCallError("orders-db: ModifyDBInstance failed: bad", "Bad") }
          : { skippedBecause: "parameter group app-pg failed" }),
      },
    ],
    mutatingCalls: 1,
  };
}

test("a failed group alone fails the apply, and says so with its error", () => {
  const failure = failureOf(result("failed", "skipped"), true);
  assert.ok(failure, "a failed group is a failed apply even when no instance failed");
  assert.equal(failure.error.code, "APPLY_FAILED");
  assert.equal(
    failure.error.message,
    "apply failed for parameter group app-pg; each error is on its group in result",
  );
  assert.equal(
    failure.failure.text,
    [
      "rdsctl: apply failed for parameter group app-pg; the others finished and what was sent stands.",
      "rdsctl: app-pg: ModifyDBParameterGroup failed: boom",
      "rdsctl: fix the cause and run apply again; it carries on from where this run stopped.",
      "",
    ].join("\n"),
  );
});

test("a failed group and a failed instance are both named", () => {
  const failure = failureOf(result("failed", "failed"), false);
  assert.equal(
    failure?.error.message,
    "apply failed for parameter group app-pg and 1 of 1 instance(s); each error is on its instance or group in result",
  );
  assert.equal(failureOf(result("modified", "skipped"), false), undefined);
});

test("an interrupted apply names the groups that had calls sent", () => {
  assert.equal(
    interruptedMessage(result("modified", "skipped"), "SIGTERM"),
    "apply interrupted by SIGTERM: calls were sent for parameter group app-pg. What was sent stands; running apply again converges.",
  );
});
