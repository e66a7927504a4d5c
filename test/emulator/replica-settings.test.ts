import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  type CreateDBInstanceReadReplicaCommandInput,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

describe("CreateDBInstanceReadReplica settings", () => {
  const h = suiteHarness();
  let n = 0;
  const replica = (input: Partial<CreateDBInstanceReadReplicaCommandInput> = {}) => {
    n += 1;
    return h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: `rep${n}`,
        SourceDBInstanceIdentifier: "source",
        ...input,
      }),
    );
  };
  const create = (extra: Record<string, unknown>) => {
    n += 1;
    return h.rds.send(new CreateDBInstanceCommand(createInput(`new${n}`, extra) as never));
  };
  /** The replica refuses these members with the code and message create gives for them. */
  async function refusedLikeCreate(input: Record<string, unknown>, code: string): Promise<void> {
    const fromReplica = await rejectsWith(replica(input), code, 400);
    const fromCreate = await rejectsWith(create(input), code, 400);
    assert.equal(fromReplica.message, fromCreate.message);
  }

  before(async () => {
    await h.createAvailable("source", { Port: 6432, VpcSecurityGroupIds: ["sg-0source"] });
  });

  it("refuses a port outside 1150-65535 as create does", async () => {
    await refusedLikeCreate({ Port: 80 }, "InvalidParameterValue");
  });

  it("refuses an unknown NetworkType as create does", async () => {
    await refusedLikeCreate({ NetworkType: "IPV6-ONLY" }, "InvalidParameterValue");
  });

  it("refuses a malformed security group id as create does", async () => {
    await refusedLikeCreate({ VpcSecurityGroupIds: ["default"] }, "InvalidParameterValue");
  });

  it("refuses MaxAllocatedStorage not above the allocated size as create does", async () => {
    await refusedLikeCreate({ MaxAllocatedStorage: 20 }, "InvalidParameterValue");
  });

  it("refuses an AvailabilityZone together with MultiAZ as create does", async () => {
    await refusedLikeCreate(
      { MultiAZ: true, AvailabilityZone: "us-east-1a" },
      "InvalidParameterCombination",
    );
  });

  it("refuses an invalid Performance Insights retention as create does", async () => {
    await refusedLikeCreate(
      { EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 8 },
      "InvalidParameterValue",
    );
  });

  it("refuses IOPS on a small gp3 volume as create does", async () => {
    await refusedLikeCreate({ StorageType: "gp3", Iops: 12000 }, "InvalidParameterCombination");
  });

  it("reports the port, network type, groups, ceiling and retention it was given", async () => {
    const out = await replica({
      Port: 5433,
      NetworkType: "DUAL",
      VpcSecurityGroupIds: ["sg-0abc", "sg-0abc", "sg-0def"],
      MaxAllocatedStorage: 100,
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 93,
    });
    h.emu.advance(CREATE_MS);
    const rep = await h.instance(out.DBInstance!.DBInstanceIdentifier!);
    assert.equal(rep.Endpoint?.Port, 5433);
    assert.equal(rep.NetworkType, "DUAL");
    assert.deepEqual(
      rep.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId),
      ["sg-0abc", "sg-0def"],
    );
    assert.equal(rep.MaxAllocatedStorage, 100);
    assert.equal(rep.PerformanceInsightsRetentionPeriod, 93);
  });

  it("inherits port and network type, and takes the default security group as RDS does", async () => {
    const out = await replica();
    h.emu.advance(CREATE_MS);
    const rep = await h.instance(out.DBInstance!.DBInstanceIdentifier!);
    const src = await h.instance("source");
    assert.equal(rep.Endpoint?.Port, 6432);
    assert.equal(rep.NetworkType, src.NetworkType);
    const groups = rep.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId);
    assert.equal(groups?.length, 1);
    assert.notEqual(groups?.[0], "sg-0source");
    assert.equal(rep.MaxAllocatedStorage, undefined);
  });

  it("takes a larger AllocatedStorage with gp3 IOPS (less than the source: conformance/create-db-instance-read-replica.test.ts)", async () => {
    const out = await replica({ AllocatedStorage: 500, Iops: 15000, StorageThroughput: 600 });
    const rep = await h.instance(out.DBInstance!.DBInstanceIdentifier!);
    assert.equal(rep.AllocatedStorage, 500);
    assert.equal(rep.Iops, 15000);
    assert.equal(rep.StorageThroughput, 600);
  });

  it("keeps the requested retention, so advanced Database Insights is possible", async () => {
    const out = await replica({
      DatabaseInsightsMode: "advanced",
      EnablePerformanceInsights: true,
      PerformanceInsightsRetentionPeriod: 465,
    });
    const rep = await h.instance(out.DBInstance!.DBInstanceIdentifier!);
    assert.equal(rep.DatabaseInsightsMode, "advanced");
    assert.equal(rep.PerformanceInsightsRetentionPeriod, 465);
  });

  it("refuses a KmsKeyId for the replica of an unencrypted source", async () => {
    await rejectsWith(replica({ KmsKeyId: "alias/aws/rds" }), "InvalidParameterCombination", 400);
  });

  it("refuses the parameters of Oracle, cluster and cross-Region replicas", async () => {
    for (const input of [
      { ReplicaMode: "mounted" as const },
      { SourceDBClusterIdentifier: "cluster-1" },
      { PreSignedUrl: "https://rds.us-west-2.amazonaws.com/?Action=CreateDBInstanceReadReplica" },
    ]) {
      await rejectsWith(replica(input), "InvalidParameterCombination", 400);
    }
  });

  it("accepts UpgradeStorageConfig: the storage layout is already current", async () => {
    const out = await replica({ UpgradeStorageConfig: true });
    assert.equal(out.DBInstance?.DBInstanceStatus, "creating");
  });
});
