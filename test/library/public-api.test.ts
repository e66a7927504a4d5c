import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { EmulatorHandle } from "../../src/emulator/index.js";
import { startEmulator } from "../../src/emulator/index.js";
import {
  applySpec,
  loadSpec,
  type ProgressEvent,
  planSpec,
  planToJson,
  SpecInvalidError,
} from "../../src/index.js";

// The README's library example, run for real: the public entry point alone is
// enough to load a spec, plan it, apply it with progress, and plan again.

let emulator: EmulatorHandle;
let dir: string;

before(async () => {
  emulator = await startEmulator({ port: 0, clock: "manual", seed: 7 });
  dir = mkdtempSync(join(tmpdir(), "rdsctl-lib-"));
});

after(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const SPEC = `
instances:
  - DBInstanceIdentifier: Lib-DB
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    ManageMasterUserPassword: true
    Tags: { team: platform }
wait: { delaySeconds: 1, maxDelaySeconds: 2, timeoutSeconds: 120 }
`;

test("loadSpec, planSpec, applySpec and planSpec again through the public index", async () => {
  const file = join(dir, "rdsctl.yaml");
  writeFileSync(file, SPEC);
  const spec = await loadSpec([file]);
  assert.equal(spec.instances[0]?.id, "lib-db");

  const conn = { endpointUrl: emulator.url, region: "us-east-1" };
  const first = await planSpec(spec, conn);
  assert.deepEqual(first.plan.summary, { create: 1, modify: 0, noop: 0, blocked: 0 });
  const json = planToJson(first.plan);
  assert.equal(json.instances[0]?.action, "create");

  const events: ProgressEvent[] = [];
  const applied = await applySpec(spec, conn, {
    onProgress: (e) => events.push(e),
    sleep: async (ms) => emulator.advance(ms),
    now: () => emulator.now(),
  });
  assert.equal(applied.result.instances[0]?.status, "available");
  assert.ok(events.some((e) => e.type === "call" && e.call === "create"));
  assert.ok(events.some((e) => e.type === "stable" && e.id === "lib-db"));

  emulator.clearRequestLog();
  const second = await planSpec(spec, conn);
  assert.deepEqual(second.plan.summary, { create: 0, modify: 0, noop: 1, blocked: 0 });
  assert.deepEqual(
    emulator.requestLog().map((e) => e.action),
    ["DescribeDBInstances"],
  );
});

test("loadSpec reports every problem at once as a SpecInvalidError", async () => {
  const file = join(dir, "bad.yaml");
  writeFileSync(
    file,
    "instances:\n  - DBInstanceIdentifier: ok-db\n    AlocatedStorage: 20\n    MultiAZ: maybe\n",
  );
  await assert.rejects(loadSpec([file]), (err: unknown) => {
    assert.ok(err instanceof SpecInvalidError);
    assert.equal(err.problems.length, 2);
    assert.match(err.message, /bad\.yaml:3:5: .*did you mean AllocatedStorage/);
    assert.match(err.message, /bad\.yaml:4:\d+: /);
    return true;
  });
});
