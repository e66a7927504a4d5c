import assert from "node:assert/strict";
import { request } from "node:http";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand } from "@aws-sdk/client-rds";
import { ADMIN, createInput, harness, SIGNED } from "./_harness.js";

/** A raw request with a chosen Host header, as a browser on a rebinding page would send. */
function send(
  url: string,
  path: string,
  host: string,
  method = "GET",
): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: Number(port),
        path,
        method,
        headers: { host, ...SIGNED, ...ADMIN },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("Host header check", () => {
  it("refuses RDS and admin requests addressed to another host, with an RDS-style 403", async () => {
    const h = await harness();
    try {
      await h.rds.send(new CreateDBInstanceCommand(createInput("kept")));
      const port = h.emu.port;
      const rds = await send(h.emu.url, "/?Action=DescribeDBInstances", `evil.example:${port}`);
      assert.equal(rds.status, 403);
      assert.match(
        rds.body,
        /<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>Host evil\.example:\d+ is not an address this emulator listens on/,
      );
      assert.match(rds.body, /--allow-host evil\.example/);
      const reset = await send(h.emu.url, "/_emulator/reset", "evil.example", "POST");
      assert.equal(reset.status, 403);
      assert.equal((await h.instance("kept")).DBInstanceIdentifier, "kept", "not reset");
      // The right name on another port is not the emulator either.
      assert.equal(
        (await send(h.emu.url, "/?Action=DescribeDBInstances", "127.0.0.1:1")).status,
        403,
      );
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `LOCALHOST:${port}`,
        `[::1]:${port}`,
      ]) {
        const ok = await send(h.emu.url, "/?Action=DescribeDBInstances", host);
        assert.equal(ok.status, 200, host);
      }
      const log = h.emu.requestLog().map((e) => e.action);
      assert.ok(!log.includes("reset"));
    } finally {
      await h.close();
    }
  });

  it("serves the names allowedHosts gives, on any port, and any Host with *", async () => {
    const h = await harness({ allowedHosts: ["rds.internal"] });
    const open = await harness({ allowedHosts: ["*"] });
    try {
      assert.equal(
        (await send(h.emu.url, "/?Action=DescribeDBInstances", "rds.internal:4566")).status,
        200,
      );
      assert.equal(
        (await send(h.emu.url, "/?Action=DescribeDBInstances", "rds.internal")).status,
        200,
      );
      assert.equal(
        (await send(h.emu.url, "/?Action=DescribeDBInstances", "other.internal")).status,
        403,
      );
      assert.equal(
        (await send(open.emu.url, "/?Action=DescribeDBInstances", "anything")).status,
        200,
      );
    } finally {
      await h.close();
      await open.close();
    }
  });
});
