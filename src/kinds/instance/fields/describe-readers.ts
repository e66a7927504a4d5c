import type { DBInstance } from "@aws-sdk/client-rds";

/*
 * Defensive readers for DescribeDBInstances output. The planner must never
 * throw on whatever RDS (or an emulator) answers, so every reader tolerates
 * missing, null or oddly typed members and returns undefined ("unknown").
 */

/** A string that says something: undefined for anything else, the empty string included. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** `db[key]` as read from an untrusted object. */
export function member(obj: unknown, key: string): unknown {
  return asRecord(obj)?.[key];
}

/** The `key` of every item of a list member, skipping items without it. */
export function pluck(list: unknown, key: string): string[] | undefined {
  const items = asArray(list);
  if (items === undefined) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const v = member(item, key);
    if (typeof v === "string") out.push(v);
  }
  return out;
}

/** Membership statuses that mean "on its way out". */
const LEAVING = new Set(["removing", "pending-removal", "pending-maintenance-removal", "inactive"]);

/** VPC security group ids that stay: `removing` ones are leaving. */
export function vpcSecurityGroupIds(db: DBInstance): string[] | undefined {
  const items = asArray(member(db, "VpcSecurityGroups"));
  if (items === undefined) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const id = member(item, "VpcSecurityGroupId");
    const status = member(item, "Status");
    if (typeof id === "string" && !(typeof status === "string" && LEAVING.has(status))) {
      out.push(id);
    }
  }
  return out;
}

/** The option group that is not being removed (a switch shows two entries). */
export function optionGroupName(db: DBInstance): string | undefined {
  const items = asArray(member(db, "OptionGroupMemberships"));
  if (items === undefined) return undefined;
  for (const item of items) {
    const name = member(item, "OptionGroupName");
    const status = member(item, "Status");
    if (typeof name === "string" && !(typeof status === "string" && LEAVING.has(status))) {
      return name;
    }
  }
  return undefined;
}

/** The first parameter group name (RDS instances have exactly one). */
export function parameterGroup(db: DBInstance): { name: string; status?: string } | undefined {
  const items = asArray(member(db, "DBParameterGroups"));
  for (const item of items ?? []) {
    const name = member(item, "DBParameterGroupName");
    const status = member(item, "ParameterApplyStatus");
    if (typeof name === "string") {
      return typeof status === "string" ? { name, status } : { name };
    }
  }
  return undefined;
}

/**
 * Every group membership with its status, in a fixed order: parameter groups,
 * option groups, VPC security groups. A status such as `applying` or
 * `removing` means a change to that group is still under way.
 */
export function membershipStatuses(db: DBInstance): Array<{ name: unknown; status: unknown }> {
  const groups: Array<[string, string, string]> = [
    ["DBParameterGroups", "DBParameterGroupName", "ParameterApplyStatus"],
    ["OptionGroupMemberships", "OptionGroupName", "Status"],
    ["VpcSecurityGroups", "VpcSecurityGroupId", "Status"],
  ];
  return groups.flatMap(([list, nameKey, statusKey]) =>
    (asArray(member(db, list)) ?? []).map((item) => ({
      name: member(item, nameKey),
      status: member(item, statusKey),
    })),
  );
}

/** One member of the first domain membership. */
export function domainMember(db: DBInstance, key: string): unknown {
  const first = asArray(member(db, "DomainMemberships"))?.[0];
  return member(first, key);
}

/** `[{ Key, Value }]` as a `{ key: value }` map; undefined when absent. */
export function tagMap(list: unknown): Record<string, string> | undefined {
  const items = asArray(list);
  if (items === undefined) return undefined;
  const entries: Array<[string, string]> = [];
  for (const item of items) {
    const k = member(item, "Key");
    const v = member(item, "Value");
    if (typeof k === "string") entries.push([k, typeof v === "string" ? v : ""]);
  }
  // fromEntries defines each key as an own property: a `__proto__` tag is data, not a prototype.
  return Object.fromEntries(entries);
}

/** A value only when it has the expected primitive type. */
export function typed(value: unknown, type: "string" | "number" | "boolean"): unknown {
  return typeof value === type ? value : undefined;
}

/** A string list only when every item is a string. */
export function stringList(value: unknown): string[] | undefined {
  const items = asArray(value);
  if (items === undefined) return undefined;
  return items.filter((v): v is string => typeof v === "string");
}

/** `[{ Name, Value }]` style lists, kept only when items are records. */
export function objectList(value: unknown): Record<string, unknown>[] | undefined {
  const items = asArray(value);
  if (items === undefined) return undefined;
  return items.map(asRecord).filter((v): v is Record<string, unknown> => v !== undefined);
}
