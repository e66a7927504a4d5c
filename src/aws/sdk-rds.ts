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
  DescribeDBInstancesCommand,
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
