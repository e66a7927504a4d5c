import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { parseSpecText } from "../../src/spec/index.js";
import { planSpec } from "../../src/workflow.js";
import { suiteEmulator } from "../helpers/emulator.js";

/*
 * A markManaged plan that also creates something needs the region's listing
 * twice: for the rename hints and for the instances no longer declared. It is
 * read once and shared.
 */

function item(id: string): string {
  return [
    `  - DBInstanceIdentifier: ${id}`,
    "    Engine: postgres",
    '    EngineVersion: "16"',
    "    DBInstanceClass: db.t4g.micro",
    "    AllocatedStorage: 20",
    "    MasterUsername: app",
    "    ManageMasterUserPassword: true",
  ].join("\n");
}

function spec(ids: string[], policy: string) {
  const parsed = parseSpecText(
    `region: us-east-1\n${policy}instances:\n${ids.map(item).join("\n")}\n`,
    "/specs/orders.yaml",
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec;
}

describe("markManaged plan with a create", () => {
  const t = suiteEmulator();

  async function createTagged(id: string, specName: string): Promise<void> {
    const client = t.rawClient();
    try {
      await client.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: id,
          Engine: "postgres",
          EngineVersion: "16",
          DBInstanceClass: "db.t4g.micro",
          AllocatedStorage: 20,
          MasterUsername: "app",
          ManageMasterUserPassword: true,
          Tags: [{ Key: "rdsctl:spec", Value: specName }],
        }),
      );
    } finally {
      client.destroy();
    }
    t.emulator.advance(30 * 60_000);
  }

  /** The plan of the spec, and the DescribeDBInstances requests it made. */
  async function describesOf(policy: string) {
    t.emulator.clearRequestLog();
    const { plan } = await planSpec(spec(["orders-db", "orders-new"], policy), {
      region: "us-east-1",
      apiFactory: () => t.api,
    });
    const describes = t.emulator.requestLog().filter((e) => e.action === "DescribeDBInstances");
    return { plan, describes };
  }

  it("lists the region's instances once, for the rename hint and the undeclared check", async () => {
    await createTagged("orders-db", "orders");
    await createTagged("orders-old", "orders");
    const { plan, describes } = await describesOf("policy:\n  markManaged: true\n");
    assert.equal(plan.instances.find((i) => i.id === "orders-new")?.action, "create");
    // Both users of the listing got it: orders-old is reported, and the create is hinted as its rename.
    assert.deepEqual(plan.undeclared, [{ id: "orders-old", region: "us-east-1", spec: "orders" }]);
    const hint = plan.instances
      .find((i) => i.id === "orders-new")
      ?.notices.some((n) => n.message.includes("may be a rename of orders-old"));
    assert.equal(hint, true);
    // One filtered describe of the declared instances, one listing of the region.
    assert.equal(describes.length, 2, JSON.stringify(describes));
  });

  it("without markManaged the rename hint still lists once, and nothing else does", async () => {
    await createTagged("orders-db", "orders");
    await createTagged("orders-old", "orders");
    const { plan, describes } = await describesOf("");
    assert.equal(plan.undeclared, undefined);
    assert.equal(describes.length, 2, JSON.stringify(describes));
  });
});
