import type { Ctx } from "../state/context.js";
import type { Instance } from "../state/model.js";

/**
 * Links between a read replica and its source. Within a region each side
 * names the other by identifier; across regions by ARN, as RDS reports them
 * (the replica's ReadReplicaSourceDBInstanceIdentifier is the source's ARN,
 * the source lists the replica's ARN).
 */

const DB_ARN = /^arn:aws:rds:([^:]+):(\d{12}):db:(.+)$/i;

/** The region and identifier a link names; undefined for another account or a region never used. */
export function resolveLink(ctx: Ctx, ref: string): { ctx: Ctx; id: string } | undefined {
  const m = DB_ARN.exec(ref);
  if (!m) return { ctx, id: ref.toLowerCase() };
  const [, region, account, name] = m as unknown as [string, string, string, string];
  if (account !== ctx.accountId) return undefined;
  const where = region === ctx.region ? ctx : ctx.regions.find(region);
  return where ? { ctx: where, id: name.toLowerCase() } : undefined;
}

/** The instance a link names, if it exists. */
export function linked(ctx: Ctx, ref: string): { ctx: Ctx; inst: Instance } | undefined {
  const where = resolveLink(ctx, ref);
  const inst = where?.ctx.state.instances.get(where.id);
  return where && inst ? { ctx: where.ctx, inst } : undefined;
}

/** How an instance of region `from` names `inst` of region `of`: its identifier, or its ARN across regions. */
export function linkName(from: Ctx, of: Ctx, inst: Instance): string {
  return from === of ? inst.DBInstanceIdentifier : inst.DBInstanceArn;
}

/** The replica stops being one (deleted or promoted): its source no longer lists it. */
export function unlinkFromSource(ctx: Ctx, replica: Instance): void {
  const ref = replica.ReadReplicaSourceDBInstanceIdentifier;
  if (ref === undefined) return;
  delete replica.ReadReplicaSourceDBInstanceIdentifier;
  const src = linked(ctx, ref);
  if (!src) return;
  const name = linkName(src.ctx, ctx, replica);
  src.inst.ReadReplicaDBInstanceIdentifiers = src.inst.ReadReplicaDBInstanceIdentifiers.filter(
    (r) => r !== name,
  );
}

/** The source is gone: its replicas, in any region, become stand-alone instances, as RDS does. */
export function detachReplicas(ctx: Ctx, source: Instance): void {
  for (const r of source.ReadReplicaDBInstanceIdentifiers) {
    const rep = linked(ctx, r);
    if (rep) delete rep.inst.ReadReplicaSourceDBInstanceIdentifier;
  }
}

/** An instance was renamed from `oldArn`: links from other regions follow the new ARN. */
export function relinkAcrossRegions(ctx: Ctx, inst: Instance, oldArn: string): void {
  const follow = (other: Instance) => {
    if (other.ReadReplicaSourceDBInstanceIdentifier === oldArn)
      other.ReadReplicaSourceDBInstanceIdentifier = inst.DBInstanceArn;
    other.ReadReplicaDBInstanceIdentifiers = other.ReadReplicaDBInstanceIdentifiers.map((r) =>
      r === oldArn ? inst.DBInstanceArn : r,
    );
  };
  const refs = [...inst.ReadReplicaDBInstanceIdentifiers];
  if (inst.ReadReplicaSourceDBInstanceIdentifier)
    refs.push(inst.ReadReplicaSourceDBInstanceIdentifier);
  for (const ref of refs) {
    const other = DB_ARN.test(ref) ? linked(ctx, ref) : undefined;
    if (other && other.ctx !== ctx) follow(other.inst);
  }
}
