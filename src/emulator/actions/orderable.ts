import { invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import { el, textList } from "../http/xml.js";
import { kindOf } from "../rules/engine-catalogue.js";
import { checkOrderable, type OrderableOption, orderableOptions } from "../rules/orderable.js";
import type { Ctx } from "../state/context.js";
import type { Modification } from "./modification.js";

/**
 * DescribeOrderableDBInstanceOptions over the class and version catalogues:
 * one option per engine version, class, license model and storage type.
 * `Filters` is accepted and ignored, as the RDS API Reference says it is
 * not currently supported. MaxRecords is 20 to 1000 (default 100).
 */

const ZONES = ["a", "b", "c"];

function pageBounds(q: QueryParams): { start: number; max: number } {
  const max = q.int("MaxRecords") ?? 100;
  if (max < 20 || max > 1000) {
    throw invalidValue(`Invalid value for MaxRecords: ${max}. It must be between 20 and 1000.`);
  }
  const marker = q.str("Marker");
  if (!marker) return { start: 0, max };
  const m = /^orderable:(\d+)$/.exec(Buffer.from(marker, "base64url").toString());
  if (!m) throw invalidValue(`Invalid marker: ${marker}`);
  return { start: Number(m[1]), max };
}

function optionXml(o: OrderableOption, zones: string): string {
  const kind = kindOf(o.Engine);
  const iam = kind === "postgres" || kind === "mysql" || kind === "mariadb";
  return (
    "<OrderableDBInstanceOption>" +
    el("Engine", o.Engine) +
    el("EngineVersion", o.EngineVersion) +
    el("DBInstanceClass", o.DBInstanceClass) +
    el("LicenseModel", o.LicenseModel) +
    zones +
    el("MultiAZCapable", o.MultiAZCapable) +
    el("ReadReplicaCapable", o.ReadReplicaCapable) +
    "<Vpc>true</Vpc><SupportsStorageEncryption>true</SupportsStorageEncryption>" +
    el("StorageType", o.StorageType) +
    el("SupportsIops", o.SupportsIops) +
    el("SupportsStorageThroughput", o.SupportsStorageThroughput) +
    "<SupportsEnhancedMonitoring>true</SupportsEnhancedMonitoring>" +
    el("SupportsIAMDatabaseAuthentication", iam) +
    "<SupportsPerformanceInsights>true</SupportsPerformanceInsights>" +
    el("MinStorageSize", o.MinStorageSize) +
    el("MaxStorageSize", o.MaxStorageSize) +
    el("MinIopsPerDbInstance", o.MinIopsPerDbInstance) +
    el("MaxIopsPerDbInstance", o.MaxIopsPerDbInstance) +
    el("MinIopsPerGib", o.MinIopsPerGib) +
    el("MaxIopsPerGib", o.MaxIopsPerGib) +
    el("MinStorageThroughputPerDbInstance", o.MinStorageThroughputPerDbInstance) +
    el("MaxStorageThroughputPerDbInstance", o.MaxStorageThroughputPerDbInstance) +
    el("MinStorageThroughputPerIops", o.MinStorageThroughputPerIops) +
    el("MaxStorageThroughputPerIops", o.MaxStorageThroughputPerIops) +
    textList("SupportedEngineModes", "member", ["provisioned"]) +
    "<SupportsStorageAutoscaling>true</SupportsStorageAutoscaling>" +
    el("SupportsKerberosAuthentication", kind !== "mariadb") +
    "<OutpostCapable>false</OutpostCapable><SupportsGlobalDatabases>false</SupportsGlobalDatabases>" +
    textList("SupportedNetworkTypes", "member", ["IPV4", "DUAL"]) +
    "<SupportsClusters>false</SupportsClusters>" +
    el("SupportsDedicatedLogVolume", iam) +
    "</OrderableDBInstanceOption>"
  );
}

export function describeOrderableDBInstanceOptions(ctx: Ctx, q: QueryParams): string {
  const options = orderableOptions({
    engine: q.req("Engine"),
    version: q.str("EngineVersion"),
    cls: q.str("DBInstanceClass"),
    licenseModel: q.str("LicenseModel"),
    vpc: q.bool("Vpc"),
  });
  const { start, max } = pageBounds(q);
  const page = options.slice(start, start + max);
  let zones = "<AvailabilityZones>";
  for (const z of ZONES)
    zones += `<AvailabilityZone><Name>${ctx.region}${z}</Name></AvailabilityZone>`;
  zones += "</AvailabilityZones>";
  let out = page.length === 0 ? "<OrderableDBInstanceOptions/>" : "<OrderableDBInstanceOptions>";
  for (const o of page) out += optionXml(o, zones);
  if (page.length > 0) out += "</OrderableDBInstanceOptions>";
  const next = start + max;
  if (next < options.length) {
    out += el("Marker", Buffer.from(`orderable:${next}`).toString("base64url"));
  }
  return out;
}

/**
 * After a ModifyDBInstance's class and engine version changes are worked
 * out: the class and version the instance will have must be orderable
 * together, as RDS refuses such a modification with the create wording.
 */
export function checkOrderableAfter(m: Modification, q: QueryParams): void {
  if (!q.has("DBInstanceClass") && !q.has("EngineVersion")) return;
  const { inst } = m;
  checkOrderable(
    m.effective("DBInstanceClass", inst.DBInstanceClass)!,
    inst.Engine,
    m.effective("EngineVersion", inst.EngineVersion)!,
    inst.LicenseModel,
  );
}
