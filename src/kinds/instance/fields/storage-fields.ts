import { BOOLEAN, live, pend, STRING } from "./_field-kit.js";
import { member, objectList } from "./describe-readers.js";
import { storageBaseline, whenKnown } from "./rds-defaults.js";
import type { FieldDef } from "./types.js";
import { compareKmsKey } from "./values.js";

/** Storage size, type, performance and encryption. */
export const STORAGE_FIELDS: readonly FieldDef[] = [
  // --- storage ---------------------------------------------------------
  {
    name: "AllocatedStorage",
    replicaCreate: true,
    kind: { type: "integer", minimum: 1, maximum: 65536 },
    description: "Storage in GiB. Can only grow; autoscaling may grow it past this value.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("AllocatedStorage", "number"),
    pending: pend("AllocatedStorage", "number"),
    inheritedBy: { replica: true, cluster: true },
    diffRule: "storage-size",
    role: "storage-size",
    requiredAtCreate: (declared) => {
      const engine = typeof declared.Engine === "string" ? declared.Engine.toLowerCase() : "";
      const standalone =
        !engine.startsWith("aurora") &&
        declared.DBClusterIdentifier === undefined &&
        declared.SourceDBInstanceIdentifier === undefined;
      return standalone ? "declare the storage size in GiB, e.g. AllocatedStorage: 20" : undefined;
    },
  },
  {
    name: "MaxAllocatedStorage",
    replicaCreate: true,
    kind: { type: "integer", minimum: 1, maximum: 65536 },
    description: "Upper limit in GiB for storage autoscaling (absent: autoscaling off).",
    mutability: "modifiable",
    timing: "immediate",
    downtime: false,
    current: live("MaxAllocatedStorage", "number"),
    absentMeansUnset: true,
    // A ceiling at or below the allocated size means "no autoscaling" (RDS
    // turns it off when MaxAllocatedStorage equals AllocatedStorage), which is
    // what an absent MaxAllocatedStorage already says.
    sameAsAbsent: (desired, { db, declared }) => {
      const size = db.AllocatedStorage ?? declared.AllocatedStorage;
      return typeof desired === "number" && typeof size === "number" && desired <= size;
    },
    inheritedBy: { cluster: true },
    role: "storage-ceiling",
  },
  {
    name: "StorageType",
    rdsDefault: whenKnown("gp3"),
    replicaCreate: true,
    kind: {
      type: "string",
      enum: ["standard", "gp2", "gp3", "io1", "io2", "aurora", "aurora-iopt1"],
      caseInsensitive: true,
    },
    description: "Storage type: gp2, gp3, io1, io2 or standard.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("StorageType", "string"),
    pending: pend("StorageType", "string"),
    inheritedBy: { cluster: true },
    role: "storage-type",
  },
  {
    name: "Iops",
    rdsDefault: (engine, _version, db) => storageBaseline(engine, db).iops,
    replicaCreate: true,
    kind: { type: "integer", minimum: 0 },
    description: "Provisioned IOPS (io1, io2, gp3). Compared only when declared.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("Iops", "number"),
    pending: pend("Iops", "number"),
    absentMeansUnset: true,
    inheritedBy: { cluster: true },
    role: "storage-iops",
  },
  {
    name: "StorageThroughput",
    rdsDefault: (engine, _version, db) => storageBaseline(engine, db).throughput,
    replicaCreate: true,
    kind: { type: "integer", minimum: 0 },
    description: "Storage throughput in MiBps (gp3). Compared only when declared.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: false,
    current: live("StorageThroughput", "number"),
    pending: pend("StorageThroughput", "number"),
    absentMeansUnset: true,
    inheritedBy: { cluster: true },
    role: "storage-throughput",
  },
  {
    name: "StorageEncrypted",
    rdsDefault: () => false,
    kind: BOOLEAN,
    description: "Encrypt storage at rest.",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("StorageEncrypted", "boolean"),
    inheritedBy: { replica: true, cluster: true },
    risk: (from, to) =>
      from === undefined && to === false
        ? "storage is not encrypted at rest, and encryption cannot be turned on later in place (only through a snapshot copy and restore)"
        : undefined,
    // CopyDBSnapshot with a KmsKeyId encrypts the copy of an unencrypted
    // snapshot; no copy or restore decrypts one.
    blockedHint:
      "To encrypt: take a snapshot, copy it with a KMS key (the copy is encrypted) and restore the copy into a new instance. An encrypted instance cannot be decrypted: move the data into a new unencrypted instance with a dump and restore or AWS DMS. Or revert the spec",
  },
  {
    name: "KmsKeyId",
    replicaCreate: true,
    kind: STRING,
    description: "KMS key for storage encryption (key id, ARN or alias; RDS reports the ARN).",
    mutability: "create-only",
    timing: "deferrable",
    downtime: false,
    current: live("KmsKeyId", "string"),
    inheritedBy: { cluster: true },
    compare: compareKmsKey,
    blockedHint:
      "Take a snapshot, copy it with the new key as its KmsKeyId (the copy is re-encrypted) and restore the copy into a new instance, or revert the spec",
  },
  {
    name: "DedicatedLogVolume",
    rdsDefault: () => false,
    replicaCreate: true,
    kind: BOOLEAN,
    description: "Put the transaction logs on their own storage volume.",
    mutability: "modifiable",
    timing: "deferrable",
    downtime: true,
    current: live("DedicatedLogVolume", "boolean"),
    pending: pend("DedicatedLogVolume", "boolean"),
  },
  {
    name: "AdditionalStorageVolumes",
    replicaCreate: true,
    kind: {
      type: "object-list",
      itemKeys: [
        "VolumeName",
        "AllocatedStorage",
        "IOPS",
        "MaxAllocatedStorage",
        "StorageThroughput",
        "StorageType",
      ],
    },
    description: "Extra storage volumes (Oracle, SQL Server). Set at create; not reconciled after.",
    // ModifyDBInstance takes a different shape for these (per-volume edits and
    // deletes), so rdsctl sets them at create and leaves them alone after.
    mutability: "create-only-unchecked",
    timing: "deferrable",
    downtime: false,
    current: (db) => objectList(member(db, "AdditionalStorageVolumes")),
  },
];
