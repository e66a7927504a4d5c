import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KINDS } from "../../src/kinds/index.js";
import type { ResourceKind } from "../../src/kinds/types.js";
import { specJsonSchema } from "../../src/spec/schema.js";
import { schemaErrors } from "./_json-schema.js";

type Schema = Record<string, unknown>;

/** A kind as small as the schema needs: its names and its item schema. */
const TEST_KIND = {
  name: "subnet-group",
  specKey: "subnetGroups",
  label: "subnet group",
  idField: "DBSubnetGroupName",
  itemSchema: () => ({
    type: "object",
    additionalProperties: false,
    required: ["DBSubnetGroupName", "SubnetIds"],
    properties: {
      DBSubnetGroupName: { type: "string" },
      SubnetIds: { type: "array", items: { type: "string" } },
    },
  }),
} as unknown as ResourceKind<unknown>;

function propertiesOf(schema: Schema): Record<string, Schema> {
  return schema.properties as Record<string, Schema>;
}

describe("the JSON Schema over kinds", () => {
  it("has each kind's list under its spec key, items from the kind's own schema", () => {
    const schema = specJsonSchema([TEST_KIND]);
    const list = propertiesOf(schema).subnetGroups;
    assert.ok(list, "subnetGroups is a top-level key");
    assert.equal(list.type, "array");
    assert.deepEqual(list.items, { $ref: "#/$defs/subnetGroup" });
    assert.deepEqual((schema.$defs as Record<string, Schema>).subnetGroup, TEST_KIND.itemSchema());
    assert.match(String(list.description), /never deleted/);
  });

  it("accepts a spec of groups only, and still refuses an empty one or a bad item", () => {
    const schema = specJsonSchema([TEST_KIND]);
    const group = { DBSubnetGroupName: "app", SubnetIds: ["subnet-1", "subnet-2"] };
    assert.deepEqual(schemaErrors(schema, { subnetGroups: [group] }), []);
    assert.deepEqual(
      schemaErrors(schema, { subnetGroups: [group], instances: [{ DBInstanceIdentifier: "a" }] }),
      [],
    );
    assert.notDeepEqual(schemaErrors(schema, { region: "us-east-1" }), []);
    assert.notDeepEqual(schemaErrors(schema, { subnetGroups: [{ DBSubnetGroupName: "app" }] }), []);
    assert.notDeepEqual(
      schemaErrors(schema, { subnetGroups: [{ ...group, Nope: 1 }] }),
      [],
      "an unknown key of an item",
    );
  });

  it("without kinds, instances stay required and no group key is accepted", () => {
    const schema = specJsonSchema([]);
    assert.deepEqual(schema.required, ["instances"]);
    assert.notDeepEqual(
      schemaErrors(schema, { subnetGroups: [], instances: [{ DBInstanceIdentifier: "a" }] }),
      [],
    );
  });

  it("has policy.purgeParameters beside purgeTags", () => {
    const policy = propertiesOf(propertiesOf(specJsonSchema()).policy ?? {});
    assert.equal(policy.purgeParameters?.type, "boolean");
    assert.equal(policy.purgeParameters?.default, false);
    assert.match(String(policy.purgeParameters?.description), /ResetDBParameterGroup/);
  });

  it("has the key and item schema of every registered kind", () => {
    const schema = specJsonSchema();
    const defs = schema.$defs as Record<string, Schema>;
    const keys = Object.keys(propertiesOf(schema));
    for (const kind of KINDS) {
      assert.ok(keys.includes(kind.specKey), `${kind.name}: no ${kind.specKey} key`);
      const items = propertiesOf(schema)[kind.specKey]?.items as Schema | undefined;
      const ref = String(items?.$ref).replace("#/$defs/", "");
      assert.deepEqual(defs[ref], kind.itemSchema(), kind.name);
    }
    // Besides the kinds', the top-level keys are rdsctl's own, `vars` among them.
    assert.deepEqual(
      keys.filter((k) => !KINDS.some((kind) => kind.specKey === k)),
      [
        "$schema",
        "region",
        "instances",
        "defaults",
        "policy",
        "wait",
        "vars",
        "profile",
        "assumeRoleArn",
        "externalId",
        "allowedAccountIds",
      ],
    );
  });
});
