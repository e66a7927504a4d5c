import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBParameterGroupCommand,
  CreateDBSubnetGroupCommand,
  DeleteDBInstanceCommand,
  DeleteDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBSubnetGroupsCommand,
  DescribeOptionGroupsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-rds";
import {
  CREATE_MS,
  createInput,
  harness,
  rejectsWith,
  SIGNED,
  suiteHarness,
  suiteTempDir,
} from "./_harness.js";

/** Names that are also properties of every plain object. */
const OBJECT_NAMES = ["constructor", "tostring", "hasownproperty", "valueof", "isprototypeof"];
const ARN = "arn:aws:rds:us-east-1:123456789012:";

describe("names that are object properties", () => {
  const h = suiteHarness();

  for (const name of OBJECT_NAMES) {
    it(`an instance named ${name} is not found before it exists, then lives and dies as any other`, async () => {
      await rejectsWith(
        h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name })),
        "DBInstanceNotFound",
        404,
      );
      await h.rds.send(new CreateDBInstanceCommand(createInput(name)));
      h.emu.advance(CREATE_MS);
      const inst = await h.instance(name);
      assert.equal(inst.DBInstanceIdentifier, name);
      assert.equal(inst.DBInstanceStatus, "available");
      await h.rds.send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: name, SkipFinalSnapshot: true }),
      );
      h.emu.advance(CREATE_MS);
      await rejectsWith(
        h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name })),
        "DBInstanceNotFound",
        404,
      );
    });
  }

  it("parameter and subnet groups named after object properties", async () => {
    for (const name of ["constructor", "hasownproperty"]) {
      await rejectsWith(
        h.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name })),
        "DBParameterGroupNotFound",
        404,
      );
      await h.rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: name,
          DBParameterGroupFamily: "postgres16",
          Description: name,
        }),
      );
      const pg = await h.rds.send(
        new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name }),
      );
      assert.equal(pg.DBParameterGroups?.[0]?.DBParameterGroupName, name);
    }
    await h.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: "constructor" }));
    for (const name of ["constructor", "tostring", "valueof"]) {
      await rejectsWith(
        h.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name })),
        "DBSubnetGroupNotFoundFault",
        404,
      );
      await h.rds.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: name,
          DBSubnetGroupDescription: name,
          SubnetIds: ["subnet-1", "subnet-2"],
        }),
      );
    }
    const all = await h.rds.send(new DescribeDBSubnetGroupsCommand({}));
    assert.deepEqual(
      all.DBSubnetGroups?.map((g) => g.DBSubnetGroupName),
      ["constructor", "default", "tostring", "valueof"],
    );
    await rejectsWith(
      h.rds.send(new DescribeOptionGroupsCommand({ OptionGroupName: "constructor" })),
      "OptionGroupNotFoundFault",
      404,
    );
  });

  it("an instance in a group named constructor, with tag keys named after object properties", async () => {
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput("grouped", {
          DBParameterGroupName: "hasownproperty",
          DBSubnetGroupName: "valueof",
          Tags: [
            { Key: "__proto__", Value: "p" },
            { Key: "constructor", Value: "c" },
          ],
        }),
      ),
    );
    await h.rds.send(
      new AddTagsToResourceCommand({
        ResourceName: `${ARN}db:grouped`,
        Tags: [
          { Key: "toString", Value: "t" },
          { Key: "__proto__", Value: "p2" },
        ],
      }),
    );
    const tags = await h.rds.send(
      new ListTagsForResourceCommand({ ResourceName: `${ARN}db:grouped` }),
    );
    assert.deepEqual(tags.TagList, [
      { Key: "__proto__", Value: "p2" },
      { Key: "constructor", Value: "c" },
      { Key: "toString", Value: "t" },
    ]);
    const inst = await h.instance("grouped");
    assert.equal(inst.DBSubnetGroup?.DBSubnetGroupName, "valueof");
    assert.equal(inst.DBParameterGroups?.[0]?.DBParameterGroupName, "hasownproperty");
  });

  it("an action named after an object property is an unknown action", async () => {
    for (const action of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const res = await fetch(`${h.emu.url}/?Action=${action}&Version=2014-10-31`, {
        headers: SIGNED,
      });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /<Code>InvalidAction<\/Code>/);
    }
  });
});

describe("names that are object properties in the state file", () => {
  const tmp = suiteTempDir("rdsctl-emu-names-");

  it("round-trip through a restart", async () => {
    const statePath = join(tmp.path, "state.json");
    const first = await harness({ statePath });
    await first.rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: "hasownproperty",
        DBSubnetGroupDescription: "proto",
        SubnetIds: ["subnet-1", "subnet-2"],
      }),
    );
    await first.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: "constructor",
        DBParameterGroupFamily: "postgres16",
        Description: "c",
      }),
    );
    await first.rds.send(
      new CreateDBInstanceCommand(
        createInput("constructor", {
          DBSubnetGroupName: "hasownproperty",
          DBParameterGroupName: "constructor",
          Tags: [{ Key: "__proto__", Value: "kept" }],
        }),
      ),
    );
    await first.close();
    const second = await harness({ statePath });
    try {
      const inst = await second.instance("constructor");
      assert.equal(inst.DBSubnetGroup?.DBSubnetGroupName, "hasownproperty");
      assert.equal(inst.DBParameterGroups?.[0]?.DBParameterGroupName, "constructor");
      assert.deepEqual(inst.TagList, [{ Key: "__proto__", Value: "kept" }]);
      const groups = await second.rds.send(
        new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "hasownproperty" }),
      );
      assert.equal(groups.DBSubnetGroups?.[0]?.DBSubnetGroupDescription, "proto");
      assert.deepEqual(
        (await second.rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.map(
          (i) => i.DBInstanceIdentifier,
        ),
        ["constructor"],
      );
    } finally {
      await second.close();
    }
  });
});
