import { fault, invalidState, invalidValue } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { tagsXml } from "../http/render.js";
import { el } from "../http/xml.js";
import { checkTags } from "../rules/formats.js";
import { type Ctx, DURATIONS } from "../state/context.js";
import { getInstance, idFromRef } from "../state/lookup.js";
import type { Snapshot } from "../state/model.js";

/**
 * CreateDBSnapshot and DescribeDBSnapshots: manual snapshots of an instance.
 * A snapshot is `creating` (the instance `backing-up`) for a while, then
 * `available` with its SnapshotCreateTime. Kept in the region's state (and
 * so in the state file).
 */

/** Manual snapshots RDS allows per region by default (the "Manual DB instance snapshots" quota). */
export const MANUAL_SNAPSHOT_QUOTA = 100;

const SNAPSHOT_ID = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const SNAPSHOT_TYPES = new Set(["automated", "manual", "shared", "public", "awsbackup"]);
const FILTERS = ["db-instance-id", "db-snapshot-id", "dbi-resource-id", "snapshot-type", "engine"];

/** Snapshot identifiers: 1-255 letters, digits or hyphens, a letter first, no `--`, no trailing `-`; stored lowercase. */
function checkSnapshotId(value: string): string {
  const id = value.toLowerCase();
  if (id.length > 255 || !SNAPSHOT_ID.test(id) || id.endsWith("-")) {
    throw invalidValue(
      `The parameter DBSnapshotIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return id;
}

function snapshotsOf(ctx: Ctx): Map<string, Snapshot> {
  return ctx.state.snapshots;
}

const iso = (at: number) => new Date(at).toISOString();

function snapshotXml(s: Snapshot): string {
  let x = "<DBSnapshot>";
  x += el("DBSnapshotIdentifier", s.DBSnapshotIdentifier);
  x += el("DBInstanceIdentifier", s.DBInstanceIdentifier);
  if (s.Status === "available") x += el("SnapshotCreateTime", iso(s.startedAt));
  x += el("Engine", s.Engine);
  x += el("AllocatedStorage", s.AllocatedStorage);
  x += el("Status", s.Status);
  x += el("Port", s.Port);
  x += el("AvailabilityZone", s.AvailabilityZone);
  x += el("VpcId", s.VpcId);
  if (s.InstanceCreateTime !== undefined) x += el("InstanceCreateTime", iso(s.InstanceCreateTime));
  x += el("MasterUsername", s.MasterUsername);
  x += el("EngineVersion", s.EngineVersion);
  x += el("LicenseModel", s.LicenseModel);
  x += el("SnapshotType", s.SnapshotType);
  x += el("Iops", s.Iops);
  x += el("StorageThroughput", s.StorageThroughput);
  x += el("OptionGroupName", s.OptionGroupName);
  x += el("PercentProgress", s.Status === "available" ? 100 : 0);
  x += el("StorageType", s.StorageType);
  x += el("Encrypted", s.Encrypted);
  x += el("KmsKeyId", s.KmsKeyId);
  x += el("DBSnapshotArn", s.DBSnapshotArn);
  x += el("IAMDatabaseAuthenticationEnabled", s.IAMDatabaseAuthenticationEnabled);
  x += el("DbiResourceId", s.DbiResourceId);
  x += tagsXml(s.TagList);
  x += el("SnapshotTarget", "region");
  return `${x}</DBSnapshot>`;
}

export function createDBSnapshot(ctx: Ctx, q: QueryParams): string {
  const id = checkSnapshotId(q.req("DBSnapshotIdentifier"));
  const inst = getInstance(ctx, q.req("DBInstanceIdentifier"));
  const snapshots = snapshotsOf(ctx);
  if (snapshots.has(id)) {
    throw fault(
      "DBSnapshotAlreadyExists",
      `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`,
    );
  }
  if (inst.DBInstanceStatus !== "available") {
    throw invalidState(inst.DBInstanceIdentifier, inst.DBInstanceStatus, "take a snapshot");
  }
  // Available, but about to change: a modify that has not started yet is scheduled.
  if (inst.transitions.some((t) => t.effect !== "fault")) {
    throw invalidState(inst.DBInstanceIdentifier, "modifying", "take a snapshot");
  }
  let manual = 0;
  for (const s of snapshots.values()) if (s.SnapshotType === "manual") manual += 1;
  if (manual >= MANUAL_SNAPSHOT_QUOTA) {
    throw fault(
      "SnapshotQuotaExceeded",
      `Cannot create more than ${MANUAL_SNAPSHOT_QUOTA} manual snapshots`,
    );
  }
  const asked = q.tags();
  if (asked) checkTags(asked);
  const tags = asked ?? (inst.CopyTagsToSnapshot ? inst.TagList.map((t) => ({ ...t })) : []);
  const now = ctx.now();
  const availableAt = now + ctx.scaled(DURATIONS.snapshot);
  const snap: Snapshot = {
    DBSnapshotIdentifier: id,
    DBSnapshotArn: ctx.arn("snapshot", id),
    DBInstanceIdentifier: inst.DBInstanceIdentifier,
    DbiResourceId: inst.DbiResourceId,
    SnapshotType: "manual",
    Status: "creating",
    availableAt,
    startedAt: now,
    Engine: inst.Engine,
    EngineVersion: inst.EngineVersion,
    AllocatedStorage: inst.AllocatedStorage,
    StorageType: inst.StorageType,
    Port: inst.Port,
    AvailabilityZone: inst.AvailabilityZone,
    VpcId: ctx.state.subnetGroups.get(inst.DBSubnetGroupName)?.VpcId ?? ctx.state.defaultVpcId,
    MasterUsername: inst.MasterUsername,
    LicenseModel: inst.LicenseModel,
    OptionGroupName: inst.OptionGroupName,
    Encrypted: inst.StorageEncrypted,
    IAMDatabaseAuthenticationEnabled: inst.IAMDatabaseAuthenticationEnabled,
    TagList: tags,
  };
  if (inst.Iops !== undefined) snap.Iops = inst.Iops;
  if (inst.StorageThroughput !== undefined) snap.StorageThroughput = inst.StorageThroughput;
  if (inst.InstanceCreateTime !== undefined) snap.InstanceCreateTime = inst.InstanceCreateTime;
  if (inst.KmsKeyId !== undefined) snap.KmsKeyId = inst.KmsKeyId;
  snapshots.set(id, snap);
  ctx.dueAt(availableAt);
  // The instance reads `backing-up` while the snapshot is taken.
  inst.DBInstanceStatus = "backing-up";
  ctx.event(inst, "Creating manual snapshot", "backup");
  ctx.schedule(inst, [{ after: DURATIONS.snapshot, status: "available" }]);
  return snapshotXml(snap);
}

export function describeDBSnapshots(ctx: Ctx, q: QueryParams): string {
  const snapshotRef = q.str("DBSnapshotIdentifier");
  const instanceRef = q.str("DBInstanceIdentifier");
  const type = q.str("SnapshotType");
  if (type !== undefined && !SNAPSHOT_TYPES.has(type)) {
    throw invalidValue(`Invalid snapshot type: ${type}`);
  }
  const filters = q.filters();
  for (const f of filters) {
    if (!FILTERS.includes(f.name)) throw invalidValue(`Unrecognized filter name: ${f.name}`);
    if (f.values.length === 0)
      throw invalidValue(`The filter ${f.name} must have at least one value.`);
  }
  const snapshots = snapshotsOf(ctx);
  let all: Snapshot[];
  if (snapshotRef !== undefined) {
    const id = snapshotRef.toLowerCase().replace(/^arn:aws:rds:[^:]+:\d{12}:snapshot:/, "");
    const found = snapshots.get(id);
    if (!found) throw fault("DBSnapshotNotFound", `DBSnapshot not found: ${snapshotRef}`, 404);
    all = [found];
  } else {
    all = [...snapshots.values()].sort((a, b) =>
      a.DBSnapshotIdentifier < b.DBSnapshotIdentifier ? -1 : 1,
    );
  }
  const instanceId = instanceRef === undefined ? undefined : idFromRef(ctx, instanceRef);
  const kept = all.filter(
    (s) =>
      (instanceId === undefined || s.DBInstanceIdentifier === instanceId) &&
      (type === undefined || s.SnapshotType === type) &&
      filters.every((f) => matches(ctx, s, f.name, f.values)),
  );
  const { page, marker } = paginate(q, kept);
  return `${el("Marker", marker)}<DBSnapshots>${page.map(snapshotXml).join("")}</DBSnapshots>`;
}

function matches(ctx: Ctx, s: Snapshot, name: string, values: string[]): boolean {
  switch (name) {
    case "db-instance-id":
      return values.some((v) => idFromRef(ctx, v) === s.DBInstanceIdentifier);
    case "db-snapshot-id":
      return values.some((v) => v.toLowerCase() === s.DBSnapshotIdentifier);
    case "dbi-resource-id":
      return values.includes(s.DbiResourceId);
    case "snapshot-type":
      return values.includes(s.SnapshotType);
    default:
      return values.includes(s.Engine);
  }
}
