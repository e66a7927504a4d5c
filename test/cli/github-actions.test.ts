import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { closedPort, instanceSpec, runCli, tempDir, withEmulator, writeSpec } from "./harness.js";

const GITHUB = { GITHUB_ACTIONS: "true" };

/** The `::error ...::message` lines of some output. */
function errorLines(text: string): string[] {
  return text.split("\n").filter((l) => l.startsWith("::error"));
}

describe("GITHUB_ACTIONS=true: log groups and error annotations", { concurrency: 2 }, () => {
  test("a blocked change is an error annotation on its instance's spec line", () =>
    withEmulator({ seed: 5, timeScale: 0 }, async (emulator) => {
      const dir = tempDir();
      const file = writeSpec(dir, "spec.yaml", instanceSpec("gh-blocked-db"));
      const url = ["--endpoint-url", emulator.url];
      const created = await runCli(["apply", file, "--yes", ...url]);
      assert.equal(created.code, 0, created.stderr);
      writeSpec(dir, "spec.yaml", instanceSpec("gh-blocked-db", { Engine: "mysql" }));

      const plain = await runCli(["plan", file, ...url]);
      assert.equal(plain.code, 1);
      assert.deepEqual(errorLines(plain.stdout + plain.stderr), [], "no annotation off GitHub");

      for (const args of [
        ["plan", file],
        ["apply", file, "--yes"],
      ]) {
        const run = await runCli([...args, ...url], { env: GITHUB });
        assert.equal(run.code, 1);
        const lines = errorLines(run.stderr);
        assert.ok(lines.length >= 1, run.stderr);
        const file$ = file.replace(/:/g, "%3A").replace(/,/g, "%2C");
        assert.ok(
          lines.some((l) =>
            l.startsWith(
              `::error file=${file$},line=4,col=1,title=gh-blocked-db%3A Engine is blocked::gh-blocked-db: Engine cannot change from postgres to mysql`,
            ),
          ),
          lines.join("\n"),
        );
        assert.ok(lines.every((l) => !l.includes("\n")));
      }
    }));

  test("apply's progress is one log group; a failed instance is annotated on its spec line", () =>
    withEmulator({ seed: 5, timeScale: 0, storageQuotaGiB: 100 }, async (emulator) => {
      const dir = tempDir();
      const ok = instanceSpec("gh-ok-db");
      const huge = instanceSpec("gh-huge-db", { AllocatedStorage: 900 })
        .split("\n")
        .slice(2)
        .join("\n");
      const body = ok.replace(/wait:[\s\S]*$/, "");
      const wait = ok.slice(ok.indexOf("wait:"));
      const file = writeSpec(
        dir,
        "spec.yaml",
        `${body}${huge.replace(/wait:[\s\S]*$/, "")}${wait}`,
      );
      const run = await runCli(["apply", file, "--yes", "--endpoint-url", emulator.url], {
        env: GITHUB,
      });
      assert.equal(run.code, 1, run.stderr);
      const groups = run.stdout.split("\n").filter((l) => l.startsWith("::"));
      assert.deepEqual(groups, ["::group::rdsctl apply: progress", "::endgroup::"]);
      const start = run.stdout.indexOf("::group::");
      const end = run.stdout.indexOf("::endgroup::");
      assert.match(run.stdout.slice(start, end), /gh-ok-db: sending CreateDBInstance/);
      const lines = errorLines(run.stderr);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(
        lines[0] ?? "",
        /^::error file=[^,]+spec\.yaml,line=10,col=5,title=gh-huge-db failed::gh-huge-db: .*quota/i,
      );
    }));

  test("an invalid spec is annotated per problem; an error without a location plainly", async () => {
    const dir = tempDir();
    const bad = writeSpec(dir, "bad.yaml", instanceSpec("gh-bad-db", { AlocatedStorage: 20 }));
    const invalid = await runCli(["plan", bad], { env: GITHUB });
    assert.equal(invalid.code, 1);
    assert.deepEqual(
      errorLines(invalid.stderr).map((l) => l.replace(/file=[^,]+,/, "file=F,")),
      [
        "::error file=F,line=10,col=5::instances[0].AlocatedStorage: unknown field; did you mean AllocatedStorage?",
      ],
    );
    const port = await closedPort();
    const file = writeSpec(dir, "ok.yaml", instanceSpec("gh-none-db"));
    const unreachable = await runCli(["plan", file, "--endpoint-url", `http://127.0.0.1:${port}`], {
      env: GITHUB,
    });
    assert.equal(unreachable.code, 1);
    assert.deepEqual(errorLines(unreachable.stderr), [
      `::error::nothing is listening at http://127.0.0.1:${port}: start \`rdsctl emulator --port ${port}\`, or use --local`,
    ]);
  });
});
