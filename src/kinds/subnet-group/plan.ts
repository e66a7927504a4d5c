import type { Tag } from "@aws-sdk/client-rds";
import type { FieldChange } from "../../plan/types.js";
import { reservedTagPrefix } from "../../spec/reserved-tags.js";
import type { DeclaredResource, KindCall, ResourcePlan } from "../types.js";
import { type LiveSubnetGroup, liveSubnets } from "./read.js";
import { DESCRIPTION, NAME, SUBNETS, TAGS } from "./spec.js";

/**
 * The plan of one declared DB subnet group, pure: CreateDBSubnetGroup (with
 * its tags) when it does not exist; ModifyDBSubnetGroup with the declared
 * description and subnet set when either differs (RDS replaces the list, so
 * the whole declared set is sent); tags through the tagging calls, removing
 * undeclared ones only with `policy.purgeTags`. Never a delete.
 */

function change(field: string, from: unknown, to: unknown): FieldChange {
  return { field, from, to, timing: "immediate", downtime: false, sensitive: false };
}

function declaredTags(d: DeclaredResource): Map<string, string> | undefined {
  const tags = d.fields[TAGS];
  if (typeof tags !== "object" || tags === null) return undefined;
  return new Map(Object.entries(tags as Record<string, string>));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function base(d: DeclaredResource): Omit<ResourcePlan, "action"> {
  return {
    kind: d.kind,
    id: d.id,
    ...(d.region === undefined ? {} : { region: d.region }),
    source: d.source,
    changes: [],
    blocked: [],
    notices: [],
    calls: [],
  };
}

function planCreate(d: DeclaredResource): ResourcePlan {
  const subnets = d.fields[SUBNETS] as string[];
  const input: Record<string, unknown> = {
    [NAME]: d.id,
    [DESCRIPTION]: d.fields[DESCRIPTION],
    [SUBNETS]: [...subnets],
  };
  const p: ResourcePlan = { ...base(d), action: "create" };
  p.changes.push(
    change(DESCRIPTION, undefined, d.fields[DESCRIPTION]),
    change(SUBNETS, undefined, [...subnets].sort()),
  );
  const tags = declaredTags(d);
  if (tags !== undefined && tags.size > 0) {
    input.Tags = [...tags].map(([Key, Value]): Tag => ({ Key, Value }));
    for (const [key, value] of tags) p.changes.push(change(`Tags.${key}`, undefined, value));
  }
  p.calls.push({ action: "CreateDBSubnetGroup", input });
  return p;
}

function tagCalls(
  d: DeclaredResource,
  live: LiveSubnetGroup,
  arn: string | undefined,
  p: ResourcePlan,
): void {
  const tags = declaredTags(d);
  if (tags === undefined) return;
  const current = new Map(Object.entries(live.tags ?? {}));
  const add: Tag[] = [];
  for (const [key, value] of tags) {
    if (current.get(key) === value) continue;
    add.push({ Key: key, Value: value });
    p.changes.push(change(`Tags.${key}`, current.get(key), value));
  }
  const remove: string[] = [];
  if (d.policy.purgeTags) {
    for (const [key, value] of current) {
      if (tags.has(key) || reservedTagPrefix(key) !== undefined) continue;
      remove.push(key);
      p.changes.push(change(`Tags.${key}`, value, undefined));
    }
  }
  if (add.length === 0 && remove.length === 0) return;
  if (arn === undefined) {
    p.notices.push({
      field: TAGS,
      message: `${d.id}: RDS did not report the group's ARN, so its tags cannot be changed`,
    });
    p.changes = p.changes.filter((c) => !c.field.startsWith("Tags."));
    return;
  }
  if (add.length > 0)
    p.calls.push({ action: "AddTagsToResource", input: { ResourceName: arn, Tags: add } });
  if (remove.length > 0) {
    p.calls.push({
      action: "RemoveTagsFromResource",
      input: { ResourceName: arn, TagKeys: remove },
    });
  }
}

export function planSubnetGroup(
  d: DeclaredResource,
  live: LiveSubnetGroup | undefined,
): ResourcePlan {
  if (live === undefined) return planCreate(d);
  const p: ResourcePlan = { ...base(d), action: "noop" };
  const arn = live.group.DBSubnetGroupArn;
  if (arn !== undefined) p.arn = arn;
  const declaredSubnets = d.fields[SUBNETS] as string[];
  const current = liveSubnets(live.group);
  const description = d.fields[DESCRIPTION];
  const descriptionDiffers = description !== live.group.DBSubnetGroupDescription;
  const subnetsDiffer = !sameSet(declaredSubnets, current);
  if (descriptionDiffers)
    p.changes.push(change(DESCRIPTION, live.group.DBSubnetGroupDescription, description));
  if (subnetsDiffer) p.changes.push(change(SUBNETS, current, [...declaredSubnets].sort()));
  if (descriptionDiffers || subnetsDiffer) {
    const call: KindCall = {
      action: "ModifyDBSubnetGroup",
      input: { [NAME]: d.id, [DESCRIPTION]: description, [SUBNETS]: [...declaredSubnets] },
    };
    p.calls.push(call);
  }
  tagCalls(d, live, arn, p);
  if (p.calls.length > 0) p.action = "modify";
  return p;
}
