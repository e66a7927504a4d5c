import type { STSClient, STSClientConfig } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import {
  type CommonClientConfig,
  type CredentialsSetting,
  type EndpointSetting,
  endpointSetting,
} from "./client-config.js";
import { type ClientSetup, type GuardedClient, guardedClient } from "./client-factory.js";
import type { ConnectionOptions } from "./rds-api.js";
import { toAwsCallError } from "./sdk-errors.js";

/** Assumed credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Where STS calls go: the endpoint given for RDS (`--endpoint-url`, `--local`),
 * else `AWS_ENDPOINT_URL_STS`, else an `AWS_ENDPOINT_URL_RDS` (an emulator
 * answers both), else `AWS_ENDPOINT_URL`, else AWS's own for the region.
 */
export function stsEndpoint(options: ConnectionOptions): EndpointSetting | undefined {
  return endpointSetting(options, [
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_RDS",
    "AWS_ENDPOINT_URL",
  ]);
}

/** The STS module, loaded on first use: a run that needs no STS call does not pay for it. */
function loadSts(): Promise<typeof import("./sdk-sts.js")> {
  return import("./sdk-sts.js");
}

/**
 * A guarded STS client for these options (see client-factory.ts), with the
 * given credentials (undefined: the SDK's chain). The module must be loaded.
 */
export function stsClient(
  sts: typeof import("./sdk-sts.js"),
  options: ConnectionOptions,
  credentials: CredentialsSetting | undefined,
): GuardedClient<STSClient> {
  const setup: ClientSetup<STSClient> = {
    service: "STS",
    endpoint: stsEndpoint(options),
    credentials,
    passEndpoint: true,
    create: (config: CommonClientConfig) => new sts.STSClient(config as STSClientConfig),
  };
  return guardedClient(setup, options);
}

/**
 * Credentials of `options.assumeRoleArn`, assumed with the base credentials
 * (the profile's, the environment's, or an emulator's dummy ones) and renewed
 * shortly before they expire. The STS call is guarded as every other call;
 * made for an RDS call's credentials, it stops with that call's signal.
 */
export function assumeRoleCredentials(
  options: ConnectionOptions & { assumeRoleArn: string },
  base: CredentialsSetting | undefined,
): AwsCredentialIdentityProvider {
  let client: GuardedClient<STSClient> | undefined;
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expires = 0;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const sts = await loadSts();
    client ??= stsClient(sts, options, base);
    const input = {
      RoleArn: options.assumeRoleArn,
      RoleSessionName: `rdsctl-${Date.now()}`,
      ...(options.externalId === undefined ? {} : { ExternalId: options.externalId }),
    };
    const out = await client.call({}, "AssumeRole", options.assumeRoleArn, [], (c, abortSignal) =>
      c.send(new sts.AssumeRoleCommand(input), abortSignal === undefined ? {} : { abortSignal }),
    );
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
