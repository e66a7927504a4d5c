import fc from "fast-check";
import type { DesiredInstance } from "../../src/spec/types.js";
import { desired, type ObservedOptions } from "./_fixtures.js";

/* fast-check generators for declared instances, shared by the property tests. */

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}[A-Za-z0-9]$/);
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/);
const hexId = fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}$/);
const kmsKey = fc.oneof(
  hexId,
  hexId.map((k) => `arn:aws:kms:us-east-1:123456789012:key/${k}`),
);
const day = fc.constantFrom("mon", "Tue", "WED", "sun");
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

/** Any combination of fields a valid spec may declare, with values the validator accepts. */
export const fieldsArb = fc.record(
  {
    Engine: fc.constantFrom("postgres", "Postgres", "mysql", "mariadb"),
    EngineVersion: fc.constantFrom("16", "16.3", "8.0", "8.0.35", "10.11"),
    DBInstanceClass: fc.constantFrom("db.t3.micro", "db.M5.large"),
    AllocatedStorage: fc.integer({ min: 20, max: 1000 }),
    MaxAllocatedStorage: fc.integer({ min: 1000, max: 2000 }),
    StorageType: fc.constantFrom("gp2", "gp3", "io1", "GP3"),
    Iops: fc.integer({ min: 1000, max: 10000 }),
    StorageThroughput: fc.integer({ min: 125, max: 1000 }),
    MasterUsername: word,
    DBName: word,
    Port: fc.integer({ min: 1150, max: 65535 }),
    VpcSecurityGroupIds: fc.uniqueArray(fc.stringMatching(/^sg-[0-9a-f]{6}$/), { maxLength: 4 }),
    DBSubnetGroupName: name,
    DBParameterGroupName: name,
    OptionGroupName: name,
    AvailabilityZone: fc.constantFrom("us-east-1a", "us-east-1b"),
    MultiAZ: fc.boolean(),
    PreferredMaintenanceWindow: fc
      .tuple(day, hhmm, day, hhmm)
      .map(([d1, t1, d2, t2]) => `${d1}:${t1}-${d2}:${t2}`),
    PreferredBackupWindow: fc.tuple(hhmm, hhmm).map(([a, b]) => `${a}-${b}`),
    BackupRetentionPeriod: fc.integer({ min: 0, max: 35 }),
    AutoMinorVersionUpgrade: fc.boolean(),
    LicenseModel: fc.constantFrom("postgresql-license", "General-Public-License"),
    CharacterSetName: fc.constantFrom("AL32UTF8", "UTF8"),
    Timezone: fc.constantFrom("UTC", "Central Standard Time"),
    PubliclyAccessible: fc.boolean(),
    CopyTagsToSnapshot: fc.boolean(),
    DeletionProtection: fc.boolean(),
    StorageEncrypted: fc.boolean(),
    KmsKeyId: kmsKey,
    EnableIAMDatabaseAuthentication: fc.boolean(),
    EnablePerformanceInsights: fc.boolean(),
    PerformanceInsightsKMSKeyId: kmsKey,
    PerformanceInsightsRetentionPeriod: fc.constantFrom(7, 31, 731),
    EnableCustomerOwnedIp: fc.boolean(),
    EnableCloudwatchLogsExports: fc.uniqueArray(
      fc.constantFrom("postgresql", "upgrade", "error", "general", "slowquery"),
    ),
    ProcessorFeatures: fc.constantFrom(
      [{ Name: "coreCount", Value: 2 }],
      [
        { Name: "coreCount", Value: "4" },
        { Name: "threadsPerCore", Value: 1 },
      ],
    ),
    MonitoringInterval: fc.constantFrom(0, 1, 5, 60),
    MonitoringRoleArn: fc.constant("arn:aws:iam::123456789012:role/rds-monitoring"),
    CACertificateIdentifier: fc.constantFrom("rds-ca-rsa2048-g1", "RDS-CA-ECC384-G1"),
    NetworkType: fc.constantFrom("IPV4", "DUAL"),
    DatabaseInsightsMode: fc.constantFrom("standard", "advanced"),
    DedicatedLogVolume: fc.boolean(),
    MultiTenant: fc.boolean(),
    Domain: fc.constant("d-1234567890"),
    DomainFqdn: fc.constant("corp.example.com"),
    DomainDnsIps: fc.constant(["10.0.0.1", "10.0.0.2"]),
    DomainIAMRoleName: word,
    PromotionTier: fc.integer({ min: 0, max: 15 }),
    DBClusterIdentifier: name,
    EngineLifecycleSupport: fc.constant("open-source-rds-extended-support-disabled"),
    TdeCredentialPassword: word,
    MasterUserAuthenticationType: fc.constantFrom("password", "iam-db-auth"),
    TagSpecifications: fc.constant([{ ResourceType: "auto-backup", Tags: [] }]),
    Tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), word, { maxKeys: 4 }),
    credentials: fc.oneof(
      fc.constant({}),
      fc.constant({ MasterUserPassword: { kind: "env", name: "PW" } }),
      fc.record(
        { ManageMasterUserPassword: fc.constant(true), MasterUserSecretKmsKeyId: kmsKey },
        { requiredKeys: ["ManageMasterUserPassword"] },
      ),
    ),
  },
  { requiredKeys: [] },
);

export const desiredArb: fc.Arbitrary<DesiredInstance> = fc
  .record({
    fields: fieldsArb,
    id: name,
    applyImmediately: fc.boolean(),
    passwordVersion: fc.option(word, { nil: undefined }),
    purgeTags: fc.boolean(),
    rebootWhenNeeded: fc.boolean(),
    restricted: fc.boolean(),
  })
  .map(({ fields, id, passwordVersion, purgeTags, rebootWhenNeeded, restricted, ...rest }) => {
    const { credentials, ...plain } = fields;
    const all: Record<string, unknown> = {
      ...plain,
      ...(credentials ?? {}),
      DBInstanceIdentifier: id,
    };
    return desired(all, {
      ...rest,
      ...(passwordVersion === undefined ? {} : { passwordVersion }),
      policy: { purgeTags, rebootWhenNeeded, ...(restricted ? { updatable: [] } : {}) },
    });
  });

export const observedOptionsArb: fc.Arbitrary<ObservedOptions> = fc.record({
  minorSuffix: fc.constantFrom("", ".4", ".12.1"),
  autoscaledBy: fc.integer({ min: 0, max: 500 }),
  foreignTags: fc.constantFrom<Record<string, string>>(
    {},
    { "aws:cloudformation:stack-name": "orders" },
    { "rds:managed": "yes" },
  ),
});
