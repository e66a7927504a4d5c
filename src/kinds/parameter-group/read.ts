import type { DBParameterGroup, Parameter, Tag } from "@aws-sdk/client-rds";
import { mapBounded } from "../../concurrency/bounded.js";
import { AwsCallError } from "../../errors.js";
import type { PlanWarning } from "../../plan/types.js";
import type { DeclaredResource, KindApi } from "../types.js";
import { parametersToSend } from "./plan.js";
import { groupFields } from "./spec.js";
import type { ParameterAdvice, ParameterGroupLive } from "./types.js";

/** RDS's largest page for every read here. */
const PAGE = 100;
/** Groups whose parameters are read at the same time. */
const READ_CONCURRENCY = 4;

/** Every page of one Describe call; `next` finds the marker (inside EngineDefaults for one). */
async function pages(
  api: KindApi,
  action: string,
  input: Record<string, unknown>,
  each: (page: Record<string, unknown>) => string | undefined,
  stop: () => boolean = () => false,
): Promise<void> {
  let marker: string | undefined;
  do {
    const page = await api.send(action, {
      ...input,
      MaxRecords: PAGE,
      ...(marker === undefined ? {} : { Marker: marker }),
    });
    const next = each(page);
    marker = typeof next === "string" && next !== "" && next !== marker ? next : undefined;
  } while (marker !== undefined && !stop());
}

function markerOf(page: Record<string, unknown>): string | undefined {
  return typeof page.Marker === "string" ? page.Marker : undefined;
}

/**
 * The declared groups that exist: one DescribeDBParameterGroups listing
 * (paged, ending once every declared group is found), then per group found
 * one DescribeDBParameters with Source=user (paged), and its tags only when
 * the item declares Tags. Without `declared`, tags are read for every group
 * found, so a declared tag is never compared with nothing.
 */
export async function readParameterGroups(
  api: KindApi,
  ids: readonly string[],
  declared?: readonly DeclaredResource[],
): Promise<ParameterGroupLive[]> {
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  if (wanted.size === 0) return [];
  const found = new Map<string, DBParameterGroup>();
  await pages(
    api,
    "DescribeDBParameterGroups",
    {},
    (page) => {
      for (const g of (page.DBParameterGroups as DBParameterGroup[] | undefined) ?? []) {
        const name = g.DBParameterGroupName?.toLowerCase();
        if (name !== undefined && wanted.has(name)) found.set(name, g);
      }
      return markerOf(page);
    },
    () => found.size >= wanted.size,
  );
  const withTags =
    declared === undefined
      ? undefined
      : new Set(declared.filter((d) => groupFields(d).Tags !== undefined).map((d) => d.id));
  return mapBounded([...found.entries()], READ_CONCURRENCY, async ([id, group]) => {
    const parameters: Parameter[] = [];
    await pages(
      api,
      "DescribeDBParameters",
      { DBParameterGroupName: group.DBParameterGroupName, Source: "user" },
      (page) => {
        for (const p of (page.Parameters as Parameter[] | undefined) ?? []) parameters.push(p);
        return markerOf(page);
      },
    );
    const live: ParameterGroupLive = { group, parameters };
    const arn = group.DBParameterGroupArn;
    if (arn !== undefined && (withTags === undefined || withTags.has(id))) {
      const answer = await api.send("ListTagsForResource", { ResourceName: arn });
      const tags: Array<[string, string]> = [];
      for (const t of (answer.TagList as Tag[] | undefined) ?? []) {
        if (t.Key !== undefined) tags.push([t.Key, t.Value ?? ""]);
      }
      live.tags = Object.fromEntries(tags);
    }
    return live;
  });
}

const DEFAULTS = "DescribeEngineDefaultParameters";

/**
 * Why an advisory read has no answer, or undefined for an error that is not
 * RDS's answer (a program fault, rethrown). Any answer RDS gives (denied, not
 * served, throttled past the read's few attempts) only skips the checks.
 */
function whyUnknown(err: unknown): string | undefined {
  if (!(err instanceof AwsCallError)) return undefined;
  return `rds:${DEFAULTS} answered ${err.awsCode ?? err.message}`;
}

function shown(ids: readonly string[]): string {
  return ids.length > 4
    ? `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`
    : ids.join(", ");
}

/**
 * The engine defaults of each family that has something to send (a group to
 * create, or a declared value that differs), one paged read per family,
 * families side by side, through the pipeline's advisory client (few
 * attempts). A family whose read RDS answers with an error (denied, not
 * served, throttled) or that lists nothing is left out with a warning: its
 * groups are planned without the checks, and RDS checks the same when the
 * call is made. A plan where every group matches reads nothing here.
 */
export async function adviseParameterGroups(
  api: KindApi,
  declared: readonly DeclaredResource[],
  live: readonly ParameterGroupLive[],
  region: string,
): Promise<{ advice?: ParameterAdvice; warnings: PlanWarning[] }> {
  const liveById = new Map<string, ParameterGroupLive>();
  for (const l of live) {
    const name = l.group.DBParameterGroupName?.toLowerCase();
    if (name !== undefined) liveById.set(name, l);
  }
  const idsByFamily = new Map<string, string[]>();
  for (const d of declared) {
    const f = groupFields(d);
    const l = liveById.get(d.id);
    const family = l?.group.DBParameterGroupFamily?.toLowerCase() ?? f.DBParameterGroupFamily;
    // A family change is blocked whatever the catalogue says.
    if (family !== f.DBParameterGroupFamily) continue;
    if (l !== undefined && parametersToSend(f, l, undefined).length === 0) continue;
    idsByFamily.set(family, [...(idsByFamily.get(family) ?? []), d.id]);
  }
  if (idsByFamily.size === 0) return { warnings: [] };

  const catalogues = new Map<string, Map<string, Parameter>>();
  const rejectedFamilies = new Map<string, string>();
  const warnings: PlanWarning[] = [];
  await Promise.all(
    [...idsByFamily.entries()].map(async ([family, ids]) => {
      const catalogue = new Map<string, Parameter>();
      const skipped = (why: string) =>
        warnings.push({
          check: "parameter-catalogue",
          region,
          ids,
          message:
            `${shown(ids)}: could not check the parameter names and values against the ${family} ` +
            `engine defaults in ${region} (${why}); RDS will check them when the call is made`,
        });
      try {
        await pages(api, DEFAULTS, { DBParameterGroupFamily: family }, (page) => {
          const defaults = page.EngineDefaults as
            | { Parameters?: Parameter[]; Marker?: string }
            | undefined;
          for (const p of defaults?.Parameters ?? []) {
            if (p.ParameterName !== undefined) catalogue.set(p.ParameterName, p);
          }
          return defaults?.Marker ?? markerOf(page);
        });
      } catch (err) {
        if (err instanceof AwsCallError && err.awsCode === "InvalidParameterValue") {
          rejectedFamilies.set(family, err.message);
          return;
        }
        const why = whyUnknown(err);
        if (why === undefined) throw err;
        skipped(why);
        return;
      }
      if (catalogue.size === 0) skipped(`${DEFAULTS} lists no parameter of ${family}`);
      else catalogues.set(family, catalogue);
    }),
  );
  const advice: ParameterAdvice = { catalogues };
  if (rejectedFamilies.size > 0) advice.rejectedFamilies = rejectedFamilies;
  return { advice, warnings };
}
