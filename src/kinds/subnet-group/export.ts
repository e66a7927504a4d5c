import { reservedTagPrefix } from "../../spec/reserved-tags.js";
import { type LiveSubnetGroup, liveSubnets } from "./read.js";
import { DESCRIPTION, NAME, SUBNETS, TAGS } from "./spec.js";

/** A live DB subnet group as a `subnetGroups:` item: its name, description, subnets and user tags. */
export function exportSubnetGroup(live: LiveSubnetGroup): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [NAME]: live.group.DBSubnetGroupName,
    [DESCRIPTION]: live.group.DBSubnetGroupDescription,
    [SUBNETS]: liveSubnets(live.group),
  };
  const tags = Object.entries(live.tags ?? {}).filter(([k]) => reservedTagPrefix(k) === undefined);
  if (tags.length > 0) item[TAGS] = Object.fromEntries(tags);
  return item;
}
