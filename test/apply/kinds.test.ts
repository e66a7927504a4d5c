import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AddTagsToResourceCommand, CreateDBSubnetGroupCommand } from "@aws-sdk/client-rds";
import type { ProgressEvent } from "../../src/apply/types.js";
import {
  ApplyFailedError,
  AwsCallError,
  PlanCheckError,
  PlanStaleError,
  SpecInvalidError,
} from "../../src/errors.js";
import type { DeclaredResource } from "../../src/kinds/types.js";
import type { Spec } from "../../src/spec/types.js";
import { applyPlan, applySpec, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

/**
 * The pipeline over the kinds beside instances, against the emulator: a
 * declared subnet group is read with the instances, made before the
 * instances that name it, and keyed apart from an instance of the same name.
 */

function subnetGroup(
  name: string,
  fields: Record<string, unknown> = {},
  policy: Partial<DeclaredResource["policy"]> = {},
): DeclaredResource {
  return {
    kind: "subnet-group",
    id: name,
    fields: {
      DBSubnetGroupName: name,
      DBSubnetGroupDescription: `${name} subnets`,
      SubnetIds: ["subnet-0a1", "subnet-0b2"],
      ...fields,
    },
    policy: { purgeParameters: false, purgeTags: false, ...policy },
    source: { file: "test.yaml", line: 40, column: 5 },
    fieldSources: { DBSubnetGroupName: { file: "test.yaml", line: 40, column: 24 } },
  };
}

function withGroups(spec: Spec, ...groups: DeclaredResource[]): Spec {
  return { ...spec, resources: groups };
}

describe("kinds beside instances: plan and apply against the emulator", () => {
  const t = suiteEmulator();
  const conn = () => ({ region: "us-east-1", apiFactory: () => t.api });

  it("creates a declared subnet group before the instance that names it; the re-run sends nothing", async () => {
    const spec = withGroups(
      specOf(
        desiredInstance("app-db", { DBSubnetGroupName: "app-subnets" }),
        desiredInstance("other-db"),
      ),
      subnetGroup("app-subnets", { Tags: { team: "db" } }),
    );
    const events: ProgressEvent[] = [];
    const { plan, result } = await applySpec(spec, conn(), {
      ...t.clock,
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(
      plan.resources?.map((r) => [r.kind, r.id, r.region, r.action]),
      [["subnet-group", "app-subnets", "us-east-1", "create"]],
    );
    assert.deepEqual(result.resources, [
      {
        kind: "subnet-group",
        id: "app-subnets",
        region: "us-east-1",
        action: "create",
        outcome: "created",
        calls: ["CreateDBSubnetGroup"],
      },
    ]);
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      [
        ["app-db", "created"],
        ["other-db", "created"],
      ],
    );
    assert.equal(result.mutatingCalls, 3);
    const log = t.actions();
    const group = log.indexOf("CreateDBSubnetGroup");
    assert.ok(group >= 0);
    const creates = log.flatMap((a, i) => (a === "CreateDBInstance" ? [i] : []));
    assert.equal(creates.length, 2);
    // The instance naming the group is created after it (the other one need not wait).
    const appCreate = t.emulator
      .requestLog()
      .findIndex((e) => e.action === "CreateDBInstance" && JSON.stringify(e).includes("app-db"));
    assert.ok(appCreate > group, `${log.join(", ")}`);
    assert.ok(
      events.some(
        (e) => e.type === "call" && e.kind === "subnet-group" && e.call === "CreateDBSubnetGroup",
      ),
    );

    // Again: the group and its tags match; one listing, one tag read, nothing sent.
    t.emulator.clearRequestLog();
    const again = await planSpec(spec, conn());
    assert.deepEqual(
      again.plan.resources?.map((r) => r.action),
      ["noop"],
    );
    assert.deepEqual(
      again.plan.instances.map((i) => i.action),
      ["noop", "noop"],
    );
    assert.deepEqual([...t.actions()].sort(), [
      "DescribeDBInstances",
      "DescribeDBSubnetGroups",
      "ListTagsForResource",
    ]);
  });

  it("keeps a group and an instance of the same name apart", async () => {
    const spec = withGroups(
      specOf(desiredInstance("shared", { DBSubnetGroupName: "shared" })),
      subnetGroup("shared"),
    );
    const { result } = await applySpec(spec, conn(), t.clock);
    assert.deepEqual(
      result.resources?.map((r) => [r.kind, r.id, r.outcome]),
      [["subnet-group", "shared", "created"]],
    );
    assert.deepEqual(
      result.instances.map((i) => [i.id, i.outcome]),
      [["shared", "created"]],
    );
  });

  it("skips the instances of a group that failed, and the others go on", async () => {
    const spec = withGroups(
      specOf(
        desiredInstance("needs-group", { DBSubnetGroupName: "broken" }),
        desiredInstance("free-db"),
      ),
      subnetGroup("broken", { SubnetIds: ["not_a_subnet"] }),
    );
    const err = await applySpec(spec, conn(), t.clock).then(
      () => assert.fail("must fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplyFailedError, String(err));
    const { result } = err;
    assert.equal(result.resources?.[0]?.outcome, "failed");
    assert.match(result.resources?.[0]?.error?.message ?? "", /CreateDBSubnetGroup/);
    const byId = new Map(result.instances.map((i) => [i.id, i]));
    assert.equal(byId.get("needs-group")?.outcome, "skipped");
    assert.match(byId.get("needs-group")?.skippedBecause ?? "", /DB subnet group broken failed/);
    assert.equal(byId.get("free-db")?.outcome, "created");
    assert.ok(!t.actions().some((a) => a === "ModifyDBInstance"));
  });

  it("treats a declared group as present in the plan-time checks, and a missing undeclared one as an error", async () => {
    const declared = withGroups(
      specOf(desiredInstance("uses-declared", { DBSubnetGroupName: "to-come" })),
      subnetGroup("to-come"),
    );
    const { plan } = await planSpec(declared, conn());
    assert.equal(plan.instances[0]?.action, "create");
    // The group's own read answered for it: no second read of the same group.
    assert.equal(t.actions().filter((a) => a === "DescribeDBSubnetGroups").length, 1);

    const missing = specOf(desiredInstance("uses-missing", { DBSubnetGroupName: "nowhere" }));
    const err = await planSpec(missing, conn()).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PlanCheckError);
    assert.match(err.message, /DBSubnetGroupName nowhere does not exist/);
  });

  it("refuses a group whose live state moved since the plan, sending nothing to it", async () => {
    const raw = t.rawClient();
    try {
      const made = await raw.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: "moving",
          DBSubnetGroupDescription: "moving subnets",
          SubnetIds: ["subnet-0a1", "subnet-0b2"],
        }),
      );
      const spec = withGroups(specOf(), subnetGroup("moving", { Tags: { team: "db" } }));
      const bound = await planSpec(spec, conn());
      assert.equal(bound.plan.resources?.[0]?.action, "modify");
      // Someone else sets the tag in between: the planned AddTagsToResource no longer follows.
      await raw.send(
        new AddTagsToResourceCommand({
          ResourceName: made.DBSubnetGroup?.DBSubnetGroupArn,
          Tags: [{ Key: "team", Value: "web" }],
        }),
      );
      t.emulator.clearRequestLog();
      const err = await applyPlan(bound, t.clock).then(
        () => assert.fail("must refuse"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApplyFailedError, String(err));
      const failure = err.result.resources?.[0]?.error;
      assert.ok(failure instanceof PlanStaleError, String(failure));
      assert.match(
        failure.message,
        /moving: refused: its live state changed since the plan was made \(Tags\.team\)/,
      );
      assert.ok(!t.actions().includes("AddTagsToResource"));
    } finally {
      raw.destroy();
    }
  });

  it("a denied group read stops the plan before any change, naming the action and the permission", async () => {
    t.emulator.setDenied(["DescribeDBSubnetGroups"]);
    const spec = withGroups(
      specOf(desiredInstance("waits-db", { DBSubnetGroupName: "app-subnets" })),
      subnetGroup("app-subnets"),
    );
    const err = await planSpec(spec, conn()).then(
      () => assert.fail("must stop"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AwsCallError, String(err));
    assert.match(err.message, /DescribeDBSubnetGroups failed: AccessDenied/);
    assert.match(err.message, /need the IAM permission rds:DescribeDBSubnetGroups/);
    assert.equal(t.mutating().length, 0);
  });

  it("refuses one group declared twice once regions are resolved, before any call", async () => {
    const twice = { ...subnetGroup("dup"), region: "us-east-1" };
    const spec = withGroups(specOf(), subnetGroup("dup"), twice);
    t.emulator.clearRequestLog();
    const err = await planSpec(spec, conn()).then(
      () => assert.fail("must refuse"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SpecInvalidError, String(err));
    assert.match(
      err.message,
      /test\.yaml:40:24: DB subnet group "dup" is also declared at test\.yaml:40:24, in the same region \(us-east-1\)/,
    );
    assert.deepEqual(t.actions(), []);
  });

  // Needs the emulator's ModifyDBSubnetGroup.
  it("modifies a group whose subnets or description differ, sending the declared set", async () => {
    const first = withGroups(specOf(), subnetGroup("grow"));
    await applySpec(first, conn(), t.clock);
    const grown = withGroups(
      specOf(),
      subnetGroup("grow", {
        DBSubnetGroupDescription: "grown",
        SubnetIds: ["subnet-0b2", "subnet-0a1", "subnet-0c3"],
      }),
    );
    t.emulator.clearRequestLog();
    const { plan, result } = await applySpec(grown, conn(), t.clock);
    assert.deepEqual(
      plan.resources?.[0]?.changes.map((c) => c.field),
      ["DBSubnetGroupDescription", "SubnetIds"],
    );
    assert.deepEqual(result.resources?.[0]?.calls, ["ModifyDBSubnetGroup"]);
    const again = await planSpec(grown, conn());
    assert.equal(again.plan.resources?.[0]?.action, "noop");
  });
});
