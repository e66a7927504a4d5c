import type { DBSubnetGroup, Tag } from "@aws-sdk/client-rds";
import type { DeclaredResource, KindApi } from "../types.js";
import { TAGS } from "./spec.js";

/** A live DB subnet group, and its tags when they were read. */
export interface LiveSubnetGroup {
  group: DBSubnetGroup;
  /** Read only for a group whose item declares Tags (or for export); undefined otherwise. */
  tags?: Record<string, string>;
}

/** DescribeDBSubnetGroups answers at most 100 groups a page. */
const PAGE = 100;

/** Every DB subnet group of the region: one listing, page after page (Marker). */
async function listAll(api: KindApi): Promise<DBSubnetGroup[]> {
  const out: DBSubnetGroup[] = [];
  let marker: string | undefined;
  do {
    const page = await api.send("DescribeDBSubnetGroups", {
      MaxRecords: PAGE,
      ...(marker === undefined ? {} : { Marker: marker }),
    });
    out.push(...((page.DBSubnetGroups as DBSubnetGroup[] | undefined) ?? []));
    marker = typeof page.Marker === "string" && page.Marker !== "" ? page.Marker : undefined;
  } while (marker !== undefined);
  return out;
}

function tagMap(list: Tag[] | undefined): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const t of list ?? []) if (t.Key !== undefined) entries.push([t.Key, t.Value ?? ""]);
  return Object.fromEntries(entries);
}

/**
 * The declared groups of one region that exist: one paged listing, then one
 * ListTagsForResource per existing group whose item declares Tags. Without
 * `declared` (export) every found group's tags are read.
 */
export async function readSubnetGroups(
  api: KindApi,
  ids: readonly string[],
  declared?: readonly DeclaredResource[],
): Promise<LiveSubnetGroup[]> {
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  if (wanted.size === 0) return [];
  const found = (await listAll(api)).filter((g) =>
    wanted.has(g.DBSubnetGroupName?.toLowerCase() ?? ""),
  );
  const tagged =
    declared === undefined
      ? undefined
      : new Set(declared.filter((d) => d.fields[TAGS] !== undefined).map((d) => d.id));
  return Promise.all(
    found.map(async (group) => {
      const id = group.DBSubnetGroupName?.toLowerCase() ?? "";
      const arn = group.DBSubnetGroupArn;
      if (arn === undefined || (tagged !== undefined && !tagged.has(id))) return { group };
      const answer = await api.send("ListTagsForResource", { ResourceName: arn });
      return { group, tags: tagMap(answer.TagList as Tag[] | undefined) };
    }),
  );
}

/** The subnet ids of a live group, sorted. */
export function liveSubnets(group: DBSubnetGroup): string[] {
  return (group.Subnets ?? [])
    .flatMap((s) => (s.SubnetIdentifier === undefined ? [] : [s.SubnetIdentifier]))
    .sort();
}
