import { invalidCombination } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { el, esc, textList, wrap } from "../http/xml.js";
import { CATALOGUE, compareVersions, logTypesOf, majorOf } from "../rules/engine-catalogue.js";
import type { Ctx } from "../state/context.js";

/** DescribeDBEngineVersions over the built-in engine catalogue. */

const DESCRIPTIONS: Record<string, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL Community Edition",
  mariadb: "MariaDB Community Edition",
};

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
    if (family !== undefined && `${m.engine}${m.major}` !== family) continue;
    for (const v of m.minors) {
      if (version !== undefined && version !== v && version !== m.major) continue;
      if (defaultOnly && v !== m.defaultMinor) continue;
      rows.push({ engine: m.engine, version: v, major: m.major, family: `${m.engine}${m.major}` });
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
        if (compareVersions(v, r.version) <= 0) continue;
        const isMajor = majorOf(r.engine, v)?.major !== r.major;
        targets += `<UpgradeTarget><Engine>${r.engine}</Engine><EngineVersion>${v}</EngineVersion><Description>${esc(`${DESCRIPTIONS[r.engine]} ${v}`)}</Description><AutoUpgrade>false</AutoUpgrade><IsMajorVersionUpgrade>${isMajor}</IsMajorVersionUpgrade></UpgradeTarget>`;
      }
    }
    out += `<DBEngineVersion>${el("Engine", r.engine)}${el("EngineVersion", r.version)}${el("DBParameterGroupFamily", r.family)}${el("DBEngineDescription", DESCRIPTIONS[r.engine])}${el("DBEngineVersionDescription", `${DESCRIPTIONS[r.engine]} ${r.version}`)}${wrap("ValidUpgradeTarget", targets)}${textList("ExportableLogTypes", "member", logTypesOf(r.engine))}<SupportsLogExportsToCloudwatchLogs>true</SupportsLogExportsToCloudwatchLogs><SupportsReadReplica>true</SupportsReadReplica><Status>available</Status><MajorEngineVersion>${r.major}</MajorEngineVersion></DBEngineVersion>`;
  }
  return `${out}</DBEngineVersions>`;
}
