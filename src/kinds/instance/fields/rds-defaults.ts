import type { DBInstance } from "@aws-sdk/client-rds";

/*
 * What RDS chooses when CreateDBInstance leaves a field out, referenced from
 * the field table's `rdsDefault` hooks. Only facts RDS documents for the
 * engines named here; for any other engine a hook answers undefined ("not
 * known"), and `rdsctl export` then writes whatever RDS reports.
 */

/**
 * A value RDS picks for itself when the field is left out and that a user
 * would not pin: the zone of a new instance, a storage baseline RDS does not
 * let you set. An export leaves the field out whatever its value.
 */
export const RDS_CHOOSES: unique symbol = Symbol("rds-chooses");

/** The engines whose defaults are written down here. */
const OPEN_SOURCE = new Set(["postgres", "mysql", "mariadb"]);

const PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
  "oracle-ee": 1521,
  "oracle-ee-cdb": 1521,
  "oracle-se2": 1521,
  "oracle-se2-cdb": 1521,
  "sqlserver-ee": 1433,
  "sqlserver-se": 1433,
  "sqlserver-ex": 1433,
  "sqlserver-web": 1433,
  "db2-se": 50000,
  "db2-ae": 50000,
};

function engineKey(engine: string): string {
  return engine.trim().toLowerCase();
}

/** Whether the defaults of this engine are known here. */
function known(engine: string): boolean {
  return OPEN_SOURCE.has(engineKey(engine));
}

/**
 * The part of a version a parameter group family and a default option group
 * are named after: one segment for PostgreSQL 10 and later, two for MySQL,
 * MariaDB and PostgreSQL 9.x.
 */
function familyVersion(engine: string, version: string): string | undefined {
  const parts = version.trim().split(".");
  if (parts.some((p) => p === "")) return undefined;
  const e = engineKey(engine);
  if (e === "postgres" && Number(parts[0]) >= 10) return parts[0];
  if (parts.length < 2) return undefined;
  return parts.slice(0, 2).join(".");
}

/** The port RDS gives the engine: 5432 for PostgreSQL, 3306 for MySQL and MariaDB... */
export function defaultPort(engine: string): number | undefined {
  return PORTS[engineKey(engine)];
}

/** `default.postgres16`, `default.mysql8.0`: the parameter group RDS attaches. */
export function defaultParameterGroup(engine: string, version: string): string | undefined {
  const family = familyVersion(engine, version);
  return known(engine) && family !== undefined
    ? `default.${engineKey(engine)}${family}`
    : undefined;
}

/** `default:postgres-16`, `default:mysql-8-0`: the option group RDS attaches. */
export function defaultOptionGroup(engine: string, version: string): string | undefined {
  const family = familyVersion(engine, version);
  return known(engine) && family !== undefined
    ? `default:${engineKey(engine)}-${family.replace(/\./g, "-")}`
    : undefined;
}

/** The only license model RDS offers the open-source engines. */
export function defaultLicenseModel(engine: string): string | undefined {
  const e = engineKey(engine);
  if (e === "postgres") return "postgresql-license";
  return known(e) ? "general-public-license" : undefined;
}

/** RDS enrols new MySQL and PostgreSQL instances in Extended Support unless told otherwise. */
export function defaultLifecycleSupport(engine: string): string | undefined {
  const e = engineKey(engine);
  return e === "postgres" || e === "mysql" ? "open-source-rds-extended-support" : undefined;
}

/** Below this size a gp3 volume of these engines has a fixed baseline that cannot be set. */
const GP3_BASELINE_BELOW_GIB = 400;

/**
 * What RDS reports for a storage setting the user did not give: gp3's
 * baseline IOPS and throughput (fixed below 400 GiB, the included amount
 * above), and no throughput on other types. gp2 and magnetic IOPS follow the
 * size and cannot be set at all.
 */
export function storageBaseline(
  engine: string,
  db: DBInstance,
): { iops: unknown; throughput: unknown } {
  const type = db.StorageType?.toLowerCase();
  const size = db.AllocatedStorage;
  if (type === "gp2" || type === "standard") return { iops: RDS_CHOOSES, throughput: 0 };
  if (type === "io1" || type === "io2") return { iops: undefined, throughput: 0 };
  if (type !== "gp3" || !known(engine) || typeof size !== "number") {
    return { iops: undefined, throughput: undefined };
  }
  return size < GP3_BASELINE_BELOW_GIB
    ? { iops: 3000, throughput: 125 }
    : { iops: 12000, throughput: 500 };
}

/** A default that holds for the open-source engines only. */
export function whenKnown<T>(value: T): (engine: string) => T | undefined {
  return (engine) => (known(engine) ? value : undefined);
}
