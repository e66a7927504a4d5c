import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SpecInvalidError, UsageError } from "../../src/errors.js";
import type { VarInput } from "../../src/spec/_vars.js";
import { loadSpec } from "../../src/spec/load.js";
import type { Spec } from "../../src/spec/types.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "rdsctl-vars-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPEC = `vars:
  env:
    type: string
  size:
    default: 20
  class: db.t4g.micro
  multi:
    type: boolean
    default: false
instances:
  - DBInstanceIdentifier: orders-\${var.env}
    Engine: postgres
    EngineVersion: "16"
    DBInstanceClass: \${var.class}
    AllocatedStorage: \${var.size}
    MultiAZ: \${var.multi}
    MasterUsername: app
    ManageMasterUserPassword: true
    Tags:
      env: \${var.env}
      owner: \${env.RDSCTL_TEST_OWNER}
      literal: $\${var.env}
`;

let n = 0;
async function write(text: string): Promise<string> {
  n += 1;
  const path = join(dir, `spec-${n}.yaml`);
  await writeFile(path, text);
  return path;
}

function cli(name: string, value: string): VarInput {
  return { name, value, text: true, origin: `--var ${name}` };
}

async function problems(file: string, vars: VarInput[] = [], env = {}): Promise<string[]> {
  try {
    await loadSpec([file], { vars, env });
  } catch (err) {
    assert.ok(err instanceof SpecInvalidError, String(err));
    return err.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  }
  assert.fail("expected the spec to be refused");
}

describe("spec variables", () => {
  it(`substitutes \${var.NAME} and \${env.NAME} on the nodes, typed as a literal would be`, async () => {
    const file = await write(SPEC);
    const spec: Spec = await loadSpec([file], {
      vars: [cli("env", "prod"), cli("size", "100"), cli("multi", "true")],
      env: { RDSCTL_TEST_OWNER: "ops" },
    });
    const [db] = spec.instances;
    assert.equal(db?.id, "orders-prod");
    assert.equal(db?.fields.DBInstanceClass, "db.t4g.micro");
    assert.equal(db?.fields.AllocatedStorage, 100);
    assert.equal(db?.fields.MultiAZ, true);
    assert.deepEqual(db?.fields.Tags, { env: "prod", owner: "ops", literal: `\${var.env}` });
    assert.deepEqual(
      spec.variables?.map((v) => [v.name, v.value, v.from]),
      [
        ["env", "prod", "--var env"],
        ["class", "db.t4g.micro", `${file}:6:10`],
        ["size", 100, "--var size"],
        ["multi", true, "--var multi"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("a later value wins; a string variable keeps command-line text as text", async () => {
    const file = await write(SPEC.replace("  env:\n    type: string", "  env:\n    type: string"));
    const spec = await loadSpec([file], {
      vars: [
        cli("env", "dev"),
        { name: "size", value: 50, text: false, origin: "dev.yaml:2:7" },
        cli("env", "007"),
      ],
      env: { RDSCTL_TEST_OWNER: "ops" },
    });
    assert.equal(spec.instances[0]?.id, "orders-007");
    assert.equal(spec.instances[0]?.fields.AllocatedStorage, 50);
  });

  it("every unset, undeclared or unknown reference is reported at once, at its file:line:column", async () => {
    const file = await write(
      SPEC.replace("Engine: postgres", `Engine: \${var.engine}`).replace(
        "MasterUsername: app",
        `MasterUsername: \${nope.x}`,
      ),
    );
    assert.deepEqual(await problems(file), [
      "11:27: variable env has no value: give --var env=VALUE, a --var-file, or a default (declared at " +
        `${file}:2:3)`,
      "12:13: no variable engine is declared in this file's vars: (declared: env, size, class, multi)",
      `17:21: unknown reference \${nope.x}: use \${var.NAME} or \${env.NAME} (and $\${ for a literal \${)`,
      "20:12: variable env has no value: give --var env=VALUE, a --var-file, or a default (declared at " +
        `${file}:2:3)`,
      `21:14: \${env.RDSCTL_TEST_OWNER}: the environment variable RDSCTL_TEST_OWNER is not set`,
    ]);
  });

  it("a sensitive field refuses any reference, and never echoes it", async () => {
    const file = await write(
      SPEC.replace(
        "ManageMasterUserPassword: true",
        `MasterUserPassword: \${var.env}-Secret-Value`,
      ).replace("    Tags:", `    TdeCredentialPassword: \${var.env}\n    Tags:`),
    );
    const found = await problems(file, [cli("env", "x")], { RDSCTL_TEST_OWNER: "o" });
    assert.equal(found.length, 2, found.join("\n"));
    assert.match(
      found[0] ?? "",
      /^18:25: MasterUserPassword is sensitive and cannot use \$\{\.\.\.\}/,
    );
    assert.match(found[1] ?? "", /^19:28: TdeCredentialPassword is sensitive/);
    assert.ok(!found.join("\n").includes("Secret-Value"));
  });

  it("an anchored value used as a password through an alias is refused too", async () => {
    const file = await write(
      SPEC.replace("MasterUsername: app", `MasterUsername: &pw app\${var.env}`).replace(
        "ManageMasterUserPassword: true",
        "MasterUserPassword: *pw",
      ),
    );
    const found = await problems(file, [cli("env", "x")], { RDSCTL_TEST_OWNER: "o" });
    assert.match(found[0] ?? "", /^17:25: MasterUserPassword is sensitive and cannot use/);
    // The variable was never substituted into what would be sent as a password.
    assert.ok(!found.join("\n").includes("appx"), found.join("\n"));
  });

  it("types are checked after substitution, naming where the value came from", async () => {
    const file = await write(SPEC);
    assert.deepEqual(
      await problems(
        file,
        [cli("env", "dev"), { name: "size", value: "big", text: false, origin: "bad.yaml:2:7" }],
        { RDSCTL_TEST_OWNER: "o" },
      ).then((p) => p.map((line) => line.replace(/expected .*, got/, "expected …, got"))),
      [
        `15:23: instances[0].AllocatedStorage: expected …, got a string (\${var.size} = "big" from bad.yaml:2:7)`,
      ],
    );
    assert.deepEqual(
      await problems(file, [cli("env", "dev"), cli("multi", "maybe")], { RDSCTL_TEST_OWNER: "o" }),
      ['variable multi is declared boolean, got "maybe" (set at --var multi)'].map(
        (m) => `16:14: ${m}`,
      ),
    );
  });

  it("a --var no file declares is refused", async () => {
    const file = await write(SPEC);
    await assert.rejects(
      loadSpec([file], {
        vars: [cli("env", "x"), cli("sise", "1")],
        env: { RDSCTL_TEST_OWNER: "o" },
      }),
      (err: unknown) =>
        err instanceof UsageError &&
        err.message ===
          "--var sise: no spec file declares this variable under vars: (declared: env, size, class, multi)",
    );
  });
});
