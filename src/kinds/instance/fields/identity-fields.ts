import { BOOLEAN, CI_STRING, live, pend, RESTORE_HINT, STRING } from "./_field-kit.js";
import { member, typed } from "./describe-readers.js";
import { defaultLicenseModel, defaultLifecycleSupport } from "./rds-defaults.js";
import type { FieldDef } from "./types.js";
import { compareKmsKey, compareVersion } from "./values.js";

/**
 * Aurora instances take their storage and master user from the cluster, and
 * a read replica everything but its class from its source: neither needs
 * what a standalone create does.
 */
function standalone(declared: Readonly<Record<string, unknown>>): boolean {
  const engine = typeof declared.Engine === "string" ? declared.Engine.toLowerCase() : "";
  return (
    !engine.startsWith("aurora") &&
    declared.DBClusterIdentifier === undefined &&
    declared.SourceDBInstanceIdentifier === undefined
  );
}

/** Identity, engine, database contents and credentials. */
export const IDENTITY_FIELDS: readonly FieldDef[] = [
  // --- identity and engine ---------------------------------------------
  {
    name: "DBInstanceIdentifier",
    replicaCreate: true,
    kind: {
      type: "string",
      pattern: "^[A-Za-z][A-Za-z0-9-]{0,62}$",
      caseInsensitive: true,
    },
    description: "The instance identifier (RDS stores it lowercased); the key rdsctl matches on.",
    // It is the match key: a different identifier is a different instance to
    // rdsctl, so a rename (NewDBInstanceIdentifier) is never planned.
    mutability: "create-only-unchecked",
    modifyName: "NewDBInstanceIdentifier",
    timing: "deferrable",
    downtime: true,
    current: live("DBInstanceIdentifier", "string"),
    pending: pend("DBInstanceIdentifier", "string"),
    role: "identifier",
  },
  {
    name: "Engine",
    kind: CI_STRING,
    description: "Database engine, e.g. postgres, mysql, mariadb, oracle-ee, sqlserver-se.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: true,
    inheritedBy: { replica: true, cluster: true },
    current: live("Engine", "string"),
    pending: pend("Engine", "string"),
    role: "engine",
    requiredAtCreate: (declared) =>
      declared.SourceDBInstanceIdentifier === undefined
        ? "declare the engine, e.g. Engine: postgres"
        : undefined,
    // A snapshot restore keeps the engine (bar a compatible one such as
    // MariaDB from MySQL), so it is no way to another engine.
    blockedHint:
      "Create a new instance with the new engine and migrate the data (for example with AWS DMS or a dump and restore), or revert the spec",
  },
  {
    name: "EngineVersion",
    role: "engine-version",
    kind: STRING,
    description: 'Engine version; a prefix such as "16" or "8.0" matches any minor of that major.',
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: live("EngineVersion", "string"),
    pending: pend("EngineVersion", "string"),
    inheritedBy: { replica: true, cluster: true },
    // RDS reports the full version it picked for a declared major ("16" -> "16.3").
    compare: compareVersion,
    diffRule: "engine-version",
    risk: (from, _to, { majorVersion }) =>
      majorVersion && from !== undefined
        ? "a major version upgrade cannot be undone: RDS cannot downgrade, so the way back is restoring a snapshot taken before it"
        : undefined,
  },
  {
    name: "DBInstanceClass",
    replicaCreate: true,
    kind: { type: "string", pattern: "^db\\.[a-z0-9.-]+$", caseInsensitive: true },
    description: "Compute and memory class, e.g. db.t3.micro.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: live("DBInstanceClass", "string"),
    pending: pend("DBInstanceClass", "string"),
    role: "instance-class",
    requiredAtCreate: () => "declare the compute class, e.g. DBInstanceClass: db.t4g.micro",
  },
  {
    name: "LicenseModel",
    rdsDefault: defaultLicenseModel,
    kind: CI_STRING,
    description: "License model, e.g. license-included, bring-your-own-license.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: live("LicenseModel", "string"),
    pending: pend("LicenseModel", "string"),
    role: "license-model",
  },
  {
    name: "EngineLifecycleSupport",
    rdsDefault: defaultLifecycleSupport,
    kind: {
      type: "string",
      enum: ["open-source-rds-extended-support", "open-source-rds-extended-support-disabled"],
    },
    description:
      "Whether the instance may enter RDS Extended Support after end of standard support.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("EngineLifecycleSupport", "string"),
  },
  {
    name: "AutoMinorVersionUpgrade",
    rdsDefault: () => true,
    replicaCreate: true,
    kind: BOOLEAN,
    description: "Apply minor engine upgrades automatically in the maintenance window.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("AutoMinorVersionUpgrade", "boolean"),
  },
  {
    name: "DBClusterIdentifier",
    kind: CI_STRING,
    description: "The Aurora cluster this instance belongs to.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("DBClusterIdentifier", "string"),
    role: "cluster",
    blockedHint:
      "Create a new instance in the other cluster (it gets the cluster's data) and remove this one yourself, or revert the spec",
  },
  {
    name: "DBSystemId",
    kind: STRING,
    description: "Oracle system identifier (SID) for RDS Custom for Oracle.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("DBSystemId", "string"),
    // RestoreDBInstanceFromDBSnapshot takes no SID: a restore keeps it.
    blockedHint:
      "Create a new RDS Custom for Oracle instance with the new SID and move the data into it, or revert the spec",
  },
  {
    name: "CustomIamInstanceProfile",
    replicaCreate: true,
    kind: STRING,
    description: "Instance profile for the EC2 host of an RDS Custom instance.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("CustomIamInstanceProfile", "string"),
    blockedHint: RESTORE_HINT,
  },
  // --- database contents and credentials -------------------------------
  {
    name: "DBName",
    kind: STRING,
    description: "Name of the database created with the instance.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("DBName", "string"),
    inheritedBy: { replica: true, cluster: true },
    // RDS reports the database it created at launch under this name for the
    // life of the instance; a snapshot restore keeps the databases, and only
    // Oracle and SQL Server restores take a DBName at all.
    blockedHint:
      "RDS keeps the name of the database it created at launch and reports it for the life of the instance; a snapshot restore keeps it too. Create any other database inside the instance with SQL (RDS will still report the original name), and revert the spec",
  },
  {
    name: "CharacterSetName",
    kind: STRING,
    description: "Character set (Oracle, SQL Server collation, Db2).",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("CharacterSetName", "string"),
    inheritedBy: { replica: true, cluster: true },
    blockedHint:
      "A snapshot restore keeps the character set: export the data and import it into a new instance created with the new one, or revert the spec",
  },
  {
    name: "NcharCharacterSetName",
    kind: STRING,
    description: "National character set (Oracle).",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("NcharCharacterSetName", "string"),
    inheritedBy: { replica: true, cluster: true },
    blockedHint:
      "A snapshot restore keeps the character set: export the data and import it into a new instance created with the new one, or revert the spec",
  },
  {
    name: "Timezone",
    kind: STRING,
    description: "Time zone of the instance (SQL Server, Db2).",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("Timezone", "string"),
    inheritedBy: { replica: true, cluster: true },
    // RestoreDBInstanceFromDBSnapshot takes no Timezone: a restore keeps it.
    blockedHint:
      "A snapshot restore keeps the time zone: create a new instance with the new time zone and move the data into it (for example with a native backup and restore), or revert the spec",
  },
  {
    name: "MasterUsername",
    kind: STRING,
    description: "Name of the master user.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("MasterUsername", "string"),
    inheritedBy: { replica: true, cluster: true },
    requiredAtCreate: (declared) =>
      standalone(declared) ? "declare the master user name, e.g. MasterUsername: app" : undefined,
    // A snapshot restore keeps the master user name; so does a read replica.
    blockedHint:
      "A snapshot restore keeps the master user name. Create another user inside the database with SQL and use that one, or revert the spec",
  },
  {
    name: "MasterUserPassword",
    kind: { type: "secret" },
    description:
      "Master password: { env: NAME } or { file: PATH }. Sent at create, then only on rotation.",
    // Write-only: never readable, so never compared. Rotation is explicit
    // (--rotate-password or MasterUserPasswordVersion).
    mutability: "create-only-unchecked",
    timing: "immediate",
    downtime: false,
    sensitive: true,
    current: () => undefined,
    pending: pend("MasterUserPassword", "string"),
    inheritedBy: { replica: true, cluster: true },
    requiredAtCreate: (declared) =>
      standalone(declared) && declared.ManageMasterUserPassword !== true
        ? "declare ManageMasterUserPassword: true (RDS keeps the password in Secrets Manager), or MasterUserPassword: { env: NAME }"
        : undefined,
    role: "master-password",
  },
  {
    name: "ManageMasterUserPassword",
    rdsDefault: () => false,
    describeName: "MasterUserSecret",
    kind: BOOLEAN,
    description: "Keep the master password in AWS Secrets Manager, managed by RDS.",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    // A MasterUserSecret is reported exactly when RDS manages the password.
    current: (db) => member(db, "MasterUserSecret") !== undefined,
    inheritedBy: { replica: true, cluster: true },
    role: "managed-password",
  },
  {
    name: "MasterUserSecretKmsKeyId",
    kind: STRING,
    description: "KMS key for the managed master user secret.",
    mutability: "create-only",
    timing: "immediate",
    downtime: false,
    current: (db) => typed(member(member(db, "MasterUserSecret"), "KmsKeyId"), "string"),
    inheritedBy: { replica: true, cluster: true },
    compare: compareKmsKey,
    // Without a managed secret there is no secret key to compare; turning
    // management on sends it along (the "managed-password" role).
    notComparedWhen: ({ db }) => member(db, "MasterUserSecret") === undefined,
    role: "managed-password-key",
    // RDS takes the secret's key only in the modify that turns management on.
    blockedHint:
      "RDS sets the secret's key only when it starts managing the password: turn ManageMasterUserPassword off (which needs a new MasterUserPassword) and on again with the new key, or revert the spec",
  },
  {
    name: "MasterUserAuthenticationType",
    kind: { type: "string", enum: ["password", "iam-db-auth"] },
    description: "How the master user authenticates: password or iam-db-auth.",
    // DescribeDBInstances does not report it, so it cannot be compared.
    mutability: "create-only-unchecked",
    modifyName: "MasterUserAuthenticationType",
    timing: "immediate",
    downtime: false,
    current: () => undefined,
  },
  {
    name: "TdeCredentialArn",
    kind: STRING,
    description: "ARN of the key store for Oracle/SQL Server transparent data encryption.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("TdeCredentialArn", "string"),
    absentMeansUnset: true,
  },
  {
    name: "TdeCredentialPassword",
    kind: STRING,
    description: "Password for the TDE key store (write-only).",
    mutability: "create-only-unchecked",
    timing: "deferrable",
    downtime: false,
    sensitive: true,
    current: () => undefined,
  },
];
