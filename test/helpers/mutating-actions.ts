/**
 * The RDS actions that change something. Kept apart from emulator.ts so that
 * code outside the test runner (the benchmarks) can use it without loading
 * node:test.
 */
export const MUTATING_ACTIONS: ReadonlySet<string> = new Set([
  "CreateDBInstance",
  "CreateDBInstanceReadReplica",
  "PromoteReadReplica",
  "ModifyDBInstance",
  "RebootDBInstance",
  "AddTagsToResource",
  "RemoveTagsFromResource",
  "CreateDBSnapshot",
  "DeleteDBInstance",
  "CreateDBParameterGroup",
  "ModifyDBParameterGroup",
  "ResetDBParameterGroup",
  "DeleteDBParameterGroup",
  "CreateDBSubnetGroup",
  "ModifyDBSubnetGroup",
  "DeleteDBSubnetGroup",
  "StartDBInstance",
  "StopDBInstance",
]);
