import { ENGINE_VERSIONS, type EngineMajorData } from "./engine-versions-data.js";

/**
 * The engines the emulator models and what RDS derives from an engine and a
 * version: each major with its minors and default minor (the data is in
 * engine-versions-data.ts), parameter group family, default option group,
 * port, license models, storage bounds, log types and the engine-specific
 * rules (read replicas, Multi-AZ, master user, DBName).
 */

export type EngineMajor = EngineMajorData;

export const CATALOGUE: readonly EngineMajor[] = ENGINE_VERSIONS;

export const SQLSERVER_ENGINES = ["sqlserver-ex", "sqlserver-web", "sqlserver-se", "sqlserver-ee"];
export const ORACLE_ENGINES = ["oracle-se2", "oracle-ee", "oracle-se2-cdb", "oracle-ee-cdb"];
export const ENGINES: readonly string[] = [
  "postgres",
  "mysql",
  "mariadb",
  ...SQLSERVER_ENGINES,
  ...ORACLE_ENGINES,
];

export type EngineKind = "postgres" | "mysql" | "mariadb" | "sqlserver" | "oracle";

export function kindOf(engine: string): EngineKind {
  if (engine.startsWith("sqlserver-")) return "sqlserver";
  if (engine.startsWith("oracle-")) return "oracle";
  return engine as EngineKind;
}

/** The major a full or major-only version belongs to, when the catalogue knows it. */
export function majorOf(engine: string, version: string): EngineMajor | undefined {
  return CATALOGUE.find(
    (m) => m.engine === engine && (version === m.major || version.startsWith(`${m.major}.`)),
  );
}

/** The newest major of an engine: what a create without EngineVersion gets. */
export function latestMajor(engine: string): EngineMajor | undefined {
  const majors = CATALOGUE.filter((m) => m.engine === engine);
  return majors[majors.length - 1];
}

/**
 * A requested version resolved to a full catalogue version: a major-only
 * value becomes the default minor; an unknown version is undefined.
 */
export function resolveVersion(engine: string, requested: string): string | undefined {
  const major = majorOf(engine, requested);
  if (!major) return undefined;
  if (requested === major.major) return major.defaultMinor;
  return major.minors.includes(requested) ? requested : undefined;
}

/**
 * Segment-by-segment comparison of two dotted versions; segments compare
 * numerically where they hold numbers ("16.10" > "16.9", "ru-2025-10" >
 * "ru-2025-07", "v2" > "v1").
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? "0").localeCompare(pb[i] ?? "0", "en", { numeric: true });
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether `to` is a valid upgrade target of `from` (a newer minor, or a minor of a listed major). */
export function isUpgradeTarget(engine: string, from: string, to: string): boolean {
  const a = majorOf(engine, from);
  const b = majorOf(engine, to);
  if (!a || !b) return false;
  if (a === b) return compareVersions(to, from) > 0;
  return a.upgradeTo.includes(b.major);
}

/** The parameter group family: postgres16, mysql8.4, sqlserver-ee-16.0, oracle-ee-cdb-21. */
export function familyOf(engine: string, version: string): string {
  const major = majorOf(engine, version)?.major ?? version;
  const kind = kindOf(engine);
  if (kind === "sqlserver") return `${engine}-${Number.parseInt(major, 10)}.0`;
  if (kind === "oracle") return `${engine}-${major}`;
  return `${engine}${major}`;
}

export function defaultOptionGroupOf(engine: string, version: string): string {
  const major = majorOf(engine, version);
  return `default:${engine}-${(major ? major.major : version).replace(/\./g, "-")}`;
}

const PORTS: Record<EngineKind, number> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
  sqlserver: 1433,
  oracle: 1521,
};

export function defaultPort(engine: string): number {
  return PORTS[kindOf(engine)];
}

/**
 * License models an engine may be created with, the default first (RDS API
 * Reference, CreateDBInstance, LicenseModel). Oracle Enterprise Edition is
 * bring-your-own-license only; SQL Server is license-included (bring-your-own-
 * media is for the Developer Edition, which the emulator does not model).
 */
export function licenseModelsOf(engine: string): readonly string[] {
  const kind = kindOf(engine);
  if (kind === "postgres") return ["postgresql-license"];
  if (kind === "sqlserver") return ["license-included"];
  if (kind === "oracle") {
    return engine.startsWith("oracle-se2")
      ? ["bring-your-own-license", "license-included"]
      : ["bring-your-own-license"];
  }
  return ["general-public-license"];
}

/** The license model a create without LicenseModel gets. */
export function licenseModelOf(engine: string): string {
  return licenseModelsOf(engine)[0]!;
}

/**
 * Allocated storage bounds in GiB per engine and storage type (RDS API
 * Reference, CreateDBInstance, AllocatedStorage).
 */
export function storageBounds(engine: string, type: string): [number, number] {
  const kind = kindOf(engine);
  const provisioned = type === "io1" || type === "io2";
  if (kind === "sqlserver") {
    if (type === "standard") return [20, 1024];
    return provisioned ? [100, 16384] : [20, 16384];
  }
  if (provisioned) return [100, 65536];
  if (type === "standard") return kind === "oracle" ? [10, 3072] : [5, 3072];
  return [20, 65536];
}

/** CloudWatch log types each engine can export. */
export function logTypesOf(engine: string): string[] {
  const kind = kindOf(engine);
  if (kind === "postgres") return ["postgresql", "upgrade", "iam-db-auth-error"];
  if (kind === "mysql") return ["audit", "error", "general", "slowquery", "iam-db-auth-error"];
  if (kind === "sqlserver") return ["agent", "error"];
  if (kind === "oracle") return ["alert", "audit", "listener", "trace", "oemagent"];
  return ["audit", "error", "general", "slowquery"];
}

/**
 * Whether an engine may have read replicas: every open-source engine; SQL
 * Server Enterprise Edition only; Oracle Enterprise Edition only (RDS User
 * Guide, "Requirements and considerations for RDS for Oracle replicas").
 */
export function supportsReadReplicas(engine: string): boolean {
  const kind = kindOf(engine);
  if (kind === "sqlserver") return engine === "sqlserver-ee";
  if (kind === "oracle") return engine.startsWith("oracle-ee");
  return true;
}

/** Whether an engine may run Multi-AZ: SQL Server Express and Web Editions may not. */
export function supportsMultiAZ(engine: string): boolean {
  return engine !== "sqlserver-ex" && engine !== "sqlserver-web";
}

/** Longest master user name per engine, and names each engine keeps for itself. */
export function masterUserRules(engine: string): { maxLength: number; reserved: string[] } {
  const kind = kindOf(engine);
  if (kind === "postgres") return { maxLength: 63, reserved: ["rdsadmin"] };
  if (kind === "sqlserver") return { maxLength: 128, reserved: ["rdsadmin", "sa"] };
  if (kind === "oracle") return { maxLength: 30, reserved: ["rdsadmin", "sys", "system"] };
  return { maxLength: 32, reserved: ["rdsadmin"] };
}

/** Oracle character sets (CharacterSetName) the emulator accepts; the first is RDS's default. */
export const ORACLE_CHARACTER_SETS = [
  "AL32UTF8",
  "UTF8",
  "WE8ISO8859P1",
  "WE8ISO8859P15",
  "WE8MSWIN1252",
  "US7ASCII",
  "JA16SJIS",
  "ZHS16GBK",
];
/** Oracle national character sets (NcharCharacterSetName); the first is the default. */
export const ORACLE_NCHAR_CHARACTER_SETS = ["AL16UTF16", "UTF8"];
/** SQL Server's default server collation, reported as CharacterSetName. */
export const SQLSERVER_DEFAULT_COLLATION = "SQL_Latin1_General_CP1_CI_AS";

export const ALL_FAMILIES: readonly string[] = CATALOGUE.map((m) => familyOf(m.engine, m.major));
