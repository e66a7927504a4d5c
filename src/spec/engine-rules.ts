/**
 * Per-engine rules RDS applies to CreateDBInstance values, as the RDS API
 * reference documents them (CreateDBInstance: Engine, DBName, MasterUsername,
 * MasterUserPassword, AllocatedStorage). Checked offline by validate.
 */

/** Every Engine value CreateDBInstance accepts, in AWS's spelling. */
export const ENGINES: readonly string[] = [
  "aurora-mysql",
  "aurora-postgresql",
  "custom-oracle-ee",
  "custom-oracle-ee-cdb",
  "custom-oracle-se2",
  "custom-oracle-se2-cdb",
  "custom-sqlserver-ee",
  "custom-sqlserver-se",
  "custom-sqlserver-web",
  "custom-sqlserver-dev",
  "db2-ae",
  "db2-ce",
  "db2-se",
  "mariadb",
  "mysql",
  "oracle-ee",
  "oracle-ee-cdb",
  "oracle-se2",
  "oracle-se2-cdb",
  "postgres",
  "sqlserver-dev-ee",
  "sqlserver-ee",
  "sqlserver-se",
  "sqlserver-ex",
  "sqlserver-web",
];

export type EngineFamily =
  | "aurora-mysql"
  | "aurora-postgresql"
  | "custom-oracle"
  | "custom-sqlserver"
  | "db2"
  | "mariadb"
  | "mysql"
  | "oracle"
  | "postgres"
  | "sqlserver";

export function engineFamily(engine: string): EngineFamily | undefined {
  if (!ENGINES.includes(engine)) return undefined;
  if (engine.startsWith("custom-oracle")) return "custom-oracle";
  if (engine.startsWith("custom-sqlserver")) return "custom-sqlserver";
  if (engine.startsWith("db2-")) return "db2";
  if (engine.startsWith("oracle-")) return "oracle";
  if (engine.startsWith("sqlserver-")) return "sqlserver";
  return engine as EngineFamily;
}

const LABEL: Record<EngineFamily, string> = {
  "aurora-mysql": "Aurora MySQL",
  "aurora-postgresql": "Aurora PostgreSQL",
  "custom-oracle": "RDS Custom for Oracle",
  "custom-sqlserver": "RDS Custom for SQL Server",
  db2: "Db2",
  mariadb: "MariaDB",
  mysql: "MySQL",
  oracle: "Oracle",
  postgres: "PostgreSQL",
  sqlserver: "SQL Server",
};

/** Names each engine keeps for itself (its own databases), compared case-insensitively. */
const RESERVED_DB_NAMES: Partial<Record<EngineFamily, readonly string[]>> = {
  mysql: ["mysql", "information_schema", "performance_schema", "sys"],
  mariadb: ["mysql", "information_schema", "performance_schema", "sys"],
  "aurora-mysql": ["mysql", "information_schema", "performance_schema", "sys"],
  postgres: ["postgres", "template0", "template1", "rdsadmin"],
  "aurora-postgresql": ["postgres", "template0", "template1", "rdsadmin"],
  oracle: ["null"],
  "custom-oracle": ["null"],
};

/** DBName's rules for the engine; undefined when the value is fine. */
export function dbNameProblem(family: EngineFamily, name: string): string | undefined {
  const label = LABEL[family];
  if (family === "sqlserver" || family === "custom-sqlserver") {
    return `DBName does not apply to ${label} (RDS requires it to be absent); remove it and create databases with SQL after the instance exists`;
  }
  const max =
    family === "oracle" || family === "custom-oracle"
      ? 8
      : family === "postgres" || family === "aurora-postgresql"
        ? 63
        : 64;
  if (name.length < 1 || name.length > max) {
    return `"${name}" is ${name.length} characters; ${label} allows a DBName of 1 to ${max}`;
  }
  if (family === "oracle" || family === "custom-oracle") {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
      return `"${name}" is not a valid Oracle SID: a letter, then letters or digits`;
    }
  } else {
    if (!/^[A-Za-z]/.test(name)) return `"${name}" must begin with a letter (${label})`;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      return `"${name}" may contain only letters, digits and underscores (${label})`;
    }
  }
  if (RESERVED_DB_NAMES[family]?.includes(name.toLowerCase())) {
    return `"${name}" is reserved by ${label}; choose another DBName`;
  }
  return undefined;
}

/** Users each engine or RDS keeps for itself, compared case-insensitively. */
const RESERVED_USERS: Partial<Record<EngineFamily, readonly string[]>> = {
  mysql: ["rdsadmin", "rdsrepladmin"],
  mariadb: ["rdsadmin", "rdsrepladmin"],
  postgres: ["rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "public"],
  oracle: ["rdsadmin", "sys", "system", "public"],
  sqlserver: ["rdsa", "rdsadmin", "sa", "public", "guest"],
  db2: ["rdsadmin", "rdsdb"],
};

const USERNAME_MAX: Partial<Record<EngineFamily, number>> = {
  mysql: 16,
  mariadb: 16,
  postgres: 63,
  oracle: 30,
  sqlserver: 128,
  db2: 16,
  "custom-oracle": 30,
  "custom-sqlserver": 128,
};

/** MasterUsername's rules for the engine (Aurora takes it from the cluster: not checked). */
export function masterUsernameProblem(family: EngineFamily, name: string): string | undefined {
  const max = USERNAME_MAX[family];
  if (max === undefined) return undefined;
  const label = LABEL[family];
  if (name.length < 1 || name.length > max) {
    return `"${name}" is ${name.length} characters; ${label} allows a MasterUsername of 1 to ${max}`;
  }
  if (!/^[A-Za-z]/.test(name)) return `"${name}" must begin with a letter`;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    return `"${name}" may contain only letters, digits and underscores`;
  }
  const lower = name.toLowerCase();
  if (
    RESERVED_USERS[family]?.includes(lower) ||
    (family === "postgres" && lower.startsWith("pg_"))
  ) {
    return `"${name}" is reserved by ${label} or RDS; choose another MasterUsername, such as app_admin`;
  }
  return undefined;
}

const PASSWORD_MAX: Partial<Record<EngineFamily, number>> = {
  mysql: 41,
  mariadb: 41,
  postgres: 128,
  oracle: 30,
  sqlserver: 128,
  db2: 255,
};

/** The longest master password the engine takes, when RDS documents one. */
export function masterPasswordMax(family: EngineFamily): number | undefined {
  return PASSWORD_MAX[family];
}

/** A plaintext password's per-engine rules; the message never contains the password. */
export function literalPasswordEngineProblem(
  family: EngineFamily,
  password: string,
): string | undefined {
  const max = PASSWORD_MAX[family];
  const label = LABEL[family];
  if (max !== undefined && password.length > max) {
    return `the plaintext password is ${password.length} characters; ${label} allows 8 to ${max}`;
  }
  if (family === "oracle" && /[&']/.test(password)) {
    return "the plaintext password may not contain & or ' (RDS for Oracle refuses them)";
  }
  return undefined;
}

type Storage = "gp2" | "gp3" | "io1" | "io2" | "standard";
type Bounds = Partial<Record<Storage, readonly [number, number]>>;

const COMMON: Bounds = {
  gp2: [20, 65536],
  gp3: [20, 65536],
  io1: [100, 65536],
  io2: [100, 65536],
  standard: [5, 3072],
};

const STORAGE: Partial<Record<EngineFamily, Bounds>> = {
  mysql: COMMON,
  mariadb: COMMON,
  postgres: COMMON,
  oracle: { ...COMMON, standard: [10, 3072] },
  sqlserver: {
    gp2: [20, 16384],
    gp3: [20, 16384],
    io1: [100, 16384],
    io2: [100, 16384],
    standard: [20, 1024],
  },
  db2: { gp3: [20, 65536], io1: [100, 65536], io2: [100, 65536] },
  "custom-oracle": { gp2: [40, 65536], gp3: [40, 65536], io1: [40, 65536], io2: [40, 65536] },
  "custom-sqlserver": { gp2: [40, 16384], gp3: [40, 16384], io1: [40, 16384], io2: [40, 16384] },
};

/**
 * AllocatedStorage against the engine's bounds for the storage type (RDS's
 * default is io1 when Iops is given, gp3 otherwise). Aurora is not checked:
 * its storage belongs to the cluster.
 */
export function storageProblem(
  family: EngineFamily,
  storageType: string | undefined,
  hasIops: boolean,
  allocated: number | undefined,
): { field: "StorageType" | "AllocatedStorage"; message: string } | undefined {
  const bounds = STORAGE[family];
  if (bounds === undefined) return undefined;
  const type = (storageType ?? (hasIops ? "io1" : "gp3")).toLowerCase();
  const label = LABEL[family];
  const range = bounds[type as Storage];
  if (range === undefined) {
    if (storageType === undefined) return undefined;
    return {
      field: "StorageType",
      message: `StorageType ${storageType} is not available for ${label}; use ${Object.keys(bounds).join(", ")}`,
    };
  }
  if (allocated === undefined) return undefined;
  const [min, max] = range;
  if (allocated < min || allocated > max) {
    const given = storageType === undefined ? `${type} (the default)` : type;
    return {
      field: "AllocatedStorage",
      message: `${allocated} GiB is outside ${min} to ${max} GiB, what ${label} allows for ${given} storage`,
    };
  }
  return undefined;
}
