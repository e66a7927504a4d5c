import { fault, invalidCombination, invalidValue } from "../http/errors.js";
import type { QueryParams } from "../http/query.js";
import type { Instance } from "../state/model.js";
import {
  kindOf,
  ORACLE_CHARACTER_SETS,
  ORACLE_NCHAR_CHARACTER_SETS,
  SQLSERVER_DEFAULT_COLLATION,
} from "./engine-catalogue.js";

/**
 * Settings whose rules differ by engine, with the RDS rule each check
 * stands for (RDS API Reference, CreateDBInstance, unless said otherwise).
 */

/**
 * DBName: SQL Server takes none ("Not applicable. Must be null."); Oracle
 * takes a system id of at most 8 characters and defaults to ORCL; the
 * others take 1 to 63 (PostgreSQL) or 64 letters, digits and underscores
 * starting with a letter, and create no database when it is absent.
 */
export function checkDbName(engine: string, dbName: string | undefined): string | undefined {
  const kind = kindOf(engine);
  if (kind === "sqlserver") {
    if (dbName !== undefined) {
      throw invalidCombination(`DBName must be null for engine: ${engine}`);
    }
    return undefined;
  }
  if (kind === "oracle") {
    if (dbName === undefined) return "ORCL";
    if (!/^[a-zA-Z][a-zA-Z0-9]{0,7}$/.test(dbName) || dbName.toLowerCase() === "null") {
      throw invalidValue(
        `DBName ${dbName} is not valid for ${engine}: it must be 1 to 8 letters or digits, begin with a letter, and not be a reserved word.`,
      );
    }
    return dbName.toUpperCase();
  }
  const max = kind === "postgres" ? 63 : 64;
  if (dbName !== undefined && !new RegExp(`^[a-zA-Z][a-zA-Z0-9_]{0,${max - 1}}$`).test(dbName)) {
    throw invalidValue(
      "DBName must begin with a letter and contain only letters, digits and underscores.",
    );
  }
  return dbName;
}

/**
 * CharacterSetName and NcharCharacterSetName: Oracle's database and national
 * character sets (defaults AL32UTF8 and AL16UTF16); SQL Server's server
 * collation (default SQL_Latin1_General_CP1_CI_AS; no national set). Other
 * engines take neither and are refused by the create-parameter checks.
 */
export function characterSets(
  q: QueryParams,
  engine: string,
): Pick<Instance, "CharacterSetName" | "NcharCharacterSetName"> {
  const kind = kindOf(engine);
  const cs = q.str("CharacterSetName");
  const ncs = q.str("NcharCharacterSetName");
  if (kind === "oracle") {
    if (cs !== undefined && !ORACLE_CHARACTER_SETS.includes(cs)) {
      throw invalidValue(`Invalid CharacterSetName for ${engine}: ${cs}`);
    }
    if (ncs !== undefined && !ORACLE_NCHAR_CHARACTER_SETS.includes(ncs)) {
      throw invalidValue(
        `Invalid NcharCharacterSetName for ${engine}: ${ncs}. Valid values: ${ORACLE_NCHAR_CHARACTER_SETS.join(", ")}.`,
      );
    }
    return {
      CharacterSetName: cs ?? ORACLE_CHARACTER_SETS[0],
      NcharCharacterSetName: ncs ?? ORACLE_NCHAR_CHARACTER_SETS[0],
    };
  }
  if (kind === "sqlserver") {
    if (ncs !== undefined) {
      throw invalidCombination(`NcharCharacterSetName is not supported for engine ${engine}.`);
    }
    if (cs !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(cs)) {
      throw invalidValue(`Invalid CharacterSetName (collation) for ${engine}: ${cs}`);
    }
    return { CharacterSetName: cs ?? SQLSERVER_DEFAULT_COLLATION };
  }
  return {};
}

/** Ports RDS for SQL Server keeps for itself. */
const SQLSERVER_RESERVED_PORTS = [1234, 1434, 3260, 3343, 3389, 47001];

/** "For RDS for Microsoft SQL Server, the value can't be 1234, 1434, 3260, 3343, 3389, 47001, or 49152-49156." */
export function checkEnginePort(engine: string, port: number): void {
  if (
    kindOf(engine) === "sqlserver" &&
    (SQLSERVER_RESERVED_PORTS.includes(port) || (port >= 49152 && port <= 49156))
  ) {
    throw invalidValue(
      `Invalid port ${port} for ${engine}: 1234, 1434, 3260, 3343, 3389, 47001 and 49152-49156 are reserved.`,
    );
  }
}

/**
 * RDS User Guide, "Stopping an Amazon RDS DB instance temporarily",
 * limitations: an RDS for SQL Server DB instance in a Multi-AZ configuration
 * can't be stopped. RDS's error code is not documented; the emulator answers
 * InvalidDBInstanceState, as for the other stop refusals of a state.
 */
export function checkStoppable(inst: Instance): void {
  if (kindOf(inst.Engine) === "sqlserver" && inst.MultiAZ) {
    throw fault(
      "InvalidDBInstanceState",
      `Instance ${inst.DBInstanceIdentifier} is a Multi-AZ SQL Server DB instance and can't be stopped.`,
    );
  }
}
