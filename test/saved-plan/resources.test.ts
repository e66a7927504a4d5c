import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { PlanTamperedError } from "../../src/errors.js";
import type { DeclaredResource, ResourcePlan } from "../../src/kinds/types.js";
import type { Plan } from "../../src/plan/types.js";
import {
  groupChangesIn,
  readSavedPlan,
  resourcesMovedSincePlan,
  type SavedPlanFile,
  savedPlanOf,
  savedPlanText,
  specOfSavedPlan,
} from "../../src/saved-plan.js";
import type { SpecPlan } from "../../src/workflow.js";

// A spec of one parameter group and no instance, planned by hand: the saved
// plan carries the group as declared and the calls its reviewed step sends.

const dir = mkdtempSync(join(tmpdir(), "rdsctl-saved-resources-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const source = { file: "rdsctl.yaml", line: 3, column: 5 };

function declared(): DeclaredResource {
  return {
    kind: "parameter-group",
    id: "app-pg",
    region: "us-east-1",
    fields: {
      DBParameterGroupName: "app-pg",
      DBParameterGroupFamily: "postgres16",
      Description: "app",
      Parameters: {
        work_mem: "8192",
        shared_buffers: { value: "32768", applyMethod: "pending-reboot" },
      },
      Tags: { team: "orders" },
    },
    policy: { purgeParameters: false, purgeTags: false },
    source,
    fieldSources: { DBParameterGroupName: { ...source, line: 4 } },
  };
}

function step(): ResourcePlan {
  return {
    kind: "parameter-group",
    id: "app-pg",
    region: "us-east-1",
    source,
    action: "modify",
    changes: [
      {
        field: "Parameters.work_mem",
        from: "4096",
        to: "8192",
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
    ],
    blocked: [],
    notices: [],
    calls: [
      {
        action: "ModifyDBParameterGroup",
        input: {
          DBParameterGroupName: "app-pg",
          Parameters: [
            { ParameterName: "work_mem", ParameterValue: "8192", ApplyMethod: "immediate" },
          ],
        },
      },
    ],
    instanceEffects: { dynamic: ["work_mem"], static: [] },
  };
}

function plan(resources: ResourcePlan[]): Plan {
  return { instances: [], resources, summary: { create: 0, modify: 0, noop: 0, blocked: 0 } };
}

function bound(): SpecPlan {
  return {
    plan: plan([step()]),
    observed: [],
    desired: [],
    planOptions: {},
    regions: new Map(),
    spec: { files: ["rdsctl.yaml"], instances: [], resources: [declared()], warnings: [] },
    targets: [],
    connection: { region: "us-east-1" },
  };
}

let n = 0;
function written(saved: SavedPlanFile): string {
  const path = join(dir, `plan-${n++}.json`);
  writeFileSync(path, savedPlanText(saved));
  return path;
}

/** The file as someone who edits it would leave it: content changed, checksum made again. */
function edited(saved: SavedPlanFile, edit: (s: SavedPlanFile) => void): SavedPlanFile {
  const copy = JSON.parse(JSON.stringify(saved)) as SavedPlanFile;
  edit(copy);
  const { checksum: _, ...content } = copy;
  const sum = createHash("sha256").update(JSON.stringify(content)).digest("hex");
  return { ...content, checksum: `sha256:${sum}` };
}

function tamperedBy(path: string): string[] {
  try {
    readSavedPlan(path);
  } catch (err) {
    assert.ok(err instanceof PlanTamperedError, String(err));
    return err.differs;
  }
  assert.fail("the saved plan was accepted");
}

test("a saved plan round-trips its resources: declared as loaded, each step with its calls", () => {
  const saved = savedPlanOf(bound());
  assert.equal(saved.formatVersion, 1, "a file without resources reads as before: no new version");
  assert.deepEqual(saved.resources?.declared, [declared()]);
  assert.deepEqual(saved.resources?.calls, [
    { kind: "parameter-group", id: "app-pg", region: "us-east-1", calls: step().calls },
  ]);
  assert.equal(saved.plan.resources[0]?.id, "app-pg");
  const read = readSavedPlan(written(saved));
  assert.deepEqual(read, saved);
  assert.deepEqual(specOfSavedPlan(read).resources, [declared()]);
  assert.deepEqual(resourcesMovedSincePlan(read, plan([step()])), []);
});

test("a spec without resources saves no resources member", () => {
  const b = bound();
  b.plan = plan([]);
  delete b.plan.resources;
  b.spec = { files: ["rdsctl.yaml"], instances: [], warnings: [] };
  const saved = savedPlanOf(b);
  assert.equal("resources" in saved, false);
  assert.deepEqual(readSavedPlan(written(saved)).plan.resources, []);
  assert.equal(specOfSavedPlan(saved).resources, undefined);
});

test("an edit of a resource's calls is PLAN_TAMPERED, by the checksum alone", () => {
  const saved = savedPlanOf(bound());
  const text = savedPlanText(saved).replace('"ParameterValue": "8192"', '"ParameterValue": "9999"');
  assert.notEqual(text, savedPlanText(saved));
  const path = join(dir, "edited-value.json");
  writeFileSync(path, text);
  assert.deepEqual(tamperedBy(path), [
    "the checksum does not match the content (the file was edited after it was saved)",
  ]);
});

test("a delete slipped into a step, even with the checksum made again, is PLAN_TAMPERED", () => {
  const saved = edited(savedPlanOf(bound()), (s) => {
    s.resources?.calls[0]?.calls.push({
      action: "DeleteDBParameterGroup",
      input: { DBParameterGroupName: "app-pg" },
    });
  });
  assert.deepEqual(tamperedBy(written(saved)), [
    "the step for parameter group app-pg sends DeleteDBParameterGroup, which rdsctl never sends for it",
  ]);
});

test("a declared resource without its step, or a step without its calls, is PLAN_TAMPERED", () => {
  const noStep = edited(savedPlanOf(bound()), (s) => {
    s.plan.resources = [];
  });
  assert.deepEqual(tamperedBy(written(noStep)), [
    "resources declares parameter group app-pg, which has no reviewed step in plan",
    "resources lists calls for parameter group app-pg, which has no step in plan",
  ]);
  const noCalls = edited(savedPlanOf(bound()), (s) => {
    if (s.resources !== undefined) s.resources.calls = [];
  });
  assert.deepEqual(tamperedBy(written(noCalls)), [
    "plan has a step for parameter group app-pg without its calls in resources",
  ]);
  const noDeclared = edited(savedPlanOf(bound()), (s) => {
    delete s.resources;
  });
  assert.deepEqual(tamperedBy(written(noDeclared)), [
    "plan has a step for parameter group app-pg, which resources does not declare",
    "plan has a step for parameter group app-pg without its calls in resources",
  ]);
});

test("a resource whose fresh step moved is stale, naming what moved; the same step is not", () => {
  const saved = savedPlanOf(bound());
  const moved = step();
  const change = moved.changes[0];
  assert.ok(change);
  change.from = "2048";
  assert.deepEqual(resourcesMovedSincePlan(saved, plan([moved])), [
    {
      id: "parameter group app-pg",
      moved: ['Parameters.work_mem: planned from "4096", now from "2048"'],
    },
  ]);
  const otherCalls = step();
  otherCalls.calls = [
    { action: "ModifyDBParameterGroup", input: { DBParameterGroupName: "app-pg" } },
  ];
  assert.deepEqual(resourcesMovedSincePlan(saved, plan([otherCalls])), [
    { id: "parameter group app-pg", moved: ["its planned calls"] },
  ]);
  assert.deepEqual(resourcesMovedSincePlan(saved, plan([])), [
    {
      id: "parameter group app-pg",
      moved: ["it is no longer in the plan"],
    },
  ]);
  const extra = { ...step(), id: "new-pg" };
  assert.deepEqual(resourcesMovedSincePlan(saved, plan([step(), extra])), [
    {
      id: "parameter group new-pg",
      moved: ["it is in the plan now and was not reviewed"],
    },
  ]);
});

test("the instances are re-planned with what the reviewed group steps of their region do to them", () => {
  const b = bound();
  const staticStep = step();
  staticStep.instanceEffects = { dynamic: ["work_mem"], static: ["shared_buffers"] };
  const quiet: ResourcePlan = { ...step(), id: "quiet-pg", action: "noop", calls: [], changes: [] };
  const elsewhere: ResourcePlan = { ...step(), id: "west-pg", region: "us-west-2" };
  b.plan = plan([staticStep, quiet, elsewhere]);
  b.spec.resources = [
    declared(),
    { ...declared(), id: "quiet-pg", fields: { DBParameterGroupName: "Quiet-PG" } },
    {
      ...declared(),
      id: "west-pg",
      region: "us-west-2",
      fields: { DBParameterGroupName: "West-PG" },
    },
  ];
  b.planOptions = { reboot: true };
  const saved = savedPlanOf(b);
  assert.equal(saved.planOptions.reboot, true, "--reboot is saved with the plan");
  assert.deepEqual(
    [...groupChangesIn(saved, "us-east-1")],
    [["app-pg", { name: "app-pg", dynamic: ["work_mem"], static: ["shared_buffers"] }]],
  );
  assert.deepEqual(
    [...groupChangesIn(saved, "us-west-2")],
    [["west-pg", { name: "West-PG", dynamic: ["work_mem"], static: [] }]],
  );
  assert.equal("reboot" in savedPlanOf(bound()).planOptions, false);
});
