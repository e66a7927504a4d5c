import { isDeepStrictEqual } from "node:util";
import type { RdsApi } from "../aws/rds-api.js";
import { ApplyInterruptedError, PlanStaleError, RdsctlError } from "../errors.js";
import { KINDS, kindNamed } from "../kinds/index.js";
import {
  type DeclaredResource,
  type InstanceEffects,
  type KindApi,
  keyString,
  type ResourceKey,
  type ResourceKind,
  type ResourcePlan,
} from "../kinds/types.js";
import type { FieldChange, PlanWarning } from "../plan/types.js";
import type { DesiredInstance } from "../spec/types.js";
import type { ApplyOptions, BoundResources, ResourceResult } from "./types.js";

/**
 * The kinds beside instances (src/kinds/), run by one pipeline that never
 * names a kind: per region, each kind's required read of its declared ids,
 * its advisory reads, then its planner for every declared item; at apply,
 * each resource's calls in order (after one fresh read that must still give
 * the planned calls), before the instances that name it.
 */

/** The region's client as a kind sees it: the one generic call. */
export function kindApiOf(api: RdsApi): KindApi {
  const send = api.send?.bind(api);
  if (send === undefined) {
    return {
      send: (action) =>
        Promise.reject(
          new RdsctlError("INTERNAL", `this RDS client cannot send ${action}`, {
            fault: "program",
          }),
        ),
    };
  }
  return { send };
}

/** The key of advice: what a kind's advisory reads found in one region. */
export function adviceKey(kind: string, region: string): string {
  return `${kind}/${region}`;
}

/** What the kinds planned in one region. */
export interface RegionResources {
  /** In KINDS order, then declared order. */
  plans: ResourcePlan[];
  /** The checks the kinds' advisory reads could not make. */
  warnings: PlanWarning[];
  /** By `adviceKey`. */
  advice: Map<string, unknown>;
}

/**
 * Reads and plans the declared items of one region (each with `region` set
 * to it): per kind one required read of its ids (its kinds side by side),
 * then its advisory reads (through `advisoryApi`, which gives up soon), then
 * its pure planner.
 */
export async function planRegionResources(
  api: RdsApi,
  advisoryApi: RdsApi,
  region: string,
  declared: readonly DeclaredResource[],
): Promise<RegionResources> {
  const perKind = await Promise.all(
    KINDS.map(async (kind) => {
      const items = declared.filter((d) => d.kind === kind.name);
      if (items.length === 0) return undefined;
      const live = await kind.read(
        kindApiOf(api),
        items.map((d) => d.id),
        items,
      );
      const advised = await kind.advise?.(kindApiOf(advisoryApi), items, live, region);
      const byId = new Map(live.map((l) => [kind.liveId(l), l]));
      const ctx = advised?.advice === undefined ? {} : { advice: advised.advice };
      const plans = items.map((d) => ({ ...kind.plan(d, byId.get(d.id), ctx), region }));
      return { kind: kind.name, plans, advised };
    }),
  );
  const out: RegionResources = { plans: [], warnings: [], advice: new Map() };
  for (const k of perKind) {
    if (k === undefined) continue;
    out.plans.push(...k.plans);
    out.warnings.push(...(k.advised?.warnings ?? []));
    if (k.advised?.advice !== undefined)
      out.advice.set(adviceKey(k.kind, region), k.advised.advice);
  }
  return out;
}

/**
 * PlanOptions.parameterGroupChanges of one region: the effects of each
 * resource plan that creates or modifies something the instances feel, by
 * lowercased name.
 */
export function instanceEffectsOf(
  plans: readonly ResourcePlan[],
): Map<string, InstanceEffects & { name: string }> {
  const out = new Map<string, InstanceEffects & { name: string }>();
  for (const p of plans) {
    if (p.instanceEffects === undefined) continue;
    if (p.action !== "create" && p.action !== "modify") continue;
    out.set(p.id.toLowerCase(), { name: p.id, ...p.instanceEffects });
  }
  return out;
}

/** The key of a resource plan (its region is always set by the pipeline). */
export function resourceKey(p: { kind: ResourceKey["kind"]; id: string; region?: string }) {
  return keyString({ kind: p.kind, region: p.region ?? "", id: p.id });
}

/**
 * The declared resources an instance depends on: for each kind, the group
 * its item names in the kind's id field (DBParameterGroupName,
 * DBSubnetGroupName), when the spec declares that group in the instance's
 * region.
 */
export function resourcesNamedBy(
  d: DesiredInstance,
  region: string,
  declared: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (const kind of KINDS) {
    const name = d.fields[kind.idField];
    if (typeof name !== "string" || name === "") continue;
    const key = keyString({ kind: kind.name, region, id: name.toLowerCase() });
    if (declared.has(key)) out.push(key);
  }
  return out;
}

const OUTCOMES: Record<ResourcePlan["action"], ResourceResult["outcome"]> = {
  create: "created",
  modify: "modified",
  noop: "unchanged",
  blocked: "failed",
};

function resultOf(p: ResourcePlan): ResourceResult {
  return {
    kind: p.kind,
    id: p.id,
    ...(p.region === undefined ? {} : { region: p.region }),
    action: p.action,
    outcome: OUTCOMES[p.action],
    calls: [],
  };
}

/** Anything thrown becomes an Error a result can carry. */
function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  return new RdsctlError("INTERNAL", `unexpected failure: ${String(err)}`, { fault: "program" });
}

function withoutRisk(change: FieldChange): Omit<FieldChange, "risk"> {
  const { risk: _risk, ...rest } = change;
  return rest;
}

/**
 * Plans a resource again against a fresh read (one read of its kind, of its
 * id alone) and refuses it (PlanStaleError, nothing sent) when the calls,
 * changes or action moved since the plan. A create is not read again: the
 * Create call itself fails when the name was taken since.
 */
async function recheckResource(
  kind: ResourceKind<unknown>,
  api: KindApi,
  planned: ResourcePlan,
  d: DeclaredResource,
  advice: unknown,
): Promise<void> {
  if (planned.action === "create") return;
  const live = (await kind.read(api, [d.id], [d])).find((l) => kind.liveId(l) === d.id);
  const what = `${kind.label} ${d.id}`;
  const again = "nothing was sent to it. Run apply again to plan against its current state.";
  if (live === undefined) {
    throw new PlanStaleError(
      d.id,
      [`the ${kind.label}`],
      `${what}: refused: it no longer exists (it did when the plan was made); ${again}`,
    );
  }
  const fresh = kind.plan(d, live, advice === undefined ? {} : { advice });
  // The risk the plan adds from the instances on the group is not the kind's: compared without it.
  const freshChanges = fresh.changes.map(withoutRisk);
  const plannedChanges = planned.changes.map(withoutRisk);
  const same =
    fresh.action === planned.action &&
    isDeepStrictEqual(freshChanges, plannedChanges) &&
    isDeepStrictEqual(fresh.calls, planned.calls);
  if (same) return;
  const moved = [
    ...new Set(
      [...freshChanges, ...plannedChanges]
        .filter(
          (c) =>
            !isDeepStrictEqual(
              freshChanges.find((f) => f.field === c.field),
              plannedChanges.find((f) => f.field === c.field),
            ),
        )
        .map((c) => c.field),
    ),
  ];
  const named = moved.length > 0 ? moved : ["the calls it needs"];
  throw new PlanStaleError(
    d.id,
    named,
    `${what}: refused: its live state changed since the plan was made (${named.join(", ")}); ${again}`,
  );
}

/**
 * Runs one resource plan: nothing for a plan without calls; otherwise a
 * fresh read that must still give the plan, then its calls in order, each
 * announced and recorded. Never throws: a failure is the result's.
 */
export async function applyResource(
  planned: ResourcePlan,
  api: RdsApi,
  bound: BoundResources,
  options: Pick<ApplyOptions, "onProgress" | "signal">,
): Promise<ResourceResult> {
  const result = resultOf(planned);
  if (planned.calls.length === 0) return result;
  const kind = kindNamed(planned.kind);
  const d = bound.desired.find(
    (r) => r.kind === planned.kind && r.id === planned.id && r.region === planned.region,
  );
  try {
    if (kind === undefined || d === undefined) {
      throw new RdsctlError("INTERNAL", `${planned.kind} ${planned.id}: not in the bound plan`, {
        fault: "program",
      });
    }
    const kindApi = kindApiOf(api);
    const advice = bound.advice.get(adviceKey(planned.kind, planned.region ?? ""));
    await recheckResource(kind, kindApi, planned, d, advice);
    for (const call of planned.calls) {
      if (options.signal?.aborted === true) {
        throw new ApplyInterruptedError(
          `${kind.label} ${planned.id}: interrupted before ${call.action}; it was not sent`,
        );
      }
      const event = { id: planned.id, call: call.action, kind: planned.kind };
      options.onProgress?.({ type: "call", ...event });
      await kindApi.send(call.action, call.input);
      result.calls.push(call.action);
      options.onProgress?.({ type: "call-done", ...event });
    }
  } catch (err) {
    result.outcome = "failed";
    result.error = asError(err);
  }
  return result;
}

/** A resource result that did not finish, as the reason an instance that needs it is skipped. */
export function whyNotReady(r: ResourceResult): string | undefined {
  if (r.outcome !== "failed" && r.outcome !== "skipped") return undefined;
  const label = kindNamed(r.kind)?.label ?? r.kind;
  return `its ${label} ${r.id} ${r.outcome === "skipped" ? "was skipped" : r.outcome}`;
}
