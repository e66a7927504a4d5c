import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { Semaphore } from "../concurrency/bounded.js";
import { RdsctlError, SpecInvalidError } from "../errors.js";
import { fieldWithRole, modifyNameOf } from "../kinds/instance/fields/table.js";
import { keyString } from "../kinds/types.js";
import { DbStatus } from "../plan/db-status.js";
import { downtimeLimit, restartsNow } from "../plan/downtime.js";
import { versionMatches } from "../plan/engine-version.js";
import { backupsOn, parseDbArn, sourceIdOf } from "../plan/replica.js";
import { type ReplicaGraph, type ReplicaProblem, replicaGraph } from "../plan/replica-graph.js";
import type { InstancePlan } from "../plan/types.js";
import { DEFAULT_CONCURRENCY, PlanRun, pollerOptions } from "./execute.js";
import { instanceOutputs, rememberingApi } from "./outputs.js";
import { leftPendingReboot } from "./pending-reboot.js";
import { applyResource, resourceKey, resourcesNamedBy, whyNotReady } from "./resources.js";
import { isSettling } from "./settling.js";
import type {
  ApplyOptions,
  ApplyResult,
  BoundPlan,
  InstanceResult,
  ResourceResult,
} from "./types.js";
import { StabilityPoller } from "./wait.js";

/**
 * The order of a whole apply, across regions: every instance starts at once
 * except a read replica to create, which starts as soon as its own source is
 * ready (not when every source is); calls are bounded by `concurrency`
 * across all regions; and instances that restart now take turns, at most
 * `maxParallelDowntime` at a time, each waited until stable before the next
 * starts. A failed instance does not stop the others; a replica whose source
 * failed is skipped. Every wait, in every region, goes through one poller:
 * each round sends one DescribeDBInstances per region per 100 waited
 * instances. Each instance's outputs come from the last answer that carried
 * it (the plan's read, else a call or a poll of this apply).
 */

/**
 * The region's client with apply's abort signal and retry listener on every
 * call it makes, so an interrupt also ends the SDK's own retries and backoff.
 * A client without views (a test double) is used as it is.
 */
function withApplyCallOptions(api: RdsApi, options: ApplyOptions): RdsApi {
  if (api.withCallOptions === undefined) return api;
  if (options.signal === undefined && options.onRetry === undefined) return api;
  return api.withCallOptions({
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  });
}

/** The replica graph of a bound plan, with each declared instance in the region it was read from. */
export function boundGraph(bound: BoundPlan): ReplicaGraph {
  const regionOf = regionIndex(bound);
  return replicaGraph(bound.desired, bound.observed, { regionOf: (d) => regionOf.get(d.id) });
}

/** Throws SpecInvalidError, before anything is sent, when the replicas cannot be created as declared. */
export function checkReplicaGraph(graph: ReplicaGraph): void {
  throwReplicaProblems(graph.problems);
}

/** Replica problems, when there are any, as a SpecInvalidError located in the spec. */
export function throwReplicaProblems(problems: readonly ReplicaProblem[]): void {
  if (problems.length === 0) return;
  throw new SpecInvalidError(
    problems.map((p) => ({
      ...p.location,
      path: p.field,
      message: p.message,
    })),
  );
}

function regionIndex(bound: BoundPlan): Map<string, string> {
  const byId = new Map<string, string>();
  for (const [region, { ids }] of bound.regions) for (const id of ids) byId.set(id, region);
  return byId;
}

function skipped(inst: InstancePlan, reason: string): InstanceResult {
  const result: InstanceResult = {
    id: inst.id,
    action: inst.action,
    outcome: "skipped",
    skippedBecause: reason,
    calls: [],
    waited: false,
  };
  if (inst.status !== undefined) result.status = inst.status;
  return result;
}

/** How a dependency's result stops what waits for it ("was skipped", "failed"); undefined when it finished. */
function unfinished(r: InstanceResult | undefined): string | undefined {
  if (r?.outcome !== "failed" && r?.outcome !== "skipped") return undefined;
  return r.outcome === "skipped" ? "was skipped" : r.outcome;
}

/** Why a source waits no longer for its replica `id` when the replica did not finish. */
function replicaUnfinished(id: string, r: InstanceResult | undefined): string | undefined {
  const what = unfinished(r);
  return what === undefined
    ? undefined
    : `its replica ${id} ${what}, and a source is upgraded only after its replicas`;
}

function failed(inst: InstancePlan, error: unknown): InstanceResult {
  return {
    id: inst.id,
    action: inst.action,
    outcome: "failed",
    error:
      error instanceof Error
        ? error
        : new RdsctlError("INTERNAL", String(error), { fault: "program" }),
    calls: [],
    waited: false,
  };
}

/** Applies a bound plan in dependency order; never throws for a failed instance. */
export async function applyScheduled(
  bound: BoundPlan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const graph = boundGraph(bound);
  checkReplicaGraph(graph);
  const schedule = new Schedule(bound, graph, options);
  // The resources beside instances start at once; an instance that names one waits for it.
  const started = schedule.startResources();
  const instances = await Promise.all(bound.plan.instances.map((i) => schedule.start(i)));
  const resources = await Promise.all(started);
  for (const r of instances) {
    const db = schedule.seen.get(r.id.toLowerCase());
    if (db !== undefined) r.outputs = instanceOutputs(db);
  }
  const calls = (rs: ReadonlyArray<{ calls: readonly string[] }>) =>
    rs.reduce((n, r) => n + r.calls.length, 0);
  const result: ApplyResult = {
    instances,
    ...(bound.plan.resources === undefined ? {} : { resources }),
    mutatingCalls: calls(instances) + calls(resources),
  };
  const pending = leftPendingReboot(bound.plan.instances, instances, schedule.seen);
  if (pending.length > 0) result.pendingReboot = pending;
  return result;
}

/** Whether the plan sends an engine version for the maintenance window (not applied now). */
function sentDeferred(plan: InstancePlan): boolean {
  const name = modifyNameOf(fieldWithRole("engine-version"));
  return plan.calls.some(
    (c) =>
      c.kind === "modify" && c.input.EngineVersion !== undefined && !c.appliedNow.includes(name),
  );
}

/** The ids on a cycle of `waitsFor` (each instance's dependencies, by id). */
function cyclic(
  plans: readonly InstancePlan[],
  waitsFor: (p: InstancePlan) => string[],
): Set<string> {
  const byId = new Map(plans.map((p) => [p.id, p]));
  const state = new Map<string, "open" | "done">();
  const found = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    const seen = state.get(id);
    if (seen === "done") return;
    if (seen === "open") {
      for (const member of path.slice(path.indexOf(id))) found.add(member);
      return;
    }
    state.set(id, "open");
    const p = byId.get(id);
    for (const next of p === undefined ? [] : waitsFor(p)) visit(next, [...path, id]);
    state.set(id, "done");
  };
  for (const p of plans) visit(p.id, []);
  return found;
}

/** One apply's order: each instance started once, after what it depends on. */
class Schedule {
  /** The last answer that carried each instance (lowercased id), for outputs and backups. */
  readonly seen = new Map<string, DBInstance>();
  readonly #graph: ReplicaGraph;
  readonly #options: ApplyOptions;
  readonly #regionOf: Map<string, string>;
  readonly #runs = new Map<string, PlanRun>();
  readonly #byId: Map<string, InstancePlan>;
  readonly #started = new Map<string, Promise<InstanceResult>>();
  /** Each resource's run, by resourceKey. */
  readonly #resources = new Map<string, Promise<ResourceResult>>();
  readonly #bound: BoundPlan;
  readonly #slots: Semaphore;
  readonly #desired: Map<string, BoundPlan["desired"][number]>;
  readonly #limit: number;
  readonly #downtime: Semaphore;
  /** Source id -> the declared replicas of it. */
  readonly #replicasOf = new Map<string, string[]>();
  /** Instances whose order waits on itself (a plan that should not be): failed, not waited for ever. */
  readonly #inCycle: Set<string>;
  #restarting = 0;

  constructor(bound: BoundPlan, graph: ReplicaGraph, options: ApplyOptions) {
    const { plan, desired, planOptions } = bound;
    this.#graph = graph;
    this.#options = options;
    this.#regionOf = regionIndex(bound);
    for (const db of bound.observed) {
      const id = db.DBInstanceIdentifier?.toLowerCase();
      if (id !== undefined) this.seen.set(id, db);
    }
    const slots = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#slots = slots;
    this.#bound = bound;
    this.#desired = new Map(desired.map((d) => [d.id, d]));
    const poller = new StabilityPoller(undefined, pollerOptions(options));
    for (const [region, { api }] of bound.regions) {
      const regionApi = rememberingApi(withApplyCallOptions(api, options), this.seen);
      this.#runs.set(
        region,
        new PlanRun(regionApi, {
          ...options,
          desired,
          planOptions: bound.regionPlanOptions?.get(region) ?? planOptions,
          slots,
          poller,
        }),
      );
    }
    this.#limit = downtimeLimit(desired, options.maxParallelDowntime);
    this.#downtime = new Semaphore(this.#limit);
    this.#byId = new Map(plan.instances.map((i) => [i.id, i]));
    for (const [replica, source] of graph.dependsOn) {
      const list = this.#replicasOf.get(source) ?? [];
      list.push(replica);
      this.#replicasOf.set(source, list);
    }
    this.#inCycle = cyclic(plan.instances, (i) => this.#waitsFor(i));
  }

  /** The planned instances `inst` waits for before its calls: its source to create it from, the upgrades it follows. */
  #waitsFor(inst: InstancePlan): string[] {
    const ids: string[] = [];
    const source = this.#graph.dependsOn.get(inst.id);
    if (inst.calls[0]?.kind === "create-replica" && source !== undefined) ids.push(source);
    const step = inst.action === "blocked" || inst.action === "create" ? undefined : inst.upgrade;
    if (step?.withSource !== undefined) ids.push(step.withSource);
    ids.push(...(step?.after ?? []));
    return ids.filter((id) => this.#byId.has(id));
  }

  /**
   * Before an instance reboots: the reboots of its declared replicas, each
   * to its end (available and in-sync), so a source and its replica never
   * restart together and replicas go first. Only between instances that both
   * restart now and of which one reboots: other restarts keep their turns.
   */
  async #replicasFirst(inst: InstancePlan): Promise<void> {
    const reboots = (p: InstancePlan) => p.calls.some((c) => c.kind === "reboot");
    const replicas = (this.#replicasOf.get(inst.id) ?? []).flatMap((id) => {
      const p = this.#byId.get(id);
      // A replica upgraded with this instance waits for it: it cannot go first.
      if (p === undefined || p.upgrade?.withSource === inst.id) return [];
      return restartsNow(p) && (reboots(p) || reboots(inst)) ? [p] : [];
    });
    if (replicas.length === 0) return;
    await Promise.all(replicas.map((p) => this.start(p)));
  }

  /**
   * Before an instance's calls, the engine upgrades it must follow: for a
   * MySQL or MariaDB source (`upgrade.after`), each replica's upgrade, ended
   * and waited (available, on the target version); for a PostgreSQL replica
   * upgraded with its source (`upgrade.withSource`), the source's upgrade
   * and its wait. Done before the instance asks for a downtime turn, so it
   * never holds one while what it follows waits for one. Says why the
   * instance must be skipped when what it follows did not finish.
   */
  async #upgradeOrder(inst: InstancePlan): Promise<string | undefined> {
    const step = inst.upgrade;
    if (step === undefined || inst.action === "blocked" || inst.action === "create") return;
    const emit = (kind: "after" | "with-source", on: string[]) =>
      this.#options.onProgress?.({
        type: "upgrade-wait",
        id: inst.id,
        step: kind,
        on,
        to: step.to,
      });
    if (step.withSource !== undefined) {
      const source = this.#byId.get(step.withSource);
      if (source === undefined) return undefined;
      emit("with-source", [source.id]);
      const r = await this.start(source);
      const what = unfinished(r);
      return what === undefined
        ? undefined
        : `its source ${r.id}, whose upgrade upgrades it, ${what}`;
    }
    const after = step.after ?? [];
    // The declared replicas the plan does not link: one with the target version
    // pending (the upgrade an interrupted run sent it) is waited on until it runs it,
    // one still in a transition until it settles, before the source's upgrade.
    const linked = new Set([...after, ...(step.upgradedWith ?? [])]);
    const pendingUpgrade = (id: string) => {
      const pending = this.seen.get(id)?.PendingModifiedValues?.EngineVersion;
      return pending !== undefined && versionMatches(step.to, pending);
    };
    const replicas = (this.#replicasOf.get(inst.id) ?? []).filter((id) => !linked.has(id));
    const upgrading = replicas.filter(pendingUpgrade);
    const busy = replicas.filter(
      (id) => !pendingUpgrade(id) && isSettling(this.seen.get(id)?.DBInstanceStatus),
    );
    if (after.length + upgrading.length + busy.length === 0) return undefined;
    emit("after", [...after, ...upgrading, ...busy]);
    const why = await Promise.all([
      ...[...after, ...upgrading].map((id) => this.#upgradedFirst(id, step.to)),
      ...busy.map((id) => this.#settledFirst(id)),
    ]);
    return why.find((w) => w !== undefined);
  }

  /** Waits until the busy replica `id` has settled; why not, when it will not. */
  async #settledFirst(id: string): Promise<string | undefined> {
    const plan = this.#byId.get(id);
    const r = plan === undefined ? undefined : await this.start(plan);
    const why = replicaUnfinished(id, r);
    if (why !== undefined) return why;
    if (!isSettling(this.seen.get(id)?.DBInstanceStatus)) return undefined;
    const run = this.#runOf(id);
    try {
      await run?.waitReady(id);
      return undefined;
    } catch (err) {
      return `its replica ${id} did not settle: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** Waits until the replica `id` has ended its upgrade to `to`; why not, when it will not. */
  async #upgradedFirst(id: string, to: string): Promise<string | undefined> {
    const plan = this.#byId.get(id);
    if (plan !== undefined) {
      const why = replicaUnfinished(id, await this.start(plan));
      if (why !== undefined) return why;
    }
    const db = this.seen.get(id);
    const version = db?.EngineVersion;
    if (version !== undefined && versionMatches(to, version)) return undefined;
    const runs = version ?? "an unknown version";
    if (plan === undefined) {
      return `its replica ${id} runs ${runs}, not ${to}, and is not declared: upgrade it first`;
    }
    // Its upgrade is not under way: this run queued it for the maintenance window, or
    // nothing is pending. A version left pending by an earlier run is waited for.
    const queued = db?.PendingModifiedValues?.EngineVersion;
    if (sentDeferred(plan) || (!isSettling(db?.DBInstanceStatus) && queued === undefined)) {
      const pending =
        queued === undefined ? "" : ` (${queued} is queued for its maintenance window)`;
      return `its replica ${id} still runs ${runs}${pending}, and a source is upgraded only after its replicas`;
    }
    const run = this.#runOf(id);
    if (run === undefined) return `its replica ${id}: no region binding`;
    try {
      await run.waitUpgraded(id, to);
      return undefined;
    } catch (err) {
      return `its replica ${id} did not reach ${to}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * The result of a PostgreSQL replica RDS upgraded with its source and
   * that has no call of its own: modified when its version changed.
   */
  async #upgradedWithSource(inst: InstancePlan, source: string): Promise<InstanceResult> {
    const sourcePlan = this.#byId.get(source);
    const sourceResult = sourcePlan === undefined ? undefined : await this.start(sourcePlan);
    const db = this.seen.get(inst.id);
    const from = inst.upgrade?.from;
    const version = db?.EngineVersion;
    const changed = version !== undefined && from !== undefined && version !== from;
    const result: InstanceResult = {
      id: inst.id,
      action: inst.action,
      outcome: changed ? "modified" : "unchanged",
      calls: [],
      waited: sourceResult?.waited === true && changed,
      upgradedWithSource: source,
    };
    if (result.waited && sourceResult?.waitSeconds !== undefined) {
      result.waitSeconds = sourceResult.waitSeconds;
    }
    const status = db?.DBInstanceStatus ?? inst.status;
    if (status !== undefined) result.status = status;
    this.#options.onProgress?.({ type: "instance-done", id: inst.id });
    return result;
  }

  #runOf(id: string): PlanRun | undefined {
    const region = this.#regionOf.get(id);
    return region === undefined ? undefined : this.#runs.get(region);
  }

  /**
   * Waits until a replica's source can take CreateDBInstanceReadReplica
   * (ready for calls, and, for a declared source this run touched, such as
   * the middle of a cascade created just now, with automated backups on),
   * unless it is known to.
   */
  async #sourceReady(inst: InstancePlan, dep: InstanceResult | undefined): Promise<void> {
    const source = this.#graph.sources.get(inst.id);
    if (source === undefined || source.kind === "missing") return;
    const status =
      dep !== undefined
        ? dep.status
        : source.kind === "live"
          ? source.live.DBInstanceStatus
          : source.live?.DBInstanceStatus;
    const latest = dep === undefined ? undefined : this.seen.get(dep.id.toLowerCase());
    const backupsPending = latest !== undefined && !backupsOn(latest);
    if (status !== undefined && DbStatus.of(status).isReadyForCalls && !backupsPending) return;
    const ref = inst.replicaOf ?? source.id;
    const region = parseDbArn(ref)?.region ?? this.#regionOf.get(inst.id);
    const run =
      source.kind === "declared"
        ? this.#runOf(source.id)
        : region === undefined
          ? undefined
          : this.#runs.get(region);
    if (run === undefined) return; // RDS says so when the source is not ready.
    this.#options.onProgress?.({ type: "wait-source", id: inst.id, source: sourceIdOf(ref) });
    await (backupsPending ? run.waitBackupsOn(source.id) : run.waitReady(source.id));
  }

  /** An instance that restarts now waits for its turn among at most `limit`. */
  async #restart(inst: InstancePlan, run: PlanRun): Promise<InstanceResult> {
    if (this.#restarting >= this.#limit) {
      this.#options.onProgress?.({ type: "downtime-queued", id: inst.id, limit: this.#limit });
    }
    return this.#downtime.run(async () => {
      this.#restarting += 1;
      try {
        return await run.instance(inst, true);
      } finally {
        this.#restarting -= 1;
      }
    });
  }

  /**
   * Starts every resource plan of the kinds beside instances, each in its
   * region, its calls in order, bounded with the instances' calls.
   */
  startResources(): Promise<ResourceResult>[] {
    const bound = this.#bound.resources;
    const plans = this.#bound.plan.resources ?? [];
    return plans.map((p) => {
      const binding = this.#bound.regions.get(p.region ?? "");
      const promise =
        bound === undefined || binding === undefined
          ? Promise.resolve<ResourceResult>({
              kind: p.kind,
              id: p.id,
              ...(p.region === undefined ? {} : { region: p.region }),
              action: p.action,
              outcome: "failed",
              error: new RdsctlError("INTERNAL", `${p.kind} ${p.id}: no region binding`, {
                fault: "program",
              }),
              calls: [],
            })
          : p.calls.length === 0
            ? applyResource(p, binding.api, bound, this.#options)
            : this.#slots.run(() =>
                applyResource(
                  p,
                  withApplyCallOptions(binding.api, this.#options),
                  bound,
                  this.#options,
                ),
              );
      this.#resources.set(resourceKey(p), promise);
      return promise;
    });
  }

  /**
   * Waits for the declared resources an instance names (its groups), and
   * says why it must be skipped when one of them did not finish.
   */
  async #resourcesReady(inst: InstancePlan): Promise<string | undefined> {
    const d = this.#desired.get(inst.id);
    const region = this.#regionOf.get(inst.id);
    if (d === undefined || region === undefined || this.#resources.size === 0) return undefined;
    const keys = resourcesNamedBy(d, region, new Set(this.#resources.keys()));
    // A group this plan changes reaches the instances on it even when their item does not name it.
    const group = inst.parameterGroupChange?.group;
    if (group !== undefined) {
      const key = keyString({ kind: "parameter-group", region, id: group.toLowerCase() });
      if (this.#resources.has(key) && !keys.includes(key)) keys.push(key);
    }
    for (const key of keys) {
      const result = await this.#resources.get(key);
      const why = result === undefined ? undefined : whyNotReady(result);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /** Starts an instance once (later callers share its result), after its source when it needs one. */
  start(inst: InstancePlan): Promise<InstanceResult> {
    const known = this.#started.get(inst.id);
    if (known !== undefined) return known;
    const promise = this.#run(inst);
    this.#started.set(inst.id, promise);
    return promise;
  }

  async #run(inst: InstancePlan): Promise<InstanceResult> {
    const run = this.#runOf(inst.id);
    if (run === undefined) return failed(inst, new Error(`${inst.id}: no region binding`));
    if (this.#inCycle.has(inst.id)) {
      const message = `${inst.id}: its plan waits for itself (through ${this.#waitsFor(inst).join(", ")}); nothing was sent`;
      return failed(inst, new RdsctlError("INTERNAL", message, { fault: "program" }));
    }
    const createsReplica = inst.calls[0]?.kind === "create-replica";
    const depId = createsReplica ? this.#graph.dependsOn.get(inst.id) : undefined;
    const depPlan = depId === undefined ? undefined : this.#byId.get(depId);
    let dep: InstanceResult | undefined;
    if (depPlan !== undefined) {
      dep = await this.start(depPlan);
      const what = unfinished(dep);
      if (what !== undefined) {
        const reason = `its source ${dep.id} ${what}`;
        this.#options.onProgress?.({ type: "skipped", id: inst.id, reason });
        return skipped(inst, reason);
      }
    }
    // An engine upgrade that follows others' (replicas first, or with its source) waits for them.
    const order = await this.#upgradeOrder(inst);
    if (order !== undefined) {
      this.#options.onProgress?.({ type: "skipped", id: inst.id, reason: order });
      return skipped(inst, order);
    }
    const withSource = inst.upgrade?.withSource;
    // Nothing of its own to send or wait for: its result is what its source's upgrade did to it.
    if (
      withSource !== undefined &&
      inst.calls.length === 0 &&
      inst.parameterGroupChange === undefined &&
      inst.action !== "blocked"
    ) {
      return this.#upgradedWithSource(inst, withSource);
    }
    // Its groups are made and set first; nothing is sent to it when one of them failed.
    if (inst.calls.length > 0 || inst.parameterGroupChange !== undefined) {
      const why = await this.#resourcesReady(inst);
      if (why !== undefined) {
        this.#options.onProgress?.({ type: "skipped", id: inst.id, reason: why });
        return skipped(inst, why);
      }
    }
    if (createsReplica) {
      try {
        await this.#sourceReady(inst, dep);
      } catch (err) {
        return failed(inst, err);
      }
    }
    let result: InstanceResult;
    if (!restartsNow(inst)) result = await run.instance(inst);
    else {
      await this.#replicasFirst(inst);
      result = await this.#restart(inst, run);
    }
    if (withSource !== undefined) result.upgradedWithSource = withSource;
    return result;
  }
}
