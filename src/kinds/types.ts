import type { Node } from "yaml";
import type { BlockedChange, FieldChange, PlanNotice, PlanWarning } from "../plan/types.js";
import type { SpecSource } from "../spec/_source.js";
import type { SourceLocation } from "../spec/types.js";

/**
 * The contract every resource kind implements. A kind is one folder under
 * src/kinds/<kind>/; the pipeline (spec loading, plan, apply, render,
 * export, saved plans, --target) is written once over this contract, and
 * every resource is keyed by {kind, region, id}.
 *
 * DB instances keep their own planner (replicas, passwords, rolling
 * downtime) behind the same key; the kinds below run before them: a group
 * an instance names is made and set before the instance is created or
 * modified.
 */

/** Every kind rdsctl manages. */
export type KindName = "instance" | "parameter-group" | "subnet-group";

/** The identity of one managed resource. `id` is as RDS matches it (lowercased). */
export interface ResourceKey {
  kind: KindName;
  region: string;
  id: string;
}

/** One string for a key, for maps: `kind/region/id`. */
export function keyString(key: ResourceKey): string {
  return `${key.kind}/${key.region}/${key.id}`;
}

/** Policy keys that apply to the kinds beside instances. */
export interface KindPolicy {
  /** Parameter groups: reset user-set parameters that are not declared. Default false. */
  purgeParameters: boolean;
  /** Remove tags that are on the resource but not declared. Default false. */
  purgeTags: boolean;
}

/**
 * One declared item of a kind other than "instance". `fields` holds the
 * AWS names of the kind's Create call (plus the kind's own keys, such as a
 * parameter group's `Parameters`), normalised; `Tags` is a `{ key: value }` map.
 */
export interface DeclaredResource {
  kind: KindName;
  /** The name as RDS matches it (lowercased). */
  id: string;
  /** The item's own `region`, else its file's top-level `region`. */
  region?: string;
  fields: Record<string, unknown>;
  policy: KindPolicy;
  /** Where the item starts. */
  source: SourceLocation;
  /** Where each declared key's value is. */
  fieldSources: Record<string, SourceLocation>;
}

/**
 * One RDS call of a kind's step. The executor sends it as the SDK command
 * `${action}Command` with `input`, in order, and reports it by `action`.
 */
export interface KindCall {
  /** The RDS action: "CreateDBParameterGroup", "ModifyDBSubnetGroup", ... */
  action: string;
  input: Record<string, unknown>;
}

/**
 * What a change to a group does to the instances that use it: the parameter
 * names whose new values apply now (`dynamic`: the instance goes `applying`,
 * then `in-sync`) and those that need a reboot (`static`: the instance stays
 * `pending-reboot` until it is rebooted).
 */
export interface InstanceEffects {
  dynamic: string[];
  static: string[];
}

/** The plan of one resource of a kind other than "instance". */
export interface ResourcePlan {
  kind: KindName;
  id: string;
  region?: string;
  source: SourceLocation;
  action: "create" | "modify" | "noop" | "blocked";
  changes: FieldChange[];
  blocked: BlockedChange[];
  notices: PlanNotice[];
  /** The calls to make, in order; empty unless action is create or modify. */
  calls: KindCall[];
  /** The resource's ARN when it exists (tags need it). */
  arn?: string;
  /** Set by kinds whose changes reach the instances that use them (parameter groups). */
  instanceEffects?: InstanceEffects;
}

/**
 * The slice of RDS a kind reads and writes through: one generic call, sent
 * with the run's client (retries, fail fast, abort) as `${action}Command`.
 * An error is the AwsCallError every other call throws.
 */
export interface KindApi {
  send(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** What an item takes from its file: the top-level `region` (and where it is) and `policy`. */
export interface ItemInherited {
  region?: string;
  regionAt?: SourceLocation;
  policy: KindPolicy;
}

/** What a kind's planner gets besides the item and its live state. */
export interface KindPlanContext {
  /** What the kind's advisory reads found (catalogues), when they were made and answered. */
  advice?: unknown;
}

/**
 * One kind. `L` is the kind's live state as its `read` returns it (for a
 * parameter group: the group and its user-set parameters).
 */
export interface ResourceKind<L = unknown> {
  name: KindName;
  /** Its top-level key in the spec: `parameterGroups`, `subnetGroups`. */
  specKey: string;
  /** How messages name it: "parameter group". */
  label: string;
  /** The Create field that names an item: `DBParameterGroupName`. */
  idField: string;
  /**
   * Reads one item of the kind's spec list (problems recorded on `src` at
   * file:line:column); undefined when the item is too broken to plan.
   */
  readItem(
    src: SpecSource,
    node: Node | null,
    path: string,
    inherited: ItemInherited,
  ): DeclaredResource | undefined;
  /** The JSON schema of one item. */
  itemSchema(): Record<string, unknown>;
  /**
   * The required read of the declared ids of one region (paged: one listing,
   * plus what the kind needs per item). Resources that do not exist are absent.
   * `declared` (the items of those ids) lets a kind read only what they need
   * (tags only for items that declare Tags); without it (export) it reads all.
   */
  read(api: KindApi, ids: readonly string[], declared?: readonly DeclaredResource[]): Promise<L[]>;
  /** The lowercased name of a live resource. */
  liveId(live: L): string;
  /**
   * Advisory reads for the plan-time checks (catalogues): never throws for a
   * denied or missing action; says what it could not check as warnings.
   */
  advise?(
    api: KindApi,
    declared: readonly DeclaredResource[],
    live: readonly L[],
    region: string,
  ): Promise<{ advice?: unknown; warnings: PlanWarning[] }>;
  /** Pure: the plan of one declared item against its live state (undefined: it does not exist). */
  plan(d: DeclaredResource, live: L | undefined, ctx: KindPlanContext): ResourcePlan;
  /** How live state becomes a spec item again (AWS names; no defaults nobody chose). */
  exportItem(live: L): Record<string, unknown>;
  /** The RDS actions it uses, for docs/iam.md: required reads, advisory reads, mutating calls. */
  actions: { required: string[]; advisory: string[]; mutating: string[] };
}
