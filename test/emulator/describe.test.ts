import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  CreateDBInstanceCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBInstances,
} from "@aws-sdk/client-rds";
import { bulkCreate, CREATE_MS, createInput, rejectsWith, suiteHarness } from "./_harness.js";

describe("DescribeDBInstances", () => {
  const ids = Array.from({ length: 250 }, (_, i) => `db-${String(i).padStart(3, "0")}`);
  const h = suiteHarness();
  before(async () => {
    await bulkCreate(h.emu.url, ids.slice(0, 240));
    await bulkCreate(h.emu.url, ids.slice(240), "mysql");
    h.emu.advance(CREATE_MS);
  });

  it("paginates 250 instances with paginateDescribeDBInstances: every id once, in a stable order", async () => {
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeDBInstances({ client: h.rds, pageSize: 100 }, {})) {
      pages += 1;
      assert.ok((page.DBInstances?.length ?? 0) <= 100);
      for (const inst of page.DBInstances ?? []) seen.push(inst.DBInstanceIdentifier!);
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids);
  });

  it("pages of 20 follow Marker to the end, and the last page has no Marker", async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let calls = 0;
    do {
      const out = await h.rds.send(
        new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: marker }),
      );
      calls += 1;
      seen.push(...out.DBInstances!.map((d) => d.DBInstanceIdentifier!));
      marker = out.Marker;
    } while (marker);
    assert.equal(calls, 13);
    assert.equal(new Set(seen).size, 250);
  });

  it("defaults MaxRecords to 100 and refuses values outside 20..100", async () => {
    const out = await h.rds.send(new DescribeDBInstancesCommand({}));
    assert.equal(out.DBInstances?.length, 100);
    assert.ok(out.Marker);
    await rejectsWith(
      h.rds.send(new DescribeDBInstancesCommand({ MaxRecords: 19 })),
      "InvalidParameterValue",
      400,
    );
    await rejectsWith(
      h.rds.send(new DescribeDBInstancesCommand({ MaxRecords: 101 })),
      "InvalidParameterValue",
      400,
    );
  });

  it("finds an instance by identifier or ARN, case-insensitively", async () => {
    const byId = await h.rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "DB-007" }),
    );
    assert.equal(byId.DBInstances?.[0]?.DBInstanceIdentifier, "db-007");
    const arn = "arn:aws:rds:us-east-1:123456789012:db:DB-007";
    const byArn = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: arn }));
    assert.equal(byArn.DBInstances?.length, 1);
  });

  it("filters by db-instance-id (ids or ARNs) and engine; no match is an empty list", async () => {
    const byIds = await h.rds.send(
      new DescribeDBInstancesCommand({
        Filters: [
          {
            Name: "db-instance-id",
            Values: ["db-001", "arn:aws:rds:us-east-1:123456789012:db:db-002", "missing"],
          },
        ],
      }),
    );
    assert.deepEqual(
      byIds.DBInstances?.map((d) => d.DBInstanceIdentifier),
      ["db-001", "db-002"],
    );
    const mysql = await h.rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["mysql"] }] }),
    );
    assert.deepEqual(
      mysql.DBInstances?.map((d) => d.DBInstanceIdentifier),
      ids.slice(240),
    );
    const none = await h.rds.send(
      new DescribeDBInstancesCommand({
        Filters: [{ Name: "db-instance-id", Values: ["nothing-here"] }],
      }),
    );
    assert.deepEqual(none.DBInstances, []);
    await rejectsWith(
      h.rds.send(
        new DescribeDBInstancesCommand({ Filters: [{ Name: "colour", Values: ["red"] }] }),
      ),
      "InvalidParameterValue",
      400,
    );
  });

  it("combines filters with pagination", async () => {
    const seen: string[] = [];
    for await (const page of paginateDescribeDBInstances(
      { client: h.rds, pageSize: 20 },
      { Filters: [{ Name: "engine", Values: ["postgres"] }] },
    )) {
      seen.push(...page.DBInstances!.map((d) => d.DBInstanceIdentifier!));
    }
    assert.equal(seen.length, 240);
  });

  it("an instance created between pages lands in order without skipping others", async () => {
    const first = await h.rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
    await h.rds.send(new CreateDBInstanceCommand(createInput("db-000a")));
    const second = await h.rds.send(
      new DescribeDBInstancesCommand({ MaxRecords: 20, Marker: first.Marker }),
    );
    assert.equal(second.DBInstances?.[0]?.DBInstanceIdentifier, "db-020");
  });
});
