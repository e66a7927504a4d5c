import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-rds";
import { createInput, rejectsWith, suiteHarness } from "../_harness.js";

/*
 * Tags, rule by rule, each test titled with the AWS documentation it comes
 * from. Also covered elsewhere: Tags on create reported back
 * (roundtrip.property.test.ts), reserved keys on create (errors.test.ts).
 */
describe("Tagging conformance", () => {
  const h = suiteHarness();

  it("AddTagsToResource, ListTagsForResource, RemoveTagsFromResource API references: by ARN; a new value replaces the old; aws: and rds: prefixes are refused (Tag data type)", async () => {
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
});
