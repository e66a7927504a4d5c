import { fault, invalidCombination, invalidValue, missing } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { subnetGroupXml } from "../http/render.js";
import { el } from "../http/xml.js";
import { ALL_FAMILIES, CATALOGUE } from "../rules/engine-catalogue.js";
import { checkGroupName, checkTags } from "../rules/formats.js";
import { checkSubnets, placed } from "../rules/vpc.js";
import type { Ctx } from "../state/context.js";
import { getOptionGroup, getParameterGroup, getSubnetGroup } from "../state/lookup.js";
import type { OptionGroup, ParameterGroup, SubnetGroup } from "../state/model.js";

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
    throw fault(
      "InvalidDBParameterGroupState",
      `Default DBParameterGroup cannot be deleted: ${g.DBParameterGroupName}`,
    );
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
  const ids = q.list("SubnetIds", "SubnetIdentifier");
  if (!ids || ids.length === 0) throw missing("SubnetIds");
  if (name === "default") throw invalidValue("The subnet group name default is reserved.");
  if (ctx.state.subnetGroups.has(name)) {
    throw fault("DBSubnetGroupAlreadyExists", `The DB subnet group '${name}' already exists.`);
  }
  const subnets = checkSubnets(ctx, ids);
  const tags = q.tags() ?? [];
  checkTags(tags);
  const g: SubnetGroup = {
    DBSubnetGroupName: name,
    DBSubnetGroupDescription: description,
    VpcId: subnets[0]!.VpcId,
    Subnets: placed(subnets),
    DBSubnetGroupArn: ctx.arn("subgrp", name),
    builtIn: false,
    TagList: tags,
  };
  ctx.state.subnetGroups.set(name, g);
  return subnetGroupXml(g);
}

/** Replaces a group's subnets (and its description when given); the instances in it must keep their zones. */
export function modifyDBSubnetGroup(ctx: Ctx, q: QueryParams): string {
  const g = getSubnetGroup(ctx, q.req("DBSubnetGroupName"));
  const ids = q.list("SubnetIds", "SubnetIdentifier");
  if (!ids || ids.length === 0) throw missing("SubnetIds");
  if (g.builtIn) throw invalidValue("The default DB subnet group cannot be modified.");
  const subnets = checkSubnets(ctx, ids);
  const users = [...ctx.state.instances.values()].filter(
    (i) => i.DBSubnetGroupName === g.DBSubnetGroupName,
  );
  if (users.length > 0) {
    if (subnets[0]!.VpcId !== g.VpcId) {
      throw fault(
        "InvalidSubnet",
        `The DB subnet group ${g.DBSubnetGroupName} is in use and cannot move from ${g.VpcId} to another VPC.`,
      );
    }
    const zones = new Set(subnets.map((s) => s.AvailabilityZone));
    const kept = new Set(subnets.map((s) => s.SubnetIdentifier));
    for (const inst of users) {
      for (const az of [inst.AvailabilityZone, inst.SecondaryAvailabilityZone]) {
        if (az === undefined || zones.has(az)) continue;
        const removed = g.Subnets.filter(
          (s) => s.AvailabilityZone === az && !kept.has(s.SubnetIdentifier),
        ).map((s) => s.SubnetIdentifier);
        throw fault(
          "SubnetAlreadyInUse",
          `Some of the subnets to be deleted are currently in use: ${removed.join(", ")} (${inst.DBInstanceIdentifier} in ${az}).`,
        );
      }
    }
  }
  g.Subnets = placed(subnets);
  g.VpcId = subnets[0]!.VpcId;
  const description = q.str("DBSubnetGroupDescription");
  if (description !== undefined) g.DBSubnetGroupDescription = description;
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

/**
 * CreateOptionGroup: an empty group (the emulator models no options) of one
 * engine and major, which instances of that major may use; a major upgrade
 * of an instance on it must name another group (actions/modification.ts).
 */
export function createOptionGroup(ctx: Ctx, q: QueryParams): string {
  const name = checkGroupName(q.req("OptionGroupName"), "OptionGroupName");
  const engine = q.req("EngineName");
  const major = q.req("MajorEngineVersion");
  const description = q.req("OptionGroupDescription");
  if (!CATALOGUE.some((m) => m.engine === engine)) {
    throw invalidValue(`Invalid DB engine: ${engine}`);
  }
  if (!CATALOGUE.some((m) => m.engine === engine && m.major === major)) {
    throw invalidCombination(`Cannot find major version ${major} for ${engine}`);
  }
  if (ctx.state.optionGroups.has(name)) {
    throw fault("OptionGroupAlreadyExistsFault", `Option group ${name} already exists.`);
  }
  const g: OptionGroup = {
    OptionGroupName: name,
    OptionGroupDescription: description,
    EngineName: engine,
    MajorEngineVersion: major,
    OptionGroupArn: ctx.arn("og", name),
  };
  ctx.state.optionGroups.set(name, g);
  return optionGroupXml(g);
}
