/**
 * `@aws-sdk/client-rds`, loaded with `require`. The package is CommonJS (its
 * `module` build is for bundlers); imported from an ES module, Node compiles
 * its 440 KB entry once to detect the format, lexes it for named exports, then
 * compiles it again. `require` compiles it once. Types come from the package
 * as usual; only these values are loaded this way.
 */
import { createRequire } from "node:module";
import type * as Rds from "@aws-sdk/client-rds";

const sdk = createRequire(import.meta.url)("@aws-sdk/client-rds") as typeof Rds;

export const {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  DescribeOrderableDBInstanceOptionsCommand,
  ModifyDBInstanceCommand,
  PromoteReadReplicaCommand,
  RDSClient,
  RebootDBInstanceCommand,
  RemoveTagsFromResourceCommand,
  paginateDescribeDBEngineVersions,
  paginateDescribeDBInstances,
  paginateDescribeDBParameterGroups,
  paginateDescribeDBSubnetGroups,
  paginateDescribeOptionGroups,
  paginateDescribeOrderableDBInstanceOptions,
} = sdk;
export type RDSClient = Rds.RDSClient;

/** A command class of the SDK by the RDS action it sends. */
type AnyCommand = new (input: Record<string, unknown>) => Parameters<Rds.RDSClient["send"]>[0];

/** The SDK's `${action}Command`, or undefined when the SDK has no such action. */
export function sdkCommand(action: string): AnyCommand | undefined {
  if (!/^[A-Z][A-Za-z]+$/.test(action)) return undefined;
  const found = (sdk as unknown as Record<string, unknown>)[`${action}Command`];
  return typeof found === "function" ? (found as AnyCommand) : undefined;
}
