import assert from "node:assert/strict";
import { test } from "node:test";
import { planToJson, renderPlanJson } from "../../src/render/plan-json.js";
import { planHasChanges, renderPlanText } from "../../src/render/plan-text.js";
import { mixedPlan } from "./fixtures.js";
import {
  blockedGroup,
  modifiedGroup,
  newSubnetGroup,
  planWithResources,
  quietGroup,
} from "./resource-fixtures.js";

test("resources come before the instances, named by kind, with when each change applies", () => {
  const plan = mixedPlan();
  plan.resources = [modifiedGroup(), newSubnetGroup()];
  const text = renderPlanText(plan, { color: false });
  const lines = text.split("\n");
  const group = lines.findIndex((l) =>
    /^~ parameter group app-pg \[us-east-1\] will be modified\s+rdsctl\.yaml:3$/.test(l),
  );
  const subnets = lines.findIndex((l) =>
    /^\+ DB subnet group app-subnets \[us-east-1\] will be created\s+rdsctl\.yaml:14$/.test(l),
  );
  const firstInstance = lines.findIndex((l) => l.startsWith("+ orders-db will be created"));
  assert.ok(group >= 0 && subnets > group && firstInstance > subnets, text);
  assert.equal(lines[group + 1], "    Parameters.work_mem: 4096 -> 8192  (applies now)");
  assert.equal(lines[group + 2], "    Parameters.shared_buffers: 16384 -> 32768  (after a reboot)");
  assert.equal(lines[group + 3], "      risk: static: orders-db and orders-replica need a reboot");
  assert.equal(
    lines[group + 4],
    "    note: shared_buffers: static, needs a reboot of orders-db, orders-replica",
  );
  assert.equal(lines[subnets + 2], "    SubnetIds: [subnet-1, subnet-2]");
  assert.equal(
    lines.at(-2),
    "1 parameter group to modify, 1 DB subnet group to create; instances: 1 to create, 1 to modify (1 of them restart now), 1 unchanged, 1 blocked, 1 risky",
  );
});

test("a resource change alone is a change; matching resources are counted in No changes", () => {
  const quiet = planWithResources([quietGroup()]);
  assert.equal(planHasChanges(quiet), false);
  assert.equal(
    renderPlanText(quiet, { color: false }),
    "No changes. 1 parameter group and 2 instances match the spec.\n",
  );
  assert.equal(
    renderPlanText(planWithResources([quietGroup()], 0), { color: false }),
    "No changes. 1 parameter group matches the spec.\n",
    "a spec of groups only",
  );
  assert.equal(
    renderPlanText(planWithResources([quietGroup(), { ...quietGroup(), id: "b-pg" }], 0), {
      color: false,
    }),
    "No changes. 2 parameter groups match the spec.\n",
  );
  const changed = planWithResources([quietGroup(), modifiedGroup()], 1);
  assert.equal(planHasChanges(changed), true);
  const text = renderPlanText(changed, { color: false });
  assert.doesNotMatch(text, /No changes/);
  assert.doesNotMatch(text, /quiet-pg/, "an unchanged group without notices is not listed");
  assert.match(
    text,
    /\n1 parameter group to modify; instances: 0 to create, 0 to modify, 1 unchanged, 0 blocked, 1 risky\n$/,
  );
});

test("a blocked resource is shown with its advice and is not 'No changes'", () => {
  const plan = planWithResources([blockedGroup()]);
  assert.equal(planHasChanges(plan), false);
  const text = renderPlanText(plan, { color: false });
  assert.doesNotMatch(text, /No changes/);
  const lines = text.split("\n");
  assert.ok(
    lines.some((l) => l.startsWith("! parameter group old-pg [us-east-1] is blocked")),
    text,
  );
  assert.ok(
    lines.includes("    DBParameterGroupFamily: postgres15 -> postgres16  (blocked: immutable)"),
    text,
  );
  assert.ok(
    lines.includes(
      "      DBParameterGroupFamily cannot change in place. Declare a new group under a new name with family postgres16, then point the instances at it.",
    ),
    text,
  );
  assert.match(text, /1 parameter group blocked; instances: 0 to create/);
});

test("values and names from outside are escaped in resource blocks", () => {
  const group = modifiedGroup();
  group.id = "evil\u001b[2Jpg";
  const first = group.changes[0];
  assert.ok(first);
  first.to = "8192\u001b]0;title\u0007";
  group.notices = [{ message: "evil\u001b[2Jpg: reboot \u009b31m" }];
  const text = renderPlanText(planWithResources([group]), { color: false });
  assert.equal(text.includes("\u001b"), false, text);
  assert.equal(text.includes("\u009b"), false, text);
  assert.equal(text.includes("\u0007"), false, text);
});

test("plan JSON: resources with their kind, counts, and instances keep their shape with kind instance", () => {
  const plan = mixedPlan();
  plan.resources = [modifiedGroup(), newSubnetGroup(), blockedGroup(), quietGroup()];
  const json = JSON.parse(renderPlanJson(plan));
  assert.deepEqual(
    json.instances.map((i: { kind: string; id: string }) => [i.kind, i.id]),
    [
      ["instance", "orders-db"],
      ["instance", "reports-db"],
      ["instance", "legacy-db"],
      ["instance", "quiet-db"],
    ],
  );
  assert.deepEqual(json.resources[0], {
    kind: "parameter-group",
    id: "app-pg",
    region: "us-east-1",
    action: "modify",
    source: "rdsctl.yaml:3:5",
    changes: [
      {
        field: "Parameters.work_mem",
        from: "4096",
        to: "8192",
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
      {
        field: "Parameters.shared_buffers",
        from: "16384",
        to: "32768",
        timing: "after-reboot",
        downtime: false,
        sensitive: false,
        risk: { reason: "static: orders-db and orders-replica need a reboot" },
      },
    ],
    blocked: [],
    notices: [
      {
        field: null,
        message: "app-pg: shared_buffers: static, needs a reboot of orders-db, orders-replica",
      },
    ],
    instanceEffects: { dynamic: ["work_mem"], static: ["shared_buffers"] },
  });
  assert.equal(json.resources[1].kind, "subnet-group");
  assert.equal(json.resources[1].changes[0].from, null);
  assert.equal(json.resources[1].instanceEffects, null);
  assert.equal(json.resources[2].blocked[0].kind, "immutable");
  assert.match(json.resources[2].blocked[0].reason, /new group under a new name/);
  assert.deepEqual(json.summary, {
    create: 1,
    modify: 1,
    noop: 1,
    blocked: 1,
    downtimeNow: 1,
    risky: 1,
    warnings: 0,
    resources: { create: 1, modify: 1, noop: 1, blocked: 1 },
  });
  assert.equal(json.changed, true);
  // The top-level notices and downtime stay the instances'.
  assert.deepEqual(
    json.notices.map((n: { id: string }) => n.id),
    ["reports-db"],
  );
});

test("plan JSON: changed covers resources; no resources gives an empty list and no resource counts", () => {
  const quiet = planToJson(planWithResources([quietGroup()]));
  assert.equal(quiet.changed, false);
  assert.deepEqual(quiet.summary.resources, { create: 0, modify: 0, noop: 1, blocked: 0 });
  const changed = planToJson(planWithResources([newSubnetGroup()]));
  assert.equal(changed.changed, true);
  const none = planToJson(mixedPlan());
  assert.deepEqual(none.resources, []);
  assert.equal("resources" in none.summary, false);
});
