import {
  fault,
  instanceNotFound,
  invalidValue,
  missing,
  parameterGroupNotFound,
  subnetGroupNotFound,
} from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { tagsXml } from "../http/render.js";
import { checkTags, mergeTags } from "../rules/formats.js";
import type { Ctx } from "../state/context.js";
import type { Tag } from "../state/model.js";

/** AddTagsToResource, RemoveTagsFromResource and ListTagsForResource on instances and groups. */

/** The object a resource ARN names, as a holder of a tag list. */
function taggable(ctx: Ctx, arn: string): { TagList: Tag[] } {
  const m = /^arn:aws:rds:([^:]+):(\d{12}):(db|pg|subgrp|snapshot):(.+)$/.exec(arn);
  if (!m)
    throw invalidValue(
      `The specified resource name does not match an RDS resource in this region: ${arn}`,
    );
  const [, region, account, kind, name] = m as unknown as [string, string, string, string, string];
  const lower = name.toLowerCase();
  const here = region === ctx.region && account === ctx.accountId;
  if (kind === "db") {
    const inst = here ? ctx.state.instances.get(lower) : undefined;
    if (!inst) throw instanceNotFound(lower);
    return inst;
  }
  if (kind === "snapshot") {
    const snap = here ? ctx.state.snapshots.get(lower) : undefined;
    if (!snap) throw fault("DBSnapshotNotFound", `DBSnapshot not found: ${name}`, 404);
    return snap;
  }
  if (kind === "pg") {
    const g = here ? ctx.state.parameterGroups.get(lower) : undefined;
    if (!g) throw parameterGroupNotFound(name);
    return g;
  }
  const g = here ? ctx.state.subnetGroups.get(lower) : undefined;
  if (!g) throw subnetGroupNotFound(name);
  return g;
}

export function addTagsToResource(ctx: Ctx, q: QueryParams): undefined {
  const target = taggable(ctx, q.req("ResourceName"));
  const tags = q.tags();
  if (!tags) throw missing("Tags");
  checkTags(tags);
  target.TagList = mergeTags(target.TagList, tags);
  return undefined;
}

export function removeTagsFromResource(ctx: Ctx, q: QueryParams): undefined {
  const target = taggable(ctx, q.req("ResourceName"));
  const keys = q.list("TagKeys", "member");
  if (!keys) throw missing("TagKeys");
  const drop = new Set(keys);
  target.TagList = target.TagList.filter((t) => !drop.has(t.Key));
  return undefined;
}

export function listTagsForResource(ctx: Ctx, q: QueryParams): string {
  return tagsXml(taggable(ctx, q.req("ResourceName")).TagList);
}
