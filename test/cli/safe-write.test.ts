import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CreateDBInstanceCommand, RDSClient } from "@aws-sdk/client-rds";
import { writeSavedPlan } from "../../src/cli/saved-plan.js";
import { startEmulator } from "../../src/emulator/index.js";
import { writeFileAtomic } from "../../src/fs/atomic-write.js";
import type { SavedPlanFile } from "../../src/saved-plan.js";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

/** A file an attacker wants overwritten, and a link to it planted at `at`. */
function plantLink(dir: string, at: string): string {
  const victim = join(dir, "victim.txt");
  writeFileSync(victim, "precious\n");
  symlinkSync(victim, at);
  return victim;
}

describe("files are written through an exclusive temporary file", () => {
  test("a link planted at the target is replaced, not written through", () => {
    const dir = tempDir();
    const target = join(dir, "out.txt");
    const victim = plantLink(dir, target);
    writeFileAtomic(target, "new\n");
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.equal(lstatSync(target).isFile(), true);
    assert.equal(readFileSync(target, "utf8"), "new\n");
    assert.deepEqual(readdirSync(dir).sort(), ["out.txt", "victim.txt"], "no temporary file left");
  });

  test("plan --out: a link planted at the old temporary name is not followed", () => {
    const dir = tempDir();
    const path = join(dir, "plan.json");
    const victim = plantLink(dir, `${path}.${process.pid}.tmp`);
    writeSavedPlan(path, { format: "test" } as unknown as SavedPlanFile);
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.match(readFileSync(path, "utf8"), /"format": "test"/);
    assert.equal(lstatSync(path).mode & 0o777, 0o600);
  });

  test("the emulator's state file: a link planted at the old temporary name is not followed", async () => {
    const dir = tempDir();
    const statePath = join(dir, "state.json");
    const victim = plantLink(dir, `${statePath}.${process.pid}.tmp`);
    const emu = await startEmulator({ port: 0, statePath, clock: "manual" });
    const rds = new RDSClient({
      endpoint: emu.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    });
    try {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: "kept",
          DBInstanceClass: "db.t3.micro",
          Engine: "postgres",
          AllocatedStorage: 20,
          MasterUsername: "appadmin",
          MasterUserPassword: "S3cretPass1",
        }),
      );
    } finally {
      rds.destroy();
      await emu.close();
    }
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
    assert.match(readFileSync(statePath, "utf8"), /"kept"/);
  });

  test("the emulator refuses a lock that is a link, and leaves its target alone", async () => {
    const dir = tempDir();
    const statePath = join(dir, "state.json");
    const victim = plantLink(dir, `${statePath}.lock`);
    await assert.rejects(startEmulator({ port: 0, statePath }), /not a regular file/);
    assert.equal(readFileSync(victim, "utf8"), "precious\n");
  });
});

describe("export --out", () => {
  test("refuses a FIFO at once, and with --force replaces a link instead of writing through it", () =>
    withEmulator({ seed: 2, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url, "--region", "us-east-1"];
      const file = writeSpec(dir, "spec.yaml", instanceSpec("out-db"));
      assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);

      const fifo = join(dir, "pipe.yaml");
      execFileSync("mkfifo", [fifo]);
      for (const force of [[], ["--force"]]) {
        const run = await runCli(["export", "--out", fifo, ...force, ...url], {
          timeoutMs: 20_000,
        });
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, /pipe\.yaml is not a regular file/);
      }

      const link = join(dir, "linked.yaml");
      const victim = plantLink(dir, link);
      const refused = await runCli(["export", "--out", link, ...url]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /already exists; pass --force/);
      const forced = await runCli(["export", "--out", link, "--force", ...url]);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(readFileSync(victim, "utf8"), "precious\n");
      assert.equal(lstatSync(link).isFile(), true);
      assert.match(readFileSync(link, "utf8"), /DBInstanceIdentifier: out-db/);
      assert.equal(existsSync(fifo), true);
    }));
});
