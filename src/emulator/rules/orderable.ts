import { invalidCombination, invalidValue } from "../http/errors.js";
import {
  CATALOGUE,
  kindOf,
  licenseModelsOf,
  storageBounds,
  supportsMultiAZ,
  supportsReadReplicas,
} from "./engine-catalogue.js";
import { CLASS_FAMILIES } from "./instance-classes-data.js";

/**
 * Which DB instance classes each engine and version may order (the data is
 * in instance-classes-data.ts), the orderable options DescribeOrderable-
 * DBInstanceOptions answers, and the refusal of a class that is not
 * orderable for an instance's engine, version and license model.
 */

export const STORAGE_TYPES = ["gp2", "gp3", "io1", "io2", "standard"] as const;

/** The classes an engine may order, in catalogue order (family, then size). */
function classesOf(engine: string): string[] {
  const out: string[] = [];
  for (const f of CLASS_FAMILIES) {
    const range = f.engines[engine];
    if (!range) continue;
    const from = f.sizes.indexOf(range[0]);
    const to = f.sizes.indexOf(range[1]);
    for (const size of f.sizes.slice(from, to + 1)) out.push(`${f.family}.${size}`);
  }
  return out;
}

const CLASSES_BY_ENGINE = new Map<string, ReadonlySet<string>>();
const CLASS_LISTS = new Map<string, readonly string[]>();
function classList(engine: string): readonly string[] {
  let list = CLASS_LISTS.get(engine);
  if (!list) {
    list = classesOf(engine);
    CLASS_LISTS.set(engine, list);
    CLASSES_BY_ENGINE.set(engine, new Set(list));
  }
  return list;
}

/** Whether an engine may order a class (every catalogued version offers the same classes). */
export function isOrderable(engine: string, cls: string): boolean {
  classList(engine);
  return CLASSES_BY_ENGINE.get(engine)?.has(cls) ?? false;
}

/**
 * RDS's refusal of a combination it does not offer, in its own words
 * (InvalidParameterCombination, as RDS answers CreateDBInstance and
 * ModifyDBInstance with such a class).
 */
export function checkOrderable(
  cls: string,
  engine: string,
  version: string,
  licenseModel: string,
): void {
  if (!isOrderable(engine, cls) || !licenseModelsOf(engine).includes(licenseModel)) {
    throw invalidCombination(
      `RDS does not support creating a DB instance with the following combination: DBInstanceClass=${cls}, Engine=${engine}, EngineVersion=${version}, LicenseModel=${licenseModel}. For supported combinations of instance class and database engine version, see the documentation.`,
    );
  }
}

/** A Multi-AZ deployment on an engine that has none (SQL Server Express and Web). */
export function checkMultiAZ(engine: string, multiAZ: boolean): void {
  if (multiAZ && !supportsMultiAZ(engine)) {
    throw invalidCombination(`Multi-AZ deployments are not supported for engine ${engine}.`);
  }
}

/** Whether an instance of this engine and class may be the source of a read replica. */
function replicaCapable(engine: string, cls: string): boolean {
  // An Oracle replica source can't use db.t3.small (RDS User Guide, Oracle replicas).
  return supportsReadReplicas(engine) && !(kindOf(engine) === "oracle" && cls === "db.t3.small");
}

/** A read replica of an engine or source class that cannot have one. */
export function checkReplicaSource(engine: string, cls: string): void {
  if (!supportsReadReplicas(engine)) {
    throw invalidCombination(`Read replicas are not supported for engine ${engine}.`);
  }
  if (!replicaCapable(engine, cls)) {
    throw invalidCombination(
      `Read replicas are not supported for ${engine} on DB instance class ${cls}.`,
    );
  }
}

export interface OrderableOption {
  Engine: string;
  EngineVersion: string;
  DBInstanceClass: string;
  LicenseModel: string;
  StorageType: string;
  MultiAZCapable: boolean;
  ReadReplicaCapable: boolean;
  MinStorageSize: number;
  MaxStorageSize: number;
  SupportsIops: boolean;
  SupportsStorageThroughput: boolean;
  MinIopsPerDbInstance?: number;
  MaxIopsPerDbInstance?: number;
  MinIopsPerGib?: number;
  MaxIopsPerGib?: number;
  MinStorageThroughputPerDbInstance?: number;
  MaxStorageThroughputPerDbInstance?: number;
  MinStorageThroughputPerIops?: number;
  MaxStorageThroughputPerIops?: number;
}

/** IOPS and throughput bounds of a storage type, as storage.ts enforces them. */
function performance(type: string): Partial<OrderableOption> {
  if (type === "io1" || type === "io2") {
    return {
      SupportsIops: true,
      SupportsStorageThroughput: false,
      MinIopsPerDbInstance: 1000,
      MaxIopsPerDbInstance: 256000,
      MinIopsPerGib: 0.5,
      MaxIopsPerGib: type === "io1" ? 50 : 1000,
    };
  }
  if (type === "gp3") {
    return {
      SupportsIops: true,
      SupportsStorageThroughput: true,
      MinIopsPerDbInstance: 3000,
      MaxIopsPerDbInstance: 64000,
      MinStorageThroughputPerDbInstance: 125,
      MaxStorageThroughputPerDbInstance: 4000,
      MinStorageThroughputPerIops: 0,
      MaxStorageThroughputPerIops: 0.25,
    };
  }
  return { SupportsIops: false, SupportsStorageThroughput: false };
}

export interface OrderableFilter {
  engine: string;
  version?: string;
  cls?: string;
  licenseModel?: string;
  vpc?: boolean;
}

/**
 * Every orderable option of an engine matching the filter, ordered by
 * version, class, license model and storage type. A non-VPC listing is
 * empty: every current offering is in a VPC.
 */
export function orderableOptions(filter: OrderableFilter): OrderableOption[] {
  const { engine } = filter;
  if (!CATALOGUE.some((m) => m.engine === engine)) {
    throw invalidValue(`Invalid DB engine: ${engine}`);
  }
  if (filter.vpc === false) return [];
  const out: OrderableOption[] = [];
  const licenses = licenseModelsOf(engine).filter(
    (l) => filter.licenseModel === undefined || l === filter.licenseModel,
  );
  const classes = classList(engine).filter((c) => filter.cls === undefined || c === filter.cls);
  for (const m of CATALOGUE) {
    if (m.engine !== engine) continue;
    for (const version of m.minors) {
      if (filter.version !== undefined && filter.version !== version && filter.version !== m.major)
        continue;
      for (const cls of classes) {
        for (const license of licenses) {
          for (const type of STORAGE_TYPES) {
            const [min, max] = storageBounds(engine, type);
            out.push({
              Engine: engine,
              EngineVersion: version,
              DBInstanceClass: cls,
              LicenseModel: license,
              StorageType: type,
              MultiAZCapable: supportsMultiAZ(engine),
              ReadReplicaCapable: replicaCapable(engine, cls),
              MinStorageSize: min,
              MaxStorageSize: max,
              SupportsIops: false,
              SupportsStorageThroughput: false,
              ...performance(type),
            });
          }
        }
      }
    }
  }
  return out;
}
