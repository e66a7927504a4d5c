import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, type CreateDBInstanceCommandInput } from "@aws-sdk/client-rds";
import fc from "fast-check";
import { suiteHarness } from "./_harness.js";

const engines = [
  {
    Engine: "postgres",
    EngineVersion: "16",
    full: "16.10",
    logs: ["postgresql", "upgrade"],
    port: 5432,
  },
  { Engine: "postgres", EngineVersion: "13.21", full: "13.21", logs: ["postgresql"], port: 5432 },
  {
    Engine: "mysql",
    EngineVersion: "8.0",
    full: "8.0.43",
    logs: ["error", "slowquery"],
    port: 3306,
  },
  { Engine: "mariadb", EngineVersion: "11.4.3", full: "11.4.3", logs: ["audit"], port: 3306 },
];

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

const input = fc.record({
  engine: fc.constantFrom(...engines),
  cls: fc.constantFrom("db.t3.micro", "db.m5.large", "db.r6g.xlarge"),
  storage: fc.integer({ min: 20, max: 1000 }),
  multiAZ: fc.boolean(),
  retention: fc.integer({ min: 0, max: 35 }),
  backupStart: hhmm,
  maintenanceDay: fc.constantFrom("Mon", "tue", "SUN"),
  flags: fc.record({
    DeletionProtection: fc.boolean(),
    PubliclyAccessible: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    AutoMinorVersionUpgrade: fc.boolean(),
    EnableIAMDatabaseAuthentication: fc.boolean(),
    StorageEncrypted: fc.boolean(),
  }),
  tags: fc.uniqueArray(
    fc.record({
      Key: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 _.:/=+@&<>-]{0,20}$/),
      Value: fc.string({ maxLength: 30 }),
    }),
    { selector: (t) => t.Key, maxLength: 5 },
  ),
  managed: fc.boolean(),
});

describe("create then describe round-trips every declared field through the SDK", () => {
  const h = suiteHarness({ timeScale: 0 });

  it("describes back what was created, normalised as RDS does", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(input, async (x) => {
        n += 1;
        // fast-check builds null-prototype records; compare with plain objects.
        const tags = x.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
        const id = `Prop-${n}`;
        const [hh, mm] = x.backupStart.split(":").map(Number) as [number, number];
        const end = (hh * 60 + mm + 30) % 1440;
        const pad = (v: number) => String(v).padStart(2, "0");
        const backupWindow = `${x.backupStart}-${pad(Math.floor(end / 60))}:${pad(end % 60)}`;
        // Twelve hours away: RDS refuses a maintenance window that overlaps the backup window.
        const maintenanceHour = pad((hh + 12) % 24);
        const create: CreateDBInstanceCommandInput = {
          DBInstanceIdentifier: id,
          DBInstanceClass: x.cls,
          Engine: x.engine.Engine,
          EngineVersion: x.engine.EngineVersion,
          AllocatedStorage: x.storage,
          MasterUsername: "appadmin",
          ...(x.managed
            ? { ManageMasterUserPassword: true }
            : { MasterUserPassword: "Passw0rd!x" }),
          MultiAZ: x.multiAZ,
          BackupRetentionPeriod: x.retention,
          PreferredBackupWindow: backupWindow,
          PreferredMaintenanceWindow: `${x.maintenanceDay}:${maintenanceHour}:00-${x.maintenanceDay}:${maintenanceHour}:45`,
          EnableCloudwatchLogsExports: x.engine.logs,
          Tags: tags,
          ...x.flags,
        };
        await h.rds.send(new CreateDBInstanceCommand(create));
        const d = await h.instance(id);
        assert.equal(d.DBInstanceIdentifier, id.toLowerCase());
        assert.equal(d.DBInstanceStatus, "available");
        assert.equal(d.Engine, x.engine.Engine);
        assert.equal(d.EngineVersion, x.engine.full);
        assert.equal(d.DBInstanceClass, x.cls);
        assert.equal(d.AllocatedStorage, x.storage);
        assert.equal(d.MultiAZ, x.multiAZ);
        assert.equal(Boolean(d.SecondaryAvailabilityZone), x.multiAZ);
        assert.equal(d.BackupRetentionPeriod, x.retention);
        assert.equal(d.PreferredBackupWindow, backupWindow);
        assert.equal(
          d.PreferredMaintenanceWindow,
          create.PreferredMaintenanceWindow!.toLowerCase(),
        );
        assert.deepEqual(d.EnabledCloudwatchLogsExports, [...x.engine.logs].sort());
        assert.deepEqual(d.TagList, tags);
        assert.equal(d.Endpoint?.Port, x.engine.port);
        assert.equal(d.DeletionProtection, x.flags.DeletionProtection);
        assert.equal(d.PubliclyAccessible, x.flags.PubliclyAccessible);
        assert.equal(d.CopyTagsToSnapshot, x.flags.CopyTagsToSnapshot);
        assert.equal(d.AutoMinorVersionUpgrade, x.flags.AutoMinorVersionUpgrade);
        assert.equal(d.IAMDatabaseAuthenticationEnabled, x.flags.EnableIAMDatabaseAuthentication);
        assert.equal(d.StorageEncrypted, x.flags.StorageEncrypted);
        assert.equal(
          d.KmsKeyId?.startsWith("arn:aws:kms:us-east-1:123456789012:key/"),
          x.flags.StorageEncrypted || undefined,
        );
        assert.equal(d.MasterUserSecret !== undefined, x.managed);
        const baseline = x.storage < 400 ? [3000, 125] : [12000, 500];
        assert.deepEqual([d.Iops, d.StorageThroughput], baseline);
        assert.equal(d.PendingModifiedValues, undefined);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
