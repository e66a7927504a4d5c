import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { RetryNotice } from "../../src/aws/call-scope.js";
import { createRdsApi } from "../../src/aws/client.js";
import { failureKind } from "../../src/aws/transport-guard.js";
import { ApplyInterruptedError, AwsCallError } from "../../src/errors.js";
import { closedPort } from "../helpers/closed-port.js";
import { suiteEmulator } from "../helpers/emulator.js";
import { restoreEnvAfterEach } from "../helpers/env.js";

const CREDENTIAL_KEYS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "RDSCTL_CREDENTIALS_TIMEOUT",
];

function fakeKeys(): void {
  process.env.AWS_ACCESS_KEY_ID = "AKIDTESTONLY";
  process.env.AWS_SECRET_ACCESS_KEY = "test-only-secret";
}

describe("fail fast, say why", () => {
  restoreEnvAfterEach(CREDENTIAL_KEYS);

  it("a name that does not resolve is not retried: one attempt, an error naming the endpoint and region", async () => {
    fakeKeys();
    const endpoint = "http://rdsctl-no-such-host.invalid:4566";
    const notices: RetryNotice[] = [];
    const api = createRdsApi({
      endpointUrl: endpoint,
      region: "eu-west-1",
      onRetry: (n) => notices.push(n),
    });
    const started = Date.now();
    const err = await api.describeInstances(["orders-db"]).then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    assert.ok(err instanceof AwsCallError, String(err));
    assert.match(
      err.message,
      /cannot resolve the endpoint http:\/\/rdsctl-no-such-host\.invalid:4566 \(region eu-west-1\): (ENOTFOUND|EAI_AGAIN)/,
    );
    assert.deepEqual(notices, [], "a DNS failure is not retried");
    assert.ok(took < 10_000, `reported after ${took} ms`);
  });

  it("an endpoint refusing connections is reported within 10 s, naming it and the region, after a few attempts", async () => {
    fakeKeys();
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const notices: RetryNotice[] = [];
    // The loopback probe would answer first; without it the SDK's own attempts are what is seen.
    const api = createRdsApi(
      { endpointUrl: endpoint, region: "us-east-2", onRetry: (n) => notices.push(n) },
      { skipProbe: true },
    );
    const started = Date.now();
    const err = await api.describeInstance("orders-db").then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    assert.ok(err instanceof AwsCallError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `orders-db: DescribeDBInstances failed: cannot reach the endpoint http://127\\.0\\.0\\.1:${port} \\(region us-east-2\\): ECONNREFUSED after [2-4] attempt\\(s\\)`,
      ),
    );
    assert.ok(took < 10_000, `reported after ${took} ms`);
    assert.ok(notices.length >= 1 && notices.length <= 3, `${notices.length} retries`);
    assert.deepEqual(
      notices.map((n) => [n.operation, n.target, n.reason, n.maxAttempts]),
      notices.map(() => ["DescribeDBInstances", "orders-db", "ECONNREFUSED", 20]),
    );
  });

  it("classifies failures: DNS, no connection, lost answers, answered errors", () => {
    const sys = (code: string) => Object.assign(new Error(code), { code });
    assert.equal(failureKind(sys("ENOTFOUND")), "dns");
    assert.equal(failureKind(sys("EAI_AGAIN")), "dns");
    assert.equal(failureKind(sys("ECONNREFUSED")), "connect");
    assert.equal(
      failureKind(
        Object.assign(
          new Error(
            "@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.",
          ),
          { name: "TimeoutError" },
        ),
      ),
      "connect",
    );
    assert.equal(failureKind(sys("ECONNRESET")), "uncertain");
    assert.equal(
      failureKind({ name: "InternalFailure", $metadata: { httpStatusCode: 500 } }),
      "uncertain",
    );
    assert.equal(
      failureKind({ name: "Throttling", $metadata: { httpStatusCode: 400 } }),
      "answered",
    );
  });

  it("a credential_process that hangs times out (RDSCTL_CREDENTIALS_TIMEOUT) instead of holding the call", async () => {
    for (const key of CREDENTIAL_KEYS) delete process.env[key];
    const dir = mkdtempSync(join(tmpdir(), "rdsctl-creds-"));
    const config = join(dir, "config");
    writeFileSync(config, "[profile hangs]\ncredential_process = sleep 4\n");
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    process.env.RDSCTL_CREDENTIALS_TIMEOUT = "1";
    const api = createRdsApi({
      profile: "hangs",
      region: "us-east-1",
      endpointUrl: "http://rdsctl-credentials.invalid",
    });
    const started = Date.now();
    const err = await api.describeInstances(["orders-db"]).then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    assert.ok(err instanceof AwsCallError, String(err));
    assert.match(err.message, /the AWS credentials did not arrive within 1s/);
    assert.ok(took >= 900 && took < 3500, `timed out after ${took} ms`);
  });
});

describe("retries are told, and an abort ends them at once", () => {
  const t = suiteEmulator({ clock: "real", timeScale: 0 });

  it("each retry of a throttled call reaches onRetry with the attempt, the limit and the reason", async () => {
    t.emulator.setFaults([{ kind: "throttle", action: "DescribeDBInstances", count: 2 }]);
    const notices: RetryNotice[] = [];
    const api = t.connect({ retryMode: "standard", onRetry: (n) => notices.push(n) });
    assert.equal(await api.describeInstance("nobody"), undefined);
    assert.deepEqual(notices, [
      {
        operation: "DescribeDBInstances",
        target: "nobody",
        attempt: 2,
        maxAttempts: 20,
        reason: "Throttling",
      },
      {
        operation: "DescribeDBInstances",
        target: "nobody",
        attempt: 3,
        maxAttempts: 20,
        reason: "Throttling",
      },
    ]);
  });

  it("aborting while the SDK backs off ends the call at once and sends nothing more", async () => {
    t.emulator.setFaults([{ kind: "throttle", action: "DescribeDBInstances", rate: 1 }]);
    const controller = new AbortController();
    const api = t.connect({ retryMode: "standard", signal: controller.signal });
    let retries = 0;
    const viewed = (api as ReturnType<typeof createRdsApi>).withCallOptions({
      onRetry: () => {
        retries += 1;
        if (retries === 2) setTimeout(() => controller.abort(), 50);
      },
    });
    const started = Date.now();
    const err = await viewed.describeInstance("nobody").then(
      () => assert.fail("resolved"),
      (e: unknown) => e,
    );
    const abortedAt = Date.now();
    assert.ok(err instanceof ApplyInterruptedError, String(err));
    assert.match(err.message, /nobody: DescribeDBInstances was interrupted before RDS acted on it/);
    const logged = t.emulator.requestLog().length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(t.emulator.requestLog().length, logged, "no request after the abort");
    assert.ok(abortedAt - started < 10_000);
    // An aborted signal refuses the next call before anything is sent.
    await assert.rejects(
      viewed.describeInstance("other"),
      /interrupted before DescribeDBInstances; it was not sent/,
    );
    assert.equal(t.emulator.requestLog().length, logged);
  });
});
