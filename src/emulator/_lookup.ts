import type { Ctx } from "./_context.js";
import { fault, instanceNotFound } from "./_errors.js";
import type { Instance, OptionGroup, ParameterGroup, SubnetGroup } from "./_model.js";

/** An identifier, or a `db` ARN of this account and region, case-insensitively. */
export function idFromRef(ctx: Ctx, ref: string): string {
  const lower = ref.toLowerCase();
  const prefix = ctx.arn("db", "").toLowerCase();
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

export function findInstance(ctx: Ctx, ref: string): Instance | undefined {
  return ctx.state.instances[idFromRef(ctx, ref)];
}

export function getInstance(ctx: Ctx, ref: string): Instance {
  const inst = findInstance(ctx, ref);
  if (!inst) throw instanceNotFound(ref.toLowerCase());
  return inst;
}

export function getParameterGroup(ctx: Ctx, name: string): ParameterGroup {
  const g = ctx.state.parameterGroups[name.toLowerCase()];
  if (!g) throw fault("DBParameterGroupNotFound", `DBParameterGroup not found: ${name}`, 404);
  return g;
}

export function getSubnetGroup(ctx: Ctx, name: string): SubnetGroup {
  const g = ctx.state.subnetGroups[name.toLowerCase()];
  if (!g) {
    throw fault("DBSubnetGroupNotFoundFault", `DBSubnetGroup ${name} not found.`, 404);
  }
  return g;
}

export function getOptionGroup(ctx: Ctx, name: string): OptionGroup {
  const g = ctx.state.optionGroups[name.toLowerCase()];
  if (!g)
    throw fault("OptionGroupNotFoundFault", `Specified OptionGroupName: ${name} not found.`, 404);
  return g;
}
