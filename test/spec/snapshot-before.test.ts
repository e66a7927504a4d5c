import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SNAPSHOT_TRIGGERS } from "../../src/spec/types.js";
import { invalid, oneInstance, show, valid } from "./_helpers.js";

describe("policy.snapshotBefore", () => {
  it("reads the kinds of change, each once, for every instance of the file", () => {
    const spec = valid(
      `policy:\n  snapshotBefore: [class-change, major-upgrade, class-change]\n${oneInstance("")}`,
    );
    assert.deepEqual(spec.instances[0]?.policy.snapshotBefore, ["class-change", "major-upgrade"]);
    const all = valid(
      `policy: { snapshotBefore: [${SNAPSHOT_TRIGGERS.join(", ")}] }\n${oneInstance("")}`,
    );
    assert.deepEqual(all.instances[0]?.policy.snapshotBefore, [...SNAPSHOT_TRIGGERS]);
    const none = valid(`policy: { snapshotBefore: [] }\n${oneInstance("")}`);
    assert.deepEqual(none.instances[0]?.policy.snapshotBefore, []);
    assert.equal(valid(oneInstance("")).instances[0]?.policy.snapshotBefore, undefined);
  });

  it("an unknown kind is an error at its file:line:column, with the closest kind", () => {
    const problems = invalid(
      `policy:\n  snapshotBefore:\n    - major-upgrade\n    - class-chnage\n${oneInstance("")}`,
    );
    assert.deepEqual(problems.map(show), [
      "/specs/rdsctl.yaml:4:7: policy.snapshotBefore[1]: class-chnage: unknown kind of change; did you mean class-change?",
    ]);
  });

  it("a value that is not a list is an error naming the kinds", () => {
    const problems = invalid(`policy: { snapshotBefore: risky }\n${oneInstance("")}`);
    assert.deepEqual(problems.map(show), [
      "/specs/rdsctl.yaml:1:27: policy.snapshotBefore: expected a list of kinds of change (major-upgrade, minor-upgrade, storage-type-change, class-change, risky), got a string",
    ]);
  });
});
