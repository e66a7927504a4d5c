import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBParameterGroupCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeEventsCommand,
  ListTagsForResourceCommand,
  type RDSClient,
} from "@aws-sdk/client-rds";
import {
  ADMIN,
  CREATE_MS,
  client,
  createInput,
  harness,
  rejectsWith,
  SIGNED,
  suiteHarness,
  suiteTempDir,
} from "./_harness.js";

const ARN_US = "arn:aws:rds:us-east-1:123456789012:db:";
const ARN_EU = "arn:aws:rds:eu-west-1:123456789012:db:";

async function describeAll(rds: RDSClient): Promise<string[]> {
  const out = await rds.send(new DescribeDBInstancesCommand({}));
  return (out.DBInstances ?? []).map((i) => i.DBInstanceIdentifier!);
}

describe("regions", () => {
  const h = suiteHarness();
  let eu: RDSClient;
  const euClient = () => {
    eu ??= client(h.emu.url, 1, "eu-west-1");
    return eu;
  };
  after(() => eu?.destroy());

  it("keeps each region's instances apart, with the region in ARNs, endpoints and zones", async () => {
    h.emu.reset();
    await h.rds.send(new CreateDBInstanceCommand(createInput("same-name")));
    await euClient().send(new CreateDBInstanceCommand(createInput("same-name")));
    await euClient().send(new CreateDBInstanceCommand(createInput("only-eu")));
    h.emu.advance(CREATE_MS);
    assert.deepEqual(await describeAll(h.rds), ["same-name"]);
    assert.deepEqual(await describeAll(euClient()), ["only-eu", "same-name"]);
    const us = await h.instance("same-name");
    const [euInst] = (
      await euClient().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "same-name" }))
    ).DBInstances!;
    assert.equal(us.DBInstanceArn, `${ARN_US}same-name`);
    assert.equal(euInst!.DBInstanceArn, `${ARN_EU}same-name`);
    assert.match(
      euInst!.Endpoint!.Address!,
      /^same-name\.[a-z0-9]+\.eu-west-1\.rds\.amazonaws\.com$/,
    );
    assert.match(euInst!.AvailabilityZone!, /^eu-west-1[abc]$/);
    assert.match(us.AvailabilityZone!, /^us-east-1[abc]$/);
    await rejectsWith(
      h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "only-eu" })),
      "DBInstanceNotFound",
      404,
    );
  });

  it("keeps groups, tags and events per region, and logs each request's region", async () => {
    h.emu.reset();
    await euClient().send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "eu-params",
        DBParameterGroupFamily: "postgres16",
        Description: "eu",
      }),
    );
    await rejectsWith(
      h.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: "eu-params" })),
      "DBParameterGroupNotFound",
      404,
    );
    await euClient().send(
      new CreateDBInstanceCommand(createInput("tagged", { Tags: [{ Key: "k", Value: "v" }] })),
    );
    const tags = await euClient().send(
      new ListTagsForResourceCommand({ ResourceName: `${ARN_EU}tagged` }),
    );
    assert.deepEqual(tags.TagList, [{ Key: "k", Value: "v" }]);
    // An ARN of another region is not found through this one, as with RDS.
    await rejectsWith(
      h.rds.send(new ListTagsForResourceCommand({ ResourceName: `${ARN_EU}tagged` })),
      "DBInstanceNotFound",
      404,
    );
    h.emu.advance(CREATE_MS);
    const euEvents = await euClient().send(new DescribeEventsCommand({ Duration: 60 }));
    assert.ok(euEvents.Events?.some((e) => e.SourceIdentifier === "tagged"));
    const usEvents = await h.rds.send(new DescribeEventsCommand({ Duration: 60 }));
    assert.deepEqual(usEvents.Events, []);
    const regions = h.emu
      .requestLog()
      .filter((e) => e.action === "CreateDBParameterGroup" || e.action === "DescribeEvents")
      .map((e) => `${e.action} ${e.region}`);
    assert.deepEqual(regions, [
      "CreateDBParameterGroup eu-west-1",
      "DescribeEvents eu-west-1",
      "DescribeEvents us-east-1",
    ]);
  });

  it("takes the region of a presigned request from X-Amz-Credential, else the default one", async () => {
    h.emu.reset();
    await client(h.emu.url, 1, "ap-south-1").send(
      new CreateDBInstanceCommand(createInput("in-mumbai")),
    );
    const scope = encodeURIComponent("AKIDEXAMPLE/20261128/ap-south-1/rds/aws4_request");
    // The emulator refuses a request without a SigV4 Authorization header (a web page
    // could forge a presigned query); one whose header names no scope takes the query's.
    const presigned = await fetch(
      `${h.emu.url}/?Action=DescribeDBInstances&Version=2014-10-31&X-Amz-Credential=${scope}`,
      { headers: SIGNED },
    );
    assert.equal(presigned.status, 200);
    assert.match(await presigned.text(), /in-mumbai/);
    const unsigned = await fetch(`${h.emu.url}/?Action=DescribeDBInstances&Version=2014-10-31`, {
      headers: SIGNED,
    });
    assert.doesNotMatch(await unsigned.text(), /in-mumbai/);
    const bad = await fetch(`${h.emu.url}/?Action=DescribeDBInstances`, {
      headers: {
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKID/20261128/not a region/rds/aws4_request, SignedHeaders=host, Signature=0",
      },
    });
    assert.doesNotMatch(await bad.text(), /in-mumbai/);
    const log = h.emu.requestLog().filter((e) => e.action === "DescribeDBInstances");
    assert.deepEqual(
      log.map((e) => e.region),
      ["ap-south-1", "us-east-1", "us-east-1"],
    );
  });

  it("creates a replica of another region's source by ARN; each side names the other by ARN", async () => {
    h.emu.reset();
    await h.createAvailable("source");
    const created = await euClient().send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "eu-replica",
        SourceDBInstanceIdentifier: `${ARN_US}source`,
      }),
    );
    const replica = created.DBInstance!;
    assert.equal(replica.DBInstanceArn, `${ARN_EU}eu-replica`);
    assert.equal(replica.ReadReplicaSourceDBInstanceIdentifier, `${ARN_US}source`);
    assert.equal(replica.DBSubnetGroup?.DBSubnetGroupName, "default");
    assert.match(replica.AvailabilityZone ?? "eu-west-1a", /^eu-west-1/);
    assert.deepEqual((await h.instance("source")).ReadReplicaDBInstanceIdentifiers, [
      `${ARN_EU}eu-replica`,
    ]);
    assert.deepEqual(await describeAll(h.rds), ["source"]);
    h.emu.advance(CREATE_MS);
    await euClient().send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "eu-replica", SkipFinalSnapshot: true }),
    );
    h.emu.advance(CREATE_MS);
    assert.deepEqual((await h.instance("source")).ReadReplicaDBInstanceIdentifiers, []);
  });

  it("detaches replicas in other regions when their source is deleted", async () => {
    h.emu.reset();
    await h.createAvailable("doomed");
    await euClient().send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "orphan",
        SourceDBInstanceIdentifier: `${ARN_US}doomed`,
      }),
    );
    h.emu.advance(CREATE_MS);
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "doomed", SkipFinalSnapshot: true }),
    );
    h.emu.advance(CREATE_MS);
    const [orphan] = (
      await euClient().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orphan" }))
    ).DBInstances!;
    assert.equal(orphan!.ReadReplicaSourceDBInstanceIdentifier, undefined);
  });

  it("refuses a cross-region source that does not exist, and an encrypted one without a key of the region", async () => {
    h.emu.reset();
    await rejectsWith(
      euClient().send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "nowhere",
          SourceDBInstanceIdentifier: `${ARN_US}missing`,
        }),
      ),
      "DBInstanceNotFound",
      404,
    );
    await h.createAvailable("secret-src", { StorageEncrypted: true });
    await rejectsWith(
      euClient().send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "no-key",
          SourceDBInstanceIdentifier: `${ARN_US}secret-src`,
        }),
      ),
      "InvalidParameterCombination",
      400,
    );
    const ok = await euClient().send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "with-key",
        SourceDBInstanceIdentifier: `${ARN_US}secret-src`,
        KmsKeyId: "alias/eu-key",
      }),
    );
    assert.match(ok.DBInstance!.KmsKeyId!, /^arn:aws:kms:eu-west-1:/);
  });

  it("injects statuses per region through the handle and the admin path", async () => {
    h.emu.reset();
    await h.createAvailable("twin");
    await euClient().send(new CreateDBInstanceCommand(createInput("twin")));
    h.emu.advance(CREATE_MS);
    h.emu.setInstanceStatus("twin", "failed", { region: "eu-west-1" });
    const res = await fetch(`${h.emu.url}/_emulator/instances/twin/status?region=eu-west-1`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ status: "storage-full" }),
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { region: string }).region, "eu-west-1");
    const [euTwin] = (
      await euClient().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "twin" }))
    ).DBInstances!;
    assert.equal(euTwin!.DBInstanceStatus, "storage-full");
    assert.equal((await h.instance("twin")).DBInstanceStatus, "available");
    // Without a region the default one is meant, as before.
    const plain = await fetch(`${h.emu.url}/_emulator/instances/twin/status`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ status: "failed" }),
    });
    assert.equal(plain.status, 200);
    assert.equal((await h.instance("twin")).DBInstanceStatus, "failed");
    const unknown = await fetch(`${h.emu.url}/_emulator/instances/twin/status?region=ap-east-1`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ status: "failed" }),
    });
    assert.equal(unknown.status, 404);
    const badRegion = await fetch(`${h.emu.url}/_emulator/instances/twin/status?region=mars`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ status: "failed" }),
    });
    assert.equal(badRegion.status, 400);
  });
});

describe("regions in the state file", () => {
  const tmp = suiteTempDir("rdsctl-emu-regions-");

  it("keeps every region across a restart, cross-region links included", async () => {
    const statePath = join(tmp.path, "state.json");
    const first = await harness({ statePath });
    const eu1 = client(first.emu.url, 1, "eu-west-1");
    await first.createAvailable("home");
    await eu1.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "away",
        SourceDBInstanceIdentifier: `${ARN_US}home`,
      }),
    );
    eu1.destroy();
    await first.close();
    const second = await harness({ statePath });
    const eu2 = client(second.emu.url, 1, "eu-west-1");
    try {
      assert.deepEqual(await describeAll(second.rds), ["home"]);
      assert.deepEqual(await describeAll(eu2), ["away"]);
      assert.deepEqual((await second.instance("home")).ReadReplicaDBInstanceIdentifiers, [
        `${ARN_EU}away`,
      ]);
      second.emu.advance(CREATE_MS);
      const [away] = (
        await eu2.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "away" }))
      ).DBInstances!;
      assert.equal(away!.DBInstanceStatus, "available");
    } finally {
      eu2.destroy();
      await second.close();
    }
  });
});
