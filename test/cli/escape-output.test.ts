import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AddTagsToResourceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { parse } from "yaml";
import { instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

const INJECTED = "x\n::error title=injected::pwned";
const TERMINAL = "a\u001b[31mred\u001b]0;title\u0007\u009b2J";

/** Nothing printed may hold a control character but the line break, or start a workflow command of its own. */
function assertClean(text: string, ours: readonly string[] = []): void {
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/, text);
  for (const line of text.split("\n")) {
    if (ours.includes(line)) continue;
    assert.doesNotMatch(line, /^\s*::/, `a line starts a workflow command:\n${text}`);
  }
}

const GROUPS = ["::group::rdsctl apply: progress", "::endgroup::"];

function specWithTags(id: string): string {
  const spec = instanceSpec(id);
  const tags = `    Tags:\n      note: ${JSON.stringify(INJECTED)}\n      term: ${JSON.stringify(TERMINAL)}\n`;
  return spec.replace("wait:", `${tags}wait:`);
}

describe("values from a spec or from RDS are printed escaped", { concurrency: 1 }, () => {
  for (const env of [{}, { GITHUB_ACTIONS: "true" }]) {
    const label = Object.keys(env).length === 0 ? "off GitHub" : "with GITHUB_ACTIONS=true";
    test(`tags in the spec and on the live instance, ${label}`, () =>
      withEmulator({ seed: 3, timeScale: 0 }, async (emulator) => {
        const dir = tempDir();
        const file = writeSpec(dir, "spec.yaml", specWithTags("esc-db"));
        const url = ["--endpoint-url", emulator.url];

        const plan = await runCli(["plan", file, ...url], { env });
        assert.equal(plan.code, 0, plan.stderr);
        assertClean(plan.stdout + plan.stderr);
        assert.ok(plan.stdout.includes("x\\n::error title=injected::pwned"), plan.stdout);
        assert.ok(plan.stdout.includes("a\\x1b[31mred\\x1b]0;title\\x07\\x9b2J"), plan.stdout);

        const apply = await runCli(["apply", file, "--yes", ...url], { env });
        assert.equal(apply.code, 0, apply.stderr);
        assertClean(apply.stdout + apply.stderr, GROUPS);

        const client = new RDSClient({
          endpoint: emulator.url,
          region: "us-east-1",
          credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
        });
        try {
          const described = await client.send(
            new DescribeDBInstancesCommand({ DBInstanceIdentifier: "esc-db" }),
          );
          const arn = described.DBInstances?.[0]?.DBInstanceArn;
          await client.send(
            new AddTagsToResourceCommand({
              ResourceName: arn,
              Tags: [
                { Key: "live\n::warning::k", Value: TERMINAL },
                { Key: "note", Value: `${INJECTED}\n::add-mask::z` },
              ],
            }),
          );
        } finally {
          client.destroy();
        }

        const drift = await runCli(["plan", file, ...url], { env });
        assert.equal(drift.code, 0, drift.stderr);
        assertClean(drift.stdout + drift.stderr);
        assert.ok(drift.stdout.includes("pwned\\n::add-mask::z"), drift.stdout);

        const exported = await runCli(["export", "--region", "us-east-1", ...url], { env });
        assert.equal(exported.code, 0, exported.stderr);
        assertClean(exported.stdout + exported.stderr);
        const tags = (parse(exported.stdout) as { instances: Array<{ Tags: unknown }> })
          .instances[0]?.Tags;
        assert.deepEqual(tags, {
          "live\n::warning::k": TERMINAL,
          note: `${INJECTED}\n::add-mask::z`,
          term: TERMINAL,
        });
      }));
  }
});
