import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RDSClient } from "@aws-sdk/client-rds";
import { DEFAULT_MAX_ATTEMPTS, sdkClientConfig } from "../../src/aws/client.js";
import { parseSharedConfig, profileRetrySettings } from "../../src/aws/shared-config.js";
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
  it("reads [default] and [profile x], skipping comments, nested settings and other sections", () => {
    const profiles = parseSharedConfig(CONFIG);
    assert.deepEqual([...profiles.keys()], ["default", "slow", "half"]);
    assert.deepEqual(Object.fromEntries(profiles.get("slow") ?? []), {
      retry_mode: "standard",
      max_attempts: "9",
      s3: "",
    });
    assert.equal(profiles.get("default")?.get("max_attempts"), "6");
  });

  it("a missing file or profile gives nothing", () => {
    useConfig(CONFIG);
    assert.deepEqual(profileRetrySettings("nobody"), {});
    process.env.AWS_CONFIG_FILE = "/nonexistent/rdsctl-test/config";
    assert.deepEqual(profileRetrySettings(undefined), {});
  });

  it("a value the SDK would refuse is a usage error naming the file and profile", () => {
    const path = useConfig("[profile bad]\nmax_attempts = many\n");
    assert.throws(
      () => profileRetrySettings("bad"),
      (e: unknown) =>
        e instanceof UsageError && e.message.includes(path) && e.message.includes('"bad"'),
    );
  });
});

describe("retry settings precedence: flag > env var > profile > rdsctl default", () => {
  it("the selected profile's settings beat rdsctl's defaults", () => {
    useConfig(CONFIG);
    const config = sdkClientConfig({ profile: "slow" });
    assert.equal(config.maxAttempts, 9);
    assert.equal(config.retryMode, "standard");
  });

  it("AWS_PROFILE selects the profile, and [default] applies when none is named", () => {
    useConfig(CONFIG, { AWS_PROFILE: "slow" });
    assert.equal(sdkClientConfig({}).maxAttempts, 9);
    useConfig(CONFIG);
    const config = sdkClientConfig({});
    assert.equal(config.maxAttempts, 6);
    assert.equal(config.retryMode, "adaptive", "default has no retry_mode: rdsctl's default");
  });

  it("a key the profile lacks falls back to rdsctl's default", () => {
    useConfig(CONFIG);
    const config = sdkClientConfig({ profile: "half" });
    assert.equal(config.maxAttempts, DEFAULT_MAX_ATTEMPTS);
    assert.equal(config.retryMode, "adaptive");
  });

  it("env vars beat the profile (the SDK reads them), flags beat both", () => {
    useConfig(CONFIG, { AWS_MAX_ATTEMPTS: "4" });
    const fromEnv = sdkClientConfig({ profile: "slow" });
    assert.equal(fromEnv.maxAttempts, undefined);
    assert.equal(fromEnv.retryMode, "standard", "only the variable that is set is left to the SDK");
    const fromFlag = sdkClientConfig({ profile: "slow", maxAttempts: 2, retryMode: "adaptive" });
    assert.equal(fromFlag.maxAttempts, 2);
    assert.equal(fromFlag.retryMode, "adaptive");
  });

  it("the SDK client built from it retries as the profile says", async () => {
    useConfig(CONFIG);
    const client = new RDSClient({ region: "us-east-1", ...sdkClientConfig({ profile: "slow" }) });
    try {
      assert.equal(await client.config.maxAttempts(), 9);
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      assert.equal(strategy.mode, "standard");
    } finally {
      client.destroy();
    }
  });
});
