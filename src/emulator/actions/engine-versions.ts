import { invalidCombination } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { el, esc, textList, wrap } from "../http/xml.js";
import {
  CATALOGUE,
  familyOf,
  isUpgradeTarget,
  kindOf,
  logTypesOf,
  majorOf,
  supportsReadReplicas,
} from "../rules/engine-catalogue.js";
import type { Ctx } from "../state/context.js";

/** DescribeDBEngineVersions over the built-in engine catalogue (rules/engine-versions-data.ts). */

const DESCRIPTIONS: Record<string, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL Community Edition",
  mariadb: "MariaDB Community Edition",
  "sqlserver-ex": "Microsoft SQL Server Express Edition",
  "sqlserver-web": "Microsoft SQL Server Web Edition",
  "sqlserver-se": "Microsoft SQL Server Standard Edition",
  "sqlserver-ee": "Microsoft SQL Server Enterprise Edition",
  "oracle-se2": "Oracle Database Standard Edition Two",
  "oracle-ee": "Oracle Database Enterprise Edition",
  "oracle-se2-cdb": "Oracle Database Standard Edition Two (CDB)",
  "oracle-ee-cdb": "Oracle Database Enterprise Edition (CDB)",
};

const SQLSERVER_RELEASES: Record<string, string> = { "15.00": "2019", "16.00": "2022" };

/** DBEngineVersionDescription: "PostgreSQL 16.10", "SQL Server 2022 16.00.4230.2.v1", "Oracle 19.0.0.0...". */
function versionDescription(engine: string, major: string, version: string): string {
  const kind = kindOf(engine);
  if (kind === "sqlserver") return `SQL Server ${SQLSERVER_RELEASES[major] ?? major} ${version}`;
  if (kind === "oracle") return `Oracle ${version}`;
  return `${DESCRIPTIONS[engine]} ${version}`;
}

export function describeDBEngineVersions(_ctx: Ctx, q: QueryParams): string {
  const engine = q.str("Engine");
  const version = q.str("EngineVersion");
  const family = q.str("DBParameterGroupFamily");
  const defaultOnly = q.bool("DefaultOnly") ?? false;
  if (version !== undefined && engine === undefined) {
    throw invalidCombination("EngineVersion can only be specified together with Engine.");
  }
  const rows: Array<{ engine: string; version: string; major: string; family: string }> = [];
  for (const m of CATALOGUE) {
    if (engine !== undefined && m.engine !== engine) continue;
    const mFamily = familyOf(m.engine, m.major);
    if (family !== undefined && mFamily !== family) continue;
    for (const v of m.minors) {
      if (version !== undefined && version !== v && version !== m.major) continue;
      if (defaultOnly && v !== m.defaultMinor) continue;
      rows.push({ engine: m.engine, version: v, major: m.major, family: mFamily });
    }
  }
  let selected = rows;
  if (defaultOnly && version === undefined) {
    // The default for an engine is the default minor of its newest major.
    const byEngine = new Map<string, (typeof rows)[number]>();
    for (const r of rows) byEngine.set(r.engine, r);
    selected = [...byEngine.values()];
  }
  const { page, marker } = paginate(q, selected);
  let out = el("Marker", marker);
  out += "<DBEngineVersions>";
  for (const r of page) {
    let targets = "";
    for (const m of CATALOGUE) {
      if (m.engine !== r.engine) continue;
      for (const v of m.minors) {
        if (!isUpgradeTarget(r.engine, r.version, v)) continue;
        const isMajor = majorOf(r.engine, v)?.major !== r.major;
        targets += `<UpgradeTarget><Engine>${r.engine}</Engine><EngineVersion>${v}</EngineVersion><Description>${esc(versionDescription(r.engine, m.major, v))}</Description><AutoUpgrade>false</AutoUpgrade><IsMajorVersionUpgrade>${isMajor}</IsMajorVersionUpgrade></UpgradeTarget>`;
      }
    }
    out += `<DBEngineVersion>${el("Engine", r.engine)}${el("EngineVersion", r.version)}${el("DBParameterGroupFamily", r.family)}${el("DBEngineDescription", DESCRIPTIONS[r.engine])}${el("DBEngineVersionDescription", versionDescription(r.engine, r.major, r.version))}${wrap("ValidUpgradeTarget", targets)}${textList("ExportableLogTypes", "member", logTypesOf(r.engine))}<SupportsLogExportsToCloudwatchLogs>true</SupportsLogExportsToCloudwatchLogs><SupportsReadReplica>${supportsReadReplicas(r.engine)}</SupportsReadReplica><Status>available</Status><MajorEngineVersion>${r.major}</MajorEngineVersion></DBEngineVersion>`;
  }
  return `${out}</DBEngineVersions>`;
}
