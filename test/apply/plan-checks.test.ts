import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { PlanCheckError } from "../../src/errors.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { restoreEnvAfterEach } from "../helpers/env.js";

/**
 * The plan-time checks against the emulator over the real SDK: each finds
 * what CreateDBInstance or ModifyDBInstance would refuse, located in the
 * spec, with reads only (the request log shows no mutating call) and with
 * the number of reads the docs promise.
 */
describe("plan-time checks: what RDS would refuse, found before anything is sent", () => {
  const t = suiteEmulator();
  const conn = { region: "us-east-1", apiFactory: () => t.api };
  restoreEnvAfterEach(["RDSCTL_TEST_MISSING_PW"]);

  /** Plans; returns the PlanCheckError's problems, and the actions the emulator saw. */
  async function problemsOf(...instances: DesiredInstance[]) {
    t.emulator.clearRequestLog();
    const err = await planSpec(specOf(...instances), conn).then(
      () => assert.fail("the plan must be refused"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PlanCheckError, String(err));
    assert.equal(err.code, "SPEC_INVALID");
    assert.deepEqual(t.mutating(), [], "nothing mutating was sent");
    return { problems: err.problems, message: err.message, actions: t.actions() };
  }

  it("a create without DBInstanceClass, Engine or a password: named, at the instance, no call at all but reads", async () => {
    const d = desiredInstance("bare-db");
    delete d.fields.DBInstanceClass;
    delete d.fields.MasterUserPassword;
    const { problems } = await problemsOf(d);
    const messages = problems.map((p) => p.message);
    assert.ok(messages.some((m) => /CreateDBInstance needs DBInstanceClass: declare/.test(m)));
    assert.ok(
      messages.some((m) => /needs MasterUserPassword: declare ManageMasterUserPassword/.test(m)),
    );
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}`),
      ["test.yaml:1", "test.yaml:1"],
    );
  });

  it("an unset { env } password for a new instance names the variable, at its line, never a value", async () => {
    delete process.env.RDSCTL_TEST_MISSING_PW;
    const d = desiredInstance("envpw-db", {
      MasterUserPassword: { kind: "env", name: "RDSCTL_TEST_MISSING_PW" },
    });
    const { problems, actions } = await problemsOf(d);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? "", /RDSCTL_TEST_MISSING_PW is not set/);
    assert.equal(problems[0]?.line, d.fieldSources.MasterUserPassword?.line);
    // The plan's describe, one orderable read, one listing of the region.
    assert.deepEqual(actions.sort(), [
      "DescribeDBInstances",
      "DescribeDBInstances",
      "DescribeOrderableDBInstanceOptions",
    ]);
  });

  it("a class the engine does not offer, and a version the class is not offered for", async () => {
    const { problems, actions } = await problemsOf(
      desiredInstance("class-db", { DBInstanceClass: "db.z9.nonsense" }),
      desiredInstance("version-db", { EngineVersion: "99" }),
      desiredInstance("fine-db"),
    );
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.match(
      problems[0]?.message ?? "",
      /^class-db: DBInstanceClass db.z9.nonsense is not offered for postgres/,
    );
    assert.match(
      problems[1]?.message ?? "",
      /^version-db: .*not offered for postgres 99.*versions such as/,
    );
    // One orderable read per (engine, class) pair: version-db and fine-db share one; the
    // empty answer for db.z9.nonsense asks once more whether the catalogue lists postgres at all.
    assert.equal(actions.filter((a) => a === "DescribeOrderableDBInstanceOptions").length, 3);
  });

  it("an engine RDS does not know is reported, not thrown", async () => {
    const { problems } = await problemsOf(desiredInstance("typo-db", { Engine: "postgress" }));
    assert.match(problems[0]?.message ?? "", /RDS does not offer the engine postgress/);
  });

  it("missing groups, with a did-you-mean, and a parameter group of the wrong family", async () => {
    const raw = t.rawClient();
    try {
      await raw.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: "pg15-tuned",
          DBParameterGroupFamily: "postgres15",
          Description: "for 15",
        }),
      );
    } finally {
      raw.destroy();
    }
    const { problems, actions } = await problemsOf(
      desiredInstance("groups-db", {
        DBParameterGroupName: "pg15-tuned",
        OptionGroupName: "no-such-options",
        DBSubnetGroupName: "defualt",
      }),
      desiredInstance("typo-pg-db", { DBParameterGroupName: "pg15-tunde" }),
    );
    const text = problems.map((p) => p.message).join("\n");
    assert.match(
      text,
      /groups-db: DBParameterGroupName pg15-tuned is of the family postgres15, but postgres 16 needs postgres16/,
    );
    assert.match(text, /groups-db: OptionGroupName no-such-options does not exist in us-east-1/);
    // One subnet group name: one named call, which cannot offer a suggestion.
    assert.match(
      text,
      /groups-db: DBSubnetGroupName defualt does not exist in us-east-1\. Create it first/,
    );
    assert.match(
      text,
      /typo-pg-db: DBParameterGroupName pg15-tunde does not exist.*Did you mean pg15-tuned\?/,
    );
    // Two parameter group names: one listing, not a call per name; one call per other kind.
    const count = (a: string) => actions.filter((x) => x === a).length;
    assert.equal(count("DescribeDBParameterGroups"), 1);
    assert.equal(count("DescribeOptionGroups"), 1);
    assert.equal(count("DescribeDBSubnetGroups"), 1);
    assert.equal(count("DescribeDBEngineVersions"), 1);
  });

  it("a valid create passes the checks and is applied", async () => {
    const { plan } = await applySpec(
      specOf(desiredInstance("ok-db", { DBParameterGroupName: "default.postgres16" })),
      conn,
      { ...t.clock, wait: false },
    );
    assert.equal(plan.instances[0]?.action, "create");
    assert.deepEqual(t.mutating(), ["CreateDBInstance"]);
  });

  it("a create that matches an undeclared live instance carries a rename hint", async () => {
    await applySpec(specOf(desiredInstance("old-name")), conn, { ...t.clock, wait: false });
    const { plan } = await planSpec(specOf(desiredInstance("new-name")), conn);
    const notices = plan.instances[0]?.notices.map((n) => n.message) ?? [];
    assert.ok(
      notices.some((m) =>
        /^new-name: may be a rename of old-name .*--new-db-instance-identifier new-name/.test(m),
      ),
      JSON.stringify(notices),
    );
    const other = await planSpec(
      specOf(desiredInstance("other-db", { DBInstanceClass: "db.t3.small" })),
      conn,
    );
    assert.deepEqual(other.plan.instances[0]?.notices, [], "different settings: no hint");
  });
});
