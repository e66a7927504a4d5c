import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceReadReplicaCommand } from "@aws-sdk/client-rds";
import { rejectsWith, suiteHarness } from "../_harness.js";

/*
 * CreateDBInstanceReadReplica, rule by rule, each test titled with the AWS
 * documentation it comes from. Also covered elsewhere: inheritance from the
 * source, the source listing its replicas and replication status
 * (resources.test.ts), every create parameter the replica takes
 * (replica-settings.test.ts), a source without backups (errors.test.ts).
 */
describe("CreateDBInstanceReadReplica conformance", () => {
  const h = suiteHarness();
  let n = 0;
  const replica = (extra: Record<string, unknown> = {}) => {
    n += 1;
    return h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: `crr${n}`,
        SourceDBInstanceIdentifier: "crr-src",
        ...extra,
      }),
    );
  };

  it("CreateDBInstanceReadReplica API reference, AllocatedStorage (choice): smaller than the source is InvalidParameterCombination, RDS's storage-size answer", async () => {
    await h.createAvailable("crr-src", { StorageType: "gp2", AllocatedStorage: 100 });
    for (const size of [19, 99]) {
      const e = await rejectsWith(
        replica({ AllocatedStorage: size }),
        "InvalidParameterCombination",
        400,
      );
      assert.equal(
        e.message,
        `Invalid storage size for engine name postgres and storage type gp2: ${size}`,
      );
    }
    const out = await replica({ AllocatedStorage: 100 });
    assert.equal(out.DBInstance?.AllocatedStorage, 100);
  });

  it("CreateDBInstanceReadReplica API reference, StorageType: the type's bounds apply as on create", async () => {
    await rejectsWith(
      replica({ StorageType: "standard", AllocatedStorage: 4000 }),
      "InvalidParameterCombination",
      400,
    );
  });
});
