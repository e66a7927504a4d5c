import assert from "node:assert/strict";
import { test } from "node:test";
import { FIELDS, fieldByName } from "../../src/kinds/instance/fields/index.js";

/*
 * Blocked hints must only promise what RDS can do. The facts: a snapshot
 * restore (RestoreDBInstanceFromDBSnapshot) sets AvailabilityZone,
 * BackupTarget and CustomIamInstanceProfile on the new instance but keeps the
 * master user name, time zone, character sets, SID and storage encryption of
 * the source; CopyDBSnapshot with a KmsKeyId encrypts or re-encrypts the
 * copy, and nothing decrypts one.
 */

const hint = (name: string): string => fieldByName(name)?.blockedHint ?? "";

/** Create-only fields a snapshot restore can set to a new value. */
const RESTORE_CAN_SET = new Set(["AvailabilityZone", "BackupTarget", "CustomIamInstanceProfile"]);

const createOnly = FIELDS.filter((f) => f.mutability === "create-only");

test("only fields a restore can set offer a snapshot restore with the new value", () => {
  for (const f of createOnly) {
    const offersRestore = /restore a snapshot into a new instance/i.test(f.blockedHint ?? "");
    assert.equal(offersRestore, RESTORE_CAN_SET.has(f.name), `${f.name}: ${f.blockedHint}`);
  }
});

test("every create-only hint ends by offering to revert the spec", () => {
  for (const f of createOnly) assert.match(f.blockedHint ?? "", /revert the spec$/, f.name);
});

test("Engine: a new instance and a migration, not a snapshot restore", () => {
  assert.match(hint("Engine"), /^Create a new instance with the new engine and migrate the data/);
  assert.match(hint("Engine"), /AWS DMS/);
  assert.doesNotMatch(hint("Engine"), /snapshot/i);
});

test("DBName: RDS never renames it, a restore keeps it; databases are made with SQL", () => {
  const h = hint("DBName");
  assert.match(h, /for the life of the instance/);
  assert.match(h, /snapshot restore keeps it/);
  assert.match(h, /inside the instance with SQL/);
});

test("MasterUsername and Timezone say a restore keeps them", () => {
  assert.match(hint("MasterUsername"), /snapshot restore keeps the master user name/);
  assert.match(hint("MasterUsername"), /Create another user inside the database/);
  assert.match(hint("Timezone"), /snapshot restore keeps the time zone/);
  assert.match(hint("CharacterSetName"), /snapshot restore keeps the character set/);
});

test("StorageEncrypted covers both directions; KmsKeyId goes through a re-encrypted copy", () => {
  assert.match(hint("StorageEncrypted"), /copy it with a KMS key \(the copy is encrypted\)/);
  assert.match(hint("StorageEncrypted"), /An encrypted instance cannot be decrypted/);
  assert.match(hint("KmsKeyId"), /copy it with the new key .*re-encrypted.* restore the copy/);
});

test("the managed secret's key is set only when management is turned on", () => {
  assert.match(hint("MasterUserSecretKmsKeyId"), /turn ManageMasterUserPassword off/);
  assert.match(hint("MasterUserSecretKmsKeyId"), /MasterUserPassword/);
});
