import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RebootDBInstanceCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { createInput, postQuery, rejectsWith, SIGNED, suiteHarness } from "./_harness.js";

describe("RDS error codes and wire format", () => {
  const h = suiteHarness();
  before(async () => {
    await h.createAvailable("taken");
  });

  const create = (input: Record<string, unknown>) =>
    h.rds.send(new CreateDBInstanceCommand(input as never));

  it("DBInstanceAlreadyExists (400) on a second create of the same identifier, in any case", async () => {
    await rejectsWith(create(createInput("TAKEN")), "DBInstanceAlreadyExists", 400);
  });

  it("DBInstanceNotFound (404) from describe, modify, delete, reboot, start, stop", async () => {
    const id = { DBInstanceIdentifier: "ghost" };
    await rejectsWith(h.rds.send(new DescribeDBInstancesCommand(id)), "DBInstanceNotFound", 404);
    await rejectsWith(
      h.rds.send(new ModifyDBInstanceCommand({ ...id, MultiAZ: true })),
      "DBInstanceNotFound",
      404,
    );
    await rejectsWith(
      h.rds.send(new DeleteDBInstanceCommand({ ...id, SkipFinalSnapshot: true })),
      "DBInstanceNotFound",
      404,
    );
    await rejectsWith(h.rds.send(new RebootDBInstanceCommand(id)), "DBInstanceNotFound", 404);
    await rejectsWith(h.rds.send(new StartDBInstanceCommand(id)), "DBInstanceNotFound", 404);
    await rejectsWith(h.rds.send(new StopDBInstanceCommand(id)), "DBInstanceNotFound", 404);
  });

  it("InvalidDBInstanceState (400) for start while available and delete while creating", async () => {
    await rejectsWith(
      h.rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "taken" })),
      "InvalidDBInstanceState",
      400,
    );
    await create(createInput("young"));
    await rejectsWith(
      h.rds.send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: "young", SkipFinalSnapshot: true }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    await rejectsWith(
      h.rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "young" })),
      "InvalidDBInstanceState",
      400,
    );
  });

  it("InvalidParameterValue (400) for bad identifiers, as RDS validates them", async () => {
    for (const bad of ["1db", "a--b", "trailing-", "has_underscore", "x".repeat(64), ""]) {
      const code = bad === "" ? "MissingParameter" : "InvalidParameterValue";
      await rejectsWith(create(createInput(bad)), code, 400);
    }
    const ok = await create(createInput(`A${"b".repeat(62)}`));
    assert.equal(ok.DBInstance?.DBInstanceIdentifier, `a${"b".repeat(62)}`);
  });

  it("InvalidParameterValue (400) for bad engine, retention, password, windows, reserved tags", async () => {
    await rejectsWith(
      create(createInput("e1", { Engine: "informix" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create(createInput("e3", { BackupRetentionPeriod: 36 })),
      "InvalidParameterValue",
      400,
    );
    const e = await rejectsWith(
      create(createInput("e4", { MasterUserPassword: "Xq7#zk" })),
      "InvalidParameterValue",
      400,
    );
    assert.ok(!e.message.includes("Xq7#zk"));
    await rejectsWith(
      create(createInput("e5", { PreferredMaintenanceWindow: "sun:05:00" })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create(createInput("e6", { Tags: [{ Key: "aws:owner", Value: "x" }] })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      create(createInput("e7", { MasterUserPassword: undefined })),
      "InvalidParameterValue",
      400,
    );
    for (const user of ["rdsadmin", "1admin", "a".repeat(64)]) {
      await rejectsWith(
        create(createInput("e8", { MasterUsername: user })),
        "InvalidParameterValue",
        400,
      );
    }
  });

  it("InvalidParameterCombination (400) for conflicting create parameters", async () => {
    await rejectsWith(
      create(createInput("c1", { MultiAZ: true, AvailabilityZone: "us-east-1a" })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create(createInput("c2", { EngineVersion: "12" })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create(createInput("c3", { StorageType: "gp3", Iops: 4000 })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create(createInput("c4", { ManageMasterUserPassword: true })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create(createInput("c5", { MonitoringInterval: 60 })),
      "InvalidParameterCombination",
      400,
    );
    await rejectsWith(
      create(createInput("c6", { KmsKeyId: "alias/x" })),
      "InvalidParameterCombination",
      400,
    );
  });

  it("DBParameterGroupNotFound (404) and DBSubnetGroupNotFoundFault (404)", async () => {
    await rejectsWith(
      create(createInput("g1", { DBParameterGroupName: "nope" })),
      "DBParameterGroupNotFound",
      404,
    );
    await rejectsWith(
      create(createInput("g2", { DBSubnetGroupName: "nope" })),
      "DBSubnetGroupNotFoundFault",
      404,
    );
    await rejectsWith(
      h.rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: "taken",
          DBParameterGroupName: "nope",
        }),
      ),
      "DBParameterGroupNotFound",
      404,
    );
  });

  it("a read replica needs a source with backups on", async () => {
    await h.createAvailable("nobackup", { BackupRetentionPeriod: 0 });
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "rep",
          SourceDBInstanceIdentifier: "nobackup",
        }),
      ),
      "InvalidDBInstanceState",
      400,
    );
  });

  it("answers errors as ErrorResponse XML with Type, Code, Message, RequestId and the header", async () => {
    const res = await postQuery(
      h.emu.url,
      "Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=ghost",
    );
    assert.equal(res.status, 404);
    assert.ok(res.requestId);
    assert.equal(
      res.text,
      `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance ghost not found.</Message></Error><RequestId>${res.requestId}</RequestId></ErrorResponse>`,
    );
  });

  it("answers an unknown action with InvalidAction (400) and a missing parameter with MissingParameter", async () => {
    const unknown = await postQuery(h.emu.url, "Action=LaunchRockets&Version=2014-10-31");
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /<Code>InvalidAction<\/Code>/);
    const missing = await postQuery(h.emu.url, "Action=ModifyDBInstance&Version=2014-10-31");
    assert.equal(missing.status, 400);
    assert.match(missing.text, /<Code>MissingParameter<\/Code>.*DBInstanceIdentifier/);
  });

  it("accepts GET with a query string, and refuses an oversized body with 413", async () => {
    const get = await fetch(
      `${h.emu.url}/?Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=taken`,
      { headers: SIGNED },
    );
    assert.equal(get.status, 200);
    assert.match(await get.text(), /<DBInstanceIdentifier>taken<\/DBInstanceIdentifier>/);
    const big = await postQuery(h.emu.url, `Action=DescribeDBInstances&Pad=${"x".repeat(2 << 20)}`);
    assert.equal(big.status, 413);
    assert.ok(big.requestId);
    assert.match(big.text, new RegExp(`<RequestId>${big.requestId}</RequestId>`));
  });

  it("wraps results in {Op}Response/{Op}Result with ResponseMetadata, and escapes text", async () => {
    await create(createInput("xml", { Tags: [{ Key: "note", Value: `<a & "b">` }] }));
    const res = await postQuery(
      h.emu.url,
      "Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=xml",
    );
    assert.equal(res.status, 200);
    assert.match(
      res.text,
      /^<DescribeDBInstancesResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><DescribeDBInstancesResult><DBInstances><DBInstance>/,
    );
    assert.ok(res.text.includes("<Value>&lt;a &amp; &quot;b&quot;&gt;</Value>"));
    assert.ok(
      res.text.endsWith(
        `<ResponseMetadata><RequestId>${res.requestId}</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`,
      ),
    );
    const sdk = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "xml" }));
    assert.deepEqual(sdk.DBInstances?.[0]?.TagList, [{ Key: "note", Value: `<a & "b">` }]);
    assert.equal(sdk.$metadata.requestId?.length, 36);
  });
});
