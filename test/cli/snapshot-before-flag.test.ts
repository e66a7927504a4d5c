import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { readApplyNdjson } from "../helpers/ndjson.js";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

/** `--snapshot-before` on plan and apply: parsed, planned, kept in a saved plan, applied. */
describe("--snapshot-before", () => {
  test("an unknown kind is refused with the closest; the plan shows the snapshot; a saved plan keeps it", () =>
    withEmulator({ seed: 7, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const endpoint = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "rdsctl.yaml", instanceSpec("snap-db"));
      assert.equal((await runCli(["apply", file, "--yes", ...endpoint])).code, 0);
      writeSpec(
        dir,
        "rdsctl.yaml",
        instanceSpec("snap-db", { DBInstanceClass: "db.t4g.small", ApplyImmediately: true }),
      );

      const typo = await runCli(["plan", file, "--snapshot-before", "class-chnage", ...endpoint]);
      assert.equal(typo.code, 1);
      assert.match(
        typo.stderr,
        /--snapshot-before class-chnage: unknown kind of change; did you mean class-change\?/,
      );

      const text = await runCli([
        "plan",
        file,
        "--snapshot-before",
        "risky,class-change",
        ...endpoint,
      ]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /snapshot first \(class-change\)/);

      // Repeated flags add up; the JSON names the steps in order.
      const json = await runCli([
        "plan",
        file,
        "--json",
        "--snapshot-before",
        "risky",
        "--snapshot-before",
        "class-change",
        ...endpoint,
      ]);
      assert.equal(json.code, 0, json.stderr);
      const planned = JSON.parse(json.stdout).instances[0];
      assert.deepEqual(planned.snapshotBefore, ["class-change"]);
      assert.deepEqual(planned.steps, ["CreateDBSnapshot", "ModifyDBInstance"]);

      const out = `${dir}/plan.json`;
      const saved = await runCli([
        "plan",
        file,
        "--snapshot-before",
        "class-change",
        "--out",
        out,
        ...endpoint,
      ]);
      assert.equal(saved.code, 0, saved.stderr);
      assert.deepEqual(JSON.parse(readFileSync(out, "utf8")).planOptions.snapshotBefore, [
        "class-change",
      ]);
      const refused = await runCli([
        "apply",
        out,
        "--yes",
        "--snapshot-before",
        "risky",
        ...endpoint,
      ]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /--snapshot-before cannot be used with a saved plan/);

      const applied = await runCli(["apply", out, "--yes", "--json", ...endpoint]);
      assert.equal(applied.code, 0, applied.stderr);
      const result = readApplyNdjson(applied.stdout).document.result.instances[0];
      assert.deepEqual(result.calls, ["snapshot", "modify"]);
      assert.match(result.snapshot, /^snap-db-rdsctl-\d{8}-\d{6}$/);
      const events = readApplyNdjson(applied.stdout).events.map((e: { type: string }) => e.type);
      assert.ok(events.includes("snapshot"), events.join(","));

      const again = await runCli([
        "apply",
        file,
        "--yes",
        "--snapshot-before",
        "class-change",
        ...endpoint,
      ]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /No changes\./);
    }));
});
