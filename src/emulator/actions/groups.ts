import { fault, invalidCombination, invalidValue, missing } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { subnetGroupXml } from "../http/render.js";
import { el } from "../http/xml.js";
import { ALL_FAMILIES } from "../rules/engine-catalogue.js";
import { checkGroupName, checkTags } from "../rules/formats.js";
import type { Ctx } from "../state/context.js";
import { getOptionGroup, getParameterGroup, getSubnetGroup } from "../state/lookup.js";
import type { OptionGroup, ParameterGroup } from "../state/model.js";

function parameterGroupXml(g: ParameterGroup): string {
  return `<DBParameterGroup>${el("DBParameterGroupName", g.DBParameterGroupName)}${el("DBParameterGroupFamily", g.DBParameterGroupFamily)}${el("Description", g.Description)}${el("DBParameterGroupArn", g.DBParameterGroupArn)}</DBParameterGroup>`;
}

/** The group the request names (not found if absent), or every group sorted by name. */
function namedOrAll<G>(
  name: string | undefined,
  get: (name: string) => G,
  groups: ReadonlyMap<string, G>,
  nameOf: (g: G) => string,
): G[] {
  if (name !== undefined) return [get(name)];
  return [...groups.values()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

export function createDBParameterGroup(ctx: Ctx, q: QueryParams): string {
  const name = checkGroupName(q.req("DBParameterGroupName"), "DBParameterGroupName");
  const family = q.req("DBParameterGroupFamily");
  const description = q.req("Description");
  if (name.startsWith("default."))
    throw invalidValue("Parameter group names starting with default. are reserved.");
  if (!ALL_FAMILIES.includes(family)) {
    throw invalidValue(`The parameter DBParameterGroupFamily is not a valid family: ${family}`);
  }
  if (ctx.state.parameterGroups.has(name)) {
    throw fault("DBParameterGroupAlreadyExists", `Parameter group ${name} already exists`);
  }
  const tags = q.tags() ?? [];
  checkTags(tags);
  const g: ParameterGroup = {
    DBParameterGroupName: name,
    DBParameterGroupFamily: family,
    Description: description,
    DBParameterGroupArn: ctx.arn("pg", name),
    builtIn: false,
    TagList: tags,
  };
  ctx.state.parameterGroups.set(name, g);
  return parameterGroupXml(g);
}

export function describeDBParameterGroups(ctx: Ctx, q: QueryParams): string {
  const all = namedOrAll(
    q.str("DBParameterGroupName"),
    (name) => getParameterGroup(ctx, name),
    ctx.state.parameterGroups,
    (g) => g.DBParameterGroupName,
  );
  const { page, marker } = paginate(q, all);
  return `${el("Marker", marker)}<DBParameterGroups>${page.map(parameterGroupXml).join("")}</DBParameterGroups>`;
}

export function deleteDBParameterGroup(ctx: Ctx, q: QueryParams): undefined {
  const g = getParameterGroup(ctx, q.req("DBParameterGroupName"));
  if (g.builtIn)
    throw fault("InvalidDBParameterGroupState", "Default DBParameterGroup cannot be deleted");
  const user = [...ctx.state.instances.values()].find(
    (i) => i.DBParameterGroupName === g.DBParameterGroupName,
  );
  if (user) {
    throw fault(
      "InvalidDBParameterGroupState",
      `One or more database instances are still members of this parameter group ${g.DBParameterGroupName}, so the group cannot be deleted`,
    );
  }
  ctx.state.parameterGroups.delete(g.DBParameterGroupName);
  return undefined;
}

export function createDBSubnetGroup(ctx: Ctx, q: QueryParams): string {
  const name = checkGroupName(q.req("DBSubnetGroupName"), "DBSubnetGroupName", "._ ");
  const description = q.req("DBSubnetGroupDescription");
  const subnets = q.list("SubnetIds", "SubnetIdentifier");
  if (!subnets || subnets.length === 0) throw missing("SubnetIds");
  if (name === "default") throw invalidValue("The subnet group name default is reserved.");
  if (ctx.state.subnetGroups.has(name)) {
    throw fault("DBSubnetGroupAlreadyExists", `The DB subnet group '${name}' already exists.`);
  }
  for (const s of subnets)
    if (!/^subnet-[0-9a-z]+$/.test(s)) throw fault("InvalidSubnet", `Invalid subnet: ${s}`);
  const unique = [...new Set(subnets)];
  // The emulated VPC places the N-th subnet of a group in the N-th zone (round robin over three).
  const zones = ["a", "b", "c"];
  const placed = unique.map((s, i) => ({
    SubnetIdentifier: s,
    AvailabilityZone: `${ctx.region}${zones[i % 3]}`,
  }));
  if (new Set(placed.map((p) => p.AvailabilityZone)).size < 2) {
    throw fault(
      "DBSubnetGroupDoesNotCoverEnoughAZs",
      "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: 1. Add subnets to cover at least 2 AZs.",
    );
  }
  const tags = q.tags() ?? [];
  checkTags(tags);
  const g = {
    DBSubnetGroupName: name,
    DBSubnetGroupDescription: description,
    VpcId: ctx.state.defaultVpcId,
    Subnets: placed,
    DBSubnetGroupArn: ctx.arn("subgrp", name),
    builtIn: false,
    TagList: tags,
  };
  ctx.state.subnetGroups.set(name, g);
  return subnetGroupXml(g);
}

export function describeDBSubnetGroups(ctx: Ctx, q: QueryParams): string {
  const all = namedOrAll(
    q.str("DBSubnetGroupName"),
    (name) => getSubnetGroup(ctx, name),
    ctx.state.subnetGroups,
    (g) => g.DBSubnetGroupName,
  );
  const { page, marker } = paginate(q, all);
  return `${el("Marker", marker)}<DBSubnetGroups>${page.map((g) => subnetGroupXml(g)).join("")}</DBSubnetGroups>`;
}

export function deleteDBSubnetGroup(ctx: Ctx, q: QueryParams): undefined {
  const g = getSubnetGroup(ctx, q.req("DBSubnetGroupName"));
  if (g.builtIn)
    throw fault("InvalidDBSubnetGroupStateFault", "Cannot delete the default subnet group");
  const user = [...ctx.state.instances.values()].find(
    (i) => i.DBSubnetGroupName === g.DBSubnetGroupName,
  );
  if (user) {
    throw fault(
      "InvalidDBSubnetGroupStateFault",
      `Cannot delete the subnet group '${g.DBSubnetGroupName}' because at least one database instance: ${user.DBInstanceIdentifier} is still using it.`,
    );
  }
  ctx.state.subnetGroups.delete(g.DBSubnetGroupName);
  return undefined;
}

function optionGroupXml(g: OptionGroup): string {
  return `<OptionGroup>${el("OptionGroupName", g.OptionGroupName)}${el("OptionGroupDescription", g.OptionGroupDescription)}${el("EngineName", g.EngineName)}${el("MajorEngineVersion", g.MajorEngineVersion)}<Options/><AllowsVpcAndNonVpcInstanceMemberships>true</AllowsVpcAndNonVpcInstanceMemberships>${el("OptionGroupArn", g.OptionGroupArn)}</OptionGroup>`;
}

export function describeOptionGroups(ctx: Ctx, q: QueryParams): string {
  const name = q.str("OptionGroupName");
  const engine = q.str("EngineName");
  const major = q.str("MajorEngineVersion");
  if (major !== undefined && engine === undefined) {
    throw invalidCombination(
      "If MajorEngineVersion is supplied, EngineName must also be supplied.",
    );
  }
  let all = namedOrAll(
    name,
    (n) => getOptionGroup(ctx, n),
    ctx.state.optionGroups,
    (g) => g.OptionGroupName,
  );
  if (engine !== undefined) all = all.filter((g) => g.EngineName === engine);
  if (major !== undefined) all = all.filter((g) => g.MajorEngineVersion === major);
  const { page, marker } = paginate(q, all);
  return `${el("Marker", marker)}<OptionGroupsList>${page.map(optionGroupXml).join("")}</OptionGroupsList>`;
}
