import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_MODE,
  isLoopbackUrl,
  sdkClientConfig,
} from "../../src/aws/client.js";
import { restoreEnvAfterEach } from "../helpers/env.js";

const ENV_KEYS = [
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
  "AWS_ENDPOINT_URL_RDS",
  "AWS_ENDPOINT_URL",
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
] as const;
restoreEnvAfterEach(ENV_KEYS);

function isolateEnv(set: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}): void {
  for (const k of ENV_KEYS) delete process.env[k];
  // Point the shared files somewhere empty so the machine's own ~/.aws does not leak in.
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/rdsctl-test/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
  Object.assign(process.env, set);
}

describe("sdkClientConfig", () => {
  it("defaults to adaptive retries with 20 attempts", async () => {
    isolateEnv();
    const config = await sdkClientConfig({ region: "eu-west-1" });
    assert.equal(config.maxAttempts, DEFAULT_MAX_ATTEMPTS);
    assert.equal(DEFAULT_MAX_ATTEMPTS, 20);
    assert.equal(config.retryMode, DEFAULT_RETRY_MODE);
    assert.equal(config.retryMode, "adaptive");
    assert.equal(config.region, "eu-west-1");
  });

  it("leaves retries to the SDK when AWS_MAX_ATTEMPTS / AWS_RETRY_MODE are set", async () => {
    isolateEnv({ AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "standard" });
    const config = await sdkClientConfig({});
    assert.equal(config.maxAttempts, undefined);
    assert.equal(config.retryMode, undefined);
  });

  it("lets explicit options win over both", async () => {
    isolateEnv({ AWS_MAX_ATTEMPTS: "7" });
    const config = await sdkClientConfig({ maxAttempts: 3, retryMode: "standard" });
    assert.equal(config.maxAttempts, 3);
    assert.equal(config.retryMode, "standard");
  });

  it("passes region, profile and endpoint through, and nothing when they are absent", async () => {
    isolateEnv();
    const config = await sdkClientConfig({
      profile: "ops",
      endpointUrl: "https://rds.example.test",
    });
    assert.equal(config.profile, "ops");
    assert.equal(config.endpoint, "https://rds.example.test");
    assert.equal("region" in config, false);
    assert.equal(config.credentials, undefined, "a non-loopback endpoint uses the SDK's chain");
  });

  it("uses placeholder credentials for a loopback endpoint when none are configured", async () => {
    isolateEnv();
    const config = await sdkClientConfig({ endpointUrl: "http://127.0.0.1:4566" });
    assert.equal(typeof config.credentials, "object");
  });

  it("also for a loopback AWS_ENDPOINT_URL_RDS", async () => {
    isolateEnv({ AWS_ENDPOINT_URL_RDS: "http://localhost:4566" });
    const config = await sdkClientConfig({});
    assert.equal(config.endpoint, undefined, "the SDK reads the variable itself");
    assert.equal(typeof config.credentials, "object");
  });

  it("keeps configured credentials first even against a loopback endpoint", async () => {
    isolateEnv({ AWS_ACCESS_KEY_ID: "AKIDFROMENV", AWS_SECRET_ACCESS_KEY: "from-env" });
    const config = await sdkClientConfig({
      endpointUrl: "http://127.0.0.1:4566",
      region: "us-east-1",
    });
    assert.equal(typeof config.credentials, "function");
    const creds = await (config.credentials as () => Promise<{ accessKeyId: string }>)();
    assert.equal(creds.accessKeyId, "AKIDFROMENV");
  });

  it("falls back to placeholder credentials when the configured source yields none", async () => {
    isolateEnv({ AWS_PROFILE: "no-such-profile" });
    const config = await sdkClientConfig({
      endpointUrl: "http://127.0.0.1:4566",
      region: "us-east-1",
    });
    const creds = await (config.credentials as () => Promise<{ accessKeyId: string }>)();
    assert.equal(creds.accessKeyId, "AKIDLOCALEMULATOR");
  });
});

describe("isLoopbackUrl", () => {
  it("recognises loopback hosts only", () => {
    assert.equal(isLoopbackUrl("http://127.0.0.1:4566"), true);
    assert.equal(isLoopbackUrl("http://127.1.2.3"), true);
    assert.equal(isLoopbackUrl("http://localhost:1234/"), true);
    assert.equal(isLoopbackUrl("http://[::1]:4566"), true);
    assert.equal(isLoopbackUrl("https://rds.us-east-1.amazonaws.com"), false);
    assert.equal(isLoopbackUrl("http://10.0.0.1"), false);
    assert.equal(isLoopbackUrl("not a url"), false);
    assert.equal(isLoopbackUrl(undefined), false);
  });
});
