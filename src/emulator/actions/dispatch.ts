import type { QueryParams } from "../http/query.js";
import { cachedInstanceXml, instanceXml } from "../http/render.js";
import { el } from "../http/xml.js";
import type { Ctx } from "../state/context.js";
import type { Instance } from "../state/model.js";
import { createDBInstance } from "./create.js";
import { createDBInstanceReadReplica } from "./create-replica.js";
import { describeDBEngineVersions } from "./engine-versions.js";
import { describeEvents } from "./events.js";
import {
  createDBParameterGroup,
  createDBSubnetGroup,
  createOptionGroup,
  deleteDBParameterGroup,
  deleteDBSubnetGroup,
  describeDBParameterGroups,
  describeDBSubnetGroups,
  describeOptionGroups,
  modifyDBSubnetGroup,
} from "./groups.js";
import {
  deleteDBInstance,
  describeDBInstances,
  rebootDBInstance,
  startDBInstance,
  stopDBInstance,
} from "./instances.js";
import { modifyDBInstance } from "./modify.js";
import { describeOrderableDBInstanceOptions } from "./orderable.js";
import {
  describeDBParameters,
  describeEngineDefaultParameters,
  modifyDBParameterGroup,
  resetDBParameterGroup,
} from "./parameters.js";
import { promoteReadReplica } from "./promote.js";
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from "./tags.js";

interface Action {
  /** Result element content, or undefined for actions that answer only ResponseMetadata. */
  run(ctx: Ctx, q: QueryParams): string | undefined;
  /** Whether the action changes state (and so the state file is rewritten). */
  mutates: boolean;
  /** Whether the action reads the parameter catalogue, loaded before it runs. */
  catalogue?: true;
}

const one =
  (fn: (ctx: Ctx, q: QueryParams) => Instance) =>
  (ctx: Ctx, q: QueryParams): string =>
    instanceXml(ctx, fn(ctx, q));

const TABLE: Record<string, Action> = {
  CreateDBInstance: { run: one(createDBInstance), mutates: true },
  CreateDBInstanceReadReplica: { run: one(createDBInstanceReadReplica), mutates: true },
  ModifyDBInstance: { run: one(modifyDBInstance), mutates: true },
  DeleteDBInstance: { run: one(deleteDBInstance), mutates: true },
  RebootDBInstance: { run: one(rebootDBInstance), mutates: true },
  StartDBInstance: { run: one(startDBInstance), mutates: true },
  StopDBInstance: { run: one(stopDBInstance), mutates: true },
  PromoteReadReplica: { run: one(promoteReadReplica), mutates: true },
  DescribeDBInstances: {
    run: (ctx, q) => {
      const page = describeDBInstances(ctx, q);
      let out = el("Marker", page.marker);
      if (page.instances.length === 0) return `${out}<DBInstances/>`;
      out += "<DBInstances>";
      for (const inst of page.instances) out += cachedInstanceXml(ctx, inst);
      return `${out}</DBInstances>`;
    },
    mutates: false,
  },
  AddTagsToResource: { run: addTagsToResource, mutates: true },
  RemoveTagsFromResource: { run: removeTagsFromResource, mutates: true },
  ListTagsForResource: { run: listTagsForResource, mutates: false },
  CreateDBParameterGroup: { run: createDBParameterGroup, mutates: true },
  DescribeDBParameterGroups: { run: describeDBParameterGroups, mutates: false },
  DeleteDBParameterGroup: { run: deleteDBParameterGroup, mutates: true },
  ModifyDBParameterGroup: { run: modifyDBParameterGroup, mutates: true, catalogue: true },
  ResetDBParameterGroup: { run: resetDBParameterGroup, mutates: true, catalogue: true },
  DescribeDBParameters: { run: describeDBParameters, mutates: false, catalogue: true },
  DescribeEngineDefaultParameters: {
    run: describeEngineDefaultParameters,
    mutates: false,
    catalogue: true,
  },
  CreateDBSubnetGroup: { run: createDBSubnetGroup, mutates: true },
  DescribeDBSubnetGroups: { run: describeDBSubnetGroups, mutates: false },
  ModifyDBSubnetGroup: { run: modifyDBSubnetGroup, mutates: true },
  DeleteDBSubnetGroup: { run: deleteDBSubnetGroup, mutates: true },
  CreateOptionGroup: { run: createOptionGroup, mutates: true },
  DescribeOptionGroups: { run: describeOptionGroups, mutates: false },
  DescribeEvents: { run: describeEvents, mutates: false },
  DescribeDBEngineVersions: { run: describeDBEngineVersions, mutates: false },
  DescribeOrderableDBInstanceOptions: { run: describeOrderableDBInstanceOptions, mutates: false },
};

/** A Map, so that `Action=constructor` is an unknown action rather than Object's constructor. */
export const ACTIONS: ReadonlyMap<string, Action> = new Map(Object.entries(TABLE));

/** The identifier a request names, for the request log. */
export function requestSubject(q: QueryParams): string | undefined {
  return (
    q.str("DBInstanceIdentifier") ??
    q.str("ResourceName") ??
    q.str("DBParameterGroupName") ??
    q.str("DBSubnetGroupName") ??
    q.str("OptionGroupName") ??
    q.str("SourceIdentifier")
  )?.toLowerCase();
}
