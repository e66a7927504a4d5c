import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { createRdsApi } from "../../src/aws/client.js";
import {
  FAST_WAIT,
  MUTATING_ACTIONS,
  runCli,
  tempDir,
  withEmulator,
  writeSpec,
} from "./harness.js";

/* policy.markManaged: the rdsctl:spec tag, instances that leave the spec, export --spec. */

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

function managedSpec(ids: string[], policy = "policy:\n  markManaged: true\n"): string {
  return `region: us-east-1\n${policy}instances:\n${ids.map(item).join("\n")}\n${FAST_WAIT}`;
}

interface PlanDoc {
  instances: Array<{ id: string; action: string; changes: Array<{ field: string; to: unknown }> }>;
  undeclared: Array<{ id: string; region: string; spec: string }>;
}

test("an instance removed from a markManaged spec is reported as no longer declared and never deleted", () =>
  withEmulator({ seed: 11, timeScale: 0 }, async (emulator) => {
    const dir = tempDir("rdsctl-managed-");
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "orders.yaml", managedSpec(["orders-db", "orders-old"]));
    const created = await runCli(["apply", file, "--yes", ...url]);
    assert.equal(created.code, 0, created.stderr);
    const api = createRdsApi({ endpointUrl: emulator.url, region: "us-east-1" });
    const tagsOf = async (id: string) =>
      Object.fromEntries(
        ((await api.describeInstances([id]))[0]?.TagList ?? []).map((t) => [t.Key, t.Value]),
      );
    assert.equal((await tagsOf("orders-old"))["rdsctl:spec"], "orders");
    // Another spec's instance and an untagged one in the same region are not this spec's.
    const other = writeSpec(
      dir,
      "billing.yaml",
      managedSpec(["billing-db"], "policy:\n  markManaged: true\n  specName: billing\n"),
    );
    assert.equal((await runCli(["apply", other, "--yes", ...url])).code, 0);
    const plainFile = writeSpec(dir, "plain.yaml", managedSpec(["plain-db"], ""));
    assert.equal((await runCli(["apply", plainFile, "--yes", ...url])).code, 0);
    assert.deepEqual(await tagsOf("plain-db"), {});

    writeSpec(dir, "orders.yaml", managedSpec(["orders-db"]));
    emulator.clearRequestLog();
    const plan = await runCli(["plan", file, "--detailed-exitcode", ...url]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(
      plan.stdout,
      "note: orders-old was managed by this spec (rdsctl:spec=orders, us-east-1) and is no longer in it; it was not deleted.\n\n" +
        "No changes. 1 instance matches the spec.\n",
    );
    // The declared instance's describe, and one listing of the region (under 100 instances).
    const describes = emulator.requestLog().filter((e) => e.action === "DescribeDBInstances");
    assert.equal(describes.length, 2);
    const json = await runCli(["plan", file, "--json", ...url]);
    const doc = JSON.parse(json.stdout) as PlanDoc;
    assert.deepEqual(doc.undeclared, [{ id: "orders-old", region: "us-east-1", spec: "orders" }]);

    const applied = await runCli(["apply", file, "--yes", ...url]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /orders-old was managed by this spec/);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(sent, [], "nothing sent: no delete, no tag change");
    assert.equal((await api.describeInstances(["orders-old"]))[0]?.DBInstanceStatus, "available");

    // Without markManaged, no listing of the region is made and nothing is reported.
    writeSpec(dir, "orders.yaml", managedSpec(["orders-db"], ""));
    emulator.clearRequestLog();
    const off = JSON.parse((await runCli(["plan", file, "--json", ...url])).stdout) as PlanDoc;
    assert.deepEqual(off.undeclared, []);
    const describesOff = emulator.requestLog().filter((e) => e.action === "DescribeDBInstances");
    assert.equal(describesOff.length, 1, "one filtered describe of the declared instance");
  }));

test("an existing instance gets the tag once through AddTagsToResource; export --spec exports exactly the tagged ones", () =>
  withEmulator({ seed: 12, timeScale: 0 }, async (emulator) => {
    const dir = tempDir("rdsctl-managed-");
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "shop.yaml", managedSpec(["shop-db", "shop-cache"], ""));
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
    const plainFile = writeSpec(dir, "plain.yaml", managedSpec(["plain-db"], ""));
    assert.equal((await runCli(["apply", plainFile, "--yes", ...url])).code, 0);

    writeSpec(dir, "shop.yaml", managedSpec(["shop-db", "shop-cache"]));
    const plan = JSON.parse((await runCli(["plan", file, "--json", ...url])).stdout) as PlanDoc;
    for (const i of plan.instances) {
      assert.equal(i.action, "modify", i.id);
      assert.deepEqual(i.changes, [
        {
          field: "Tags.rdsctl:spec",
          from: null,
          to: "shop",
          timing: "immediate",
          downtime: false,
          sensitive: false,
        },
      ]);
    }
    emulator.clearRequestLog();
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(
      sent.map((e) => e.action),
      ["AddTagsToResource", "AddTagsToResource"],
    );
    const again = await runCli(["plan", file, "--detailed-exitcode", ...url]);
    assert.equal(again.code, 0, again.stdout);

    const exported = await runCli(["export", "--spec", "shop", "--region", "us-east-1", ...url]);
    assert.equal(exported.code, 0, exported.stderr);
    const doc = parse(exported.stdout) as {
      policy: unknown;
      instances: Array<{ DBInstanceIdentifier: string; Tags?: Record<string, string> }>;
    };
    assert.deepEqual(doc.instances.map((i) => i.DBInstanceIdentifier).sort(), [
      "shop-cache",
      "shop-db",
    ]);
    assert.deepEqual(doc.policy, { markManaged: true, specName: "shop" });
    assert.ok(doc.instances.every((i) => i.Tags?.["rdsctl:spec"] === undefined));
    // The exported file plans empty, and keeps marking the instances.
    const back = writeSpec(dir, "exported.yaml", exported.stdout);
    const round = await runCli(["plan", back, "--detailed-exitcode", ...url]);
    assert.equal(round.code, 0, round.stdout);

    const none = await runCli(["export", "--spec", "nobody", "--region", "us-east-1", ...url]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no DB instance in us-east-1 carries the tag rdsctl:spec=nobody/);
    const both = await runCli(["export", "--spec", "shop", "--id", "shop-db", ...url]);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /--spec and --id cannot be used together/);
  }));

test("a saved plan that adds the rdsctl:spec tag applies as reviewed", () =>
  withEmulator({ seed: 13, timeScale: 0 }, async (emulator) => {
    const dir = tempDir("rdsctl-managed-");
    const url = ["--endpoint-url", emulator.url];
    const file = writeSpec(dir, "ledger.yaml", managedSpec(["ledger-db"], ""));
    assert.equal((await runCli(["apply", file, "--yes", ...url])).code, 0);
    writeSpec(dir, "ledger.yaml", managedSpec(["ledger-db"]));
    const planFile = `${dir}/ledger.plan.json`;
    const planned = await runCli(["plan", file, "--out", planFile, ...url]);
    assert.equal(planned.code, 0, planned.stderr);
    emulator.clearRequestLog();
    const applied = await runCli(["apply", planFile, "--yes", ...url]);
    assert.equal(applied.code, 0, applied.stderr);
    const sent = emulator.requestLog().filter((e) => MUTATING_ACTIONS.has(e.action));
    assert.deepEqual(
      sent.map((e) => e.action),
      ["AddTagsToResource"],
    );
    const again = await runCli(["plan", file, "--detailed-exitcode", ...url]);
    assert.equal(again.code, 0, again.stdout);
  }));
