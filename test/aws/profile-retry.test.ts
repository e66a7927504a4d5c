import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RDSClient } from "@aws-sdk/client-rds";
import { createRdsApi, DEFAULT_MAX_ATTEMPTS, sdkClientConfig } from "../../src/aws/client.js";
import { profileRetrySettings } from "../../src/aws/shared-config.js";
import { UsageError } from "../../src/errors.js";
import { restoreEnvAfterEach } from "../helpers/env.js";

const ENV_KEYS = [
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
  "AWS_PROFILE",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_RDS",
] as const;
restoreEnvAfterEach(ENV_KEYS);

const CONFIG = `# shared config
[default]
region = eu-west-1
max_attempts = 6

[profile slow]
retry_mode = standard   ; the team's choice
max_attempts=9
s3 =
  max_attempts = 99

[sso-session corp]
max_attempts = 42

[profile half]
retry_mode = adaptive
`;

/** A temp config file, selected through AWS_CONFIG_FILE; nothing else AWS-related in the environment. */
function useConfig(text: string, set: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}) {
  for (const k of ENV_KEYS) delete process.env[k];
  const path = join(mkdtempSync(join(tmpdir(), "rdsctl-config-")), "config");
  writeFileSync(path, text);
  process.env.AWS_CONFIG_FILE = path;
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/rdsctl-test/credentials";
  Object.assign(process.env, set);
  return path;
}

describe("the shared config reader", () => {
  it("reads [default] and [profile x], skipping comments, nested settings and other sections", async () => {
    useConfig(CONFIG);
    // The inline comment is not part of the value, and the nested s3 max_attempts (99) is not the profile's.
    assert.deepEqual(await profileRetrySettings("slow"), { retryMode: "standard", maxAttempts: 9 });
    assert.deepEqual(await profileRetrySettings("default"), { maxAttempts: 6 });
    assert.deepEqual(await profileRetrySettings(undefined), { maxAttempts: 6 });
    assert.deepEqual(await profileRetrySettings("half"), { retryMode: "adaptive" });
    // [sso-session corp] is not a profile: its max_attempts (42) is read for no name.
    assert.deepEqual(await profileRetrySettings("corp"), {});
    assert.deepEqual(await profileRetrySettings("sso-session corp"), {});
  });

  it("a missing file or profile gives nothing", async () => {
    useConfig(CONFIG);
    assert.deepEqual(await profileRetrySettings("nobody"), {});
    process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
    assert.deepEqual(await profileRetrySettings(undefined), {});
  });

  it("a value the SDK would refuse is a usage error naming the file and profile", async () => {
    const path = useConfig("[profile bad]\nmax_attempts = many\n");
    await assert.rejects(
      () => profileRetrySettings("bad"),
      (e: unknown) =>
        e instanceof UsageError && e.message.includes(path) && e.message.includes('"bad"'),
    );
  });

  it("a client for such a profile fails every call with that usage error, sending nothing", async () => {
    useConfig("[profile bad]\nretry_mode = fast\n");
    // Port 9 (discard) on loopback: were anything sent or probed, the error would be a connection one.
    const api = createRdsApi({
      profile: "bad",
      region: "us-east-1",
      endpointUrl: "http://127.0.0.1:9",
    });
    for (const call of [() => api.describeInstances(["a"]), () => api.describeInstance("a")]) {
      await assert.rejects(
        call,
        (e: unknown) => e instanceof UsageError && /retry_mode/.test(e.message),
      );
    }
  });
});

describe("retry settings precedence: flag > env var > profile > rdsctl default", () => {
  it("the selected profile's settings beat rdsctl's defaults", async () => {
    useConfig(CONFIG);
    const config = await sdkClientConfig({ profile: "slow" });
    assert.equal(config.maxAttempts, 9);
    assert.equal(config.retryMode, "standard");
  });

  it("AWS_PROFILE selects the profile, and [default] applies when none is named", async () => {
    useConfig(CONFIG, { AWS_PROFILE: "slow" });
    assert.equal((await sdkClientConfig({})).maxAttempts, 9);
    useConfig(CONFIG);
    const config = await sdkClientConfig({});
    assert.equal(config.maxAttempts, 6);
    assert.equal(config.retryMode, "adaptive", "default has no retry_mode: rdsctl's default");
  });

  it("a key the profile lacks falls back to rdsctl's default", async () => {
    useConfig(CONFIG);
    const config = await sdkClientConfig({ profile: "half" });
    assert.equal(config.maxAttempts, DEFAULT_MAX_ATTEMPTS);
    assert.equal(config.retryMode, "adaptive");
  });

  it("env vars beat the profile (the SDK reads them), flags beat both", async () => {
    useConfig(CONFIG, { AWS_MAX_ATTEMPTS: "4" });
    const fromEnv = await sdkClientConfig({ profile: "slow" });
    assert.equal(fromEnv.maxAttempts, undefined);
    assert.equal(fromEnv.retryMode, "standard", "only the variable that is set is left to the SDK");
    const fromFlag = await sdkClientConfig({
      profile: "slow",
      maxAttempts: 2,
      retryMode: "adaptive",
    });
    assert.equal(fromFlag.maxAttempts, 2);
    assert.equal(fromFlag.retryMode, "adaptive");
  });

  it("the SDK client built from it retries as the profile says", async () => {
    useConfig(CONFIG);
    const client = new RDSClient({
      region: "us-east-1",
      ...(await sdkClientConfig({ profile: "slow" })),
    });
    try {
      assert.equal(await client.config.maxAttempts(), 9);
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      assert.equal(strategy.mode, "standard");
    } finally {
      client.destroy();
    }
  });
});
