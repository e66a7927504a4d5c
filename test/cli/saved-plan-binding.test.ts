import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { EmulatorHandle } from "../../src/emulator/api.js";
import { readApplyNdjson } from "../helpers/ndjson.js";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

// As the entry point does: the SDK's Node-support notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A spec whose instance takes its password from the environment (a secret reference). */
function envPasswordSpec(id: string): string {
  return instanceSpec(id, {
    ManageMasterUserPassword: undefined,
    MasterUserPassword: "{ env: BOUND_PW }",
  });
}

const ENV = { BOUND_PW: "Bound-pw-1234567" };

interface Saved {
  desired: Array<{ id: string; fields: Record<string, unknown> }>;
  plan: { instances: Array<{ id: string }> };
  [key: string]: unknown;
}

/** Makes a saved plan of `spec` against the emulator; returns its path and its sha256 as printed. */
async function savePlan(
  emulator: EmulatorHandle,
  dir: string,
  spec: string,
  env: Record<string, string> = ENV,
): Promise<{ path: string; sha256: string }> {
  const file = writeSpec(dir, "rdsctl.yaml", spec);
  const path = join(dir, "reviewed.plan");
  const planned = await runCli(["plan", file, "--out", path, "--endpoint-url", emulator.url], {
    env,
  });
  assert.equal(planned.code, 0, planned.stderr);
  const sha256 = /Saved the plan to .* \(sha256 ([0-9a-f]{64})\)/.exec(planned.stderr)?.[1];
  assert.ok(sha256, planned.stderr);
  return { path, sha256 };
}

function edit(path: string, change: (saved: Saved) => void): void {
  const saved = JSON.parse(readFileSync(path, "utf8")) as Saved;
  change(saved);
  writeFileSync(path, `${JSON.stringify(saved, null, 2)}\n`);
}

/** Applies the saved plan and checks it was refused as tampered with no request of any kind. */
async function refusedUntouched(
  emulator: EmulatorHandle,
  path: string,
  names: RegExp,
  extra: string[] = [],
): Promise<void> {
  emulator.clearRequestLog();
  const run = await runCli(
    ["apply", path, "--yes", "--json", ...extra, "--endpoint-url", emulator.url],
    { env: ENV },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /refusing the saved plan: it is not the plan that was reviewed/);
  assert.match(run.stderr, names);
  assert.equal(readApplyNdjson(run.stdout).document.error.code, "PLAN_TAMPERED");
  assert.deepEqual(
    emulator.requestLog().map((e) => e.action),
    [],
    "nothing at all was asked or sent",
  );
}

describe("saved plans bind what they apply", { concurrency: 2 }, () => {
  test("plan --out prints the file's sha256 (text and JSON); apply PLAN --plan-sha256 applies it", () =>
    withEmulator({ seed: 21, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const { path, sha256 } = await savePlan(emulator, dir, envPasswordSpec("digest-db"));
      const bytes = readFileSync(path);
      assert.equal(createHash("sha256").update(bytes).digest("hex"), sha256);
      const saved = JSON.parse(bytes.toString("utf8"));
      assert.equal(saved.account.id, "123456789012");
      assert.equal(saved.connection.endpointUrl, emulator.url);
      assert.deepEqual(saved.secrets, [
        { id: "digest-db", field: "MasterUserPassword", from: "environment variable BOUND_PW" },
      ]);
      assert.match(saved.checksum, /^sha256:[0-9a-f]{64}$/);

      const jsonPlan = join(dir, "j.plan");
      const json = await runCli(
        [
          "plan",
          join(dir, "rdsctl.yaml"),
          "--json",
          "--out",
          jsonPlan,
          "--endpoint-url",
          emulator.url,
        ],
        { env: ENV },
      );
      assert.equal(json.code, 0, json.stderr);
      const doc = JSON.parse(json.stdout);
      const fileSha = createHash("sha256").update(readFileSync(jsonPlan)).digest("hex");
      assert.deepEqual(doc.savedPlan, { path: jsonPlan, sha256: fileSha });

      // The connection is the saved one: no --endpoint-url is needed to apply it.
      const applied = await runCli(["apply", path, "--yes", "--plan-sha256", sha256], {
        env: ENV,
      });
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /digest-db/);
      assert.ok(emulator.requestLog().some((e) => e.action === "CreateDBInstance"));
    }));

  test("a desired item without a reviewed step, and a deleted plan entry, are refused before any call", () =>
    withEmulator({ seed: 22, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const { path } = await savePlan(emulator, dir, envPasswordSpec("one-db"));
      const original = readFileSync(path, "utf8");
      edit(path, (saved) => {
        const first = saved.desired[0];
        assert.ok(first);
        saved.desired.push({
          ...first,
          id: "unreviewed-db",
          fields: { ...first.fields, DBInstanceIdentifier: "unreviewed-db" },
        });
      });
      await refusedUntouched(
        emulator,
        path,
        /desired lists unreviewed-db, which has no reviewed step in plan/,
      );

      writeFileSync(path, original);
      edit(path, (saved) => {
        saved.plan.instances = [];
      });
      await refusedUntouched(emulator, path, /desired lists one-db, which has no reviewed step/);
    }));

  test("a swapped secret reference is refused, naming both; so is a file whose digest differs", () =>
    withEmulator({ seed: 23, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const { path, sha256 } = await savePlan(emulator, dir, envPasswordSpec("secret-db"));
      const original = readFileSync(path, "utf8");
      edit(path, (saved) => {
        const first = saved.desired[0];
        assert.ok(first);
        first.fields.MasterUserPassword = { kind: "file", path: "/etc/shadow" };
      });
      await refusedUntouched(
        emulator,
        path,
        /secret-db MasterUserPassword is read from file \/etc\/shadow, but the plan showed environment variable BOUND_PW/,
      );

      // An edit that keeps the file consistent, checksum included, is caught by the digest.
      writeFileSync(path, original.replace('"createdAt": "', '"createdAt": "1'));
      const other = "0".repeat(64);
      await refusedUntouched(emulator, path, /the checksum does not match the content/);
      writeFileSync(path, original);
      await refusedUntouched(
        emulator,
        path,
        new RegExp(`the file's SHA-256 is ${sha256}, not the ${other} given with --plan-sha256`),
        ["--plan-sha256", other],
      );
    }));

  test("a plan made for one account is refused with another account's credentials, before any RDS call", () =>
    withEmulator({ seed: 24, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const first = await credentialsFor(emulator.url, "111111111111");
      const second = await credentialsFor(emulator.url, "222222222222");
      const { path } = await savePlan(emulator, dir, envPasswordSpec("acct-db"), {
        ...ENV,
        ...first,
      });
      assert.equal(JSON.parse(readFileSync(path, "utf8")).account.id, "111111111111");
      emulator.clearRequestLog();
      const run = await runCli(["apply", path, "--yes"], { env: { ...ENV, ...second } });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^account 222222222222, region us-east-1\n/);
      assert.match(
        run.stderr,
        /credentials in use are for account 222222222222 .*but the saved plan was made for account 111111111111; nothing was read or sent/,
      );
      assert.deepEqual(
        emulator.requestLog().map((e) => e.action),
        ["GetCallerIdentity"],
        "no RDS call",
      );
      // The same plan with its own account's credentials applies.
      const ok = await runCli(["apply", path, "--yes"], { env: { ...ENV, ...first } });
      assert.equal(ok.code, 0, ok.stderr);
    }));

  test("a connection flag that asks for another endpoint than the saved plan's is refused in one line", () =>
    withEmulator({ seed: 25, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const { path } = await savePlan(emulator, dir, envPasswordSpec("where-db"));
      emulator.clearRequestLog();
      const run = await runCli(["apply", path, "--yes", "--endpoint-url", "http://127.0.0.1:9"], {
        env: ENV,
      });
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trim().split("\n").length, 1, `one line: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`made with endpointUrl ${emulator.url}`));
      assert.deepEqual(emulator.requestLog(), []);
    }));
});

/** Credentials of a role in `account`, issued by the emulator's STS (which answers as that account for them). */
async function credentialsFor(url: string, account: string): Promise<Record<string, string>> {
  const sts = new STSClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
  });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/deployer`,
        RoleSessionName: "ci",
      }),
    );
    const c = out.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    return {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    };
  } finally {
    sts.destroy();
  }
}
