/**
 * The engine versions the emulator offers, as of ENGINE_VERSIONS_DATE.
 * Refreshing the catalogue is one edit here: add the new minors to `minors`
 * (oldest first), move `defaultMinor`, and add a new major with its
 * `upgradeTo` list and the older majors' `upgradeTo` extended. Everything
 * else (DescribeDBEngineVersions, version resolution, upgrade checks, the
 * maintenance window's minor upgrades, default parameter and option groups,
 * the orderable-option answers) reads from this table.
 *
 * Sources, per engine:
 * - postgres: the RDS for PostgreSQL release calendar and the May 2026
 *   deprecation of 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4, whose
 *   upgrade targets are 14.20, 15.15, 16.11 and 17.7. PostgreSQL allows
 *   major upgrades to any later major.
 * - mysql: MySQL on Amazon RDS versions (8.0 and 8.4 LTS); 8.0 upgrades to 8.4.
 * - mariadb: MariaDB on Amazon RDS versions (10.6, 10.11, 11.4 LTS); each
 *   upgrades to any later major.
 * - sqlserver-*: Microsoft SQL Server versions on Amazon RDS (2019 = 15.00,
 *   2022 = 16.00, cumulative updates up to 2022 CU23 and 2019 CU32 GDR);
 *   2019 upgrades to 2022. The four editions share the version list.
 * - oracle-*: RDS for Oracle release notes (quarterly release updates named
 *   release.ru-date.rur-date.rN). 21c exists only in the multitenant (CDB)
 *   architecture, so only the -cdb engines offer it and upgrade 19c to it.
 *
 * Older minors stay listed after RDS stops offering them for new instances,
 * so that instances pinned to them (and the "live is newer than declared"
 * case) can still be modelled; see docs/emulator.md.
 */

/** @public The month of the data above, named in docs/emulator.md. */
export const ENGINE_VERSIONS_DATE = "2026-11";

export interface EngineMajorData {
  engine: string;
  /** As RDS writes MajorEngineVersion: "16", "8.4", "16.00", "19". */
  major: string;
  /** Every minor offered, oldest first. */
  minors: readonly string[];
  /** The minor a major-only request resolves to, and the automatic minor upgrade target. */
  defaultMinor: string;
  /** Majors a major version upgrade may go to. */
  upgradeTo: readonly string[];
}

const SQLSERVER_2019 = ["15.00.4415.2.v1", "15.00.4430.1.v1", "15.00.4455.2.v1"];
const SQLSERVER_2022 = ["16.00.4215.2.v1", "16.00.4225.2.v1", "16.00.4230.2.v1", "16.00.4236.2.v1"];
const ORACLE_19 = [
  "19.0.0.0.ru-2025-04.rur-2025-04.r1",
  "19.0.0.0.ru-2025-07.rur-2025-07.r1",
  "19.0.0.0.ru-2025-10.rur-2025-10.r1",
];
const ORACLE_21 = [
  "21.0.0.0.ru-2025-04.rur-2025-04.r1",
  "21.0.0.0.ru-2025-07.rur-2025-07.r1",
  "21.0.0.0.ru-2025-10.rur-2025-10.r1",
];

function sqlserver(engine: string): EngineMajorData[] {
  return [
    {
      engine,
      major: "15.00",
      minors: SQLSERVER_2019,
      defaultMinor: "15.00.4430.1.v1",
      upgradeTo: ["16.00"],
    },
    {
      engine,
      major: "16.00",
      minors: SQLSERVER_2022,
      defaultMinor: "16.00.4230.2.v1",
      upgradeTo: [],
    },
  ];
}

function oracle(engine: string): EngineMajorData[] {
  const ora19 = {
    engine,
    major: "19",
    minors: ORACLE_19,
    defaultMinor: "19.0.0.0.ru-2025-07.rur-2025-07.r1",
    upgradeTo: [] as string[],
  };
  if (!engine.endsWith("-cdb")) return [ora19];
  return [
    { ...ora19, upgradeTo: ["21"] },
    {
      engine,
      major: "21",
      minors: ORACLE_21,
      defaultMinor: "21.0.0.0.ru-2025-07.rur-2025-07.r1",
      upgradeTo: [],
    },
  ];
}

export const ENGINE_VERSIONS: readonly EngineMajorData[] = [
  {
    engine: "postgres",
    major: "13",
    minors: ["13.18", "13.20", "13.21", "13.22", "13.23"],
    defaultMinor: "13.22",
    upgradeTo: ["14", "15", "16", "17"],
  },
  {
    engine: "postgres",
    major: "14",
    minors: ["14.15", "14.17", "14.18", "14.19", "14.20"],
    defaultMinor: "14.19",
    upgradeTo: ["15", "16", "17"],
  },
  {
    engine: "postgres",
    major: "15",
    minors: ["15.10", "15.12", "15.13", "15.14", "15.15"],
    defaultMinor: "15.14",
    upgradeTo: ["16", "17"],
  },
  {
    engine: "postgres",
    major: "16",
    minors: ["16.6", "16.8", "16.9", "16.10", "16.11"],
    defaultMinor: "16.10",
    upgradeTo: ["17"],
  },
  {
    engine: "postgres",
    major: "17",
    minors: ["17.2", "17.4", "17.5", "17.6", "17.7"],
    defaultMinor: "17.6",
    upgradeTo: [],
  },
  {
    engine: "mysql",
    major: "8.0",
    minors: ["8.0.39", "8.0.40", "8.0.41", "8.0.42", "8.0.43", "8.0.44"],
    defaultMinor: "8.0.43",
    upgradeTo: ["8.4"],
  },
  {
    engine: "mysql",
    major: "8.4",
    minors: ["8.4.3", "8.4.4", "8.4.5", "8.4.6", "8.4.7"],
    defaultMinor: "8.4.6",
    upgradeTo: [],
  },
  {
    engine: "mariadb",
    major: "10.6",
    minors: ["10.6.19", "10.6.20", "10.6.21", "10.6.22", "10.6.23"],
    defaultMinor: "10.6.22",
    upgradeTo: ["10.11", "11.4"],
  },
  {
    engine: "mariadb",
    major: "10.11",
    minors: ["10.11.9", "10.11.10", "10.11.11", "10.11.13", "10.11.14"],
    defaultMinor: "10.11.13",
    upgradeTo: ["11.4"],
  },
  {
    engine: "mariadb",
    major: "11.4",
    minors: ["11.4.3", "11.4.4", "11.4.5", "11.4.7", "11.4.8"],
    defaultMinor: "11.4.7",
    upgradeTo: [],
  },
  ...sqlserver("sqlserver-ex"),
  ...sqlserver("sqlserver-web"),
  ...sqlserver("sqlserver-se"),
  ...sqlserver("sqlserver-ee"),
  ...oracle("oracle-se2"),
  ...oracle("oracle-ee"),
  ...oracle("oracle-se2-cdb"),
  ...oracle("oracle-ee-cdb"),
];
