import type { ResourceKind } from "../types.js";
import { exportSubnetGroup } from "./export.js";
import { planSubnetGroup } from "./plan.js";
import { type LiveSubnetGroup, readSubnetGroups } from "./read.js";
import { NAME, readSubnetGroupItem, subnetGroupSchema } from "./spec.js";

/**
 * DB subnet groups (`subnetGroups:` in the spec): created or modified to
 * match what is declared, never deleted. An instance that names a declared
 * group (DBSubnetGroupName) is created or modified after it.
 */
export const subnetGroupKind: ResourceKind<LiveSubnetGroup> = {
  name: "subnet-group",
  specKey: "subnetGroups",
  label: "DB subnet group",
  idField: NAME,
  readItem: readSubnetGroupItem,
  itemSchema: subnetGroupSchema,
  read: readSubnetGroups,
  liveId: (live) => live.group.DBSubnetGroupName?.toLowerCase() ?? "",
  plan: (d, live) => planSubnetGroup(d, live),
  exportItem: exportSubnetGroup,
  actions: {
    required: ["DescribeDBSubnetGroups", "ListTagsForResource"],
    advisory: [],
    mutating: [
      "CreateDBSubnetGroup",
      "ModifyDBSubnetGroup",
      "AddTagsToResource",
      "RemoveTagsFromResource",
    ],
  },
};
