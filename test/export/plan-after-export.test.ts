import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  type CreateDBInstanceCommandInput,
  CreateDBInstanceReadReplicaCommand,
} from "@aws-sdk/client-rds";
import fc from "fast-check";
import { exportSpec, renderExportYaml } from "../../src/export/index.js";
import { planHasChanges } from "../../src/render/plan-text.js";
import { parseSpecText } from "../../src/spec/index.js";
import { planSpec } from "../../src/workflow.js";
import { suiteEmulator, type TestEmulator } from "../helpers/emulator.js";

/*
 * The promise of `rdsctl export`: planning the file it writes gives "No
 * changes", whatever instances RDS (here the emulator) holds.
 */

const PASSWORD = "Export-test-pw-1234";

/** Creates the instances through the SDK, lets them become available, and exports the region. */
async function createAndExport(
  t: TestEmulator,
  inputs: CreateDBInstanceCommandInput[],
): Promise<string> {
  const client = t.rawClient();
  try {
    for (const input of inputs) await client.send(new CreateDBInstanceCommand(input));
  } finally {
    client.destroy();
  }
  t.emulator.advance(30 * 60_000);
  return renderExportYaml(exportSpec(await t.api.describeAllInstances(), { region: "us-east-1" }));
}

/** Plans exported YAML against the same emulator; sends nothing. */
async function planOf(t: TestEmulator, yaml: string) {
  const parsed = parseSpecText(yaml, "exported.yaml");
  assert.ok(parsed.ok, `${yaml}\n${JSON.stringify(parsed.ok ? [] : parsed.problems, null, 2)}`);
  const before = t.mutating().length;
  const { plan } = await planSpec(parsed.spec, { region: "us-east-1", apiFactory: () => t.api });
  assert.equal(t.mutating().length, before, "planning sends nothing");
  return plan;
}

function assertNoChanges(plan: Awaited<ReturnType<typeof planOf>>, yaml: string, n: number): void {
  const changed = plan.instances.filter((i) => i.action !== "noop");
  assert.deepEqual(changed, [], yaml);
  assert.equal(planHasChanges(plan), false, yaml);
  assert.equal(plan.instances.length, n);
}

const VERSIONS = {
  postgres: { versions: ["16", "17.5", "13.18", "15"], logs: ["postgresql", "upgrade"] },
  mysql: { versions: ["8.0", "8.4.3", "8.0.39"], logs: ["error", "slowquery", "general"] },
  mariadb: { versions: ["10.11", "11.4.5"], logs: ["audit", "error"] },
} as const;

/** Storage RDS accepts: gp2, small and large gp3, io1, magnetic. */
const storage = fc.oneof(
  fc.record({
    StorageType: fc.constant("gp2"),
    AllocatedStorage: fc.integer({ min: 20, max: 300 }),
  }),
  fc.record({
    StorageType: fc.constant("gp3"),
    AllocatedStorage: fc.integer({ min: 20, max: 399 }),
  }),
  fc
    .record({
      AllocatedStorage: fc.integer({ min: 400, max: 800 }),
      Iops: fc.integer({ min: 12000, max: 16000 }),
      throughputShare: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ AllocatedStorage, Iops, throughputShare }) => ({
      StorageType: "gp3",
      AllocatedStorage,
      Iops,
      StorageThroughput: 500 + Math.floor(((Iops / 4 - 500) * throughputShare) / 100),
    })),
  fc
    .record({
      AllocatedStorage: fc.integer({ min: 100, max: 200 }),
      Iops: fc.integer({ min: 1000, max: 5000 }),
    })
    .map((s) => ({ StorageType: "io1", ...s })),
  fc.record({
    StorageType: fc.constant("standard"),
    AllocatedStorage: fc.integer({ min: 5, max: 100 }),
  }),
);

const instanceInput = fc
  .record({
    engine: fc.constantFrom("postgres", "mysql", "mariadb") as fc.Arbitrary<keyof typeof VERSIONS>,
    versionPick: fc.nat(),
    autoMinor: fc.option(fc.boolean(), { nil: undefined }),
    cls: fc.constantFrom("db.t4g.micro", "db.m5.large", "db.r6g.xlarge"),
    storage,
    managed: fc.boolean(),
    multiAZ: fc.option(fc.boolean(), { nil: undefined }),
    retention: fc.option(fc.integer({ min: 0, max: 35 }), { nil: undefined }),
    encrypted: fc.option(fc.boolean(), { nil: undefined }),
    flags: fc.record(
      {
        DeletionProtection: fc.boolean(),
        PubliclyAccessible: fc.boolean(),
        CopyTagsToSnapshot: fc.boolean(),
        EnableIAMDatabaseAuthentication: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    port: fc.option(fc.integer({ min: 1150, max: 9999 }), { nil: undefined }),
    logs: fc.nat(),
    tags: fc.uniqueArray(
      fc.record({
        Key: fc.constantFrom("team", "env", "cost-centre", "aws:cloudformation:stack-name", "app"),
        Value: fc.constantFrom("a", "b", "4200", "prod"),
      }),
      { selector: (t) => t.Key, maxLength: 4 },
    ),
    dbName: fc.option(fc.constantFrom("app", "orders"), { nil: undefined }),
    maxStorageExtra: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  })
  .map((x) => {
    const { versions, logs } = VERSIONS[x.engine];
    const logTypes = logs.filter((_, i) => (x.logs >> i) & 1);
    const input: Omit<CreateDBInstanceCommandInput, "DBInstanceIdentifier"> = {
      Engine: x.engine,
      EngineVersion: versions[x.versionPick % versions.length],
      DBInstanceClass: x.cls,
      MasterUsername: "appadmin",
      ...x.storage,
      ...(x.managed ? { ManageMasterUserPassword: true } : { MasterUserPassword: PASSWORD }),
      ...(x.autoMinor === undefined ? {} : { AutoMinorVersionUpgrade: x.autoMinor }),
      ...(x.multiAZ === undefined ? {} : { MultiAZ: x.multiAZ }),
      ...(x.retention === undefined ? {} : { BackupRetentionPeriod: x.retention }),
      ...(x.encrypted === undefined ? {} : { StorageEncrypted: x.encrypted }),
      ...x.flags,
      ...(x.port === undefined ? {} : { Port: x.port }),
      ...(logTypes.length === 0 ? {} : { EnableCloudwatchLogsExports: logTypes }),
      // fast-check builds null-prototype records; the SDK wants plain ones.
      Tags: x.tags
        .filter((t) => !t.Key.startsWith("aws:"))
        .map((t) => ({ Key: t.Key, Value: t.Value })),
      ...(x.dbName === undefined ? {} : { DBName: x.dbName }),
      ...(x.maxStorageExtra === undefined
        ? {}
        : { MaxAllocatedStorage: x.storage.AllocatedStorage + x.maxStorageExtra }),
    };
    return input;
  });

describe("export, then plan the exported file: No changes", () => {
  const t = suiteEmulator();

  it("holds for any instances the emulator can create (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(instanceInput, { minLength: 1, maxLength: 3 }), async (inputs) => {
        t.emulator.reset();
        const named = inputs.map((input, i) => ({ ...input, DBInstanceIdentifier: `gen-${i}` }));
        const yaml = await createAndExport(t, named);
        assert.doesNotMatch(yaml, new RegExp(PASSWORD), "never a password");
        assertNoChanges(await planOf(t, yaml), yaml, named.length);
      }),
      { numRuns: 25 },
    );
  });

  it("holds for a fixed varied fleet, which exports with shared defaults", async () => {
    const common = { MasterUsername: "appadmin", DBInstanceClass: "db.m5.large" };
    const yaml = await createAndExport(t, [
      {
        ...common,
        DBInstanceIdentifier: "orders-db",
        Engine: "postgres",
        EngineVersion: "16",
        AllocatedStorage: 100,
        StorageType: "gp3",
        ManageMasterUserPassword: true,
        BackupRetentionPeriod: 7,
        MultiAZ: true,
        Tags: [
          { Key: "team", Value: "platform" },
          { Key: "app", Value: "orders" },
        ],
      },
      {
        ...common,
        DBInstanceIdentifier: "billing-db",
        Engine: "mysql",
        EngineVersion: "8.0.39",
        AutoMinorVersionUpgrade: false,
        AllocatedStorage: 200,
        StorageType: "io1",
        Iops: 3000,
        MasterUserPassword: PASSWORD,
        StorageEncrypted: true,
        Tags: [{ Key: "team", Value: "platform" }],
      },
      {
        ...common,
        DBInstanceIdentifier: "cms-db",
        Engine: "mariadb",
        EngineVersion: "11.4",
        AllocatedStorage: 50,
        StorageType: "gp2",
        MasterUserPassword: PASSWORD,
        DeletionProtection: true,
        EnableCloudwatchLogsExports: ["audit"],
        Tags: [{ Key: "team", Value: "platform" }],
      },
      {
        ...common,
        DBInstanceIdentifier: "archive-db",
        Engine: "postgres",
        EngineVersion: "13.18",
        AutoMinorVersionUpgrade: false,
        AllocatedStorage: 20,
        StorageType: "standard",
        ManageMasterUserPassword: true,
        Port: 6543,
        Tags: [{ Key: "team", Value: "platform" }],
      },
    ]);
    assert.match(yaml, /^defaults:\n(?: {2}.*\n)*? {2}MasterUsername: appadmin\n/m);
    assert.match(yaml, /^defaults:\n(?: {2}.*\n)*? {2}Tags:\n {4}team: platform\n/m);
    assert.match(
      yaml,
      /DBInstanceIdentifier: billing-db\n(?: {4}.*\n)*? {4}EngineVersion: 8\.0\.39\n/,
    );
    assert.match(yaml, /DBInstanceIdentifier: orders-db\n(?: {4}.*\n)*? {4}EngineVersion: "16"\n/);
    assert.match(yaml, /MasterUserPassword: \{ env: CMS_DB_MASTER_PASSWORD \}/);
    assertNoChanges(await planOf(t, yaml), yaml, 4);
  });

  it("exports a read replica as a SourceDBInstanceIdentifier item without what it inherits", async () => {
    await createAndExport(t, [
      {
        DBInstanceIdentifier: "main-db",
        Engine: "postgres",
        EngineVersion: "16",
        DBInstanceClass: "db.m5.large",
        AllocatedStorage: 100,
        MasterUsername: "appadmin",
        ManageMasterUserPassword: true,
        BackupRetentionPeriod: 7,
      },
    ]);
    const client = t.rawClient();
    try {
      await client.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "main-ro",
          SourceDBInstanceIdentifier: "main-db",
          DBInstanceClass: "db.t4g.micro",
        }),
      );
    } finally {
      client.destroy();
    }
    t.emulator.advance(30 * 60_000);
    const doc = exportSpec(await t.api.describeAllInstances(), { region: "us-east-1" });
    const replica = doc.instances.find((i) => i.id === "main-ro");
    assert.ok(replica, "the replica is exported");
    const all = { ...doc.defaults, ...replica.fields };
    assert.equal(all.SourceDBInstanceIdentifier, "main-db");
    assert.equal(all.DBInstanceClass, "db.t4g.micro");
    for (const inherited of [
      "MasterUsername",
      "ManageMasterUserPassword",
      "MasterUserPassword",
      "AllocatedStorage",
      "EngineVersion",
      "BackupRetentionPeriod",
    ]) {
      assert.equal(inherited in replica.fields, false, inherited);
    }
    // The whole region, primary and replica, plans with no changes.
    const yaml = renderExportYaml(doc);
    assertNoChanges(await planOf(t, yaml), yaml, 2);
  });
});
