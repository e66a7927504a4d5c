import assert from "node:assert/strict";
import { test } from "node:test";
import { targetSpec } from "../../src/apply/targets.js";
import { UsageError } from "../../src/errors.js";
import { desiredInstance, specOf } from "../helpers/desired.js";

const ids = (spec: { instances: Array<{ id: string }> }) => spec.instances.map((i) => i.id);

test("--target keeps the named instances and, transitively, the declared sources they replicate", () => {
  const spec = specOf(
    desiredInstance("primary"),
    desiredInstance("unrelated"),
    desiredInstance("replica", { SourceDBInstanceIdentifier: "PRIMARY" }),
    desiredInstance("replica-of-replica", { SourceDBInstanceIdentifier: "replica" }),
    desiredInstance("external-replica", { SourceDBInstanceIdentifier: "not-declared" }),
  );
  assert.deepEqual(ids(targetSpec(spec, ["Replica-Of-Replica"])), [
    "primary",
    "replica",
    "replica-of-replica",
  ]);
  assert.deepEqual(ids(targetSpec(spec, ["unrelated", "unrelated"])), ["unrelated"]);
  assert.deepEqual(ids(targetSpec(spec, ["external-replica"])), ["external-replica"]);
  assert.equal(targetSpec(spec, []), spec);
});

test("--target with an id the spec does not declare is a usage error naming it", () => {
  const spec = specOf(desiredInstance("one"), desiredInstance("two"));
  assert.throws(
    () => targetSpec(spec, ["one", "three"]),
    (err: unknown) =>
      err instanceof UsageError &&
      err.message === "--target: three is not declared in the spec; declared: one, two",
  );
});
