import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type CallScope, callScope } from "../../src/aws/call-scope.js";
import {
  DEFAULT_RESPONSE_TIMEOUT_SECONDS,
  responseTimeoutMs,
} from "../../src/aws/client-config.js";
import { type CallTarget, noAnswerError } from "../../src/aws/transport-errors.js";
import {
  CONNECT_TIMEOUT_MS,
  type EndpointState,
  failureKind,
  guardRetryStrategy,
  isResponseTimeout,
  type RetryStrategyLike,
} from "../../src/aws/transport-guard.js";
import { connectionFlags } from "../../src/cli/connection.js";
import { AwsCallError, EndpointUnreachableError, UsageError } from "../../src/errors.js";
import { restoreEnvAfterEach } from "../helpers/env.js";

const sys = (code: string) => Object.assign(new Error(`getaddrinfo ${code}`), { code });
/** The SDK handler's errors, as @smithy/node-http-handler words them. */
const connectTimeout = () =>
  Object.assign(
    new Error(
      `@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of ${CONNECT_TIMEOUT_MS} ms.`,
    ),
    { name: "TimeoutError" },
  );
const responseTimeout = () =>
  Object.assign(
    new Error(
      "@smithy/node-http-handler - [ERROR] a request has exceeded the configured 60000 ms requestTimeout.",
    ),
    { name: "TimeoutError", code: "ETIMEDOUT" },
  );

function scope(endpoint?: string): CallScope {
  return {
    operation: "DescribeDBInstances",
    startedAt: Date.now(),
    attempts: 1,
    uncertain: false,
    abandonedInFlight: false,
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}

const awsTarget = (region: string): CallTarget => ({
  service: "RDS",
  endpoint: undefined,
  region,
  responseTimeoutMs: 60_000,
});

describe("the advice of a call that got no answer", () => {
  it("a DNS failure of AWS's own endpoint for a listed region blames the network, not the region", () => {
    const err = noAnswerError(
      sys("ENOTFOUND"),
      scope("https://rds.eu-central-1.amazonaws.com"),
      "DescribeDBInstances",
      awsTarget("eu-central-1"),
      false,
    );
    assert.ok(err instanceof EndpointUnreachableError);
    assert.equal(
      err.message,
      "DescribeDBInstances failed: cannot resolve the endpoint https://rds.eu-central-1.amazonaws.com (region eu-central-1): ENOTFOUND; eu-central-1 is an AWS region, so check this machine's network and DNS (offline? a DNS server or proxy that blocks AWS?)",
    );
    assert.equal(err.endpoint, "https://rds.eu-central-1.amazonaws.com");
  });

  it("a region the partition data does not list is named as the thing to check", () => {
    const err = noAnswerError(
      sys("ENOTFOUND"),
      scope("https://rds.mars-north-7.amazonaws.com"),
      "DescribeDBInstances",
      awsTarget("mars-north-7"),
      false,
    );
    assert.match(String(err?.message), /ENOTFOUND; check the region name$/);
  });

  it("an endpoint from a variable names the variable", () => {
    const err = noAnswerError(
      sys("EAI_AGAIN"),
      scope(),
      "GetCallerIdentity",
      {
        service: "STS",
        endpoint: { url: "http://sts.example.invalid", source: "AWS_ENDPOINT_URL_STS" },
        region: "us-east-1",
        responseTimeoutMs: 60_000,
      },
      false,
    );
    assert.equal(
      err?.message,
      "GetCallerIdentity failed: cannot resolve the endpoint http://sts.example.invalid (region us-east-1): EAI_AGAIN; check the host name of AWS_ENDPOINT_URL_STS",
    );
  });

  it("no connection within the connection timeout says so, without blaming a listed region", () => {
    const err = noAnswerError(
      connectTimeout(),
      scope("https://rds.us-east-1.amazonaws.com"),
      "DescribeDBInstances",
      awsTarget("us-east-1"),
      false,
    );
    assert.match(
      String(err?.message),
      /cannot reach the endpoint https:\/\/rds\.us-east-1\.amazonaws\.com \(region us-east-1\): no connection within 2s after 1 attempt\(s\) in 0\.\ds; check the network, a proxy or firewall$/,
    );
  });

  it("a reset of an endpoint that has answered before is an ordinary AWS error, left to the caller", () => {
    const target = awsTarget("us-east-1");
    assert.equal(noAnswerError(sys("ECONNRESET"), scope(), "X", target, true), undefined);
    assert.ok(noAnswerError(sys("ECONNRESET"), scope(), "X", target, false));
    // An answer of any kind is not "no answer".
    const answered = { name: "Throttling", $metadata: { httpStatusCode: 400 } };
    assert.equal(noAnswerError(answered, scope(), "X", target, false), undefined);
    // A response timeout is reported as one whether or not the endpoint answered before.
    assert.match(
      String(noAnswerError(responseTimeout(), scope(), "X", target, true)?.message),
      /no answer from the endpoint \(unknown endpoint\) \(region us-east-1\) within 60s/,
    );
  });

  it("recognises the SDK handler's response timeouts, and only those", () => {
    assert.equal(isResponseTimeout(responseTimeout()), true);
    assert.equal(
      isResponseTimeout(
        Object.assign(
          new Error(
            "@smithy/node-http-handler - the request socket timed out after 5000 ms of inactivity (configured by client requestHandler).",
          ),
          { name: "TimeoutError" },
        ),
      ),
      true,
    );
    assert.equal(isResponseTimeout(connectTimeout()), false);
    assert.equal(isResponseTimeout(sys("ETIMEDOUT")), false);
    assert.equal(failureKind(responseTimeout()), "uncertain");
  });
});

/** A retry strategy that always allows a retry, counting the times it was asked. */
function allowing(): RetryStrategyLike & { asked: number } {
  const token = { getRetryCount: () => 0 };
  return {
    asked: 0,
    acquireInitialRetryToken: async () => token,
    async refreshRetryTokenForRetry() {
      this.asked += 1;
      return token;
    },
    recordSuccess: () => {},
  };
}

async function retried(err: unknown, state: EndpointState): Promise<boolean> {
  const inner = allowing();
  const guarded = guardRetryStrategy(inner, async () => 20, state);
  const token = await guarded.acquireInitialRetryToken("rds");
  return callScope.run(scope(), () =>
    guarded.refreshRetryTokenForRetry(token, { error: err }).then(
      () => true,
      () => false,
    ),
  );
}

describe("what the guard retries", () => {
  it("a timeout of an endpoint that never answered is not waited out twice", async () => {
    assert.equal(await retried(connectTimeout(), { answered: false }), false);
    assert.equal(await retried(responseTimeout(), { answered: false }), false);
  });

  it("once the endpoint has answered, timeouts are retried as usual", async () => {
    assert.equal(await retried(connectTimeout(), { answered: true }), true);
    assert.equal(await retried(responseTimeout(), { answered: true }), true);
  });

  it("a reset of an endpoint that never answered is retried within the connect budget", async () => {
    assert.equal(await retried(sys("ECONNRESET"), { answered: false }), true);
  });

  it("a failure a nested client already reported (AssumeRole's, say) is not retried", async () => {
    const nested = new AwsCallError("arn: AssumeRole failed: ...", "ECONNRESET", {
      cause: sys("ECONNRESET"),
    });
    assert.equal(await retried(nested, { answered: true }), false);
  });
});

describe("the response timeout setting", () => {
  restoreEnvAfterEach(["RDSCTL_RESPONSE_TIMEOUT"]);

  it("option, else RDSCTL_RESPONSE_TIMEOUT, else 60 s", () => {
    delete process.env.RDSCTL_RESPONSE_TIMEOUT;
    assert.equal(DEFAULT_RESPONSE_TIMEOUT_SECONDS, 60);
    assert.equal(responseTimeoutMs({}), 60_000);
    process.env.RDSCTL_RESPONSE_TIMEOUT = "12.5";
    assert.equal(responseTimeoutMs({}), 12_500);
    assert.equal(responseTimeoutMs({ responseTimeoutSeconds: 3 }), 3000);
  });

  it("a value that is not a positive number is refused, naming where it came from", () => {
    for (const bad of ["0", "-1", "soon", " "]) {
      process.env.RDSCTL_RESPONSE_TIMEOUT = bad;
      assert.throws(
        () => responseTimeoutMs({}),
        (e: unknown) => e instanceof UsageError && /RDSCTL_RESPONSE_TIMEOUT/.test(e.message),
      );
    }
  });

  it("--response-timeout sets it; a bad value is a usage error", () => {
    const { options } = connectionFlags({ "response-timeout": "2.5" });
    assert.equal(options.responseTimeoutSeconds, 2.5);
    for (const bad of ["0", "-3", "x", ""]) {
      assert.throws(
        () => connectionFlags({ "response-timeout": bad }),
        /--response-timeout must be a number of seconds above 0/,
      );
    }
  });
});
