import assert from "node:assert/strict";
import { test } from "node:test";
import { computePlan } from "../../src/plan/compute.js";
import type { PlannedCall } from "../../src/plan/types.js";
import { parseSpecText } from "../../src/spec/parse.js";
import type { Spec } from "../../src/spec/types.js";
import { observedFrom } from "./_fixtures.js";

function parse(text: string, file = "/specs/orders.yaml"): Spec {
  const result = parseSpecText(text, file);
  assert.ok(result.ok, JSON.stringify(result));
  return result.spec;
}

const MANAGED = `
policy:
  markManaged: true
instances:
  - DBInstanceIdentifier: orders-db
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    MasterUserPassword: { env: ORDERS_PASSWORD }
    Tags: { team: orders }
`;

function tagCalls(calls: PlannedCall[]): Array<{ Key?: string; Value?: string }> {
  return calls.flatMap((c) => (c.kind === "add-tags" ? c.tags : []));
}

test("markManaged: the spec name defaults to the file's base name, policy.specName wins", () => {
  assert.equal(parse(MANAGED).instances[0]?.policy.specName, "orders");
  const named = parse(MANAGED.replace("markManaged: true", "markManaged: true\n  specName: shop"));
  assert.equal(named.instances[0]?.policy.specName, "shop");
  const off = parse(MANAGED.replace("markManaged: true", "purgeTags: false"));
  assert.equal(off.instances[0]?.policy.specName, undefined);
  const bad = parseSpecText(
    MANAGED.replace("markManaged: true", 'markManaged: true\n  specName: "a*b"'),
    "/specs/orders.yaml",
  );
  assert.equal(bad.ok, false);
});

test("markManaged: a create carries rdsctl:spec among its tags", () => {
  const spec = parse(MANAGED);
  const plan = computePlan(spec.instances, []);
  const create = plan.instances[0]?.calls[0];
  assert.equal(create?.kind, "create");
  assert.deepEqual(create?.kind === "create" ? create.input.Tags : undefined, [
    { Key: "team", Value: "orders" },
    { Key: "rdsctl:spec", Value: "orders" },
  ]);
  assert.ok(plan.instances[0]?.changes.some((c) => c.field === "Tags.rdsctl:spec"));
});

test("markManaged off: no rdsctl:spec tag on a create", () => {
  const spec = parse(MANAGED.replace("markManaged: true", "purgeTags: false"));
  const create = computePlan(spec.instances, []).instances[0]?.calls[0];
  assert.deepEqual(create?.kind === "create" ? create.input.Tags : undefined, [
    { Key: "team", Value: "orders" },
  ]);
});

test("markManaged: an existing instance without the tag gets it through AddTagsToResource, once", () => {
  const spec = parse(MANAGED);
  const d = spec.instances[0];
  assert.ok(d);
  const untagged = observedFrom({ ...d, policy: { ...d.policy, markManaged: false } });
  const plan = computePlan(spec.instances, [untagged]).instances[0];
  assert.equal(plan?.action, "modify");
  assert.deepEqual(
    plan?.changes.map((c) => [c.field, c.from, c.to]),
    [["Tags.rdsctl:spec", undefined, "orders"]],
  );
  assert.deepEqual(tagCalls(plan?.calls ?? []), [{ Key: "rdsctl:spec", Value: "orders" }]);
  assert.ok(!plan?.calls.some((c) => c.kind === "modify"), "a tag alone sends no ModifyDBInstance");

  const tagged = observedFrom(d);
  assert.ok(tagged.TagList?.some((t) => t.Key === "rdsctl:spec" && t.Value === "orders"));
  const again = computePlan(spec.instances, [tagged]).instances[0];
  assert.equal(again?.action, "noop");
  assert.deepEqual(again?.calls, []);
});

test("markManaged: another spec's name is replaced; purgeTags never removes the tag", () => {
  const spec = parse(MANAGED);
  const d = spec.instances[0];
  assert.ok(d);
  const other = observedFrom({ ...d, policy: { ...d.policy, specName: "legacy" } });
  const plan = computePlan(spec.instances, [other]).instances[0];
  assert.deepEqual(tagCalls(plan?.calls ?? []), [{ Key: "rdsctl:spec", Value: "orders" }]);

  const purging = parse(MANAGED.replace("markManaged: true", "purgeTags: true"));
  const p = purging.instances[0];
  assert.ok(p);
  const live = observedFrom({
    ...p,
    policy: { ...p.policy, markManaged: true, specName: "orders" },
  });
  const kept = computePlan(purging.instances, [live]).instances[0];
  assert.equal(kept?.action, "noop");
});

test("markManaged: a tag the spec declares under rdsctl:spec is the one planned", () => {
  const spec = parse(
    MANAGED.replace("Tags: { team: orders }", 'Tags: { team: orders, "rdsctl:spec": shop }'),
  );
  const create = computePlan(spec.instances, []).instances[0]?.calls[0];
  assert.deepEqual(create?.kind === "create" ? create.input.Tags : undefined, [
    { Key: "team", Value: "orders" },
    { Key: "rdsctl:spec", Value: "shop" },
  ]);
});
