import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseCommandArgs } from "../../src/cli/args.js";
import { COMMAND_NAMES, SHELL_COMMAND_NAMES } from "../../src/cli/help.js";
import { UsageError } from "../../src/errors.js";
import { instanceSpec, repoRoot, runCli, tempDir, writeSpec } from "./harness.js";

/* Habits from Terraform and the AWS CLI, output flags, version and shell completion. */

const APPLY = {
  yes: { type: "boolean" as const, short: "y" },
  target: { type: "string" as const },
};
const PLAN = { json: { type: "boolean" as const }, out: { type: "string" as const } };

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail("expected a UsageError");
}

/** The flags a help text lists, as written. */
function listedFlags(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] ?? "");
}

describe("habits from other tools", { concurrency: 2 }, () => {
  test("Terraform's and the AWS CLI's flags get a did-you-mean to ours, named as typed", () => {
    for (const typed of ["--auto-approve", "-auto-approve", "-auto-approve=true"]) {
      const message = usageMessage(() => parseCommandArgs("apply", [typed], APPLY, true));
      assert.equal(
        message,
        `rdsctl apply: ${typed.split("=")[0]} is another tool's flag; did you mean --yes? (see rdsctl apply --help)`,
      );
    }
    for (const argv of [["-o", "json"], ["--output", "json"], ["--output=json"], ["-ojson"]]) {
      assert.match(
        usageMessage(() => parseCommandArgs("plan", ["a.yaml", ...argv], PLAN, true)),
        /is another tool's flag; did you mean --json\?/,
        argv.join(" "),
      );
    }
    for (const argv of [["-o", "text"], ["--output=table"], ["-otext"]]) {
      assert.match(
        usageMessage(() => parseCommandArgs("plan", argv, PLAN, true)),
        /another tool's flag: rdsctl prints text unless --json is given; drop it/,
        argv.join(" "),
      );
    }
    // Terraform's one-dash long flags are ours with two dashes, not a cluster of short ones.
    assert.match(
      usageMessage(() => parseCommandArgs("plan", ["-out=tf.plan"], PLAN, true)),
      /^rdsctl plan: flags take two dashes: did you mean --out\?/,
    );
    assert.match(
      usageMessage(() => parseCommandArgs("apply", ["-target", "db"], APPLY, true)),
      /did you mean --target\?/,
    );
    // A habit the command has no flag for says why instead of pointing elsewhere.
    assert.match(
      usageMessage(() => parseCommandArgs("plan", ["--auto-approve"], PLAN, true)),
      /--auto-approve is another tool's flag: this command asks nothing/,
    );
    // Our own flags and short flags, and files after --, are left alone.
    assert.equal(parseCommandArgs("apply", ["-y", "--target", "db"], APPLY, true).values.yes, true);
    assert.throws(
      () => parseCommandArgs("plan", ["--", "-auto-approve"], PLAN, false),
      (err: unknown) => err instanceof UsageError && !err.message.includes("another tool"),
    );
    // A plain typo still gets the nearest flag.
    assert.match(
      usageMessage(() => parseCommandArgs("plan", ["--jsno"], PLAN, true)),
      /unknown flag --jsno for rdsctl plan; did you mean --json\?/,
    );
  });

  test("the CLI: --auto-approve and -o json exit 1 with the hint, before anything is read", async () => {
    const approve = await runCli(["apply", "missing.yaml", "-auto-approve"]);
    assert.equal(approve.code, 1);
    assert.equal(approve.stdout, "");
    assert.match(approve.stderr, /^rdsctl: rdsctl apply: -auto-approve .* did you mean --yes\?/);
    const output = await runCli(["plan", "missing.yaml", "-o", "json"]);
    assert.equal(output.code, 1);
    assert.match(output.stderr, /did you mean --json\?/);
  });

  test("version and --version, as text and with --json", async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as {
      version: string;
    };
    for (const argv of [["version"], ["--version"], ["-v"]]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `${pkg.version}\n`);
    }
    for (const argv of [
      ["version", "--json"],
      ["--version", "--json"],
    ]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as Record<string, unknown>;
      assert.equal(doc.version, pkg.version);
      assert.equal(doc.rdsctlVersion, pkg.version);
      assert.equal(doc.formatVersion, 1);
      assert.equal(doc.node, process.version);
    }
    assert.equal((await runCli(["version", "extra"])).code, 1);
  });

  test("completion bash passes bash -n and offers every flag each command's help lists", async () => {
    const bash = await runCli(["completion", "bash"]);
    assert.equal(bash.code, 0, bash.stderr);
    const dir = tempDir("rdsctl-completion-");
    const script = join(dir, "rdsctl.bash");
    writeFileSync(script, bash.stdout);
    const syntax = spawnSync("bash", ["-n", script], { encoding: "utf8" });
    assert.equal(syntax.status, 0, syntax.stderr);
    /** What the script completes for the words typed so far (the last one being completed). */
    const complete = (...words: string[]): string[] => {
      const quoted = words.map((w) => `'${w}'`).join(" ");
      const run = spawnSync(
        "bash",
        [
          "-c",
          `source '${script}'; COMP_WORDS=(rdsctl ${quoted}); COMP_CWORD=${words.length}; _rdsctl; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: "utf8", cwd: dir },
      );
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.split("\n").filter((l) => l !== "");
    };
    assert.deepEqual(complete(""), [
      ...COMMAND_NAMES,
      ...SHELL_COMMAND_NAMES,
      "--help",
      "--version",
    ]);
    for (const command of [...COMMAND_NAMES, ...SHELL_COMMAND_NAMES]) {
      const help = await runCli([command, "--help"]);
      assert.equal(help.code, 0, help.stderr);
      const offered = complete(command, "-");
      for (const flag of [...listedFlags(help.stdout), "--no-color", "--quiet"]) {
        assert.ok(offered.includes(flag), `${command}: ${flag} not offered`);
      }
    }
    assert.deepEqual(complete("apply", "--retry-mode", "a"), ["adaptive"]);
    assert.deepEqual(complete("completion", ""), ["bash", "zsh", "fish"]);
    writeFileSync(join(dir, "prod.yaml"), "");
    assert.deepEqual(complete("plan", "pro"), ["prod.yaml"]);
    assert.deepEqual(complete("plan", "--out", "pro"), ["prod.yaml"]);

    for (const shell of ["zsh", "fish"]) {
      const run = await runCli(["completion", shell]);
      assert.equal(run.code, 0, run.stderr);
      for (const command of [...COMMAND_NAMES, ...SHELL_COMMAND_NAMES]) {
        assert.match(run.stdout, new RegExp(`\\b${command}\\b`), `${shell}: ${command}`);
      }
      assert.match(run.stdout, /max-parallel-downtime/);
    }
    const bad = await runCli(["completion", "tcsh"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /takes one shell: bash, zsh, fish; got "tcsh"/);
  });

  test("--quiet, --no-color, and a no-op apply that still prints the outputs", async () => {
    const cwd = tempDir("rdsctl-habits-");
    writeSpec(cwd, "rdsctl.yaml", instanceSpec("habit-db"));
    // Colour forced, so --no-color is what takes it away.
    const env = { RDSCTL_LOCAL_TIME_SCALE: "0", FORCE_COLOR: "1" };

    const quiet = await runCli(["apply", "--local", "--yes", "--quiet", "--no-color"], {
      cwd,
      env,
    });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, "Apply complete: 1 created, 0 modified, 0 unchanged.\n");
    assert.equal(quiet.stderr, "");

    const plan = await runCli(["plan", "--local", "--quiet"], { cwd, env });
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(plan.stdout, "\u001b[32mNo changes.\u001b[39m 1 instance matches the spec.\n");
    assert.equal(plan.stderr, "");

    const noop = await runCli(["apply", "--local", "--yes", "--no-color"], { cwd, env });
    assert.equal(noop.code, 0, noop.stderr);
    assert.equal(noop.stdout, "No changes. 1 instance matches the spec.\n");
    assert.doesNotMatch(noop.stderr, /\u001b/);
    assert.match(
      noop.stderr,
      /\nOutputs:\n {2}habit-db: habit-db\..+\.rds\.amazonaws\.com:5432 \(available\)\n {4}arn: arn:aws:rds:us-east-1:\d+:db:habit-db\n/,
    );

    const json = await runCli(["apply", "--local", "--yes", "--json-document"], { cwd, env });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as {
      result: { instances: Array<{ outcome: string; outputs?: { arn: string; port: number } }> };
    };
    assert.equal(doc.result.instances[0]?.outcome, "unchanged");
    assert.match(doc.result.instances[0]?.outputs?.arn ?? "", /:db:habit-db$/);
    assert.equal(doc.result.instances[0]?.outputs?.port, 5432);

    // --quiet keeps errors.
    const failed = await runCli(["plan", "missing.yaml", "--local", "--quiet"], { cwd, env });
    assert.equal(failed.code, 1);
    assert.equal(failed.stdout, "");
    assert.match(
      failed.stderr,
      /^rdsctl: the spec has 1 problem\(s\):\nmissing\.yaml:1:1: cannot read/,
    );
  });
});
