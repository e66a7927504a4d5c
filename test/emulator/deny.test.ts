import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DescribeDBEngineVersionsCommand,
  DescribeDBInstancesCommand,
  type RDSServiceException,
} from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { suiteEmulator } from "../helpers/emulator.js";
import { ADMIN } from "./_harness.js";

describe("denied actions: the emulator as a least-privilege role", () => {
  const t = suiteEmulator();

  it("a denied action is AccessDenied, HTTP 403, a client fault, and changes nothing; others are served", async () => {
    t.emulator.setDenied(["DescribeDBEngineVersions"]);
    const raw = t.rawClient();
    try {
      const err = (await raw.send(new DescribeDBEngineVersionsCommand({ Engine: "postgres" })).then(
        () => assert.fail("denied"),
        (e: unknown) => e,
      )) as RDSServiceException;
      assert.equal(err.name, "AccessDenied");
      assert.equal(err.$fault, "client");
      assert.equal(err.$metadata.httpStatusCode, 403);
      assert.match(
        err.message,
        /^User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: rds:DescribeDBEngineVersions on resource: arn:aws:rds:us-east-1:123456789012:db:\*/,
      );
      assert.equal(err.$metadata.attempts, 1, "the SDK does not retry AccessDenied");
      await raw.send(new DescribeDBInstancesCommand({}));
    } finally {
      raw.destroy();
    }
    assert.deepEqual(
      t.emulator.requestLog().map((e) => [e.action, e.status, e.errorCode]),
      [
        ["DescribeDBEngineVersions", 403, "AccessDenied"],
        ["DescribeDBInstances", 200, undefined],
      ],
    );
  });

  it("STS is never denied", async () => {
    t.emulator.setDenied("GetCallerIdentity,DescribeDBInstances");
    const sts = new STSClient({
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    });
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, "123456789012");
    } finally {
      sts.destroy();
    }
  });

  it("the admin path reads, replaces and clears the list; a bad name is a 400 naming it", async () => {
    const deny = `${t.emulator.url}/_emulator/deny`;
    const put = await fetch(deny, {
      method: "PUT",
      headers: ADMIN,
      body: '["rds:DescribeEvents","DescribeOptionGroups"]',
    });
    assert.equal(put.status, 200);
    assert.deepEqual(await put.json(), ["DescribeEvents", "DescribeOptionGroups"]);
    assert.deepEqual(await (await fetch(deny, { headers: ADMIN })).json(), [
      "DescribeEvents",
      "DescribeOptionGroups",
    ]);
    const text = await fetch(deny, {
      method: "POST",
      headers: ADMIN,
      body: "DescribeDBSubnetGroups",
    });
    assert.deepEqual(await text.json(), ["DescribeDBSubnetGroups"]);
    const bad = await fetch(deny, { method: "PUT", headers: ADMIN, body: "Describe DB" });
    assert.equal(bad.status, 400);
    assert.match(
      ((await bad.json()) as { error: string }).error,
      /"Describe DB" is not an action name/,
    );
    assert.deepEqual(
      await (await fetch(deny, { headers: ADMIN })).json(),
      ["DescribeDBSubnetGroups"],
      "unchanged by a bad one",
    );
    assert.deepEqual(await (await fetch(deny, { method: "DELETE", headers: ADMIN })).json(), []);
  });
});
