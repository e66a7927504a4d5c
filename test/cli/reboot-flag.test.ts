import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateDBParameterGroupCommand, RDSClient } from "@aws-sdk/client-rds";
import { readApplyNdjson } from "../helpers/ndjson.js";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

/**
 * `--reboot` on plan and apply, and what apply says when it leaves an
 * instance pending-reboot: the list, and the command that finishes the job.
 */
describe("--reboot and instances left pending-reboot", () => {
  test("apply lists what it leaves pending-reboot with the command; --reboot finishes it", () =>
    withEmulator({ seed: 5, timeScale: 0 }, async (emulator) => {
      const raw = new RDSClient({
        endpoint: emulator.url,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
      });
      for (const name of ["app-pg16", "app2-pg16"]) {
        await raw.send(
          new CreateDBParameterGroupCommand({
            DBParameterGroupName: name,
            DBParameterGroupFamily: "postgres16",
            Description: "app parameters",
          }),
        );
      }
      raw.destroy();
      const dir = tempDir();
      const endpoint = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("pg-db"));
      assert.equal((await runCli(["apply", file, "--yes", ...endpoint])).code, 0);

      // Switched to the group: its static parameters wait for a reboot nobody allowed.
      writeSpec(dir, "rdsctl.yaml", instanceSpec("pg-db", { DBParameterGroupName: "app-pg16" }));
      const left = await runCli(["apply", file, "--yes", ...endpoint]);
      assert.equal(left.code, 0, left.stderr);
      assert.match(
        left.stdout,
        /^Left pending-reboot \(static parameters take effect only after a reboot\): pg-db$/m,
      );
      const command = `rdsctl apply ${file} --yes --endpoint-url ${emulator.url} --reboot`;
      assert.ok(
        left.stdout.includes(
          `To reboot them (rolling, replicas first, waited until in-sync): ${command}\n`,
        ),
        left.stdout,
      );

      const again = await runCli(["apply", file, "--yes", "--json", ...endpoint]);
      assert.equal(again.code, 0, again.stderr);
      const doc = readApplyNdjson(again.stdout).document;
      assert.deepEqual(doc.result.pendingReboot, ["pg-db"]);
      assert.equal(doc.result.rebootCommand, command, "the command without --json");

      const plan = await runCli(["plan", file, "--reboot", ...endpoint]);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, /pending-reboot; apply reboots the instance \(--reboot\)/);

      // A plan saved with --reboot keeps it: applied as reviewed, it reboots.
      const out = `${dir}/plan.json`;
      const saved = await runCli(["plan", file, "--reboot", "--out", out, ...endpoint]);
      assert.equal(saved.code, 0, saved.stderr);
      const fromPlan = await runCli(["apply", out, "--yes", "--json", ...endpoint]);
      assert.equal(fromPlan.code, 0, fromPlan.stderr);
      assert.deepEqual(readApplyNdjson(fromPlan.stdout).document.result.instances[0].calls, [
        "reboot",
      ]);

      // Switched once more, then apply --reboot: the switch, then the reboot, in one run.
      writeSpec(dir, "rdsctl.yaml", instanceSpec("pg-db", { DBParameterGroupName: "app2-pg16" }));
      const rebooted = await runCli(["apply", file, "--yes", "--json", "--reboot", ...endpoint]);
      assert.equal(rebooted.code, 0, rebooted.stderr);
      const result = readApplyNdjson(rebooted.stdout).document.result;
      assert.deepEqual(result.instances[0].calls, ["modify", "reboot"]);
      assert.equal(result.instances[0].status, "available");
      assert.equal(result.pendingReboot, undefined);
      assert.equal(result.rebootCommand, undefined);

      const after = await runCli(["apply", file, "--yes", ...endpoint]);
      assert.equal(after.code, 0, after.stderr);
      assert.doesNotMatch(after.stdout, /pending-reboot/);
    }));

  test("--reboot cannot be given with a saved plan: it was fixed when the plan was made", () =>
    withEmulator({ seed: 6, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const endpoint = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("pg-db"));
      const out = `${dir}/plan.json`;
      const saved = await runCli(["plan", file, "--out", out, ...endpoint]);
      assert.equal(saved.code, 0, saved.stderr);
      const refused = await runCli(["apply", out, "--yes", "--reboot", ...endpoint]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /--reboot cannot be used with a saved plan/);
    }));
});
