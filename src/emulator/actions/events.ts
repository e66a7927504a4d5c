import { invalidCombination, invalidValue } from "../http/errors.js";
import { paginate } from "../http/paging.js";
import type { QueryParams } from "../http/query.js";
import { el, textList } from "../http/xml.js";
import type { Ctx } from "../state/context.js";

/** DescribeEvents: the recent events of instances and groups, filtered and paged. */

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
