import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { FIELDS } from "../../src/kinds/instance/fields/table.js";
import { computePlan } from "../../src/plan/compute.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { desiredArb, observedOptionsArb } from "./_arbitraries.js";
import { observedFrom } from "./_fixtures.js";
import { afterCalls } from "./_rds-model.js";

const CREATE_ONLY = FIELDS.filter((f) => f.mutability === "create-only").map((f) => f.name);

/** `next` as an edit of `first`: same instance, same create-only settings, applied now. */
function editOf(first: DesiredInstance, next: DesiredInstance): DesiredInstance {
  const fields: Record<string, unknown> = { ...next.fields, DBInstanceIdentifier: first.id };
  for (const name of CREATE_ONLY) {
    if (first.fields[name] === undefined) delete fields[name];
    else fields[name] = first.fields[name];
  }
  // A Multi-AZ instance may have failed over to another zone; once it turns
  // Single-AZ, a pinned zone is then rightly reported as immutable, which is
  // not the convergence this property is about.
  if (first.fields.MultiAZ === true) delete fields.AvailabilityZone;
  return { ...next, id: first.id, fields, applyImmediately: true };
}

test("property: once RDS has carried out a plan's calls, planning again finds nothing to do", () => {
  let modified = 0;
  fc.assert(
    fc.property(desiredArb, desiredArb, observedOptionsArb, (first, second, opts) => {
      const d = editOf(first, second);
      const before = observedFrom(first, opts);
      const plan = computePlan([d], [before]).instances[0];
      assert.ok(plan);
      if (plan.action !== "modify") return;
      modified += 1;
      const after = afterCalls(before, plan.calls);
      const again = computePlan([d], [after]).instances[0];
      assert.deepEqual(
        { action: again?.action, changes: again?.changes, blocked: again?.blocked },
        { action: "noop", changes: [], blocked: [] },
        JSON.stringify({ declared: d.fields, calls: plan.calls }),
      );
    }),
    { numRuns: 300 },
  );
  // The property means little unless many runs planned a modify.
  assert.ok(modified > 50, `only ${modified} runs planned a modify`);
});
