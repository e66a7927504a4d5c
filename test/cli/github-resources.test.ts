import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApplyResult } from "../../src/apply/types.js";
import { errorAnnotations } from "../../src/cli/github.js";
import { AwsCallError, ChangeBlockedError } from "../../src/errors.js";
import { planHasBlocked } from "../../src/render/plan-text.js";
import { blockedGroup, modifiedGroup, planWithResources } from "../render/resource-fixtures.js";

test("a blocked group is a blocked plan, annotated at its item with its kind in the title", () => {
  const plan = planWithResources([blockedGroup()]);
  assert.equal(planHasBlocked(plan), true);
  assert.equal(planHasBlocked(planWithResources([modifiedGroup()])), false);
  const annotations = errorAnnotations(new ChangeBlockedError(plan));
  assert.equal(
    annotations,
    "::error file=rdsctl.yaml,line=20,col=5,title=parameter group old-pg%3A DBParameterGroupFamily is blocked::old-pg: DBParameterGroupFamily cannot change in place. Declare a new group under a new name with family postgres16, then point the instances at it.\n",
  );
});

test("a failed group is annotated at its item, even when no instance failed", () => {
  const plan = planWithResources([modifiedGroup()]);
  const result: ApplyResult = {
    instances: [],
    resources: [
      {
        kind: "parameter-group",
        id: "app-pg",
        region: "us-east-1",
        action: "modify",
        outcome: "failed",
        calls: [],
        error: new AwsCallError("app-pg: ModifyDBParameterGroup failed: denied", "AccessDenied"),
      },
    ],
    mutatingCalls: 0,
  };
  assert.equal(
    errorAnnotations(new Error("apply failed"), { plan, result }),
    "::error file=rdsctl.yaml,line=3,col=5,title=parameter group app-pg failed::app-pg: ModifyDBParameterGroup failed: denied\n",
  );
});
