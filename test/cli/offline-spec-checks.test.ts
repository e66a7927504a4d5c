import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SpecInvalidError, UsageError } from "../../src/errors.js";
import { loadSpec } from "../../src/spec/load.js";
import { planSpec } from "../../src/workflow.js";
import { repoRoot, runCli, withEmulator } from "./harness.js";

/**
 * What the spec alone suffices for is judged offline: `validate` refuses a
 * replica of itself, a replica cycle and a mistyped region at the key's
 * file:line:column, and `plan` refuses them before any request.
 */
const DIR = join(repoRoot(), "test", "fixtures", "bad-specs");
const CASES: Array<{ file: string; at: string; message: RegExp }> = [
  {
    file: "replica-self.yaml",
    at: "6:33",
    message: /mirror-db: SourceDBInstanceIdentifier names the instance itself/,
  },
  {
    file: "replica-cycle.yaml",
    at: "6:33",
    message: /ring-a: the replicas form a cycle \(ring-a -> ring-b -> ring-a\)/,
  },
  {
    file: "region-typo.yaml",
    at: "1:9",
    message: /region "us-est-1" is not an AWS region; did you mean us-east-1\?/,
  },
  {
    file: "region-typo-instance.yaml",
    at: "6:13",
    message: /region "eu-west-9" is not an AWS region; did you mean eu-west-1\?/,
  },
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("offline checks of the replica graph and region names", { concurrency: 2 }, () => {
  test("validate refuses each at file:line:column, once, in text and JSON", async () => {
    for (const c of CASES) {
      const file = join(DIR, c.file);
      const run = await runCli(["validate", file]);
      assert.equal(run.code, 1, run.stderr);
      const line = new RegExp(`^${escapeRegExp(`${file}:${c.at}: `)}.*${c.message.source}`, "m");
      assert.match(run.stderr, line);
      assert.match(run.stderr, /the spec has 1 problem\(s\)/);
      const json = JSON.parse((await runCli(["validate", file, "--json"])).stdout);
      assert.equal(json.valid, false);
      const [problem] = json.problems;
      assert.equal(`${problem.line}:${problem.column}`, c.at);
      assert.match(problem.message, c.message);
    }
  });

  test("plan refuses each before any request reaches the endpoint", () =>
    withEmulator({ timeScale: 0 }, async (emulator) => {
      for (const c of CASES) {
        emulator.clearRequestLog();
        const file = join(DIR, c.file);
        const run = await runCli(["plan", file, "--endpoint-url", emulator.url]);
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, new RegExp(`${escapeRegExp(`${file}:${c.at}: `)}`));
        assert.match(run.stderr, c.message);
        assert.deepEqual(
          emulator.requestLog().map((e) => e.action),
          [],
          `${c.file}: no request may reach the endpoint`,
        );
      }
    }));

  test("the library's planSpec names the mistyped region's file:line:column, and builds no client", async () => {
    const spec = await loadSpec([join(DIR, "region-typo-instance.yaml")]);
    let clients = 0;
    const err = await planSpec(spec, {
      region: "us-east-1",
      apiFactory: () => {
        clients += 1;
        throw new Error("no client may be built");
      },
    }).catch((e: unknown) => e);
    assert.ok(err instanceof UsageError, String(err));
    assert.match(
      err.message,
      /^region eu-west-9 \(.*region-typo-instance\.yaml:6:13\) is not an AWS region; did you mean eu-west-1\?/,
    );
    assert.equal(clients, 0);
  });

  test("the library's planSpec refuses a replica cycle before building any client", async () => {
    const spec = await loadSpec([join(DIR, "replica-cycle.yaml")]);
    let clients = 0;
    const err = await planSpec(spec, {
      region: "us-east-1",
      apiFactory: () => {
        clients += 1;
        throw new Error("no client may be built");
      },
    }).catch((e: unknown) => e);
    assert.ok(err instanceof SpecInvalidError, String(err));
    assert.match(err.message, /replica-cycle\.yaml:6:33: ring-a: the replicas form a cycle/);
    assert.equal(clients, 0);
  });
});
