import assert from "node:assert/strict";
import type { DBInstance } from "@aws-sdk/client-rds";
import { computePlan } from "../../src/plan/compute.js";
import type { InstancePlan, PlannedCall, PlanOptions } from "../../src/plan/types.js";
import type { DesiredInstance } from "../../src/spec/types.js";

/** One row of a table-driven planner test. */
export interface PlanCase {
  name: string;
  d: DesiredInstance;
  /** Live instances; omitted means the instance does not exist. */
  observed?: DBInstance[];
  options?: PlanOptions;
  action: InstancePlan["action"];
  /** Exact changed field names, in any order. */
  changes?: string[];
  /** Exact blocked `field:kind` pairs, in any order. */
  blocked?: string[];
  /** Exact ModifyDBInstance input (DBInstanceIdentifier and ApplyImmediately included). */
  modify?: Record<string, unknown>;
  appliedNow?: string[];
  /** Kinds of the calls, in order. */
  calls?: PlannedCall["kind"][];
  /** Each must match some notice. */
  notices?: RegExp[];
  /** Each must match some blocked reason. */
  reasons?: RegExp[];
  /** Extra checks. */
  check?: (plan: InstancePlan) => void;
}

const sorted = (xs: string[]) => [...xs].sort();

export function runCase(c: PlanCase): InstancePlan {
  const plan = computePlan([c.d], c.observed ?? [], c.options);
  const p = plan.instances[0];
  assert.ok(p, "one instance plan");
  const why = JSON.stringify(
    { action: p.action, changes: p.changes, blocked: p.blocked, notices: p.notices },
    null,
    1,
  );
  assert.equal(p.action, c.action, why);
  if (c.changes) {
    assert.deepEqual(sorted(p.changes.map((ch) => ch.field)), sorted(c.changes), `changes: ${why}`);
  }
  if (c.blocked) {
    assert.deepEqual(
      sorted(p.blocked.map((b) => `${b.field}:${b.kind}`)),
      sorted(c.blocked),
      `blocked: ${why}`,
    );
  }
  if (c.calls)
    assert.deepEqual(
      p.calls.map((call) => call.kind),
      c.calls,
      `calls: ${why}`,
    );
  const modify = p.calls.find((call) => call.kind === "modify");
  if (c.modify) {
    assert.ok(modify && modify.kind === "modify", `a modify call: ${why}`);
    assert.deepEqual(modify.input, c.modify);
  }
  if (c.appliedNow) {
    assert.ok(modify && modify.kind === "modify", "a modify call");
    assert.deepEqual(sorted(modify.appliedNow), sorted(c.appliedNow));
  }
  for (const re of c.notices ?? []) {
    assert.ok(
      p.notices.some((n) => re.test(n.message)),
      `no notice matches ${re}: ${JSON.stringify(p.notices)}`,
    );
  }
  for (const re of c.reasons ?? []) {
    assert.ok(
      p.blocked.some((b) => re.test(b.reason)),
      `no blocked reason matches ${re}: ${JSON.stringify(p.blocked)}`,
    );
  }
  if (p.action === "blocked") assert.deepEqual(p.calls, [], "a blocked plan has no calls");
  if (p.action === "noop") assert.deepEqual(p.calls, [], "a noop plan has no calls");
  c.check?.(p);
  return p;
}
