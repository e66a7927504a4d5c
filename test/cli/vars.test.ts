import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { closedPort, instanceSpec, repoRoot, runCli, tempDir, writeSpec } from "./harness.js";

/* One spec, three environments: examples/environments with its var files. */

const EXAMPLE = join(repoRoot(), "examples", "environments");

interface PlanDoc {
  instances: Array<{ id: string; changes: Array<{ field: string; to: unknown }> }>;
  variables: Array<{ name: string; value: unknown; from: string; file: string }>;
}

function fieldsOf(doc: PlanDoc): Record<string, unknown> {
  return Object.fromEntries((doc.instances[0]?.changes ?? []).map((c) => [c.field, c.to]));
}

describe("spec variables through the CLI", { concurrency: 2 }, () => {
  test("one spec with dev, staging and prod var files plans three different fleets", async () => {
    const cwd = tempDir("rdsctl-envs-");
    const env = { RDSCTL_LOCAL_TIME_SCALE: "0" };
    const plans: Record<string, Record<string, unknown>> = {};
    for (const name of ["dev", "staging", "prod"]) {
      const run = await runCli(
        [
          "plan",
          join(EXAMPLE, "rdsctl.yaml"),
          "--var-file",
          join(EXAMPLE, `${name}.yaml`),
          "--local",
          "--json",
        ],
        { cwd, env },
      );
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as PlanDoc;
      assert.equal(doc.instances[0]?.id, `orders-${name}`);
      assert.deepEqual(
        doc.variables.find((v) => v.name === "env"),
        {
          name: "env",
          value: name,
          from: `${join(EXAMPLE, `${name}.yaml`)}:2:6`,
          file: join(EXAMPLE, "rdsctl.yaml"),
        },
      );
      plans[name] = fieldsOf(doc);
    }
    const pick = (f: Record<string, unknown> | undefined) => [
      f?.DBInstanceClass,
      f?.AllocatedStorage,
      f?.MultiAZ,
      f?.BackupRetentionPeriod,
      f?.["Tags.env"],
    ];
    assert.deepEqual(pick(plans.dev), ["db.t4g.micro", 20, false, 1, "dev"]);
    assert.deepEqual(pick(plans.staging), ["db.t4g.medium", 50, false, 3, "staging"]);
    assert.deepEqual(pick(plans.prod), ["db.m6g.large", 200, true, 14, "prod"]);

    // A later --var wins over the file.
    const bigger = await runCli(
      [
        "plan",
        join(EXAMPLE, "rdsctl.yaml"),
        "--var-file",
        join(EXAMPLE, "prod.yaml"),
        "--var",
        "storage=500",
        "--local",
        "--json",
      ],
      { cwd, env },
    );
    assert.equal(bigger.code, 0, bigger.stderr);
    assert.equal(fieldsOf(JSON.parse(bigger.stdout) as PlanDoc).AllocatedStorage, 500);
  });

  test("an unset variable and a variable in MasterUserPassword are refused before any call", async () => {
    const port = await closedPort();
    const cwd = tempDir("rdsctl-vars-");
    writeSpec(
      cwd,
      "rdsctl.yaml",
      `vars:\n  env:\n  pw:\n    default: not-a-password-1\n${instanceSpec(
        `orders-\${var.env}`,
      ).replace("ManageMasterUserPassword: true", `MasterUserPassword: \${var.pw}`)}`,
    );
    // Nothing listens at the endpoint: any call would end in "nothing is listening".
    const run = await runCli(["plan", "--endpoint-url", `http://127.0.0.1:${port}`], { cwd });
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines[0], "rdsctl: the spec has 2 problem(s):");
    assert.match(lines[1] ?? "", /^rdsctl\.yaml:7:27: variable env has no value/);
    assert.match(
      lines[2] ?? "",
      /^rdsctl\.yaml:\d+:\d+: MasterUserPassword is sensitive and cannot use/,
    );
    assert.doesNotMatch(run.stderr, /not-a-password-1|listening/);
  });

  test("plan --out records the variables; apply PLAN refuses --var, it applies what was reviewed", async () => {
    const cwd = tempDir("rdsctl-vars-saved-");
    const env = { RDSCTL_LOCAL_TIME_SCALE: "0" };
    const spec = join(EXAMPLE, "rdsctl.yaml");
    const run = await runCli(["plan", spec, "--var", "env=qa", "--local", "--out", "qa.plan"], {
      cwd,
      env,
    });
    assert.equal(run.code, 0, run.stderr);
    const saved = JSON.parse(readFileSync(join(cwd, "qa.plan"), "utf8")) as {
      variables: Array<{ name: string; value: unknown; from: string }>;
    };
    assert.deepEqual(
      saved.variables.map((v) => [v.name, v.value, v.from]).find((v) => v[0] === "env"),
      ["env", "qa", "--var env"],
    );
    const refused = await runCli(["apply", "qa.plan", "--var", "env=prod", "--local", "--yes"], {
      cwd,
      env,
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--var cannot be used with a saved plan/);
    const applied = await runCli(["apply", "qa.plan", "--local", "--yes"], { cwd, env });
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /^\+ orders-qa created/m);
  });
});
