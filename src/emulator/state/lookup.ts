import {
  fault,
  instanceNotFound,
  invalidValue,
  parameterGroupNotFound,
  subnetGroupNotFound,
} from "../http/errors.js";
import type { Ctx } from "./context.js";
import type { Instance, OptionGroup, ParameterGroup, SubnetGroup } from "./model.js";

/** An identifier, or a `db` ARN of this account and region, case-insensitively. */
export function idFromRef(ctx: Ctx, ref: string): string {
  const lower = ref.toLowerCase();
  const prefix = ctx.arn("db", "").toLowerCase();
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

export function findInstance(ctx: Ctx, ref: string): Instance | undefined {
  return ctx.state.instances.get(idFromRef(ctx, ref));
}

export function getInstance(ctx: Ctx, ref: string): Instance {
  const inst = findInstance(ctx, ref);
  if (!inst) throw instanceNotFound(ref.toLowerCase());
  return inst;
}

export function getParameterGroup(ctx: Ctx, name: string): ParameterGroup {
  const g = ctx.state.parameterGroups.get(name.toLowerCase());
  if (!g) throw parameterGroupNotFound(name);
  return g;
}

export function getSubnetGroup(ctx: Ctx, name: string): SubnetGroup {
  const g = ctx.state.subnetGroups.get(name.toLowerCase());
  if (!g) throw subnetGroupNotFound(name);
  return g;
}

export function getOptionGroup(ctx: Ctx, name: string): OptionGroup {
  const g = ctx.state.optionGroups.get(name.toLowerCase());
  if (!g)
    throw fault("OptionGroupNotFoundFault", `Specified OptionGroupName: ${name} not found.`, 404);
  return g;
}

/**
 * A zone of the subnet group: the one requested, which must be among the
 * group's, or one picked at random.
 */
export function chooseZone(ctx: Ctx, group: SubnetGroup, requested: string | undefined): string {
  const zones = group.Subnets.map((s) => s.AvailabilityZone);
  if (requested === undefined) return zones[Math.floor(ctx.random() * zones.length)]!;
  if (!zones.includes(requested)) {
    throw invalidValue(
      `DB subnet group ${group.DBSubnetGroupName} has no subnet in availability zone ${requested}.`,
    );
  }
  return requested;
}

/** The standby's zone for a Multi-AZ instance in `az`: another zone of its subnet group. */
export function otherZone(group: SubnetGroup | undefined, az: string): string | undefined {
  return group?.Subnets.map((s) => s.AvailabilityZone).find((z) => z !== az);
}
