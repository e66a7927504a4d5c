import type { RDSClientConfig } from "@aws-sdk/client-rds";
import { assumeRoleCredentials } from "./assume-role.js";
import type { CallOptions } from "./call-scope.js";
import {
  baseCredentials,
  type CommonClientConfig,
  type CredentialsSetting,
  commonClientConfig,
  rdsEndpoint,
} from "./client-config.js";
import { guardedClient } from "./client-factory.js";
import { DESCRIBE_CHUNK, instanceReads, instanceWrites } from "./instance-calls.js";
import { kindCalls } from "./kind-calls.js";
import { type GuardedCall, planReads } from "./plan-reads.js";
import type { ConnectionOptions, RdsApi } from "./rds-api.js";
import { RDSClient } from "./sdk-rds.js";

export { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_MODE, isLoopbackUrl } from "./client-config.js";

/**
 * The credentials of a connection: those found (an emulator's dummy ones
 * against a loopback endpoint with none configured), then the role to assume
 * with them, when there is one.
 */
export function connectionCredentials(options: ConnectionOptions): CredentialsSetting | undefined {
  const base = baseCredentials(options);
  if (options.assumeRoleArn === undefined) return base;
  return assumeRoleCredentials({ ...options, assumeRoleArn: options.assumeRoleArn }, base);
}

/** The RDS client configuration for these options, honouring the SDK's own env vars. */
export async function sdkClientConfig(options: ConnectionOptions): Promise<RDSClientConfig> {
  const config: CommonClientConfig = await commonClientConfig(options, options.endpointUrl);
  const credentials = connectionCredentials(options);
  if (credentials !== undefined) config.credentials = credentials;
  return config as RDSClientConfig;
}

/**
 * The region to use with no explicit one (AWS_REGION, AWS_DEFAULT_REGION,
 * the profile's `region`), or undefined when none is configured.
 */
export async function defaultRegion(profile?: string): Promise<string | undefined> {
  // As the AWS CLI does: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region.
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const probe = new RDSClient(profile === undefined ? {} : { profile });
  try {
    const region = await probe.config.region();
    return region === "" ? undefined : region;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/** Knobs that only tests and benchmarks turn. */
export interface RdsApiTuning {
  /** MaxRecords per DescribeDBInstances page (RDS accepts 20 to 100). Default 100. */
  describePageSize?: number;
  /** Skip the TCP probe of a loopback endpoint, so the SDK's own connection handling is seen. */
  skipProbe?: boolean;
}

/** The RdsApi of createRdsApi: views of one client with other call options. */
export interface SdkRdsApi extends RdsApi {
  withCallOptions(options: CallOptions): SdkRdsApi;
  send(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** An RdsApi over the real `@aws-sdk/client-rds`, built by the client factory. */
export function createRdsApi(options: ConnectionOptions, tuning: RdsApiTuning = {}): SdkRdsApi {
  const guarded = guardedClient(
    {
      service: "RDS",
      endpoint: rdsEndpoint(options),
      credentials: connectionCredentials(options),
      create: (config) => new RDSClient(config as RDSClientConfig),
    },
    options,
    tuning.skipProbe === true ? { skipProbe: true } : {},
  );
  const pageSize = tuning.describePageSize ?? DESCRIBE_CHUNK;

  function view(callOptions: CallOptions): SdkRdsApi {
    const call: GuardedCall = (operation, target, secrets, send, onError) =>
      guarded.call(callOptions, operation, target, secrets, send, onError);
    return {
      withCallOptions: (more) => view({ ...callOptions, ...more }),
      ...planReads(call),
      ...instanceReads(call, pageSize),
      ...instanceWrites(call),
      ...kindCalls(call),
    };
  }

  return view({});
}
