import type { EC2ClientConfig } from "@aws-sdk/client-ec2";
import type { KMSClientConfig } from "@aws-sdk/client-kms";
import { ApplyInterruptedError } from "../errors.js";
import { connectionCredentials } from "./client.js";
import { type CommonClientConfig, endpointSetting } from "./client-config.js";
import { type GuardedClient, guardedClient } from "./client-factory.js";
import type { ConnectionOptions } from "./rds-api.js";
import { advisoryFailure, httpStatus, iamAction } from "./sdk-errors.js";

/**
 * The account's own choices `export` leaves out (docs/commands.md): which KMS
 * keys are the region's AWS managed `aws/rds` and `aws/secretsmanager` keys
 * (KMS ListAliases), and which security group is the default one of a VPC
 * (EC2 DescribeSecurityGroups, group-name `default`). Both reads are
 * advisory: denied, not served, unanswered or unreachable, the check is
 * reported as not made and nothing else changes. Only an interrupt stops.
 * The SDK clients are loaded on first use, each only when asked for.
 */

/** Attempts per read: a 5xx is tried once more, then the check is reported as not made. */
const ATTEMPTS = 2;

/** What to find out; nothing is called for what is not asked. */
export interface AccountDefaultsAsk {
  /** Whether an exported instance has a KMS key. */
  keys: boolean;
  /** The VPCs of the exported instances that have security groups. */
  vpcIds: readonly string[];
}

/** A check that could not be made, and why. */
export interface UncheckedDefault {
  check: "kms-key" | "security-group";
  why: string;
}

/** What the reads found. A member is absent when its check was not asked or not made. */
export interface AccountDefaultsFound {
  /** Key id of `alias/aws/rds` (null: the account has no such key yet). */
  rdsKey?: string | null;
  /** Key id of `alias/aws/secretsmanager` (null: none yet). */
  secretsKey?: string | null;
  /** The default security group of each VPC asked (VPC id -> group id). */
  defaultSecurityGroups?: Record<string, string>;
  unchecked: UncheckedDefault[];
}

/** Where a service's calls go: the endpoint given, else its variable, else RDS's (an emulator answers that it does not serve them). */
function endpointFor(options: ConnectionOptions, service: "KMS" | "EC2") {
  return endpointSetting(options, [
    `AWS_ENDPOINT_URL_${service}`,
    "AWS_ENDPOINT_URL_RDS",
    "AWS_ENDPOINT_URL",
  ]);
}

/** An answer the SDK could not read: another service's (an RDS emulator's XML to a JSON call). */
const UNREADABLE = /Deserialization error|is not valid JSON|Unexpected token/;

/** Why a read gave nothing, for the note; an interrupt is not a reason, it stops. */
function whyNot(service: string, operation: string, err: unknown): string {
  if (err instanceof ApplyInterruptedError) throw err;
  const failure = advisoryFailure(err);
  if (failure?.kind === "denied") return `${iamAction(operation)} was denied: ${failure.code}`;
  if (failure?.kind === "not-served")
    return `the endpoint does not serve ${operation}: ${failure.code}`;
  if (failure?.kind === "unavailable") return `${operation} did not answer: ${failure.code}`;
  const message = err instanceof Error ? err.message : String(err);
  if (UNREADABLE.test(message)) {
    const status = httpStatus(err);
    return `the endpoint's answer to ${operation} is not ${service}'s${status === undefined ? "" : `: HTTP ${status}`}`;
  }
  // rdsctl's own message (no answer, no credentials...), its first line.
  return message.split("\n")[0] ?? message;
}

async function destroy(client: GuardedClient<{ destroy(): void }>): Promise<void> {
  const built = await client.client().catch(() => undefined);
  built?.destroy();
}

/** The key ids of the AWS managed `aws/rds` and `aws/secretsmanager` aliases (null: none). */
async function managedKeys(
  options: ConnectionOptions,
): Promise<{ rdsKey: string | null; secretsKey: string | null }> {
  const kms = await import("./sdk-kms.js");
  const guarded = guardedClient(
    {
      service: "KMS",
      endpoint: endpointFor(options, "KMS"),
      credentials: connectionCredentials(options),
      passEndpoint: true,
      create: (config: CommonClientConfig) => new kms.KMSClient(config as KMSClientConfig),
    },
    options,
  );
  try {
    return await guarded.call({}, "ListAliases", undefined, [], async (client, abortSignal) => {
      const found = new Map<string, string>();
      const pages = kms.paginateListAliases(
        { client, pageSize: 100 },
        {},
        ...(abortSignal === undefined ? [] : [{ abortSignal }]),
      );
      for await (const page of pages) {
        for (const a of page.Aliases ?? []) {
          if (a.AliasName !== undefined && a.TargetKeyId !== undefined)
            found.set(a.AliasName, a.TargetKeyId.toLowerCase());
        }
        if (found.has("alias/aws/rds") && found.has("alias/aws/secretsmanager")) break;
      }
      return {
        rdsKey: found.get("alias/aws/rds") ?? null,
        secretsKey: found.get("alias/aws/secretsmanager") ?? null,
      };
    });
  } finally {
    await destroy(guarded);
  }
}

/** The default security group of each VPC (VPC id -> group id). */
async function defaultGroups(
  options: ConnectionOptions,
  vpcIds: readonly string[],
): Promise<Record<string, string>> {
  const ec2 = await import("./sdk-ec2.js");
  const guarded = guardedClient(
    {
      service: "EC2",
      endpoint: endpointFor(options, "EC2"),
      credentials: connectionCredentials(options),
      passEndpoint: true,
      create: (config: CommonClientConfig) => new ec2.EC2Client(config as EC2ClientConfig),
    },
    options,
  );
  try {
    return await guarded.call(
      {},
      "DescribeSecurityGroups",
      "default",
      [],
      async (client, abortSignal) => {
        const out: Record<string, string> = {};
        const pages = ec2.paginateDescribeSecurityGroups(
          { client, pageSize: 1000 },
          {
            Filters: [
              { Name: "group-name", Values: ["default"] },
              { Name: "vpc-id", Values: [...vpcIds] },
            ],
          },
          ...(abortSignal === undefined ? [] : [{ abortSignal }]),
        );
        for await (const page of pages) {
          for (const g of page.SecurityGroups ?? []) {
            if (g.GroupName === "default" && g.VpcId !== undefined && g.GroupId !== undefined)
              out[g.VpcId] = g.GroupId;
          }
        }
        return out;
      },
    );
  } finally {
    await destroy(guarded);
  }
}

/**
 * The account's defaults `ask` needs, read in `options.region` (the region
 * the instances were read in): ListAliases only when there is a key, one
 * DescribeSecurityGroups only when there are VPCs, side by side.
 */
export async function readAccountDefaults(
  connection: ConnectionOptions,
  ask: AccountDefaultsAsk,
): Promise<AccountDefaultsFound> {
  const options: ConnectionOptions = { ...connection, maxAttempts: ATTEMPTS };
  const vpcIds = [...new Set(ask.vpcIds)].sort();
  const unchecked: UncheckedDefault[] = [];
  const [keys, groups] = await Promise.all([
    ask.keys
      ? managedKeys(options).catch((err: unknown) => {
          unchecked.push({ check: "kms-key", why: whyNot("KMS", "ListAliases", err) });
          return undefined;
        })
      : undefined,
    vpcIds.length > 0
      ? defaultGroups(options, vpcIds).catch((err: unknown) => {
          unchecked.push({
            check: "security-group",
            why: whyNot("EC2", "DescribeSecurityGroups", err),
          });
          return undefined;
        })
      : undefined,
  ]);
  unchecked.sort((a, b) => (a.check < b.check ? -1 : 1));
  return {
    ...(keys === undefined ? {} : keys),
    ...(groups === undefined ? {} : { defaultSecurityGroups: groups }),
    unchecked,
  };
}
