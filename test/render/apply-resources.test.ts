import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyResult } from "../../src/apply/types.js";
import { AwsCallError } from "../../src/errors.js";
import { applyResultToJson, renderApplyResultText } from "../../src/render/apply-result.js";
import {
  createProgressRenderer,
  progressEventJson,
  progressLine,
} from "../../src/render/progress.js";

function result(): ApplyResult {
  return {
    resources: [
      {
        kind: "parameter-group",
        id: "app-pg",
        region: "us-east-1",
        action: "create",
        outcome: "created",
        calls: ["CreateDBParameterGroup", "ModifyDBParameterGroup", "ModifyDBParameterGroup"],
      },
      {
        kind: "subnet-group",
        id: "app-subnets",
        region: "us-east-1",
        action: "noop",
        outcome: "unchanged",
        calls: [],
      },
    ],
    instances: [
      {
        id: "orders-db",
        action: "create",
        outcome: "created",
        calls: ["create"],
        status: "available",
        waited: true,
        waitSeconds: 3,
      },
    ],
    mutatingCalls: 4,
  };
}

test("apply text: each group that got calls, with its calls, before the instances; counts in the summary", () => {
  assert.equal(
    renderApplyResultText(result(), { color: false }),
    [
      "+ parameter group app-pg [us-east-1] created (CreateDBParameterGroup, ModifyDBParameterGroup x2)",
      "+ orders-db created (available, waited 3s)",
      "Apply complete: 1 parameter group created, 1 DB subnet group unchanged; instances: 1 created, 0 modified, 0 unchanged.",
      "",
    ].join("\n"),
  );
});

test("a failed group makes the apply incomplete, and the instances that need it are skipped", () => {
  const r = result();
  const group = r.resources?.[0];
  assert.ok(group);
  group.outcome = "failed";
  group.calls = ["CreateDBParameterGroup"];
  group.error = new AwsCallError(
    "app-pg: ModifyDBParameterGroup failed: InvalidParameterValue: bad value",
    "InvalidParameterValue",
  );
  const instance = r.instances[0];
  assert.ok(instance);
  Object.assign(instance, {
    outcome: "skipped",
    calls: [],
    waited: false,
    skippedBecause: "parameter group app-pg failed",
  });
  const text = renderApplyResultText(r, { color: false });
  assert.match(
    text,
    /^! parameter group app-pg \[us-east-1\] failed \(completed calls: CreateDBParameterGroup\): app-pg: ModifyDBParameterGroup failed: InvalidParameterValue: bad value\n/,
  );
  assert.match(text, /\n- orders-db skipped: parameter group app-pg failed\n/);
  assert.match(
    text,
    /Apply incomplete: 1 parameter group failed, 1 DB subnet group unchanged; instances: 0 created, 0 modified, 0 unchanged, 0 failed, 1 skipped\.\n$/,
  );
  const json = applyResultToJson(r);
  assert.equal(json.failed, 1, "a failed group counts: the apply did not succeed");
  assert.equal(json.skipped, 1);
  assert.deepEqual(json.resources[0], {
    kind: "parameter-group",
    id: "app-pg",
    region: "us-east-1",
    action: "create",
    outcome: "failed",
    calls: ["CreateDBParameterGroup"],
    error: {
      code: "AWS_ERROR",
      message: "app-pg: ModifyDBParameterGroup failed: InvalidParameterValue: bad value",
    },
  });
});

test("apply JSON lists resources with their calls; none gives an empty list", () => {
  const json = applyResultToJson(result());
  assert.deepEqual(
    json.resources.map((r) => [r.kind, r.id, r.outcome, r.calls.length, r.error]),
    [
      ["parameter-group", "app-pg", "created", 3, null],
      ["subnet-group", "app-subnets", "unchanged", 0, null],
    ],
  );
  assert.equal(json.mutatingCalls, 4);
  assert.equal(json.failed, 0);
  const none = applyResultToJson({ ...result(), resources: undefined });
  assert.deepEqual(none.resources, []);
});

test("a group's calls read as its kind and name, in lines and NDJSON", () => {
  const call = {
    type: "call" as const,
    id: "app-pg",
    call: "ModifyDBParameterGroup",
    kind: "parameter-group" as const,
  };
  assert.equal(progressLine(call), "parameter group app-pg: sending ModifyDBParameterGroup");
  assert.equal(
    progressLine({ ...call, type: "call-done" }),
    "parameter group app-pg: ModifyDBParameterGroup accepted",
  );
  assert.equal(
    progressLine({
      type: "call",
      id: "evil\u001b[2J",
      call: "CreateDBSubnetGroup",
      kind: "subnet-group",
    }),
    "DB subnet group evil\\x1b[2J: sending CreateDBSubnetGroup",
  );
  const at = { time: Date.UTC(2026, 10, 25, 10, 0, 0), region: "us-east-1" };
  assert.deepEqual(progressEventJson(call, at), {
    type: "call",
    time: "2026-11-25T10:00:00.000Z",
    id: "app-pg",
    region: "us-east-1",
    call: "ModifyDBParameterGroup",
    kind: "parameter-group",
  });
  // An instance's call keeps its record exactly: no kind member.
  assert.equal(
    "kind" in progressEventJson({ type: "call", id: "orders-db", call: "create" }, at),
    false,
  );
});

test("live progress: a group and an instance of the same name have their own lines", () => {
  const writes: string[] = [];
  let clock = 0;
  const renderer = createProgressRenderer({
    live: true,
    color: false,
    write: (t) => writes.push(t),
    now: () => clock,
  });
  renderer.onEvent({
    type: "call",
    id: "app",
    call: "CreateDBParameterGroup",
    kind: "parameter-group",
  });
  renderer.onEvent({ type: "call", id: "app", call: "create" });
  clock += 2_000;
  renderer.onEvent({
    type: "call-done",
    id: "app",
    call: "CreateDBParameterGroup",
    kind: "parameter-group",
  });
  const last = writes.at(-1) ?? "";
  assert.match(last, /✓ parameter group app {2}CreateDBParameterGroup accepted {2}2s\n/);
  assert.match(last, /… app {2}sending CreateDBInstance {2}2s\n/);
  renderer.onEvent({
    type: "call",
    id: "app",
    call: "ModifyDBParameterGroup",
    kind: "parameter-group",
  });
  assert.match(writes.at(-1) ?? "", /… parameter group app {2}sending ModifyDBParameterGroup/);
});
