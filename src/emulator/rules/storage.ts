import { invalidCombination, invalidValue } from "../http/errors.js";
import { storageBounds } from "./engine-catalogue.js";

const STORAGE_TYPES = ["gp2", "gp3", "io1", "io2", "standard"];

/** Below this size a gp3 volume has fixed baseline performance that cannot be set. */
export const GP3_THRESHOLD_GIB = 400;

/** Provisioned IOPS must be at least half the allocated GiB (io1 and io2). */
const MIN_IOPS_RATIO = 0.5;

export interface StorageSettings {
  StorageType: string;
  AllocatedStorage: number;
  Iops?: number;
  StorageThroughput?: number;
}

/**
 * RDS's answer to a size the engine and storage type can't have, a decrease
 * included (InvalidParameterCombination, in RDS's words).
 */
export function invalidStorageSize(engine: string, type: string, size: number) {
  return invalidCombination(
    `Invalid storage size for engine name ${engine} and storage type ${type}: ${size}`,
  );
}

/**
 * The size a storage increase ends at: RDS needs at least 10% more than the
 * current size, so a smaller increase is rounded up to ceil(current × 1.1),
 * and no further than the engine and storage type's maximum. Whole numbers only (no
 * floating point: 100 × 1.1 is 110.00000000000001 there). A size that is
 * not an increase is returned unchanged, for the caller to refuse.
 */
export function roundStorageIncrease(
  engine: string,
  type: string,
  current: number,
  requested: number,
): number {
  if (requested <= current) return requested;
  // ceil(current / 10), in integers.
  const tenth = (current - (current % 10)) / 10 + (current % 10 === 0 ? 0 : 1);
  const [, max] = storageBounds(engine, type);
  return Math.max(requested, Math.min(current + tenth, max));
}

/**
 * Validate a storage combination and fill in the values RDS reports:
 * small gp3 volumes get the 3000 IOPS / 125 MiBps baseline, larger ones
 * 12000 / 500 unless set; gp2 and standard report no IOPS and throughput 0.
 */
export function resolveStorage(
  engine: string,
  type: string,
  size: number | undefined,
  iops: number | undefined,
  throughput: number | undefined,
): StorageSettings {
  if (!STORAGE_TYPES.includes(type)) throw invalidValue(`Invalid storage type: ${type}`);
  const [min, max] = storageBounds(engine, type);
  if (size === undefined || size < min || size > max) {
    throw invalidStorageSize(engine, type, size ?? 0);
  }
  if (type === "gp3") {
    if (size < GP3_THRESHOLD_GIB) {
      if (iops !== undefined || throughput !== undefined) {
        throw invalidCombination(
          `You can't specify IOPS or storage throughput for engine ${engine} and a storage size less than ${GP3_THRESHOLD_GIB}.`,
        );
      }
      return { StorageType: type, AllocatedStorage: size, Iops: 3000, StorageThroughput: 125 };
    }
    const i = iops ?? 12000;
    const t = throughput ?? 500;
    if (i < 12000 || i > 64000) throw invalidValue(`Invalid IOPS value for gp3 storage: ${i}`);
    if (t < 500 || t > 4000) throw invalidValue(`Invalid storage throughput value: ${t}`);
    // Throughput (MiBps) may be at most a quarter of the IOPS.
    if (t > i * 0.25) {
      throw invalidCombination(
        `The storage throughput to IOPS ratio must be at most 0.25: ${t} MiBps for ${i} IOPS.`,
      );
    }
    return { StorageType: type, AllocatedStorage: size, Iops: i, StorageThroughput: t };
  }
  if (throughput !== undefined && throughput !== 0) {
    throw invalidCombination(`Storage throughput can only be set for gp3 storage, not ${type}.`);
  }
  if (type === "io1" || type === "io2") {
    if (iops === undefined) {
      throw invalidCombination(`You must specify IOPS for storage type ${type}.`);
    }
    if (iops < 1000 || iops > 256000) throw invalidValue(`Invalid IOPS value: ${iops}`);
    // IOPS must be between 0.5 and 50 times the GiB allocated on io1; io2 goes up to 1000.
    const ratio = type === "io1" ? 50 : 1000;
    if (iops < size * MIN_IOPS_RATIO || iops > size * ratio) {
      throw invalidCombination(
        `The IOPS to storage ratio must be between ${MIN_IOPS_RATIO} and ${ratio} for ${type}: ${iops} IOPS for ${size} GiB.`,
      );
    }
    return { StorageType: type, AllocatedStorage: size, Iops: iops, StorageThroughput: 0 };
  }
  if (iops !== undefined) {
    throw invalidCombination(`IOPS can only be set for io1, io2 and gp3 storage, not ${type}.`);
  }
  return { StorageType: type, AllocatedStorage: size, StorageThroughput: 0 };
}
