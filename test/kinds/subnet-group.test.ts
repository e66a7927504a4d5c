import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DBSubnetGroup } from "@aws-sdk/client-rds";
import { KINDS, kindNamed } from "../../src/kinds/index.js";
import { subnetGroupKind } from "../../src/kinds/subnet-group/index.js";
import type { LiveSubnetGroup } from "../../src/kinds/subnet-group/read.js";
import type { DeclaredResource, KindApi } from "../../src/kinds/types.js";

const ARN = "arn:aws:rds:us-east-1:123456789012:subgrp:app-subnets";

function declared(
  fields: Record<string, unknown> = {},
  policy: Partial<DeclaredResource["policy"]> = {},
): DeclaredResource {
  return {
    kind: "subnet-group",
    id: "app-subnets",
    region: "us-east-1",
    fields: {
      DBSubnetGroupName: "app-subnets",
      DBSubnetGroupDescription: "app",
      SubnetIds: ["subnet-b", "subnet-a"],
      ...fields,
    },
    policy: { purgeParameters: false, purgeTags: false, ...policy },
    source: { file: "t.yaml", line: 1, column: 1 },
    fieldSources: {},
  };
}

function live(group: Partial<DBSubnetGroup> = {}, tags?: Record<string, string>): LiveSubnetGroup {
  return {
    group: {
      DBSubnetGroupName: "app-subnets",
      DBSubnetGroupDescription: "app",
      DBSubnetGroupArn: ARN,
      Subnets: [{ SubnetIdentifier: "subnet-a" }, { SubnetIdentifier: "subnet-b" }],
      ...group,
    },
    ...(tags === undefined ? {} : { tags }),
  };
}

describe("subnet-group kind: the planner over plain data", () => {
  it("is registered under its spec key", () => {
    assert.equal(kindNamed("subnet-group"), subnetGroupKind);
    assert.ok(KINDS.some((k) => k.specKey === "subnetGroups"));
  });

  it("creates a missing group with its subnets and tags in one call", () => {
    const p = subnetGroupKind.plan(declared({ Tags: { team: "db" } }), undefined, {});
    assert.equal(p.action, "create");
    assert.deepEqual(p.calls, [
      {
        action: "CreateDBSubnetGroup",
        input: {
          DBSubnetGroupName: "app-subnets",
          DBSubnetGroupDescription: "app",
          SubnetIds: ["subnet-b", "subnet-a"],
          Tags: [{ Key: "team", Value: "db" }],
        },
      },
    ]);
    assert.deepEqual(
      p.changes.map((c) => c.field),
      ["DBSubnetGroupDescription", "SubnetIds", "Tags.team"],
    );
  });

  it("finds nothing to do when the subnet set matches in another order", () => {
    const p = subnetGroupKind.plan(declared(), live(), {});
    assert.equal(p.action, "noop");
    assert.deepEqual(p.calls, []);
    assert.deepEqual(p.changes, []);
    assert.equal(p.arn, ARN);
  });

  it("sends the whole declared set with ModifyDBSubnetGroup when a subnet is added", () => {
    const p = subnetGroupKind.plan(
      declared({ SubnetIds: ["subnet-a", "subnet-b", "subnet-c"] }),
      live(),
      {},
    );
    assert.equal(p.action, "modify");
    assert.deepEqual(p.calls, [
      {
        action: "ModifyDBSubnetGroup",
        input: {
          DBSubnetGroupName: "app-subnets",
          DBSubnetGroupDescription: "app",
          SubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        },
      },
    ]);
    assert.deepEqual(p.changes, [
      {
        field: "SubnetIds",
        from: ["subnet-a", "subnet-b"],
        to: ["subnet-a", "subnet-b", "subnet-c"],
        timing: "immediate",
        downtime: false,
        sensitive: false,
      },
    ]);
  });

  it("modifies a changed description", () => {
    const p = subnetGroupKind.plan(declared({ DBSubnetGroupDescription: "new" }), live(), {});
    assert.equal(p.action, "modify");
    assert.equal(p.calls[0]?.action, "ModifyDBSubnetGroup");
    assert.deepEqual(
      p.changes.map((c) => [c.field, c.from, c.to]),
      [["DBSubnetGroupDescription", "app", "new"]],
    );
  });

  it("adds declared tags and keeps undeclared ones unless purgeTags", () => {
    const kept = subnetGroupKind.plan(
      declared({ Tags: { team: "db" } }),
      live({}, { team: "web", owner: "x", "aws:cloudformation:stack": "s" }),
      {},
    );
    assert.deepEqual(kept.calls, [
      {
        action: "AddTagsToResource",
        input: { ResourceName: ARN, Tags: [{ Key: "team", Value: "db" }] },
      },
    ]);
    const purged = subnetGroupKind.plan(
      declared({ Tags: { team: "db" } }, { purgeTags: true }),
      live({}, { team: "db", owner: "x", "aws:cloudformation:stack": "s" }),
      {},
    );
    assert.deepEqual(purged.calls, [
      { action: "RemoveTagsFromResource", input: { ResourceName: ARN, TagKeys: ["owner"] } },
    ]);
  });

  it("leaves tags alone when the item declares none", () => {
    const p = subnetGroupKind.plan(declared(), live({}, { owner: "x" }), {});
    assert.equal(p.action, "noop");
  });

  it("exports what it plans as no change", () => {
    const l = live({}, { team: "db", "aws:x": "y" });
    const item = subnetGroupKind.exportItem(l);
    assert.deepEqual(item, {
      DBSubnetGroupName: "app-subnets",
      DBSubnetGroupDescription: "app",
      SubnetIds: ["subnet-a", "subnet-b"],
      Tags: { team: "db" },
    });
    const p = subnetGroupKind.plan(declared(item), l, {});
    assert.equal(p.action, "noop");
  });
});

describe("subnet-group kind: its read", () => {
  function fakeApi(groups: DBSubnetGroup[], calls: Array<[string, Record<string, unknown>]>) {
    const api: KindApi = {
      async send(action, input) {
        calls.push([action, input]);
        if (action === "DescribeDBSubnetGroups") {
          const start = typeof input.Marker === "string" ? Number(input.Marker) : 0;
          const size = Number(input.MaxRecords);
          const page = groups.slice(start, start + size);
          const next = start + size < groups.length ? String(start + size) : undefined;
          return { DBSubnetGroups: page, ...(next === undefined ? {} : { Marker: next }) };
        }
        if (action === "ListTagsForResource") return { TagList: [{ Key: "k", Value: "v" }] };
        throw new Error(`unexpected ${action}`);
      },
    };
    return api;
  }

  it("lists every page once and reads tags only of the groups that declare Tags", async () => {
    const groups = Array.from({ length: 250 }, (_, i) => ({
      DBSubnetGroupName: `g${i}`,
      DBSubnetGroupArn: `arn:g${i}`,
    }));
    const calls: Array<[string, Record<string, unknown>]> = [];
    const api = fakeApi(groups, calls);
    const items = [
      { ...declared({ Tags: { k: "v" } }), id: "g7" },
      { ...declared(), id: "g200" },
      { ...declared(), id: "missing" },
    ];
    const found = (await subnetGroupKind.read(
      api,
      items.map((d) => d.id),
      items,
    )) as LiveSubnetGroup[];
    assert.deepEqual(
      found.map((l) => [l.group.DBSubnetGroupName, l.tags]),
      [
        ["g7", { k: "v" }],
        ["g200", undefined],
      ],
    );
    assert.deepEqual(
      calls.map(([a, i]) => [a, i.MaxRecords ?? i.ResourceName, i.Marker]),
      [
        ["DescribeDBSubnetGroups", 100, undefined],
        ["DescribeDBSubnetGroups", 100, "100"],
        ["DescribeDBSubnetGroups", 100, "200"],
        ["ListTagsForResource", "arn:g7", undefined],
      ],
    );
  });

  it("reads nothing when no id is asked for", async () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    assert.deepEqual(await subnetGroupKind.read(fakeApi([], calls), []), []);
    assert.deepEqual(calls, []);
  });
});
