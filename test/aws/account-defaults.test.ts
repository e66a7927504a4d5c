import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { readAccountDefaults } from "../../src/aws/account-defaults.js";

/*
 * The export's account reads through the real KMS and EC2 clients, against a
 * small local server answering as KMS (JSON) and EC2 (Query/XML) do.
 */

interface Seen {
  target?: string;
  body: string;
}

async function withServer(
  answer: (seen: Seen, res: ServerResponse) => void,
  run: (url: string, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const target = req.headers["x-amz-target"];
      const s = { ...(typeof target === "string" ? { target } : {}), body };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const ALIASES = {
  Aliases: [
    { AliasName: "alias/mine", TargetKeyId: "k-mine" },
    { AliasName: "alias/aws/rds", TargetKeyId: "K-RDS" },
    { AliasName: "alias/aws/secretsmanager", TargetKeyId: "k-sm" },
  ],
};

const GROUPS = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
<requestId>r1</requestId>
<securityGroupInfo><item><groupId>sg-d1</groupId><groupName>default</groupName><vpcId>vpc-1</vpcId><ownerId>1</ownerId></item></securityGroupInfo>
</DescribeSecurityGroupsResponse>`;

function asKmsAndEc2(s: Seen, res: ServerResponse): void {
  if (s.target === "TrentService.ListAliases") {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify(ALIASES));
    return;
  }
  res.writeHead(200, { "content-type": "text/xml" });
  res.end(GROUPS);
}

test("the managed keys and the VPCs' default groups, one call each", () =>
  withServer(asKmsAndEc2, async (url, seen) => {
    const found = await readAccountDefaults(
      { endpointUrl: url, region: "us-east-1" },
      { keys: true, vpcIds: ["vpc-1", "vpc-2"] },
    );
    assert.deepEqual(found, {
      rdsKey: "k-rds",
      secretsKey: "k-sm",
      defaultSecurityGroups: { "vpc-1": "sg-d1" },
      unchecked: [],
    });
    assert.equal(seen.length, 2);
    const ec2 = seen.find((s) => s.target === undefined)?.body ?? "";
    assert.match(ec2, /Action=DescribeSecurityGroups/);
    assert.match(ec2, /Filter\.1\.Name=group-name&Filter\.1\.Value\.1=default/);
    assert.match(ec2, /Filter\.2\.Value\.1=vpc-1&Filter\.2\.Value\.2=vpc-2/);
  }));

test("nothing asked, nothing called; a denied read is a check not made, not an error", () =>
  withServer(
    (s, res) => {
      if (s.target !== undefined) {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ __type: "AccessDeniedException", message: "not allowed" }));
        return;
      }
      asKmsAndEc2(s, res);
    },
    async (url, seen) => {
      const none = await readAccountDefaults(
        { endpointUrl: url, region: "us-east-1" },
        { keys: false, vpcIds: [] },
      );
      assert.deepEqual(none, { unchecked: [] });
      assert.equal(seen.length, 0);
      const found = await readAccountDefaults(
        { endpointUrl: url, region: "us-east-1" },
        { keys: true, vpcIds: ["vpc-1"] },
      );
      assert.deepEqual(found.unchecked, [
        { check: "kms-key", why: "kms:ListAliases was denied: AccessDeniedException" },
      ]);
      assert.equal(found.rdsKey, undefined);
      assert.deepEqual(found.defaultSecurityGroups, { "vpc-1": "sg-d1" });
    },
  ));
