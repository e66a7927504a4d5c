import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { RetryNotice } from "../../src/aws/call-scope.js";
import { createRdsApi } from "../../src/aws/client.js";
import { callerIdentity } from "../../src/aws/identity.js";
import type { ConnectionOptions } from "../../src/aws/rds-api.js";
import { ApplyInterruptedError, AwsCallError, EndpointUnreachableError } from "../../src/errors.js";
import { restoreEnvAfterEach } from "../helpers/env.js";
import { resettingServer, silentServer, type TcpServer } from "../helpers/silent-server.js";

/**
 * Every kind of SDK client rdsctl builds (RDS; STS GetCallerIdentity for the
 * account line; STS AssumeRole for a role's credentials) fails fast the same
 * way, because one factory builds them all (src/aws/client-factory.ts).
 */

const ENV_KEYS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_RDS",
  "AWS_ENDPOINT_URL_STS",
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
  "RDSCTL_RESPONSE_TIMEOUT",
  "RDSCTL_CREDENTIALS_TIMEOUT",
];

function isolate(): void {
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.AWS_ACCESS_KEY_ID = "AKIDTESTONLY";
  process.env.AWS_SECRET_ACCESS_KEY = "test-only-secret";
  process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/rdsctl-test/credentials";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
}

const ROLE = "arn:aws:iam::123456789012:role/deployer";

interface ClientKind {
  name: string;
  /** The operation the error and the retry notices name. */
  operation: string;
  /** One call of this kind with these options. */
  call(options: ConnectionOptions): Promise<unknown>;
}

const KINDS: ClientKind[] = [
  {
    name: "RDS",
    operation: "DescribeDBInstances",
    call: (options) => createRdsApi(options).describeInstances(["orders-db"]),
  },
  {
    name: "STS GetCallerIdentity",
    operation: "GetCallerIdentity",
    call: (options) => callerIdentity(options),
  },
  {
    // AssumeRole is called for the credentials of the RDS call.
    name: "STS AssumeRole",
    operation: "AssumeRole",
    call: (options) =>
      createRdsApi({ ...options, assumeRoleArn: ROLE }).describeInstances(["orders-db"]),
  },
];

async function failure(pending: Promise<unknown>): Promise<{ err: unknown; took: number }> {
  const started = Date.now();
  const err = await pending.then(
    () => assert.fail("the call succeeded"),
    (e: unknown) => e,
  );
  return { err, took: Date.now() - started };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("every client kind fails fast, naming the endpoint", () => {
  restoreEnvAfterEach(ENV_KEYS);
  let silent: TcpServer;
  let resetting: TcpServer;
  before(async () => {
    silent = await silentServer();
    resetting = await resettingServer();
  });
  after(async () => {
    await silent.close();
    await resetting.close();
  });

  for (const kind of KINDS) {
    it(`${kind.name}: a name that does not resolve ends in under 2 s, not retried, naming the endpoint`, async () => {
      isolate();
      const endpoint = "http://rdsctl-no-such-host.invalid:4566";
      const notices: RetryNotice[] = [];
      const { err, took } = await failure(
        kind.call({ endpointUrl: endpoint, region: "us-east-1", onRetry: (n) => notices.push(n) }),
      );
      assert.ok(err instanceof EndpointUnreachableError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `${kind.operation} failed: cannot resolve the endpoint ${escapeRegExp(endpoint)} \\(region us-east-1\\): (ENOTFOUND|EAI_AGAIN); check the host name of --endpoint-url`,
        ),
      );
      assert.doesNotMatch(err.message, /region name/);
      assert.deepEqual(notices, [], "a DNS failure is not retried");
      assert.ok(took < 2000, `ended after ${took} ms`);
    });

    it(`${kind.name}: an endpoint that accepts and never answers ends within the response timeout`, async () => {
      isolate();
      const notices: RetryNotice[] = [];
      const { err, took } = await failure(
        kind.call({
          endpointUrl: silent.url,
          region: "us-east-1",
          responseTimeoutSeconds: 1,
          onRetry: (n) => notices.push(n),
        }),
      );
      assert.ok(err instanceof EndpointUnreachableError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `${kind.operation} failed: no answer from the endpoint ${escapeRegExp(silent.url)} \\(region us-east-1\\) within 1s \\(the response timeout\\) after 1 attempt\\(s\\) in 1\\.\\ds; check --endpoint-url and that the endpoint is up, or allow longer with --response-timeout SECONDS or RDSCTL_RESPONSE_TIMEOUT`,
        ),
      );
      assert.deepEqual(notices, [], "an endpoint that never answered is not waited for twice");
      assert.ok(took >= 950 && took < 2500, `ended after ${took} ms`);
    });

    it(`${kind.name}: RDSCTL_RESPONSE_TIMEOUT sets the response timeout when the option does not`, async () => {
      isolate();
      process.env.RDSCTL_RESPONSE_TIMEOUT = "0.5";
      const { err, took } = await failure(
        kind.call({ endpointUrl: silent.url, region: "us-east-1" }),
      );
      assert.ok(err instanceof EndpointUnreachableError, String(err));
      assert.match(err.message, /within 0\.5s \(the response timeout\)/);
      assert.ok(took >= 450 && took < 2000, `ended after ${took} ms`);
    });

    it(`${kind.name}: aborting stops a call waiting on a silent endpoint`, async () => {
      isolate();
      const controller = new AbortController();
      const pending = kind.call({
        endpointUrl: silent.url,
        region: "us-east-1",
        responseTimeoutSeconds: 30,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 300);
      const { err, took } = await failure(pending);
      assert.ok(err instanceof ApplyInterruptedError, String(err));
      assert.match(err.message, /interrupted/);
      // The request on the wire gets its grace (1.2 s) to be answered, then is cut.
      assert.ok(took < 2500, `ended after ${took} ms`);
    });

    it(`${kind.name}: an endpoint that resets every request gets the connect budget, each retry told`, async () => {
      isolate();
      const notices: RetryNotice[] = [];
      const { err, took } = await failure(
        kind.call({
          endpointUrl: resetting.url,
          region: "us-east-1",
          onRetry: (n) => notices.push(n),
        }),
      );
      assert.ok(err instanceof EndpointUnreachableError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `${kind.operation} failed: the endpoint ${escapeRegExp(resetting.url)} \\(region us-east-1\\) closed the connection without answering: ECONNRESET after [2-4] attempt\\(s\\)`,
        ),
      );
      assert.ok(notices.length >= 1 && notices.length <= 3, `${notices.length} retries`);
      for (const n of notices) {
        assert.equal(n.operation, kind.operation);
        assert.equal(n.reason, "ECONNRESET");
        assert.equal(n.maxAttempts, 20);
      }
      assert.ok(took < 8000, `ended after ${took} ms`);
    });
  }

  for (const kind of KINDS) {
    it(`${kind.name}: credentials that never arrive end the call within RDSCTL_CREDENTIALS_TIMEOUT`, async () => {
      isolate();
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      const dir = mkdtempSync(join(tmpdir(), "rdsctl-creds-"));
      process.env.AWS_CONFIG_FILE = join(dir, "config");
      writeFileSync(process.env.AWS_CONFIG_FILE, "[profile hangs]\ncredential_process = sleep 4\n");
      process.env.RDSCTL_CREDENTIALS_TIMEOUT = "1";
      const { err, took } = await failure(
        kind.call({
          profile: "hangs",
          region: "us-east-1",
          endpointUrl: "http://rdsctl-credentials.invalid",
        }),
      );
      assert.ok(err instanceof AwsCallError, String(err));
      assert.match(err.message, /the AWS credentials did not arrive within 1s/);
      assert.ok(took >= 900 && took < 3500, `ended after ${took} ms`);
    });
  }

  it("AssumeRole for a GetCallerIdentity fails as itself, once, naming the role", async () => {
    isolate();
    const endpoint = "http://rdsctl-no-such-host.invalid:4566";
    const { err, took } = await failure(
      callerIdentity({ endpointUrl: endpoint, region: "us-east-1", assumeRoleArn: ROLE }),
    );
    assert.ok(err instanceof EndpointUnreachableError, String(err));
    assert.match(
      err.message,
      new RegExp(`^${escapeRegExp(ROLE)}: AssumeRole failed: cannot resolve the endpoint`),
    );
    assert.ok(took < 2000, `ended after ${took} ms`);
  });
});
