import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { computePlan } from "../../src/plan/compute.js";
import { renderPlanJson } from "../../src/render/plan-json.js";
import { renderPlanText, riskyCount } from "../../src/render/plan-text.js";
import { desired, live } from "./_fixtures.js";

/** The risk reason of each change of the one planned instance, by field. */
function risks(
  fields: Record<string, unknown>,
  observed: DBInstance[] = [],
  allowMajor = false,
): Record<string, string | undefined> {
  const extra = allowMajor ? { allowMajorVersionUpgrade: true } : {};
  const plan = computePlan([desired(fields, extra)], observed);
  const p = plan.instances[0];
  assert.ok(p);
  return Object.fromEntries(p.changes.map((c) => [c.field, c.risk?.reason]));
}

interface RiskCase {
  name: string;
  fields: Record<string, unknown>;
  live?: Partial<DBInstance>;
  /** The item says AllowMajorVersionUpgrade: true (a major upgrade is sent only then). */
  allowMajor?: boolean;
  /** Field -> a pattern its risk reason must match, or undefined for "not risky". */
  expect: Record<string, RegExp | undefined>;
}

const cases: RiskCase[] = [
  {
    name: "deletion protection turned off",
    fields: { DeletionProtection: false },
    live: { DeletionProtection: true },
    expect: { DeletionProtection: /deletion protection off/ },
  },
  {
    name: "deletion protection turned on is not risky",
    fields: { DeletionProtection: true },
    live: { DeletionProtection: false },
    expect: { DeletionProtection: undefined },
  },
  {
    name: "backup retention to 0 discards backups and point-in-time restore",
    fields: { BackupRetentionPeriod: 0 },
    live: { BackupRetentionPeriod: 7 },
    expect: { BackupRetentionPeriod: /deletes the existing automated backups.*point-in-time/ },
  },
  {
    name: "backup retention lowered",
    fields: { BackupRetentionPeriod: 3 },
    live: { BackupRetentionPeriod: 14 },
    expect: { BackupRetentionPeriod: /3 days instead of 14/ },
  },
  {
    name: "backup retention raised is not risky",
    fields: { BackupRetentionPeriod: 14 },
    live: { BackupRetentionPeriod: 7 },
    expect: { BackupRetentionPeriod: undefined },
  },
  {
    name: "publicly accessible turned on",
    fields: { PubliclyAccessible: true },
    live: { PubliclyAccessible: false },
    expect: { PubliclyAccessible: /reachable from the internet/ },
  },
  {
    name: "publicly accessible turned off is not risky",
    fields: { PubliclyAccessible: false },
    live: { PubliclyAccessible: true },
    expect: { PubliclyAccessible: undefined },
  },
  {
    name: "Multi-AZ turned off",
    fields: { MultiAZ: false },
    live: { MultiAZ: true },
    expect: { MultiAZ: /no automatic failover/ },
  },
  {
    name: "a major version upgrade cannot be undone",
    fields: { Engine: "postgres", EngineVersion: "17" },
    allowMajor: true,
    live: { Engine: "postgres", EngineVersion: "16.3" },
    expect: { EngineVersion: /cannot be undone/ },
  },
  {
    name: "a minor version upgrade is not risky",
    fields: { Engine: "postgres", EngineVersion: "16.4" },
    live: { Engine: "postgres", EngineVersion: "16.3" },
    expect: { EngineVersion: undefined },
  },
  {
    name: "a create without backups, public, unencrypted",
    fields: {
      Engine: "postgres",
      BackupRetentionPeriod: 0,
      PubliclyAccessible: true,
      StorageEncrypted: false,
      MultiAZ: false,
      DeletionProtection: false,
    },
    expect: {
      BackupRetentionPeriod: /no point-in-time restore/,
      PubliclyAccessible: /internet/,
      StorageEncrypted: /cannot be turned on later/,
      MultiAZ: undefined,
      DeletionProtection: undefined,
      Engine: undefined,
    },
  },
];

for (const c of cases) {
  test(`risk: ${c.name}`, () => {
    const got = risks(c.fields, c.live === undefined ? [] : [live(c.live)], c.allowMajor);
    for (const [field, pattern] of Object.entries(c.expect)) {
      assert.ok(field in got, `${field} is a change: ${JSON.stringify(got)}`);
      if (pattern === undefined) assert.equal(got[field], undefined, field);
      else assert.match(got[field] ?? "(not risky)", pattern, field);
    }
  });
}

test("risk: counted in the text summary and the JSON, per change and in the summary", () => {
  const plan = computePlan(
    [
      desired({ DBInstanceIdentifier: "a", DeletionProtection: false, MultiAZ: false }),
      desired({ DBInstanceIdentifier: "b", BackupRetentionPeriod: 14 }),
    ],
    [
      live({ DBInstanceIdentifier: "a", DeletionProtection: true, MultiAZ: true }),
      live({ DBInstanceIdentifier: "b", BackupRetentionPeriod: 7 }),
    ],
  );
  assert.equal(riskyCount(plan), 2);
  const text = renderPlanText(plan, { color: false });
  assert.match(
    text,
    /DeletionProtection: true -> false {2}\(immediate\)\n {6}risk: turns deletion/,
  );
  assert.match(text, /0 to create, 2 to modify, 0 unchanged, 0 blocked, 2 risky\n$/);
  const json = JSON.parse(renderPlanJson(plan));
  assert.equal(json.summary.risky, 2);
  const a = json.instances[0];
  assert.match(a.changes[0].risk.reason, /deletion protection off|standby/);
  const b = json.instances[1];
  assert.equal("risk" in b.changes[0], false, "a change that is not risky has no risk member");
});

test("risk: a blocked instance's risky change is not counted (nothing is sent)", () => {
  const plan = computePlan(
    [desired({ DeletionProtection: false, Engine: "mysql" })],
    [live({ DeletionProtection: true, Engine: "postgres" })],
  );
  assert.equal(plan.instances[0]?.action, "blocked");
  assert.equal(riskyCount(plan), 0);
  assert.doesNotMatch(renderPlanText(plan, { color: false }), /risky/);
});
