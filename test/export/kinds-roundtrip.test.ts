import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, CreateDBSubnetGroupCommand } from "@aws-sdk/client-rds";
import { exportSpec, renderExportYaml } from "../../src/export/index.js";
import { planHasChanges } from "../../src/render/plan-text.js";
import { parseSpecText } from "../../src/spec/index.js";
import { planSpec, withUsedResources } from "../../src/workflow.js";
import { suiteEmulator } from "../helpers/emulator.js";

/* Export writes the groups the exported instances use; planning the file gives "No changes". */

describe("export with the groups the instances use", () => {
  const t = suiteEmulator();

  it("writes a used subnet group (not RDS's default) and plans it as no change", async () => {
    const client = t.rawClient();
    try {
      await client.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: "App-Subnets",
          DBSubnetGroupDescription: "app subnets",
          SubnetIds: ["subnet-0b2", "subnet-0a1"],
          Tags: [{ Key: "team", Value: "db" }],
        }),
      );
      await client.send(
        new CreateDBSubnetGroupCommand({
          DBSubnetGroupName: "unused",
          DBSubnetGroupDescription: "nobody uses it",
          SubnetIds: ["subnet-0c3", "subnet-0d4"],
        }),
      );
      for (const [id, group] of [
        ["in-group", "app-subnets"],
        ["in-default", undefined],
      ] as const) {
        await client.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: id,
            DBInstanceClass: "db.t3.micro",
            Engine: "postgres",
            AllocatedStorage: 20,
            MasterUsername: "app",
            MasterUserPassword: "Export-kinds-pw-1234",
            ...(group === undefined ? {} : { DBSubnetGroupName: group }),
          }),
        );
      }
    } finally {
      client.destroy();
    }
    t.emulator.advance(30 * 60_000);
    const conn = { region: "us-east-1", apiFactory: () => t.api };
    const doc = await withUsedResources(
      conn,
      "us-east-1",
      exportSpec(await t.api.describeAllInstances(), { region: "us-east-1" }),
    );
    assert.deepEqual(doc.resources, [
      {
        specKey: "subnetGroups",
        items: [
          {
            DBSubnetGroupName: "app-subnets",
            DBSubnetGroupDescription: "app subnets",
            SubnetIds: ["subnet-0a1", "subnet-0b2"],
            Tags: { team: "db" },
          },
        ],
      },
    ]);
    const yaml = renderExportYaml(doc);
    assert.match(yaml, /^subnetGroups:\n {2}- DBSubnetGroupName: app-subnets$/m);
    const parsed = parseSpecText(yaml, "exported.yaml");
    assert.ok(parsed.ok, yaml);
    const { plan } = await planSpec(parsed.spec, conn);
    assert.deepEqual(
      plan.resources?.map((r) => [r.id, r.action]),
      [["app-subnets", "noop"]],
      yaml,
    );
    assert.deepEqual(
      plan.instances.map((i) => [i.id, i.action]),
      [
        ["in-default", "noop"],
        ["in-group", "noop"],
      ],
    );
    assert.equal(planHasChanges(plan), false);
  });
});
