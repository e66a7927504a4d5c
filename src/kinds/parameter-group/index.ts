import { reservedTagPrefix } from "../../spec/reserved-tags.js";
import type { ResourceKind } from "../types.js";
import { planParameterGroup } from "./plan.js";
import { adviseParameterGroups, readParameterGroups } from "./read.js";
import { parameterGroupItemSchema, readParameterGroupItem } from "./spec.js";
import type { ParameterGroupLive } from "./types.js";

/**
 * DB parameter groups (`parameterGroups:` in the spec): created, then set
 * with ModifyDBParameterGroup 20 parameters at a time; values compared, never
 * apply methods; undeclared parameters left alone unless
 * policy.purgeParameters; never deleted.
 */
export const parameterGroupKind: ResourceKind<ParameterGroupLive> = {
  name: "parameter-group",
  specKey: "parameterGroups",
  label: "parameter group",
  idField: "DBParameterGroupName",
  readItem: readParameterGroupItem,
  itemSchema: parameterGroupItemSchema,
  read: readParameterGroups,
  liveId: (live) => (live.group.DBParameterGroupName ?? "").toLowerCase(),
  advise: adviseParameterGroups,
  plan: planParameterGroup,
  exportItem,
  actions: {
    required: ["DescribeDBParameterGroups", "DescribeDBParameters", "ListTagsForResource"],
    advisory: ["DescribeEngineDefaultParameters"],
    mutating: [
      "CreateDBParameterGroup",
      "ModifyDBParameterGroup",
      "ResetDBParameterGroup",
      "AddTagsToResource",
      "RemoveTagsFromResource",
    ],
  },
};

/**
 * The group as a spec item: its user-set parameters in their stored text,
 * and its tags when they were read (AWS's reserved ones left out).
 */
function exportItem(live: ParameterGroupLive): Record<string, unknown> {
  const g = live.group;
  const item: Record<string, unknown> = {
    DBParameterGroupName: g.DBParameterGroupName,
    DBParameterGroupFamily: g.DBParameterGroupFamily,
  };
  if (g.Description !== undefined && g.Description !== "") item.Description = g.Description;
  const tags = Object.entries(live.tags ?? {}).filter(([k]) => reservedTagPrefix(k) === undefined);
  if (tags.length > 0) item.Tags = Object.fromEntries(tags);
  const parameters: Array<[string, string]> = [];
  for (const p of live.parameters) {
    if (p.ParameterName !== undefined) parameters.push([p.ParameterName, p.ParameterValue ?? ""]);
  }
  if (parameters.length > 0) item.Parameters = Object.fromEntries(parameters);
  return item;
}
