import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  type CreateDBInstanceMessage,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  type ModifyDBInstanceMessage,
  paginateDescribeDBInstances,
  RDSClient,
  type RDSClientConfig,
  RebootDBInstanceCommand,
  RemoveTagsFromResourceCommand,
  type Tag,
} from "@aws-sdk/client-rds";
import { mapBounded } from "../concurrency/bounded.js";
import { AwsCallError } from "../errors.js";
import { assumeRoleCredentials } from "./assume-role.js";
import { probeEndpoint } from "./probe.js";
import type { ConnectionOptions, RdsApi } from "./rds-api.js";
import { sdkErrorCode, toAwsCallError } from "./sdk-errors.js";
import { profileRetrySettings } from "./shared-config.js";

/** The blog used 20 attempts; the SDK's own default (3) gives up too soon for RDS. */
export const DEFAULT_MAX_ATTEMPTS = 20;
export const DEFAULT_RETRY_MODE = "adaptive";
/** DescribeDBInstances accepts at most 100 filter values and 100 records per page. */
const DESCRIBE_CHUNK = 100;
/** Describe chunks in flight at once. */
const DESCRIBE_CONCURRENCY = 4;

/** Credentials an emulator accepts; never valid against AWS. */
const LOCAL_CREDENTIALS = {
  accessKeyId: "AKIDLOCALEMULATOR",
  secretAccessKey: "local-emulator-secret",
};

/** Whether a URL points at this machine (an emulator, typically). */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return (
      host === "localhost" ||
      host === "::1" ||
      host.startsWith("127.") ||
      host.endsWith(".localhost")
    );
  } catch {
    return false;
  }
}

/** The endpoint the client calls: the option, else the SDK's own endpoint variables. */
function endpointOf(options: ConnectionOptions): string | undefined {
  return options.endpointUrl ?? process.env.AWS_ENDPOINT_URL_RDS ?? process.env.AWS_ENDPOINT_URL;
}

/** Whether any credential source the SDK's default chain reads is configured. */
function credentialsConfigured(profile: string | undefined): boolean {
  const env = process.env;
  if (profile !== undefined || env.AWS_PROFILE) return true;
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  ) {
    return true;
  }
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  const credFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials");
  const configFile = env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config");
  return existsSync(credFile) || existsSync(configFile);
}

/** The SDK client configuration for these options, honouring the SDK's own env vars. */
export async function sdkClientConfig(options: ConnectionOptions): Promise<RDSClientConfig> {
  const config: RDSClientConfig = {};
  if (options.region !== undefined) config.region = options.region;
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.endpointUrl !== undefined) config.endpoint = options.endpointUrl;
  // Precedence: flag > env var > the selected profile's setting > rdsctl's default.
  // The SDK reads AWS_MAX_ATTEMPTS / AWS_RETRY_MODE only when no value is passed,
  // so nothing is passed when the variable is set.
  const fromEnv = { attempts: !!process.env.AWS_MAX_ATTEMPTS, mode: !!process.env.AWS_RETRY_MODE };
  const fromProfile =
    (options.maxAttempts === undefined && !fromEnv.attempts) ||
    (options.retryMode === undefined && !fromEnv.mode)
      ? await profileRetrySettings(options.profile)
      : {};
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  else if (!fromEnv.attempts) config.maxAttempts = fromProfile.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (options.retryMode !== undefined) config.retryMode = options.retryMode;
  else if (!fromEnv.mode) config.retryMode = fromProfile.retryMode ?? DEFAULT_RETRY_MODE;

  if (isLoopbackUrl(endpointOf(options))) {
    if (!credentialsConfigured(options.profile)) {
      config.credentials = LOCAL_CREDENTIALS;
    } else {
      // Something is configured; use it, but an emulator must not fail for want of keys.
      const probe = new RDSClient({
        region: options.region ?? "us-east-1",
        profile: options.profile,
      });
      config.credentials = async () => {
        try {
          return await probe.config.credentials();
        } catch {
          return LOCAL_CREDENTIALS;
        }
      };
    }
  }
  if (options.assumeRoleArn !== undefined) {
    // The role is assumed with the credentials found so far (a copy: not itself).
    config.credentials = assumeRoleCredentials(
      { ...options, assumeRoleArn: options.assumeRoleArn },
      { ...config },
    );
  }
  return config;
}

/**
 * The region the SDK would use with no explicit one (AWS_REGION, the
 * profile's `region`), or undefined when none is configured.
 */
export async function defaultRegion(profile?: string): Promise<string | undefined> {
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

function requireInstance(
  db: DBInstance | undefined,
  operation: string,
  id: string | undefined,
): DBInstance {
  if (db === undefined) {
    throw new AwsCallError(`${id ?? "?"}: ${operation} answered without a DBInstance`, undefined);
  }
  return db;
}

function passwordOf(input: {
  MasterUserPassword?: string | undefined;
  TdeCredentialPassword?: string | undefined;
}): string[] {
  return [input.MasterUserPassword, input.TdeCredentialPassword].filter(
    (s): s is string => s !== undefined,
  );
}

/** Knobs that only tests and benchmarks turn. */
export interface RdsApiTuning {
  /** MaxRecords per DescribeDBInstances page (RDS accepts 20 to 100). Default 100. */
  describePageSize?: number;
}

/** An RdsApi over the real `@aws-sdk/client-rds`. */
export function createRdsApi(options: ConnectionOptions, tuning: RdsApiTuning = {}): RdsApi {
  // Built on first use: the profile's retry settings are read asynchronously.
  // A bad setting (UsageError) then fails every call, before anything is sent.
  let built: Promise<RDSClient> | undefined;
  function sdkClient(): Promise<RDSClient> {
    built ??= sdkClientConfig(options).then((config) => new RDSClient(config));
    return built;
  }
  const pageSize = tuning.describePageSize ?? DESCRIBE_CHUNK;
  const endpoint = endpointOf(options);
  const loopback = isLoopbackUrl(endpoint) ? endpoint : undefined;
  let reachable: Promise<void> | undefined;

  /**
   * Before the first call to a loopback endpoint, one TCP probe: with nothing
   * listening the SDK would retry ECONNREFUSED for minutes. Remote endpoints
   * keep the SDK's retries. A failed probe is not remembered, so a later call
   * probes again.
   */
  function ensureReachable(): Promise<void> {
    if (loopback === undefined) return Promise.resolve();
    reachable ??= probeEndpoint(loopback).catch((err: unknown) => {
      reachable = undefined;
      throw err;
    });
    return reachable;
  }

  /** Every instance of one chunk of ids, following Marker page after page. */
  async function describeChunk(client: RDSClient, ids: string[]): Promise<DBInstance[]> {
    const pages = paginateDescribeDBInstances(
      { client, pageSize },
      { Filters: [{ Name: "db-instance-id", Values: ids }] },
    );
    const out: DBInstance[] = [];
    try {
      for await (const page of pages) out.push(...(page.DBInstances ?? []));
    } catch (err) {
      const what = ids.length === 1 ? ids[0] : `${ids.length} instances (${ids[0]}, ...)`;
      throw toAwsCallError(err, "DescribeDBInstances", what);
    }
    return out;
  }

  return {
    async describeInstances(ids: string[]): Promise<DBInstance[]> {
      const client = await sdkClient();
      await ensureReachable();
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += DESCRIBE_CHUNK)
        chunks.push(unique.slice(i, i + DESCRIBE_CHUNK));
      const pages = await mapBounded(chunks, DESCRIBE_CONCURRENCY, (chunk) =>
        describeChunk(client, chunk),
      );
      return pages.flat();
    },

    async describeInstance(id: string): Promise<DBInstance | undefined> {
      const client = await sdkClient();
      await ensureReachable();
      try {
        const out = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
        return out.DBInstances?.[0];
      } catch (err) {
        const code = sdkErrorCode(err);
        if (code === "DBInstanceNotFound" || code === "DBInstanceNotFoundFault") return undefined;
        throw toAwsCallError(err, "DescribeDBInstances", id);
      }
    },

    async createInstance(input: CreateDBInstanceMessage): Promise<DBInstance> {
      const client = await sdkClient();
      await ensureReachable();
      const out = await client.send(new CreateDBInstanceCommand(input)).catch((err: unknown) => {
        throw toAwsCallError(
          err,
          "CreateDBInstance",
          input.DBInstanceIdentifier,
          passwordOf(input),
        );
      });
      return requireInstance(out.DBInstance, "CreateDBInstance", input.DBInstanceIdentifier);
    },

    async modifyInstance(input: ModifyDBInstanceMessage): Promise<DBInstance> {
      const client = await sdkClient();
      await ensureReachable();
      const out = await client.send(new ModifyDBInstanceCommand(input)).catch((err: unknown) => {
        throw toAwsCallError(
          err,
          "ModifyDBInstance",
          input.DBInstanceIdentifier,
          passwordOf(input),
        );
      });
      return requireInstance(out.DBInstance, "ModifyDBInstance", input.DBInstanceIdentifier);
    },

    async rebootInstance(id: string): Promise<DBInstance> {
      const client = await sdkClient();
      await ensureReachable();
      const out = await client
        .send(new RebootDBInstanceCommand({ DBInstanceIdentifier: id }))
        .catch((err: unknown) => {
          throw toAwsCallError(err, "RebootDBInstance", id);
        });
      return requireInstance(out.DBInstance, "RebootDBInstance", id);
    },

    async addTags(arn: string, tags: Tag[]): Promise<void> {
      const client = await sdkClient();
      await ensureReachable();
      await client
        .send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tags }))
        .catch((err: unknown) => {
          throw toAwsCallError(err, "AddTagsToResource", arn);
        });
    },

    async removeTags(arn: string, keys: string[]): Promise<void> {
      const client = await sdkClient();
      await ensureReachable();
      await client
        .send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: keys }))
        .catch((err: unknown) => {
          throw toAwsCallError(err, "RemoveTagsFromResource", arn);
        });
    },
  };
}
