/**
 * The built-in engine catalogue: each supported major with its minors, the
 * default minor a major-only request resolves to, and the names RDS derives
 * from a version (parameter group family, default option group).
 */

export interface EngineMajor {
  engine: "postgres" | "mysql" | "mariadb";
  major: string;
  minors: string[];
  defaultMinor: string;
}

export const CATALOGUE: readonly EngineMajor[] = [
  { engine: "postgres", major: "13", minors: ["13.18", "13.20", "13.21"], defaultMinor: "13.20" },
  { engine: "postgres", major: "14", minors: ["14.15", "14.17", "14.18"], defaultMinor: "14.17" },
  { engine: "postgres", major: "15", minors: ["15.10", "15.12", "15.13"], defaultMinor: "15.12" },
  { engine: "postgres", major: "16", minors: ["16.6", "16.8", "16.9"], defaultMinor: "16.8" },
  { engine: "postgres", major: "17", minors: ["17.2", "17.4", "17.5"], defaultMinor: "17.4" },
  {
    engine: "mysql",
    major: "8.0",
    minors: ["8.0.39", "8.0.40", "8.0.41"],
    defaultMinor: "8.0.40",
  },
  { engine: "mysql", major: "8.4", minors: ["8.4.3", "8.4.4", "8.4.5"], defaultMinor: "8.4.4" },
  {
    engine: "mariadb",
    major: "10.11",
    minors: ["10.11.9", "10.11.10", "10.11.11"],
    defaultMinor: "10.11.10",
  },
  {
    engine: "mariadb",
    major: "11.4",
    minors: ["11.4.3", "11.4.4", "11.4.5"],
    defaultMinor: "11.4.4",
  },
];

export const ENGINES = ["postgres", "mysql", "mariadb"] as const;

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

/** Numeric, segment-by-segment comparison of two dotted versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function familyOf(engine: string, version: string): string {
  const major = majorOf(engine, version);
  return `${engine}${major ? major.major : version}`;
}

export function defaultOptionGroupOf(engine: string, version: string): string {
  const major = majorOf(engine, version);
  return `default:${engine}-${(major ? major.major : version).replace(/\./g, "-")}`;
}

export function defaultPort(engine: string): number {
  return engine === "postgres" ? 5432 : 3306;
}

export function licenseModelOf(engine: string): string {
  return engine === "postgres" ? "postgresql-license" : "general-public-license";
}

/** CloudWatch log types each engine can export. */
export function logTypesOf(engine: string): string[] {
  if (engine === "postgres") return ["postgresql", "upgrade", "iam-db-auth-error"];
  if (engine === "mysql") return ["audit", "error", "general", "slowquery", "iam-db-auth-error"];
  return ["audit", "error", "general", "slowquery"];
}

export const ALL_FAMILIES: readonly string[] = CATALOGUE.map((m) => `${m.engine}${m.major}`);
