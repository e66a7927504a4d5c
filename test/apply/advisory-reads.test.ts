import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { ADVISORY_MAX_ATTEMPTS } from "../../src/apply/plan-checks.js";
import { RDS_API_ACTIONS, type RdsApi, type RetryNotice } from "../../src/aws/rds-api.js";
import { AwsCallError, PlanCheckError } from "../../src/errors.js";
import { planToJson, renderPlanText } from "../../src/render/index.js";
import type { DesiredInstance } from "../../src/spec/types.js";
import { applySpec, planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator, type TestEmulator } from "../helpers/emulator.js";

/** Every action the code calls only for a check it can do without (docs/iam.md). */
const ADVISORY = [
  ...new Set(
    Object.values(RDS_API_ACTIONS)
      .filter((a) => a.use === "advisory")
      .map((a) => a.action),
  ),
];

async function createParameterGroup(t: TestEmulator, name: string, family: string) {
  const raw = t.rawClient();
  try {
    await raw.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: name,
        DBParameterGroupFamily: family,
        Description: name,
      }),
    );
  } finally {
    raw.destroy();
  }
}

/** examples/blog.yaml's two instances, on groups the emulator has. */
function blog(instanceClass = "db.m5.large"): DesiredInstance[] {
  return [
    desiredInstance("instance-name", {
      DBInstanceClass: instanceClass,
      DBParameterGroupName: "my-parameter-group",
      BackupRetentionPeriod: 7,
      MultiAZ: true,
      PubliclyAccessible: false,
      StorageType: "gp2",
    }),
    desiredInstance(
      "instance-name-replica",
      {
        DBInstanceClass: instanceClass,
        DBParameterGroupName: "my-parameter-group",
        PubliclyAccessible: false,
        Engine: undefined,
        EngineVersion: undefined,
        AllocatedStorage: undefined,
        MasterUsername: undefined,
        MasterUserPassword: undefined,
      },
      { replicaSource: "instance-name" },
    ),
  ].map((d) => ({
    ...d,
    fields: Object.fromEntries(Object.entries(d.fields).filter(([, v]) => v !== undefined)),
  }));
}

describe("advisory reads: a plan-time check that cannot be made is a warning, not a failure", () => {
  const t = suiteEmulator();
  const conn = { region: "us-east-1", apiFactory: () => t.api };

  it("the blog flow with every advisory action denied plans and applies with warnings; a re-plan is a no-op", async () => {
    await createParameterGroup(t, "my-parameter-group", "postgres16");
    t.emulator.setDenied(ADVISORY);
    assert.ok(ADVISORY.includes("DescribeOrderableDBInstanceOptions"));
    assert.ok(ADVISORY.includes("DescribeDBParameterGroups"));

    const planned = await planSpec(specOf(...blog()), conn);
    const warnings = planned.plan.warnings ?? [];
    // The rename hints' listing is DescribeDBInstances, which the plan needs anyway.
    assert.deepEqual(warnings.map((w) => w.check).sort(), ["orderable", "parameter-group"]);
    for (const w of warnings) {
      assert.match(
        w.message,
        /could not check .* \(.*AccessDenied\); RDS will check it when the call is made$/,
      );
    }
    const orderable = warnings.find((w) => w.check === "orderable");
    assert.match(orderable?.message ?? "", /rds:DescribeOrderableDBInstanceOptions was denied/);
    const json = planToJson(planned.plan);
    assert.equal(json.summary.warnings, 2);
    // A replica's class is checked with its source's engine, which it does not declare.
    assert.deepEqual(Object.fromEntries(json.warnings.map((w) => [w.check, w.ids])), {
      orderable: ["instance-name"],
      "parameter-group": ["instance-name", "instance-name-replica"],
    });
    const text = renderPlanText(planned.plan, { color: false });
    assert.match(text, /^warning: .*could not check/m);
    assert.match(text, /2 to create, .*, 2 warnings$/m);

    // With progress shown, the waits read RDS events too (advisory: denied once, then not asked).
    const applied = await applySpec(specOf(...blog()), conn, {
      ...t.clock,
      onProgress: () => {},
      rdsEvents: true,
    });
    assert.deepEqual(
      applied.result.instances.map((i) => [i.id, i.outcome]),
      [
        ["instance-name", "created"],
        ["instance-name-replica", "created"],
      ],
    );
    const denied = t.emulator.requestLog().filter((e) => e.errorCode === "AccessDenied");
    assert.ok(denied.length > 0, "the advisory reads were asked and denied");
    assert.ok(denied.every((e) => e.status === 403 && ADVISORY.includes(e.action)));
    assert.equal(denied.filter((e) => e.action === "DescribeEvents").length, 1);

    // The class change: the orderable check is skipped again, with a warning.
    const resized = await applySpec(specOf(...blog("db.m5.xlarge")), conn, {
      ...t.clock,
      planOptions: {},
    });
    assert.deepEqual(
      resized.result.instances.map((i) => i.outcome),
      ["modified", "modified"],
    );
    // One read for the engine and class, so one warning naming both instances.
    assert.deepEqual(
      (resized.plan.warnings ?? []).map((w) => [w.check, w.ids.join(",")]),
      [["orderable", "instance-name,instance-name-replica"]],
    );

    t.emulator.clearRequestLog();
    const again = await planSpec(specOf(...blog("db.m5.xlarge")), conn);
    assert.deepEqual(again.plan.summary, { create: 0, modify: 0, noop: 2, blocked: 0 });
    assert.equal(again.plan.warnings, undefined, "nothing to check, nothing skipped");
    assert.deepEqual(
      t.actions(),
      ["DescribeDBInstances"],
      "a no-op plan makes the required read only",
    );
  });

  it("catalogue reads answering 500: at most two attempts per read, and the apply finishes", async () => {
    await createParameterGroup(t, "my-parameter-group", "postgres16");
    t.emulator.setFaults(
      [
        "DescribeOrderableDBInstanceOptions",
        "DescribeDBEngineVersions",
        "DescribeDBParameterGroups",
        "DescribeEvents",
      ]
        .map((a) => `${a}:error500=1`)
        .join(","),
    );
    const started = Date.now();
    const retries: RetryNotice[] = [];
    const applied = await applySpec(specOf(blog()[0] as DesiredInstance), conn, {
      ...t.clock,
      onProgress: () => {},
      rdsEvents: true,
      onRetry: (notice) => retries.push(notice),
    });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(applied.result.instances[0]?.outcome, "created");
    assert.ok(seconds < 30, `took ${seconds}s`);
    const log = t.emulator.requestLog();
    const failing = log.filter((e) => e.fault === "error500");
    const catalogue = [
      "DescribeDBEngineVersions",
      "DescribeDBParameterGroups",
      "DescribeOrderableDBInstanceOptions",
    ];
    assert.deepEqual(
      [...new Set(failing.map((e) => e.action))].sort(),
      [...catalogue, "DescribeEvents"].sort(),
    );
    // The waits' event reads are advisory too: each retried once at most, then dropped.
    // Not awaited by the waits: its retry may still be due when apply returns.
    for (let i = 0; i < 40 && !retries.some((r) => r.operation === "DescribeEvents"); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const eventRetries = retries.filter((r) => r.operation === "DescribeEvents");
    assert.ok(eventRetries.length >= 1, "a DescribeEvents was retried");
    for (const r of eventRetries) {
      assert.deepEqual([r.attempt, r.maxAttempts], [2, ADVISORY_MAX_ATTEMPTS]);
    }
    for (const action of catalogue) {
      assert.equal(
        failing.filter((e) => e.action === action).length,
        ADVISORY_MAX_ATTEMPTS,
        `${action}: ${ADVISORY_MAX_ATTEMPTS} attempts, then the check is skipped`,
      );
    }
    assert.deepEqual((applied.plan.warnings ?? []).map((w) => w.check).sort(), [
      "orderable",
      "parameter-group",
    ]);
    assert.match(
      applied.plan.warnings?.[0]?.message ?? "",
      /did not answer: InternalFailure, HTTP 500\); RDS will check it/,
    );
  });

  it("a catalogue that lists nothing for the engine: a warning; one that lists the engine but not the class: refused", async () => {
    // Without withCallOptions: a view of the real client would not keep the answers below.
    const { withCallOptions: _, ...plain } = t.api;
    const emptyCatalogue: RdsApi = {
      ...plain,
      describeOrderable: async () => [],
      offersEngine: async () => false,
    };
    const planned = await planSpec(specOf(desiredInstance("lonely-db")), {
      region: "us-east-1",
      apiFactory: () => emptyCatalogue,
    });
    assert.equal(planned.plan.summary.create, 1);
    assert.match(
      planned.plan.warnings?.[0]?.message ?? "",
      /^lonely-db: could not check that db\.t3\.micro is offered for postgres in us-east-1 \(the endpoint's DescribeOrderableDBInstanceOptions lists nothing for postgres\)/,
    );
    const err = await planSpec(
      specOf(desiredInstance("big-db", { DBInstanceClass: "db.x9.huge" })),
      conn,
    ).then(
      () => assert.fail("refused"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PlanCheckError);
    assert.match(err.message, /db\.x9\.huge is not offered for postgres/);
  });

  it("a no-op plan with groups, a password from the environment and a stopped instance makes only the required read", async () => {
    await createParameterGroup(t, "my-parameter-group", "postgres16");
    process.env.RDSCTL_TEST_NOOP_PW = "Noop-test-pw-1234";
    try {
      const spec = specOf(
        ...blog()
          .slice(0, 1)
          .map((d) => ({
            ...d,
            fields: {
              ...d.fields,
              MasterUserPassword: { kind: "env", name: "RDSCTL_TEST_NOOP_PW" },
            },
          })),
        desiredInstance("other-db", {
          DBSubnetGroupName: "default",
          OptionGroupName: "default:postgres-16",
        }),
      );
      await applySpec(spec, conn, { ...t.clock });
      t.emulator.clearRequestLog();
      const again = await planSpec(spec, conn);
      assert.equal(again.plan.summary.noop, 2);
      assert.deepEqual(t.actions(), ["DescribeDBInstances"]);
    } finally {
      delete process.env.RDSCTL_TEST_NOOP_PW;
    }
  });

  it("a no-op plan of a stopped instance, and of a class change waiting for the maintenance window, reads nothing else", async () => {
    const deferred = desiredInstance("deferred-db");
    await applySpec(specOf(deferred, desiredInstance("stopped-db")), conn, { ...t.clock });
    const bigger = desiredInstance("deferred-db", { DBInstanceClass: "db.t3.small" });
    await applySpec(specOf(bigger), conn, { ...t.clock });
    t.emulator.setInstanceStatus("stopped-db", "stopped");
    t.emulator.clearRequestLog();
    const again = await planSpec(specOf(bigger, desiredInstance("stopped-db")), conn);
    assert.deepEqual(
      again.plan.instances.map((i) => [i.id, i.action]),
      [
        ["deferred-db", "noop"],
        ["stopped-db", "noop"],
      ],
    );
    assert.deepEqual(t.actions(), ["DescribeDBInstances"]);
  });

  it("a denied DescribeDBInstances stops the plan at once, naming the permission; nothing else is asked", async () => {
    t.emulator.setDenied(["DescribeDBInstances"]);
    t.emulator.clearRequestLog();
    const started = Date.now();
    const err = await planSpec(specOf(desiredInstance("any-db")), conn).then(
      () => assert.fail("refused"),
      (e: unknown) => e,
    );
    assert.ok(Date.now() - started < 2000);
    assert.ok(err instanceof AwsCallError);
    assert.match(err.message, /DescribeDBInstances failed: AccessDenied/);
    assert.match(err.message, /need the IAM permission rds:DescribeDBInstances/);
    assert.deepEqual(t.actions(), ["DescribeDBInstances"], "one attempt, no retry, no other call");
  });
});

describe("advisory reads an endpoint does not serve", () => {
  const t = suiteEmulator();

  it("InvalidAction for the engine versions: the family check is skipped with a warning naming it", async () => {
    await createParameterGroup(t, "my-parameter-group", "postgres16");
    const { withCallOptions: _, ...plain } = t.api;
    const notServed: RdsApi = {
      ...plain,
      describeEngineVersions: async () => {
        throw new AwsCallError(
          "postgres: DescribeDBEngineVersions failed: InvalidAction: not valid for this web service",
          "InvalidAction",
        );
      },
    };
    const planned = await planSpec(specOf(blog()[0] as DesiredInstance), {
      region: "us-east-1",
      apiFactory: () => notServed,
    });
    assert.deepEqual(
      (planned.plan.warnings ?? []).map((w) => [w.check, w.message]),
      [
        [
          "engine-versions",
          "instance-name: could not check that DBParameterGroupName my-parameter-group is of a family postgres accepts (the endpoint does not serve DescribeDBEngineVersions: InvalidAction); RDS will check it when the call is made",
        ],
      ],
    );
  });
});
