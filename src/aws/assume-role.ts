import type { STSClientConfig } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { ConnectionOptions } from "./rds-api.js";
import { toAwsCallError } from "./sdk-errors.js";
import { AssumeRoleCommand, STSClient } from "./sdk-sts.js";

/** Assumed credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Where STS calls go: the endpoint given for RDS (`--endpoint-url`, `--local`),
 * else `AWS_ENDPOINT_URL_STS`, else an `AWS_ENDPOINT_URL_RDS` (an emulator
 * answers both), else the SDK's choice (`AWS_ENDPOINT_URL`, then AWS's own).
 */
export function stsEndpoint(options: ConnectionOptions): string | undefined {
  const env = process.env;
  return options.endpointUrl ?? env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL_RDS;
}

/** The STS client configuration that goes with an RDS client configuration. */
export function stsClientConfig(
  options: ConnectionOptions,
  base: {
    region?: unknown;
    profile?: string | undefined;
    credentials?: unknown;
    maxAttempts?: unknown;
    retryMode?: unknown;
  },
): STSClientConfig {
  const config: STSClientConfig = {};
  if (options.region !== undefined) config.region = options.region;
  if (base.profile !== undefined) config.profile = base.profile;
  if (base.credentials !== undefined)
    config.credentials = base.credentials as STSClientConfig["credentials"];
  if (typeof base.maxAttempts === "number") config.maxAttempts = base.maxAttempts;
  if (typeof base.retryMode === "string") config.retryMode = base.retryMode;
  const endpoint = stsEndpoint(options);
  if (endpoint !== undefined) config.endpoint = endpoint;
  return config;
}

/**
 * Credentials of `options.assumeRoleArn`, assumed with the base credentials
 * (the profile's, the environment's, or an emulator's dummy ones) and renewed
 * shortly before they expire.
 */
export function assumeRoleCredentials(
  options: ConnectionOptions & { assumeRoleArn: string },
  base: Parameters<typeof stsClientConfig>[1],
): AwsCredentialIdentityProvider {
  let client: STSClient | undefined;
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expires = 0;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    client ??= new STSClient(stsClientConfig(options, base));
    const input = {
      RoleArn: options.assumeRoleArn,
      RoleSessionName: `rdsctl-${Date.now()}`,
      ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
    };
    const out = await client.send(new AssumeRoleCommand(input)).catch((err: unknown) => {
      throw toAwsCallError(err, "AssumeRole", options.assumeRoleArn);
    });
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw toAwsCallError(
        new Error("AssumeRole answered without credentials"),
        "AssumeRole",
        options.assumeRoleArn,
      );
    }
    expires = c.Expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
      ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
    };
  };
  return () => {
    if (current === undefined || Date.now() > expires - RENEW_BEFORE_MS) {
      current = assume().catch((err: unknown) => {
        current = undefined;
        throw err;
      });
    }
    return current;
  };
}
