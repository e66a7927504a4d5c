import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  CreateDBSubnetGroupCommand,
  DeleteDBInstanceCommand,
  DeleteDBParameterGroupCommand,
  DeleteDBSubnetGroupCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, createInput, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * Parameter, subnet and option groups, rule by rule, each test titled with the
 * AWS documentation it comes from. Also covered elsewhere: the groups of a
 * fresh account and DescribeOptionGroups (resources.test.ts), a parameter
 * group's family on create and modify (modify.test.ts, major-upgrade.test.ts).
 */
describe("DB parameter and subnet groups conformance", () => {
  const h = suiteHarness();

  it("CreateDBParameterGroup, DescribeDBParameterGroups, DeleteDBParameterGroup API references: names are stored lowercase; a duplicate, an unknown family, a default or in-use group are refused", async () => {
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

  it("CreateDBSubnetGroup API reference, SubnetIds: subnets in at least two Availability Zones; DeleteDBSubnetGroup: a group in use is refused", async () => {
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
});
