import assert from "node:assert/strict";
import { type IncomingHttpHeaders, request } from "node:http";
import { connect } from "node:net";
import { describe, it } from "node:test";
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { ADMIN, createInput, harness, SIGNED, suiteHarness } from "./_harness.js";

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request with exactly these headers, as a browser on another site could send it. */
function send(
  url: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const EVIL = { origin: "http://evil.example" };
const DELETE = "/?Action=DeleteDBInstance&DBInstanceIdentifier=kept&SkipFinalSnapshot=true";

describe("the emulator refuses what a web page could send", () => {
  const h = suiteHarness();

  async function kept(): Promise<void> {
    const d = await h.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "kept" }));
    assert.equal(d.DBInstances?.[0]?.DBInstanceStatus, "creating", "the instance is untouched");
  }

  it("a cross-site or unsigned RDS action gets 403 and changes nothing", async () => {
    await h.rds.send(new CreateDBInstanceCommand(createInput("kept")));
    h.emu.clearRequestLog();
    const cases: Array<[string, Record<string, string>]> = [
      ["foreign Origin", { ...EVIL }],
      ["foreign Origin, signed", { ...EVIL, ...SIGNED }],
      ["Origin null", { origin: "null", ...SIGNED }],
      ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site", ...SIGNED }],
      ["Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site", ...SIGNED }],
      ["unsigned", {}],
      ["another scheme of Authorization", { authorization: "Basic YTpi" }],
    ];
    for (const [label, headers] of cases) {
      const res = await send(h.emu.url, DELETE, "GET", headers);
      assert.equal(res.status, 403, label);
      assert.match(res.body, /<Code>AccessDenied<\/Code>/, label);
    }
    const post = await send(
      h.emu.url,
      "/",
      "POST",
      { ...EVIL, "content-type": "text/plain" },
      "Action=DeleteDBInstance&DBInstanceIdentifier=kept&SkipFinalSnapshot=true",
    );
    assert.equal(post.status, 403);
    assert.deepEqual(h.emu.requestLog(), [], "no action ran");
    await kept();
  });

  it("a preflight gets 403 and no CORS header", async () => {
    const res = await send(h.emu.url, "/", "OPTIONS", {
      ...EVIL,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization",
    });
    assert.equal(res.status, 403);
    const cors = Object.keys(res.headers).filter((k) => k.startsWith("access-control-"));
    assert.deepEqual(cors, []);
  });

  it("text/plain admin posts with a foreign Origin, or without the admin header, get 403 and change nothing", async () => {
    // "kept" was created by the first test of this suite.
    const plain = { "content-type": "text/plain" };
    for (const headers of [{ ...plain, ...EVIL }, { ...plain, ...EVIL, ...ADMIN }, plain]) {
      const reset = await send(h.emu.url, "/_emulator/reset", "POST", headers);
      assert.equal(reset.status, 403);
      const faults = await send(h.emu.url, "/_emulator/faults", "POST", headers, "throttle=1");
      assert.equal(faults.status, 403);
    }
    await kept();
    const rules = await send(h.emu.url, "/_emulator/faults", "GET", ADMIN);
    assert.equal(rules.status, 200);
    assert.deepEqual(JSON.parse(rules.body), []);
  });

  it("serves its own origin, signed requests and admin requests with the header", async () => {
    const own = { origin: `http://127.0.0.1:${h.emu.port}`, "sec-fetch-site": "same-origin" };
    const rds = await send(h.emu.url, "/?Action=DescribeDBInstances", "GET", { ...own, ...SIGNED });
    assert.equal(rds.status, 200);
    const admin = await send(h.emu.url, "/_emulator/clock", "GET", { ...own, ...ADMIN });
    assert.equal(admin.status, 200);
  });
});

describe("request bodies", () => {
  it("a body past the limit is answered 413 at once, before it is all sent", async () => {
    const h = await harness();
    try {
      const answer = await new Promise<number>((resolve, reject) => {
        const req = request(`${h.emu.url}/`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...SIGNED },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", (err) => {
          if (!req.destroyed) reject(err);
        });
        // Chunked, with no end: an emulator that waits for the end never answers.
        req.write(`Action=DescribeDBInstances&Pad=${"x".repeat(2 << 20)}`);
      });
      assert.equal(answer, 413);
    } finally {
      await h.emu.close();
    }
  });

  it("a body that does not arrive in time gets 408 and the connection is closed", async () => {
    const h = await harness({ bodyTimeoutMs: 200 });
    try {
      const started = Date.now();
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(h.emu.port, "127.0.0.1", () => {
          socket.write(
            `POST / HTTP/1.1\r\nHost: 127.0.0.1:${h.emu.port}\r\nAuthorization: ${SIGNED.authorization}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=`,
          );
        });
        let got = "";
        socket.on("data", (c) => {
          got += c;
        });
        socket.on("close", () => resolve(got));
        socket.on("error", reject);
      });
      assert.match(text, /^HTTP\/1\.1 408/);
      assert.ok(Date.now() - started < 5000, "closed soon after the limit");
    } finally {
      await h.emu.close();
    }
  });
});
