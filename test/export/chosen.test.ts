import assert from "node:assert/strict";
import { test } from "node:test";
import type { DBInstance } from "@aws-sdk/client-rds";
import { defaultsToCheck, exportSpec } from "../../src/export/index.js";

/* export without --all: what RDS or the account picked by itself is left out. */

const RDS_KEY = "0f0e0d0c-1111-4222-8333-444455556666";
const SECRETS_KEY = "aaaabbbb-1111-4222-8333-444455556666";
const OWN_KEY = "12345678-1111-4222-8333-444455556666";
const arn = (key: string) => `arn:aws:kms:us-east-1:123456789012:key/${key}`;

function db(id: string, extra: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceStatus: "available",
    Engine: "postgres",
    EngineVersion: "16.8",
    DBInstanceClass: "db.t4g.micro",
    AllocatedStorage: 20,
    StorageType: "gp2",
    MasterUsername: "app",
    Endpoint: { Address: "x", Port: 5432 },
    DBSubnetGroup: { DBSubnetGroupName: "default", VpcId: "vpc-1" },
    PubliclyAccessible: false,
    VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-default1", Status: "active" }],
    PreferredBackupWindow: "03:00-03:30",
    PreferredMaintenanceWindow: "sun:23:45-mon:00:15",
    StorageEncrypted: true,
    KmsKeyId: arn(RDS_KEY),
    MasterUserSecret: { SecretArn: "arn:aws:secretsmanager:x", KmsKeyId: arn(SECRETS_KEY) },
    TagList: [],
    ...extra,
  };
}

const FOUND = {
  rdsKey: RDS_KEY,
  secretsKey: SECRETS_KEY,
  defaultSecurityGroups: { "vpc-1": "sg-default1" },
};

test("the account's managed keys, the VPC's default group and 30-minute windows are left out", () => {
  const doc = exportSpec([db("a")], { chosenOnly: FOUND });
  const fields = doc.instances[0]!.fields;
  for (const key of [
    "KmsKeyId",
    "MasterUserSecretKmsKeyId",
    "VpcSecurityGroupIds",
    "PreferredBackupWindow",
    "PreferredMaintenanceWindow",
  ]) {
    assert.equal(key in fields, false, key);
  }
  assert.equal(fields.StorageEncrypted, true, "what the user chose stays");
  assert.deepEqual(doc.leftOut?.map((l) => `${l.field}:${l.reason}`).sort(), [
    "KmsKeyId:default-kms-key",
    "MasterUserSecretKmsKeyId:default-kms-key",
    "PreferredBackupWindow:assigned-window",
    "PreferredMaintenanceWindow:assigned-window",
    "VpcSecurityGroupIds:default-security-group",
  ]);
});

test("chosen values are written: another key, more groups, another VPC's group, longer windows", () => {
  const doc = exportSpec(
    [
      db("a", {
        KmsKeyId: arn(OWN_KEY),
        VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-default1" }, { VpcSecurityGroupId: "sg-2" }],
        PreferredBackupWindow: "23:50-00:50",
        PreferredMaintenanceWindow: "sat:01:00-sat:02:00",
      }),
      db("b", { DBSubnetGroup: { DBSubnetGroupName: "other", VpcId: "vpc-2" } }),
    ],
    { chosenOnly: FOUND },
  );
  const [a, b] = doc.instances;
  assert.equal(a!.fields.KmsKeyId, arn(OWN_KEY));
  assert.deepEqual(a!.fields.VpcSecurityGroupIds, ["sg-2", "sg-default1"]);
  assert.equal(a!.fields.PreferredBackupWindow, "23:50-00:50");
  assert.equal(a!.fields.PreferredMaintenanceWindow, "sat:01:00-sat:02:00");
  assert.deepEqual(b!.fields.VpcSecurityGroupIds, ["sg-default1"], "not vpc-2's default");
  assert.equal("KmsKeyId" in b!.fields, false);
});

test("unknown account defaults keep the values; without chosenOnly everything is written", () => {
  const unknown = exportSpec([db("a")], { chosenOnly: {} }).instances[0]!.fields;
  assert.equal(unknown.KmsKeyId, arn(RDS_KEY));
  assert.deepEqual(unknown.VpcSecurityGroupIds, ["sg-default1"]);
  assert.equal("PreferredBackupWindow" in unknown, false, "the window rule needs no read");
  const all = exportSpec([db("a")]);
  assert.equal(all.instances[0]!.fields.PreferredBackupWindow, "03:00-03:30");
  assert.equal(all.leftOut, undefined);
});

test("the account is asked only for what the exported entries hold", () => {
  assert.deepEqual(defaultsToCheck([db("a"), db("b", { DBSubnetGroup: { VpcId: "vpc-0" } })]), {
    keys: true,
    vpcIds: ["vpc-0", "vpc-1"],
  });
  const plain = db("c", {
    StorageEncrypted: false,
    KmsKeyId: undefined,
    MasterUserSecret: undefined,
    VpcSecurityGroups: [],
  });
  assert.deepEqual(defaultsToCheck([plain]), { keys: false, vpcIds: [] });
  const leaving = db("d", { DBInstanceStatus: "deleting" });
  assert.deepEqual(defaultsToCheck([leaving]), { keys: false, vpcIds: [] });
});
