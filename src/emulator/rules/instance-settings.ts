import { fault, invalidCombination, invalidValue } from "../http/errors.js";
import type { Ctx } from "../state/context.js";
import { getParameterGroup } from "../state/lookup.js";
import { familyOf, logTypesOf } from "./engine-catalogue.js";

/** Checks shared by create, modify and read-replica creation, with RDS's codes and wording. */

const CA_CERTIFICATES = [
  "rds-ca-rsa2048-g1",
  "rds-ca-rsa4096-g1",
  "rds-ca-ecc384-g1",
  "rds-ca-2019",
];
export const DEFAULT_CA = "rds-ca-rsa2048-g1";
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];

export function checkClass(cls: string): string {
  if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(cls)) {
    throw invalidValue(`Invalid DB Instance class: ${cls}`);
  }
  return cls;
}

export function checkCa(ca: string): string {
  if (!CA_CERTIFICATES.includes(ca)) {
    throw fault("CertificateNotFound", `Certificate ${ca} not found.`, 404);
  }
  return ca;
}

export function checkPort(port: number): number {
  if (port < 1150 || port > 65535)
    throw invalidValue(`Invalid port ${port}: it must be between 1150 and 65535.`);
  return port;
}

export function checkNetworkType(type: string): string {
  if (type !== "IPV4" && type !== "DUAL") throw invalidValue(`Invalid NetworkType: ${type}`);
  return type;
}

/** VpcSecurityGroupIds as the instance will hold them: checked, duplicates dropped, the account's default when none. */
export function securityGroupsOf(ctx: Ctx, ids: readonly string[]): string[] {
  for (const sg of ids) {
    if (!/^sg-[0-9a-z]+$/.test(sg)) throw invalidValue(`Invalid security group id: ${sg}`);
  }
  return ids.length > 0 ? [...new Set(ids)] : [ctx.state.defaultSecurityGroupId];
}

/** MaxAllocatedStorage (storage autoscaling's ceiling), when given, above the allocated size. */
export function checkMaxStorage(max: number | undefined, allocated: number): number | undefined {
  if (max !== undefined && (max <= allocated || max > 65536)) {
    throw invalidValue("Max storage size must be greater than storage size and at most 65536.");
  }
  return max;
}

/** A Multi-AZ instance is placed by RDS: no AvailabilityZone may be requested for it. */
export function checkZoneRequest(az: string | undefined, multiAZ: boolean): void {
  if (az !== undefined && multiAZ) {
    throw invalidCombination(
      "Requesting a specific availability zone is not valid for Multi-AZ instances.",
    );
  }
}

export function checkMonitoring(interval: number, role: string | undefined): void {
  if (!MONITORING_INTERVALS.includes(interval)) {
    throw invalidValue(
      `Invalid MonitoringInterval: ${interval}. Valid values: 0, 1, 5, 10, 15, 30, 60.`,
    );
  }
  if (interval > 0 && !role) {
    throw invalidCombination(
      "A MonitoringRoleArn value is required if you specify a MonitoringInterval value other than 0.",
    );
  }
}

export function checkPiRetention(days: number): number {
  if (days === 7 || days === 731 || (days % 31 === 0 && days >= 31 && days <= 713)) return days;
  throw invalidValue(
    `Invalid PerformanceInsightsRetentionPeriod: ${days}. Valid values: 7, month * 31 (1-23), 731.`,
  );
}

export function checkLogTypes(engine: string, version: string, types: string[]): string[] {
  const allowed = logTypesOf(engine);
  const bad = types.filter((t) => !allowed.includes(t));
  if (bad.length > 0) {
    throw invalidCombination(
      `You cannot use the log types '${bad.join("', '")}' with engine version ${engine} ${version}. For supported log types, see the documentation.`,
    );
  }
  return [...new Set(types)].sort();
}

export function checkBackupRetention(days: number): number {
  if (days < 0 || days > 35) {
    throw invalidValue(`Invalid backup retention period: ${days}. It must be between 0 and 35.`);
  }
  return days;
}

/** Parameter group exists and belongs to the family of the engine version. */
export function checkParameterGroupFamily(
  ctx: Ctx,
  name: string,
  engine: string,
  version: string,
): string {
  const g = getParameterGroup(ctx, name);
  const family = familyOf(engine, version);
  if (g.DBParameterGroupFamily !== family) {
    throw invalidCombination(
      `The parameter group ${g.DBParameterGroupName} with DBParameterGroupFamily ${g.DBParameterGroupFamily} can't be used for this instance. Use a parameter group with DBParameterGroupFamily ${family}.`,
    );
  }
  return g.DBParameterGroupName;
}

export function checkStorageQuota(ctx: Ctx, extra: number, except?: string): void {
  if (ctx.storageInUse(except) + extra > ctx.storageQuotaGiB) {
    throw fault(
      "StorageQuotaExceeded",
      `The request would exceed the account's storage quota of ${ctx.storageQuotaGiB} GiB.`,
    );
  }
}
