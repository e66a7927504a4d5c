import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  DescribeDBSubnetGroupsCommand,
  ListTagsForResourceCommand,
  ModifyDBSubnetGroupCommand,
} from "@aws-sdk/client-rds";
import { CREATE_MS, client, createInput, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * DB subnet groups over the default VPC of each region, rule by rule. Also
 * covered elsewhere: create and delete, a group in use (groups.test.ts),
 * names such as `constructor` (../names.test.ts), zones of instances
 * (../regions.test.ts).
 */
describe("DB subnet groups over a default VPC per region", () => {
  const h = suiteHarness();

  async function defaultSubnets(region = "us-east-1") {
    const rds = region === "us-east-1" ? h.rds : client(h.emu.url, 1, region);
    const out = await rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: "default" }));
    if (rds !== h.rds) rds.destroy();
    return out.DBSubnetGroups![0]!;
  }
  const create = (name: string, SubnetIds: string[]) =>
    h.rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: name,
        DBSubnetGroupDescription: name,
        SubnetIds,
      }),
    );

  it("Working with a DB instance in a VPC (default VPC): the default DB subnet group lists one subnet per Availability Zone", async () => {
    const us = await defaultSubnets();
    const eu = await defaultSubnets("eu-west-1");
    assert.deepEqual(
      us.Subnets?.map((s) => s.SubnetAvailabilityZone?.Name),
      ["us-east-1a", "us-east-1b", "us-east-1c"],
    );
    assert.deepEqual(
      eu.Subnets?.map((s) => s.SubnetAvailabilityZone?.Name),
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    );
    const ids = [...us.Subnets!, ...eu.Subnets!].map((s) => s.SubnetIdentifier!);
    for (const id of ids) assert.match(id, /^subnet-[0-9a-f]{17}$/);
    assert.equal(new Set(ids).size, 6);
    assert.deepEqual(us, await defaultSubnets());
  });

  it("CreateDBSubnetGroup API reference: the group takes its subnets' VPC and zones; an existing name is DBSubnetGroupAlreadyExistsFault", async () => {
    const def = await defaultSubnets();
    const [a, b] = def.Subnets!.map((s) => s.SubnetIdentifier!);
    const out = await create("app-net", [a!, b!]);
    assert.equal(out.DBSubnetGroup?.VpcId, def.VpcId);
    assert.deepEqual(
      out.DBSubnetGroup?.Subnets?.map((s) => [s.SubnetIdentifier, s.SubnetAvailabilityZone?.Name]),
      [
        [a, "us-east-1a"],
        [b, "us-east-1b"],
      ],
    );
    await rejectsWith(create("app-net", [a!, b!]), "DBSubnetGroupAlreadyExists", 400);
  });

  it("CreateDBSubnetGroup API reference, errors: InvalidSubnet (unknown subnet, not a common VPC), DBSubnetGroupDoesNotCoverEnoughAZs, DBSubnetQuotaExceededFault", async () => {
    const def = await defaultSubnets();
    const [a] = def.Subnets!.map((s) => s.SubnetIdentifier!);
    const unknown = await rejectsWith(
      create("bad1", [a!, "subnet-0123456789abcdef0"]),
      "InvalidSubnet",
      400,
    );
    assert.match(unknown.message, /subnet-0123456789abcdef0/);
    await rejectsWith(create("bad2", [a!, "subnet-deadbeef"]), "InvalidSubnet", 400);
    await rejectsWith(create("bad3", [a!, "Subnet_X"]), "InvalidSubnet", 400);
    // Free-form ids are subnets of the account's other VPC: not together with the default one's.
    await rejectsWith(create("bad4", [a!, "subnet-app-b"]), "InvalidSubnet", 400);
    await rejectsWith(create("bad5", [a!, a!]), "DBSubnetGroupDoesNotCoverEnoughAZs", 400);
    const many = Array.from({ length: 21 }, (_, i) => `subnet-x${i}`);
    await rejectsWith(create("bad6", many), "DBSubnetQuotaExceededFault", 400);
    const other = await create("other-vpc", ["subnet-app-a", "subnet-app-b"]);
    assert.notEqual(other.DBSubnetGroup?.VpcId, def.VpcId);
    assert.match(other.DBSubnetGroup!.VpcId!, /^vpc-/);
    const all = await h.rds.send(new DescribeDBSubnetGroupsCommand({}));
    const names = all.DBSubnetGroups?.map((g) => g.DBSubnetGroupName) ?? [];
    for (const n of ["bad1", "bad2", "bad3", "bad4", "bad5", "bad6"])
      assert.ok(!names.includes(n), n);
  });

  it("ModifyDBSubnetGroup API reference: replaces the subnets and the description; you can't modify the default subnet group", async () => {
    const def = await defaultSubnets();
    const [a, b, c] = def.Subnets!.map((s) => s.SubnetIdentifier!);
    await create("mod-net", [a!, b!]);
    const out = await h.rds.send(
      new ModifyDBSubnetGroupCommand({
        DBSubnetGroupName: "MOD-NET",
        DBSubnetGroupDescription: "now b and c",
        SubnetIds: [b!, c!],
      }),
    );
    assert.equal(out.DBSubnetGroup?.DBSubnetGroupDescription, "now b and c");
    assert.deepEqual(
      out.DBSubnetGroup?.Subnets?.map((s) => s.SubnetIdentifier),
      [b, c],
    );
    const kept = await h.rds.send(
      new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "mod-net", SubnetIds: [a!, c!] }),
    );
    assert.equal(kept.DBSubnetGroup?.DBSubnetGroupDescription, "now b and c");
    await rejectsWith(
      h.rds.send(new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "mod-net", SubnetIds: [a!] })),
      "DBSubnetGroupDoesNotCoverEnoughAZs",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new ModifyDBSubnetGroupCommand({
          DBSubnetGroupName: "mod-net",
          SubnetIds: [a!, "subnet-deadbeef"],
        }),
      ),
      "InvalidSubnet",
      400,
    );
    await rejectsWith(
      h.rds.send(
        new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "nope", SubnetIds: [a!, b!] }),
      ),
      "DBSubnetGroupNotFoundFault",
      404,
    );
    await rejectsWith(
      h.rds.send(
        new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "default", SubnetIds: [a!, b!] }),
      ),
      "InvalidParameterValue",
      400,
    );
    assert.deepEqual(await defaultSubnets(), def);
  });

  it("ModifyDBSubnetGroup API reference, errors: SubnetAlreadyInUse (a subnet in use in its Availability Zone), InvalidSubnet", async () => {
    const def = await defaultSubnets();
    const [a, b, c] = def.Subnets!.map((s) => s.SubnetIdentifier!);
    await create("used-net", [a!, b!]);
    await h.rds.send(
      new CreateDBInstanceCommand(
        createInput("in-net", { DBSubnetGroupName: "used-net", AvailabilityZone: "us-east-1a" }),
      ),
    );
    h.emu.advance(CREATE_MS);
    const dropped = await rejectsWith(
      h.rds.send(
        new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "used-net", SubnetIds: [b!, c!] }),
      ),
      "SubnetAlreadyInUse",
      400,
    );
    assert.match(dropped.message, new RegExp(a!));
    await rejectsWith(
      h.rds.send(
        new ModifyDBSubnetGroupCommand({
          DBSubnetGroupName: "used-net",
          SubnetIds: ["subnet-app-a", "subnet-app-b"],
        }),
      ),
      "InvalidSubnet",
      400,
    );
    const grown = await h.rds.send(
      new ModifyDBSubnetGroupCommand({ DBSubnetGroupName: "used-net", SubnetIds: [a!, b!, c!] }),
    );
    assert.equal(grown.DBSubnetGroup?.Subnets?.length, 3);
    assert.equal((await h.instance("in-net")).DBSubnetGroup?.Subnets?.length, 3);
  });

  it("AddTagsToResource, ListTagsForResource API references: a subnet group by its ARN", async () => {
    await create("tagged-net", ["subnet-t1", "subnet-t2"]);
    const arn = "arn:aws:rds:us-east-1:123456789012:subgrp:tagged-net";
    await h.rds.send(
      new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "env", Value: "test" }] }),
    );
    const tags = await h.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    assert.deepEqual(tags.TagList, [{ Key: "env", Value: "test" }]);
  });
});
