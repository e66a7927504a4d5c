import { CATALOGUE, compareVersions, logTypesOf, majorOf } from "./_catalogue.js";
import type { Ctx } from "./_context.js";
import {
  instanceNotFound,
  invalidCombination,
  invalidValue,
  missing,
  parameterGroupNotFound,
  subnetGroupNotFound,
} from "./_errors.js";
import type { Tag } from "./_model.js";
import { paginate } from "./_paging.js";
import type { QueryParams } from "./_query.js";
import { tagsXml } from "./_render.js";
import { checkTags, mergeTags } from "./_validate.js";
import { el, esc, textList, wrap } from "./_xml.js";

/** The object a resource ARN names, as a holder of a tag list. */
function taggable(ctx: Ctx, arn: string): { TagList: Tag[] } {
  const m = /^arn:aws:rds:([^:]+):(\d{12}):(db|pg|subgrp):(.+)$/.exec(arn);
  if (!m)
    throw invalidValue(
      `The specified resource name does not match an RDS resource in this region: ${arn}`,
    );
  const [, region, account, kind, name] = m as unknown as [string, string, string, string, string];
  const lower = name.toLowerCase();
  const here = region === ctx.region && account === ctx.accountId;
  if (kind === "db") {
    const inst = here ? ctx.state.instances[lower] : undefined;
    if (!inst) throw instanceNotFound(lower);
    return inst;
  }
  if (kind === "pg") {
    const g = here ? ctx.state.parameterGroups[lower] : undefined;
    if (!g) throw parameterGroupNotFound(name);
    return g;
  }
  const g = here ? ctx.state.subnetGroups[lower] : undefined;
  if (!g) throw subnetGroupNotFound(name);
  return g;
}

export function addTagsToResource(ctx: Ctx, q: QueryParams): undefined {
  const target = taggable(ctx, q.req("ResourceName"));
  const tags = q.tags();
  if (!tags) throw missing("Tags");
  checkTags(tags);
  target.TagList = mergeTags(target.TagList, tags);
  return undefined;
}

export function removeTagsFromResource(ctx: Ctx, q: QueryParams): undefined {
  const target = taggable(ctx, q.req("ResourceName"));
  const keys = q.list("TagKeys", "member");
  if (!keys) throw missing("TagKeys");
  const drop = new Set(keys);
  target.TagList = target.TagList.filter((t) => !drop.has(t.Key));
  return undefined;
}

export function listTagsForResource(ctx: Ctx, q: QueryParams): string {
  return tagsXml(taggable(ctx, q.req("ResourceName")).TagList);
}

const SOURCE_TYPES = [
  "db-instance",
  "db-parameter-group",
  "db-security-group",
  "db-snapshot",
  "db-cluster",
  "db-cluster-snapshot",
  "custom-engine-version",
  "db-proxy",
  "blue-green-deployment",
];

export function describeEvents(ctx: Ctx, q: QueryParams): string {
  const sourceId = q.str("SourceIdentifier");
  const sourceType = q.str("SourceType");
  if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType)) {
    throw invalidValue(`Invalid SourceType: ${sourceType}`);
  }
  if (sourceId !== undefined && sourceType === undefined) {
    throw invalidCombination("Cannot specify SourceIdentifier without SourceType.");
  }
  const now = ctx.now();
  const duration = q.int("Duration");
  let end = q.date("EndTime") ?? now;
  let start = q.date("StartTime");
  if (start === undefined) start = end - (duration ?? 60) * 60_000;
  else if (duration !== undefined && !q.has("EndTime")) end = start + duration * 60_000;
  const categories = q.list("EventCategories", "EventCategory");
  const id = sourceId?.toLowerCase();
  const events = ctx.state.events.filter(
    (e) =>
      e.Date >= start! &&
      e.Date <= end &&
      (id === undefined || e.SourceIdentifier === id) &&
      (sourceType === undefined || e.SourceType === sourceType) &&
      (!categories ||
        categories.length === 0 ||
        e.EventCategories.some((c) => categories.includes(c))),
  );
  const { page, marker } = paginate(q, events);
  let out = el("Marker", marker);
  out += "<Events>";
  for (const e of page) {
    out += `<Event>${el("SourceIdentifier", e.SourceIdentifier)}${el("SourceType", e.SourceType)}${el("Message", e.Message)}${textList("EventCategories", "EventCategory", e.EventCategories)}${el("Date", new Date(e.Date).toISOString())}${el("SourceArn", e.SourceArn)}</Event>`;
  }
  return `${out}</Events>`;
}

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
