import { fault } from "../http/errors.js";
import type { Ctx } from "../state/context.js";
import type { SubnetGroup } from "../state/model.js";

/**
 * The subnets a region's account has, for DB subnet groups. Each region has a
 * default VPC with one default subnet per Availability Zone (the `default` DB
 * subnet group lists them), their ids fixed per region and zone. Ids shaped
 * like real ones (`subnet-` and 8 or 17 hexadecimal digits) that are not
 * among them do not exist (InvalidSubnet). Any other well-formed id
 * (`subnet-1`, `subnet-app-a`) stands for a subnet of a second VPC of the
 * account, in the zone its last character picks, so that tests can name
 * subnets freely.
 */

const ZONE_LETTERS = ["a", "b", "c"];
/** The account's second VPC, where the free-form subnet ids live. */
const OTHER_VPC = "vpc-0f1e2d3c4b5a69788";
const REAL_SHAPED = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const WELL_FORMED = /^subnet-[0-9a-z][0-9a-z-]*$/;
/** Subnets a DB subnet group may hold. */
const MAX_SUBNETS = 20;

interface Subnet {
  SubnetIdentifier: string;
  AvailabilityZone: string;
  VpcId: string;
}

function hex(text: string, seed: number): string {
  let h = seed | 0;
  for (const c of text) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  // Mixed, so that neighbouring zones get unlike ids.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The default VPC's subnets of a region: one per zone, ids fixed per region and zone. */
export function defaultSubnets(
  region: string,
): Array<{ SubnetIdentifier: string; AvailabilityZone: string }> {
  return ZONE_LETTERS.map((letter) => {
    const zone = `${region}${letter}`;
    return {
      SubnetIdentifier: `subnet-0${hex(zone, 7)}${hex(zone, 11)}`.slice(0, 24),
      AvailabilityZone: zone,
    };
  });
}

/** A subnet of the region by id, or undefined when the account has none of that id. */
function findSubnet(ctx: Ctx, id: string): Subnet | undefined {
  const defaults = ctx.state.subnetGroups.get("default");
  const own = defaults?.Subnets.find((s) => s.SubnetIdentifier === id);
  if (own) return { ...own, VpcId: defaults!.VpcId };
  if (REAL_SHAPED.test(id) || !WELL_FORMED.test(id)) return undefined;
  const letter = ZONE_LETTERS[id.charCodeAt(id.length - 1) % ZONE_LETTERS.length]!;
  return { SubnetIdentifier: id, AvailabilityZone: `${ctx.region}${letter}`, VpcId: OTHER_VPC };
}

/**
 * The subnets a DB subnet group is made of, checked as RDS checks them: at
 * most 20, each one existing, all in one VPC, covering at least two zones.
 */
export function checkSubnets(ctx: Ctx, ids: readonly string[]): Subnet[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_SUBNETS) {
    throw fault(
      "DBSubnetQuotaExceededFault",
      `The request would result in the user exceeding the allowed number of subnets in a DB subnet group (${MAX_SUBNETS}).`,
    );
  }
  const subnets: Subnet[] = [];
  const unknown: string[] = [];
  for (const id of unique) {
    const s = findSubnet(ctx, id);
    if (s) subnets.push(s);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    throw fault("InvalidSubnet", `Some input subnets in :[${unknown.join(", ")}] are invalid.`);
  }
  const vpcs = new Set(subnets.map((s) => s.VpcId));
  if (vpcs.size > 1) {
    throw fault(
      "InvalidSubnet",
      `The subnets are not all in a common VPC: ${[...vpcs].sort().join(", ")}.`,
    );
  }
  const zones = new Set(subnets.map((s) => s.AvailabilityZone));
  if (zones.size < 2) {
    throw fault(
      "DBSubnetGroupDoesNotCoverEnoughAZs",
      `The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: ${[...zones].join(", ")}. Add subnets to cover at least 2 AZs.`,
    );
  }
  return subnets;
}

/** A group's subnets as the model keeps them. */
export function placed(subnets: readonly Subnet[]): SubnetGroup["Subnets"] {
  return subnets.map((s) => ({
    SubnetIdentifier: s.SubnetIdentifier,
    AvailabilityZone: s.AvailabilityZone,
  }));
}
