import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import type { EmulatorHandle } from "../../src/emulator/index.js";
import { startEmulator } from "../../src/emulator/index.js";
import {
  type AccountInfo,
  AccountNotAllowedError,
  applyPlan,
  loadSpec,
  PlanStaleError,
  PlanTamperedError,
  planSavedPlan,
  planSpec,
  readSavedPlan,
  type Spec,
  savedPlanOf,
  savedPlanText,
  UsageError,
} from "../../src/index.js";

// The library's entry points guard as the CLI does: the account, the spec's
// role, targets and saved plans are enforced by planSpec and planSavedPlan
// themselves, with no CLI in between.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let emulator: EmulatorHandle;
let dir: string;

before(async () => {
  emulator = await startEmulator({ port: 0, clock: "manual", seed: 11 });
  dir = mkdtempSync(join(tmpdir(), "rdsctl-guards-"));
});

after(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
  emulator.clearRequestLog();
});

function instance(id: string, extra = ""): string {
  return `  - DBInstanceIdentifier: ${id}
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: db.t4g.micro
    AllocatedStorage: 20
    MasterUsername: app
    ManageMasterUserPassword: true
${extra}`;
}

async function specOf(name: string, text: string): Promise<Spec> {
  const file = join(dir, name);
  writeFileSync(file, text);
  return loadSpec([file]);
}

const actions = () => emulator.requestLog().map((e) => e.action);
const conn = () => ({ endpointUrl: emulator.url, region: "us-east-1" });

describe("the library's guards", () => {
  test("planSpec refuses a disallowed account before any RDS call", async () => {
    const spec = await specOf(
      "denied.yaml",
      `allowedAccountIds: ["999999999999"]\ninstances:\n${instance("guarded-db")}`,
    );
    await assert.rejects(
      planSpec(spec, conn()),
      (err: unknown) =>
        err instanceof AccountNotAllowedError &&
        err.code === "ACCOUNT_NOT_ALLOWED" &&
        err.account === "123456789012",
    );
    assert.deepEqual(actions(), ["GetCallerIdentity"], "no RDS call at all");

    emulator.clearRequestLog();
    const allowed = await specOf(
      "allowed.yaml",
      `allowedAccountIds: ["123456789012"]\ninstances:\n${instance("guarded-db")}`,
    );
    const seen: AccountInfo[] = [];
    const bound = await planSpec(allowed, { ...conn(), onAccount: (a) => seen.push(a) });
    assert.equal(bound.account?.id, "123456789012");
    assert.deepEqual(seen, [bound.account]);
    assert.equal(actions()[0], "GetCallerIdentity");
  });

  test("the spec's role is assumed by planSpec, and its account is the one checked", async () => {
    const role = "arn:aws:iam::333333333333:role/deployer";
    const spec = await specOf(
      "role.yaml",
      `assumeRoleArn: ${role}\nallowedAccountIds: ["123456789012"]\ninstances:\n${instance("role-db")}`,
    );
    await assert.rejects(
      planSpec(spec, conn()),
      (err: unknown) => err instanceof AccountNotAllowedError && err.account === "333333333333",
    );
    assert.deepEqual(actions(), ["AssumeRole", "GetCallerIdentity"]);
  });

  test("targets are enforced by planSpec: only the targets are planned", async () => {
    const spec = await specOf(
      "targets.yaml",
      `instances:\n${instance("primary-db")}${instance("other-db")}${instance("third-db")}`,
    );
    const bound = await planSpec(spec, conn(), { targets: ["Third-DB", "primary-db"] });
    assert.deepEqual(
      bound.plan.instances.map((i) => i.id),
      ["primary-db", "third-db"],
    );
    assert.deepEqual(bound.targets, ["third-db", "primary-db"]);

    emulator.clearRequestLog();
    await assert.rejects(
      planSpec(spec, conn(), { targets: ["nope-db"] }),
      (err: unknown) =>
        err instanceof UsageError && /--target: nope-db is not declared/.test(err.message),
    );
    await assert.rejects(
      planSpec(spec, conn(), { targets: ["other-db"], rotatePassword: new Set(["primary-db"]) }),
      (err: unknown) =>
        err instanceof UsageError &&
        /--rotate-password: primary-db is not among the targeted instances/.test(err.message),
    );
    assert.deepEqual(actions(), [], "refused before any call");
  });

  test("a saved plan: read and checked offline, planned again for its account, stale by the one rule", async () => {
    const spec = await specOf("saved.yaml", `instances:\n${instance("saved-db")}`);
    const bound = await planSpec(spec, { ...conn(), onAccount: () => {} });
    const path = join(dir, "saved.plan");
    writeFileSync(path, savedPlanText(savedPlanOf(bound)));

    const saved = readSavedPlan(path);
    assert.equal(saved.account?.id, "123456789012");
    emulator.clearRequestLog();
    const again = await planSavedPlan(saved, {});
    assert.equal(actions()[0], "GetCallerIdentity");
    assert.equal(again.plan.instances[0]?.action, "create");

    // A step edited to something its desired item does not give is refused offline.
    const edited = JSON.parse(readFileSync(path, "utf8"));
    edited.plan.instances[0].action = "noop";
    writeFileSync(path, JSON.stringify(edited));
    assert.throws(
      () => readSavedPlan(path),
      (err: unknown) =>
        err instanceof PlanTamperedError &&
        err.differs.some((d) => /the step for saved-db is not what its desired item/.test(d)),
    );

    // Live state moved (the instance now exists): stale, nothing sent.
    await applyPlan(again, {
      sleep: async (ms) => emulator.advance(ms),
      now: () => emulator.now(),
    });
    await assert.rejects(
      planSavedPlan(saved, {}),
      (err: unknown) =>
        err instanceof PlanStaleError && /saved-db: the instance now exists/.test(err.message),
    );
  });
});
