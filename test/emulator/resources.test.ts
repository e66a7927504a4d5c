import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  DeleteDBInstanceCommand,
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
  DescribeOptionGroupsCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

/*
 * Parameter and subnet groups, tags and events are in conformance/groups.test.ts,
 * conformance/tags.test.ts and conformance/events.test.ts.
 */
describe("a fresh account, engine versions and read replicas", () => {
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
