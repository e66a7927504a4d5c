import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { instanceEffectsOf, resourcesNamedBy } from "../../src/apply/resources.js";
import { targetSpec } from "../../src/apply/targets.js";
import { UsageError } from "../../src/errors.js";
import { type DeclaredResource, keyString, type ResourcePlan } from "../../src/kinds/types.js";
import { desiredInstance, specOf } from "../helpers/desired.js";

function group(kind: DeclaredResource["kind"], id: string): DeclaredResource {
  return {
    kind,
    id,
    fields: {},
    policy: { purgeParameters: false, purgeTags: false },
    source: { file: "t.yaml", line: 1, column: 1 },
    fieldSources: {},
  };
}

describe("kinds: the dependency graph and --target", () => {
  it("an instance depends on the declared groups it names, in its own region only", () => {
    const d = desiredInstance("db", { DBSubnetGroupName: "App-Subnets" });
    const declared = new Set([
      keyString({ kind: "subnet-group", region: "us-east-1", id: "app-subnets" }),
      keyString({ kind: "instance", region: "us-east-1", id: "app-subnets" }),
    ]);
    assert.deepEqual(resourcesNamedBy(d, "us-east-1", declared), [
      "subnet-group/us-east-1/app-subnets",
    ]);
    assert.deepEqual(resourcesNamedBy(d, "eu-west-1", declared), []);
    assert.deepEqual(resourcesNamedBy(desiredInstance("plain"), "us-east-1", declared), []);
  });

  it("passes only created or modified groups' effects to the instance planner, by lowercased name", () => {
    const plan = (id: string, action: ResourcePlan["action"]): ResourcePlan => ({
      kind: "parameter-group",
      id,
      source: { file: "t.yaml", line: 1, column: 1 },
      action,
      changes: [],
      blocked: [],
      notices: [],
      calls: [],
      instanceEffects: { dynamic: ["work_mem"], static: ["shared_buffers"] },
    });
    const effects = instanceEffectsOf([plan("Tuned", "modify"), plan("same", "noop")]);
    assert.deepEqual(
      [...effects],
      [["tuned", { name: "Tuned", dynamic: ["work_mem"], static: ["shared_buffers"] }]],
    );
  });

  it("--target of an instance brings the declared groups it names; of a group, the group alone", () => {
    const spec = {
      ...specOf(
        desiredInstance("app", { DBSubnetGroupName: "app-subnets" }),
        desiredInstance("other"),
      ),
      resources: [group("subnet-group", "app-subnets"), group("subnet-group", "unused")],
    };
    const byInstance = targetSpec(spec, ["App"]);
    assert.deepEqual(
      byInstance.instances.map((i) => i.id),
      ["app"],
    );
    assert.deepEqual(
      byInstance.resources?.map((r) => r.id),
      ["app-subnets"],
    );
    const byGroup = targetSpec(spec, ["unused"]);
    assert.deepEqual(byGroup.instances, []);
    assert.deepEqual(
      byGroup.resources?.map((r) => r.id),
      ["unused"],
    );
    const neither = targetSpec(spec, ["other"]);
    assert.equal(neither.resources, undefined);
    assert.throws(
      () => targetSpec(spec, ["nope"]),
      (e: unknown) =>
        e instanceof UsageError &&
        /nope is not declared.*app, other, app-subnets, unused/.test(e.message),
    );
  });
});
