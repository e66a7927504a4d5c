import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBParameterGroupCommand,
  CreateDBSubnetGroupCommand,
  DeleteDBInstanceCommand,
  DeleteDBParameterGroupCommand,
  DeleteDBSubnetGroupCommand,
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
  DescribeEventsCommand,
  DescribeOptionGroupsCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

describe("groups, tags, events, engine versions and read replicas", () => {
  const h = suiteHarness();

  it("has the defaults of a fresh account", async () => {
    const pgs = await h.rds.send(new DescribeDBParameterGroupsCommand({}));
    const names = pgs.DBParameterGroups!.map((g) => g.DBParameterGroupName);
    for (const n of [
      "default.postgres13",
      "default.postgres17",
      "default.mysql8.0",
      "default.mysql8.4",
      "default.mariadb10.11",
      "default.mariadb11.4",
    ]) {
      assert.ok(names.includes(n), n);
    }
    const subnets = await h.rds.send(
      new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "default" }),
    );
    const g = subnets.DBSubnetGroups![0]!;
    assert.match(g.VpcId!, /^vpc-/);
    assert.deepEqual(
      g.Subnets!.map((s) => s.SubnetAvailabilityZone?.Name),
      ["us-east-1a", "us-east-1b", "us-east-1c"],
    );
    const ogs = await h.rds.send(
      new DescribeOptionGroupsCommand({ EngineName: "postgres", MajorEngineVersion: "16" }),
    );
    assert.deepEqual(
      ogs.OptionGroupsList?.map((o) => o.OptionGroupName),
      ["default:postgres-16"],
    );
    const mysql = await h.rds.send(
      new DescribeOptionGroupsCommand({ OptionGroupName: "default:mysql-8-0" }),
    );
    assert.equal(mysql.OptionGroupsList?.[0]?.EngineName, "mysql");
    await rejectsWith(
      h.rds.send(new DescribeOptionGroupsCommand({ OptionGroupName: "nope" })),
      "OptionGroupNotFoundFault",
      404,
    );
  });

  it("creates, describes and deletes parameter groups; names are lowercased", async () => {
    const out = await h.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "App-PG",
        DBParameterGroupFamily: "postgres16",
        Description: "app",
      }),
    );
    assert.equal(out.DBParameterGroup?.DBParameterGroupName, "app-pg");
    assert.equal(
      out.DBParameterGroup?.DBParameterGroupArn,
      "arn:aws:rds:us-east-1:123456789012:pg:app-pg",
    );
    await rejectsWith(
      h.rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: "app-pg",
          DBParameterGroupFamily: "postgres16",
          Description: "x",
        }),
      ),
      "DBParameterGroupAlreadyExists",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: "x",
          DBParameterGroupFamily: "postgres9",
          Description: "x",
        }),
      ),
      "InvalidParameterValue",
      400,
    );
    const d = await h.rds.send(
      new DescribeDBParameterGroupsCommand({ DBParameterGroupName: "APP-PG" }),
    );
    assert.equal(d.DBParameterGroups?.[0]?.DBParameterGroupFamily, "postgres16");
    await h.rds.send(
      new CreateDBInstanceCommand(createInput("uses-pg", { DBParameterGroupName: "app-pg" })),
    );
    await rejectsWith(
      h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "app-pg" })),
      "InvalidDBParameterGroupState",
      400,
    );
    await rejectsWith(
      h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "default.postgres16" })),
      "InvalidDBParameterGroupState",
      400,
    );
    h.emu.advance(CREATE_MS);
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "uses-pg", SkipFinalSnapshot: true }),
    );
    h.emu.advance(2000);
    await h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "app-pg" }));
    await rejectsWith(
      h.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: "app-pg" })),
      "DBParameterGroupNotFound",
      404,
    );
  });

  it("creates, describes and deletes subnet groups", async () => {
    const out = await h.rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: "App-Subnets",
        DBSubnetGroupDescription: "app",
        SubnetIds: ["subnet-aaa", "subnet-bbb"],
      }),
    );
    assert.equal(out.DBSubnetGroup?.DBSubnetGroupName, "app-subnets");
    assert.equal(out.DBSubnetGroup?.Subnets?.length, 2);
    await rejectsWith(
      h.rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: "one",
          DBSubnetGroupDescription: "x",
          SubnetIds: ["subnet-a"],
        }),
      ),
      "DBSubnetGroupDoesNotCoverEnoughAZs",
      400,
    );
    const inst = await h.rds.send(
      new CreateDBInstanceCommand(createInput("in-subnets", { DBSubnetGroupName: "app-subnets" })),
    );
    assert.equal(inst.DBInstance?.DBSubnetGroup?.DBSubnetGroupName, "app-subnets");
    await rejectsWith(
      h.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: "app-subnets" })),
      "InvalidDBSubnetGroupStateFault",
      400,
    );
    h.emu.advance(CREATE_MS);
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "in-subnets", SkipFinalSnapshot: true }),
    );
    h.emu.advance(2000);
    await h.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: "app-subnets" }));
    await rejectsWith(
      h.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "app-subnets" })),
      "DBSubnetGroupNotFoundFault",
      404,
    );
  });

  it("adds, lists and removes tags by ARN; DescribeDBInstances returns TagList", async () => {
    const out = await h.rds.send(
      new CreateDBInstanceCommand(createInput("tagged", { Tags: [{ Key: "env", Value: "dev" }] })),
    );
    const arn = out.DBInstance!.DBInstanceArn!;
    await h.rds.send(
      new AddTagsToResourceCommand({
        ResourceName: arn,
        Tags: [
          { Key: "env", Value: "prod" },
          { Key: "team", Value: "db" },
        ],
      }),
    );
    const listed = await h.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    assert.deepEqual(listed.TagList, [
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "db" },
    ]);
    await h.rds.send(
      new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ["env", "absent"] }),
    );
    const d = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "tagged" }));
    assert.deepEqual(d.DBInstances?.[0]?.TagList, [{ Key: "team", Value: "db" }]);
    await rejectsWith(
      h.rds.send(
        new ListTagsForResourceCommand({
          ResourceName: "arn:aws:rds:us-east-1:123456789012:db:ghost",
        }),
      ),
      "DBInstanceNotFound",
      404,
    );
    await rejectsWith(
      h.rds.send(
        new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "rds:x", Value: "y" }] }),
      ),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(new ListTagsForResourceCommand({ ResourceName: "tagged" })),
      "InvalidParameterValue",
      400,
    );
  });

  it("records lifecycle events for DescribeEvents", async () => {
    await h.createAvailable("evented");
    const out = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "evented", SourceType: "db-instance" }),
    );
    const messages = out.Events!.map((e) => e.Message);
    assert.deepEqual(messages, [
      "DB instance is being created",
      "DB instance created",
      "Finished DB Instance backup",
    ]);
    assert.equal(out.Events?.[0]?.SourceArn, "arn:aws:rds:us-east-1:123456789012:db:evented");
    assert.ok(out.Events?.[0]?.Date instanceof Date);
    assert.deepEqual(out.Events?.[1]?.EventCategories, ["creation"]);
    h.emu.advance(2 * 3600_000);
    const old = await h.rds.send(
      new DescribeEventsCommand({ SourceIdentifier: "evented", SourceType: "db-instance" }),
    );
    assert.deepEqual(old.Events, []);
    const wide = await h.rds.send(
      new DescribeEventsCommand({
        SourceIdentifier: "evented",
        SourceType: "db-instance",
        Duration: 180,
      }),
    );
    assert.equal(wide.Events?.length, 3);
  });

  it("describes the engine catalogue with default minors", async () => {
    const all = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "postgres" }));
    const majors = new Set(all.DBEngineVersions!.map((v) => v.EngineVersion!.split(".")[0]));
    assert.deepEqual([...majors], ["13", "14", "15", "16", "17"]);
    const def = await h.rds.send(
      new DescribeDBEngineVersionsCommand({
        Engine: "postgres",
        EngineVersion: "16",
        DefaultOnly: true,
      }),
    );
    assert.deepEqual(
      def.DBEngineVersions?.map((v) => v.EngineVersion),
      ["16.10"],
    );
    assert.equal(def.DBEngineVersions?.[0]?.DBParameterGroupFamily, "postgres16");
    assert.ok(
      def.DBEngineVersions?.[0]?.ValidUpgradeTarget?.some(
        (t) => t.EngineVersion === "17.4" && t.IsMajorVersionUpgrade,
      ),
    );
    const mysql = await h.rds.send(
      new DescribeDBEngineVersionsCommand({ Engine: "mysql", DefaultOnly: true }),
    );
    assert.deepEqual(
      mysql.DBEngineVersions?.map((v) => v.EngineVersion),
      ["8.4.6"],
    );
    const maria = await h.rds.send(
      new DescribeDBEngineVersionsCommand({ DBParameterGroupFamily: "mariadb10.11" }),
    );
    assert.equal(maria.DBEngineVersions?.length, 5);
  });

  it("creates a read replica that inherits engine, version and storage; the source lists it", async () => {
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput("primary", { AllocatedStorage: 50, EngineVersion: "15.13" }),
      ),
    );
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "replica",
          SourceDBInstanceIdentifier: "primary",
        }),
      ),
      "InvalidDBInstanceState",
      400,
    );
    h.emu.advance(CREATE_MS);
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "replica",
          SourceDBInstanceIdentifier: "ghost",
        }),
      ),
      "DBInstanceNotFound",
      404,
    );
    const out = await h.rds.send(
      new CreateDBInstanceReadReplicaCommand({
        DBInstanceIdentifier: "Replica",
        SourceDBInstanceIdentifier: "arn:aws:rds:us-east-1:123456789012:db:primary",
        DBInstanceClass: "db.t3.small",
      }),
    );
    const rep = out.DBInstance!;
    assert.equal(rep.DBInstanceIdentifier, "replica");
    assert.equal(rep.Engine, "postgres");
    assert.equal(rep.EngineVersion, "15.13");
    assert.equal(rep.AllocatedStorage, 50);
    assert.equal(rep.DBInstanceClass, "db.t3.small");
    assert.equal(rep.ReadReplicaSourceDBInstanceIdentifier, "primary");
    const src = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "primary" }),
    );
    assert.deepEqual(src.DBInstances?.[0]?.ReadReplicaDBInstanceIdentifiers, ["replica"]);
    h.emu.advance(CREATE_MS);
    const live = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "replica" }),
    );
    assert.equal(live.DBInstances?.[0]?.DBInstanceStatus, "available");
    assert.equal(live.DBInstances?.[0]?.StatusInfos?.[0]?.Status, "replicating");
    await rejectsWith(
      h.rds.send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: "primary",
          SourceDBInstanceIdentifier: "replica",
        }),
      ),
      "DBInstanceAlreadyExists",
      400,
    );
    await h.rds.send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: "replica", SkipFinalSnapshot: true }),
    );
    h.emu.advance(2000);
    const after = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "primary" }),
    );
    assert.deepEqual(after.DBInstances?.[0]?.ReadReplicaDBInstanceIdentifiers, []);
  });
});
