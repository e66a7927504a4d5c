import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { createRdsApi } from "../../src/aws/client.js";
import { nothingListeningMessage, probeEndpoint } from "../../src/aws/probe.js";
import { UsageError } from "../../src/errors.js";
import { closedPort } from "../helpers/closed-port.js";

describe("the loopback endpoint probe", () => {
  it("names the URL and how to start an emulator on that port", () => {
    assert.equal(
      nothingListeningMessage("http://127.0.0.1:4599"),
      "nothing is listening at http://127.0.0.1:4599: start `rdsctl emulator --port 4599`, or use --local",
    );
  });

  it("resolves when something listens", async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address !== "string");
    try {
      await probeEndpoint(`http://127.0.0.1:${address.port}`);
    } finally {
      server.close();
    }
  });

  it("an RdsApi on a loopback endpoint with no listener fails its first call at once", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const api = createRdsApi({ endpointUrl: url, region: "us-east-1", maxAttempts: 20 });
    const started = Date.now();
    await assert.rejects(
      api.describeInstances(["x"]),
      (e: unknown) => e instanceof UsageError && e.message === nothingListeningMessage(url),
    );
    assert.ok(Date.now() - started < 2000, "no SDK retries against a dead loopback port");
  });
});
