import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

const TAGS = { ["__proto__"]: "polluted", constructor: "c", hasOwnProperty: "h", team: "orders" };

function specWithTags(id: string, extra = ""): string {
  const lines = Object.entries(Object.getOwnPropertyDescriptors(TAGS)).map(
    ([k, d]) => `      ${JSON.stringify(k)}: ${JSON.stringify(d.value)}\n`,
  );
  return instanceSpec(id).replace("wait:", `${extra}    Tags:\n${lines.join("")}wait:`);
}

describe("tags whose keys are object properties", () => {
  test("converge: applied once, the next plan is empty, and export keeps them", () =>
    withEmulator({ seed: 4, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", specWithTags("proto-db"));
      const url = ["--endpoint-url", emulator.url];
      const first = await runCli(["plan", file, ...url]);
      assert.equal(first.code, 0, first.stderr);
      for (const key of ["__proto__", "constructor", "hasOwnProperty"]) {
        assert.ok(first.stdout.includes(`Tags.${key}:`), first.stdout);
      }
      const apply = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(apply.code, 0, apply.stderr);
      const again = await runCli(["plan", file, ...url]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^No changes\. 1 instance matches the spec\./m, again.stdout);

      const exported = await runCli(["export", "--region", "us-east-1", ...url]);
      assert.equal(exported.code, 0, exported.stderr);
      const doc = parse(exported.stdout) as { instances: Array<{ Tags?: Record<string, string> }> };
      const tags = doc.instances[0]?.Tags ?? {};
      assert.deepEqual(
        Object.entries(Object.getOwnPropertyDescriptors(tags)).map(([k, d]) => [k, d.value]),
        Object.entries(Object.getOwnPropertyDescriptors(TAGS)).map(([k, d]) => [k, d.value]),
      );
    }));

  test("purgeTags removes an undeclared live tag named constructor", () =>
    withEmulator({ seed: 4, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const url = ["--endpoint-url", emulator.url];
      const file = writeSpec(dir, "spec.yaml", specWithTags("purge-db"));
      assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
      const only = instanceSpec("purge-db").replace(
        "wait:",
        "    Tags:\n      team: orders\npolicy:\n  purgeTags: true\nwait:",
      );
      writeSpec(dir, "spec.yaml", only);
      const plan = await runCli(["plan", file, ...url]);
      assert.equal(plan.code, 0, plan.stderr);
      for (const key of ["__proto__", "constructor", "hasOwnProperty"]) {
        assert.ok(plan.stdout.includes(`Tags.${key}: `), plan.stdout);
        assert.ok(plan.stdout.includes("-> (none)"), plan.stdout);
      }
    }));
});
