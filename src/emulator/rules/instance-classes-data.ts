/**
 * The DB instance classes the emulator offers, as of INSTANCE_CLASSES_DATE,
 * after the RDS User Guide's "Supported DB engines for DB instance classes"
 * tables. Each family lists its sizes and, per engine, the sizes that engine
 * may order (a range over `sizes`). Graviton families (t4g, m6g, m7g, r6g,
 * r7g, x2g) are offered for the open-source engines only; RDS for Oracle and
 * RDS for SQL Server run on Intel classes. Refreshing is one edit here.
 *
 * Where the tables list a size range per edition, the range is kept; where
 * they are silent the emulator's choice is written in docs/emulator.md
 * ("Orderable DB instance classes").
 */

/** @public The month of the data above, named in docs/emulator.md. */
export const INSTANCE_CLASSES_DATE = "2026-11";

export interface ClassFamilyData {
  /** `db.m6i` */
  family: string;
  /** Sizes, smallest first. */
  sizes: readonly string[];
  /** Engine -> [smallest, largest] size it may order; engines absent may not order the family. */
  engines: Readonly<Record<string, readonly [string, string]>>;
}

const BURSTABLE = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
const M5 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
const GRAVITON = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const SIXTH_GEN_INTEL = [...M5.slice(0, 7), "24xlarge", "32xlarge"];
const SEVENTH_GEN_INTEL = [...M5, "48xlarge"];

type Range = readonly [string, string];

/** Every open-source engine over one range. */
function openSource(range: Range): Record<string, Range> {
  return { postgres: range, mysql: range, mariadb: range };
}

/**
 * Oracle and SQL Server on a non-burstable Intel family: Oracle Standard
 * Edition 2 and SQL Server Web up to 4xlarge (16 vCPUs: SE2's thread limit;
 * Web's smaller offering), Express not at all (burstable classes only).
 */
function commercial(largest: string): Record<string, Range> {
  const small: Range = ["large", "4xlarge"];
  const all: Range = ["large", largest];
  return {
    "oracle-ee": all,
    "oracle-ee-cdb": all,
    "oracle-se2": small,
    "oracle-se2-cdb": small,
    "sqlserver-web": small,
    "sqlserver-se": all,
    "sqlserver-ee": all,
  };
}

export const CLASS_FAMILIES: readonly ClassFamilyData[] = [
  {
    family: "db.t3",
    sizes: BURSTABLE,
    engines: {
      ...openSource(["micro", "2xlarge"]),
      "oracle-ee": ["small", "2xlarge"],
      "oracle-ee-cdb": ["small", "2xlarge"],
      "oracle-se2": ["small", "2xlarge"],
      "oracle-se2-cdb": ["small", "2xlarge"],
      "sqlserver-ex": ["micro", "xlarge"],
      "sqlserver-web": ["small", "2xlarge"],
      "sqlserver-se": ["xlarge", "2xlarge"],
      "sqlserver-ee": ["xlarge", "2xlarge"],
    },
  },
  { family: "db.t4g", sizes: BURSTABLE, engines: openSource(["micro", "2xlarge"]) },
  {
    family: "db.m5",
    sizes: M5,
    engines: { ...openSource(["large", "24xlarge"]), ...commercial("24xlarge") },
  },
  { family: "db.m6g", sizes: GRAVITON, engines: openSource(["large", "16xlarge"]) },
  {
    family: "db.m6i",
    sizes: SIXTH_GEN_INTEL,
    engines: { ...openSource(["large", "32xlarge"]), ...commercial("32xlarge") },
  },
  { family: "db.m7g", sizes: GRAVITON, engines: openSource(["large", "16xlarge"]) },
  { family: "db.m7i", sizes: SEVENTH_GEN_INTEL, engines: openSource(["large", "48xlarge"]) },
  {
    family: "db.r5",
    sizes: M5,
    engines: { ...openSource(["large", "24xlarge"]), ...commercial("24xlarge") },
  },
  { family: "db.r6g", sizes: GRAVITON, engines: openSource(["large", "16xlarge"]) },
  {
    family: "db.r6i",
    sizes: SIXTH_GEN_INTEL,
    engines: { ...openSource(["large", "32xlarge"]), ...commercial("32xlarge") },
  },
  { family: "db.r7g", sizes: GRAVITON, engines: openSource(["large", "16xlarge"]) },
  { family: "db.r7i", sizes: SEVENTH_GEN_INTEL, engines: openSource(["large", "48xlarge"]) },
  { family: "db.x2g", sizes: GRAVITON, engines: openSource(["large", "16xlarge"]) },
];
