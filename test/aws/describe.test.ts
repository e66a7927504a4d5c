import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import { mapBounded } from "../../src/concurrency/bounded.js";
import { AwsCallError } from "../../src/errors.js";
import { planSpec } from "../../src/workflow.js";
import { desiredInstance, specOf } from "../helpers/desired.js";
import { suiteEmulator } from "../helpers/emulator.js";

function createInput(id: string, password = "Sup3r-s3cret-Pw") {
  return {
    DBInstanceIdentifier: id,
    DBInstanceClass: "db.t3.micro",
    Engine: "postgres",
    AllocatedStorage: 20,
    EngineVersion: "16",
    MasterUsername: "appadmin",
    MasterUserPassword: password,
  };
}

describe("RdsApi over the SDK against the emulator", () => {
  const t = suiteEmulator();

  it("describes exactly the ids asked for, case-insensitively, skipping absent ones", async () => {
    await t.api.createInstance(createInput("alpha"));
    await t.api.createInstance(createInput("beta"));
    await t.api.createInstance(createInput("gamma"));
    t.emulator.clearRequestLog();
    const found = await t.api.describeInstances(["Alpha", "gamma", "missing"]);
    assert.deepEqual(found.map((d) => d.DBInstanceIdentifier).sort(), ["alpha", "gamma"]);
    assert.deepEqual(t.actions(), ["DescribeDBInstances"]);
    assert.deepEqual(await t.api.describeInstances([]), []);
  });

  it("describeInstance answers undefined for an unknown id and the instance otherwise", async () => {
    assert.equal(await t.api.describeInstance("nope"), undefined);
    await t.api.createInstance(createInput("solo"));
    const db = await t.api.describeInstance("solo");
    assert.equal(db?.DBInstanceIdentifier, "solo");
    assert.match(db?.DBInstanceArn ?? "", /:db:solo$/);
  });

  it("1,000 existing instances take exactly 10 DescribeDBInstances calls", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `db-${String(i).padStart(4, "0")}`);
    await mapBounded(ids, 50, (id) => t.api.createInstance(createInput(id)));
    t.emulator.clearRequestLog();
    const found = await t.api.describeInstances(ids);
    assert.equal(found.length, 1000);
    assert.equal(new Set(found.map((d) => d.DBInstanceIdentifier)).size, 1000);
    const log = t.emulator.requestLog();
    assert.equal(log.length, 10);
    assert.ok(log.every((e) => e.action === "DescribeDBInstances" && e.status === 200));

    // The same through planSpec: a spec declaring all 1,000, matching, plans no change in 10 calls.
    t.emulator.clearRequestLog();
    const spec = specOf(...ids.map((id) => desiredInstance(id)));
    const { plan } = await planSpec(spec, { region: "us-east-1", apiFactory: () => t.api });
    assert.deepEqual(plan.summary, { create: 0, modify: 0, noop: 1000, blocked: 0 });
    assert.deepEqual(new Set(t.actions()), new Set(["DescribeDBInstances"]));
    assert.equal(t.actions().length, 10);
  });

  it("follows Marker when a chunk spans several pages", async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `pg-${i}`);
    await mapBounded(ids, 50, (id) => t.api.createInstance(createInput(id)));
    t.emulator.clearRequestLog();
    const api = createRdsApi(
      { endpointUrl: t.emulator.url, region: "us-east-1" },
      { describePageSize: 20 },
    );
    const found = await api.describeInstances(ids);
    assert.equal(new Set(found.map((d) => d.DBInstanceIdentifier)).size, 130);
    // 100 ids in 5 pages of 20, then 30 ids in 2 pages.
    assert.equal(t.actions().length, 7);
  });

  it("maps errors to AwsCallError with the AWS code, the instance, and never the password", async () => {
    const password = "Very-s3cret-Pw!";
    await t.api.createInstance(createInput("dup", password));
    const err = await t.api.createInstance(createInput("dup", password)).then(
      () => assert.fail("a duplicate create must fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AwsCallError);
    assert.equal(err.awsCode, "DBInstanceAlreadyExists");
    assert.match(err.message, /dup/);
    assert.match(err.message, /CreateDBInstance/);
    assert.equal(err.message.includes(password), false);
    assert.equal(JSON.stringify(err).includes(password), false);
    assert.equal(String(err.stack).includes(password), false);
  });

  it("retries throttling and 503s inside the SDK", async () => {
    await t.api.createInstance(createInput("busy"));
    t.emulator.setFaults([
      { kind: "throttle", action: "DescribeDBInstances", count: 1 },
      { kind: "error503", action: "DescribeDBInstances", count: 2 },
    ]);
    t.emulator.clearRequestLog();
    const found = await t.api.describeInstances(["busy"]);
    assert.equal(found.length, 1);
    const statuses = t.emulator.requestLog().map((e) => e.status);
    assert.equal(statuses.length, 4);
    assert.equal(statuses.at(-1), 200);
    assert.deepEqual(
      statuses.slice(0, 3).sort((a, b) => a - b),
      [400, 503, 503],
    );
  });

  it("gives up after maxAttempts with the transient error's code", async () => {
    const api = t.connect({ maxAttempts: 2 });
    t.emulator.setFaults([{ kind: "error503", action: "DescribeDBInstances" }]);
    const err = await api.describeInstances(["any"]).then(
      () => assert.fail("must fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AwsCallError);
    assert.equal(err.awsCode, "ServiceUnavailable");
    assert.equal(
      t.emulator.requestLog().filter((e) => e.action === "DescribeDBInstances").length,
      2,
    );
  });
});
