import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { hasAwsCode, wasCreatedElsewhere } from "../aws/sdk-errors.js";
import { Semaphore } from "../concurrency/bounded.js";
import {
  ApplyFailedError,
  ApplyInterruptedError,
  AwsCallError,
  ChangeBlockedError,
  RdsctlError,
} from "../errors.js";
import { fieldWithRole, modifyNameOf } from "../kinds/instance/fields/table.js";
import { computePlan } from "../plan/compute.js";
import { DbStatus } from "../plan/db-status.js";
import { managedTag } from "../plan/managed.js";
import { backupsOn } from "../plan/replica.js";
import type { InstancePlan, PlannedCall, PlanOptions } from "../plan/types.js";
import { resolveSecret } from "../spec/secrets.js";
import type { DesiredInstance, SecretRef } from "../spec/types.js";
import { checkStillPlanned } from "./recheck.js";
import { isSettling, onlyTagCalls } from "./settling.js";
import { takeSnapshot } from "./snapshot.js";
import {
  type ApplyOptions,
  type ApplyResult,
  DEFAULT_WAIT,
  type InstanceOutcome,
  type InstanceResult,
  type ProgressEvent,
} from "./types.js";
import {
  type InstanceWaiter,
  type PollerOptions,
  StabilityPoller,
  type WaitTarget,
} from "./wait.js";

/**
 * Running a plan: each instance's calls in order, instances side by side
 * (bounded), then waiting for every touched instance through one shared poller.
 * Never deletes anything: there is no delete call in RdsApi at all.
 */

/** Instances whose calls are being sent at the same time (`--concurrency`). */
export const DEFAULT_CONCURRENCY = 10;
const DEFAULT_STATE_RETRIES = 5;

/** RDS's answer to a modify that changes nothing; it is not a failure. */
const NO_MODIFICATIONS = /no modifications were requested/i;

type CallName = Extract<ProgressEvent, { type: "call" }>["call"];

/** What running one region's share of a plan needs besides ApplyOptions: what it was planned from. */
export interface RunOptions extends ApplyOptions {
  desired: readonly DesiredInstance[];
  planOptions: PlanOptions;
  /** The poller shared with the other regions of the apply; default: one of this run's own. */
  poller?: StabilityPoller;
  /** The bound on instances being called, shared by every region's run; default one of `concurrency`. */
  slots?: Semaphore;
}

const OUTCOMES: Record<InstancePlan["action"], InstanceOutcome> = {
  create: "created",
  modify: "modified",
  noop: "unchanged",
  blocked: "failed",
};

/** Throws ApplyFailedError when any instance of the result failed. */
export function throwIfAnyFailed(result: ApplyResult): void {
  const errors = [...result.instances, ...(result.resources ?? [])].flatMap((i) =>
    i.outcome === "failed" && i.error !== undefined ? [i.error] : [],
  );
  if (errors.length > 0) throw new ApplyFailedError(result, errors);
}

/** Anything thrown becomes an Error a result can carry; a non-Error is a program fault. */
function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  return new RdsctlError("INTERNAL", `unexpected failure: ${String(err)}`, { fault: "program" });
}

/** The poller's options taken from apply's. */
export function pollerOptions(options: ApplyOptions): PollerOptions {
  return {
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    now: options.now ?? Date.now,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.rdsEvents === undefined ? {} : { rdsEvents: options.rdsEvents }),
  };
}

/** Everything one apply shares across the instances of one region. */
export class PlanRun {
  readonly #api: RdsApi;
  readonly #options: RunOptions;
  readonly #poller: InstanceWaiter;
  readonly #desired: Map<string, DesiredInstance>;
  readonly #slots: Semaphore;
  readonly #now: () => number;

  constructor(api: RdsApi, options: RunOptions) {
    this.#api = api;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#poller = options.poller?.through(api) ?? new StabilityPoller(api, pollerOptions(options));
    this.#desired = new Map(options.desired.map((d) => [d.id, d]));
    this.#slots = options.slots ?? new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  #emit(event: ProgressEvent): void {
    this.#options.onProgress?.(event);
  }

  #waitOptions(id: string) {
    return this.#desired.get(id)?.wait ?? this.#options.defaultWait ?? DEFAULT_WAIT;
  }

  /** Waits until the instance can take calls (status available, nothing applying). */
  waitReady(id: string): Promise<DBInstance> {
    return this.#waitReady(id);
  }

  /**
   * Waits until `id` is available with automated backups on and no retention
   * change pending: what RDS needs of the source of a new read replica.
   */
  waitBackupsOn(id: string): Promise<DBInstance> {
    return this.#poller.waitFor({
      id,
      appliedNow: [modifyNameOf(fieldWithRole("backup-retention"))],
      guardImmediateChange: true,
      changeObserved: (db) => backupsOn(db),
      wait: this.#waitOptions(id),
    });
  }

  /**
   * Waits until `id` is available and runs the engine version `to` (a
   * declared version: "8.4" matches 8.4.x): the end of an engine upgrade.
   */
  waitUpgraded(id: string, to: string): Promise<DBInstance> {
    return this.#poller.waitFor({
      id,
      appliedNow: [],
      guardImmediateChange: false,
      engineVersion: to,
      wait: this.#waitOptions(id),
    });
  }

  #waitReady(id: string): Promise<DBInstance> {
    return this.#poller.waitFor({
      id,
      appliedNow: [],
      guardImmediateChange: false,
      wait: this.#waitOptions(id),
    });
  }

  /**
   * One instance from start to end; never throws: a failure is recorded in
   * the result. `mustWait` waits for it until stable even without waiting
   * otherwise (a restart held back by the downtime limit).
   */
  async instance(inst: InstancePlan, mustWait = false): Promise<InstanceResult> {
    const result: InstanceResult = {
      id: inst.id,
      action: inst.action,
      outcome: OUTCOMES[inst.action],
      calls: [],
      waited: false,
    };
    if (inst.status !== undefined) result.status = inst.status;
    const waits = this.#options.wait !== false || mustWait;
    // Nothing to send, but a previous run may have left it creating or modifying: see it through.
    const settleOnly = inst.calls.length === 0 && waits && isSettling(inst.status);
    // Nothing to send, but its parameter group changed: it is waited on until the group applies.
    const syncOnly = inst.calls.length === 0 && waits && parametersToWaitFor(inst) !== undefined;
    if (inst.calls.length === 0 && !settleOnly && !syncOnly) return result;
    try {
      if (settleOnly || syncOnly) await this.#settle(inst, result, settleOnly);
      else await this.#instanceCalls(inst, result, waits);
    } catch (err) {
      result.outcome = "failed";
      result.error = asError(err);
    }
    return result;
  }

  /**
   * Waits for an instance with nothing to send that is still in a transient
   * status, or whose parameter group this apply changed.
   */
  async #settle(inst: InstancePlan, result: InstanceResult, settling: boolean): Promise<void> {
    const group = inst.parameterGroupChange?.group;
    if (settling || group === undefined) {
      this.#emit({ type: "settle", id: inst.id, status: inst.status ?? "unknown" });
    } else {
      this.#emit({ type: "wait-parameters", id: inst.id, group });
    }
    const state: CallState = {
      arn: inst.arn,
      appliedNow: [],
      guard: false,
      lastStatus: inst.status,
    };
    const parameters = parametersToWaitFor(inst);
    if (parameters !== undefined) state.parameters = parameters;
    const started = this.#now();
    const stable = await this.#poller.waitFor(this.#finalTarget(inst.id, state));
    result.waited = true;
    result.waitSeconds = (this.#now() - started) / 1000;
    if (stable.DBInstanceStatus !== undefined) result.status = stable.DBInstanceStatus;
    this.#emit({ type: "instance-done", id: inst.id });
  }

  async #instanceCalls(inst: InstancePlan, result: InstanceResult, waits: boolean): Promise<void> {
    const state = await this.#slots.run(() => this.#callPhase(inst, result));
    // Tags start no change: wait only when the instance was busy anyway (and will settle).
    const tagsOnly = onlyTagCalls(inst.calls);

    if (waits && (!tagsOnly || isSettling(inst.status) || state.parameters !== undefined)) {
      const started = this.#now();
      // The replicas RDS upgrades with this instance are waited on in the same rounds.
      const [first] = await Promise.all([
        state.stable ?? this.#poller.waitFor(this.#finalTarget(inst.id, state)),
        ...this.#upgradedWith(inst, state).map((id) =>
          this.waitUpgraded(id, state.engineVersion ?? ""),
        ),
      ]);
      let stable = first;
      const reboot = this.#followUpReboot(inst.id, stable);
      if (reboot !== undefined) {
        // A parameter group switched by this apply now waits for a reboot the policy allows.
        await this.#slots.run(() => this.#runCalls(inst.id, reboot.calls, state, result));
        stable = await this.#poller.waitFor(this.#finalTarget(inst.id, state));
      }
      result.waited = true;
      result.waitSeconds = (this.#now() - started + (state.waitedMs ?? 0)) / 1000;
      if (stable.DBInstanceStatus !== undefined) result.status = stable.DBInstanceStatus;
    } else if (state.lastStatus !== undefined) {
      result.status = state.lastStatus;
    }
    this.#emit({ type: "instance-done", id: inst.id });
  }

  /**
   * The replicas RDS upgrades together with this instance (a PostgreSQL
   * source's `upgradedWith`), when its upgrade was applied now; announced.
   */
  #upgradedWith(inst: InstancePlan, state: CallState): string[] {
    const replicas = inst.upgrade?.upgradedWith ?? [];
    const to = state.engineVersion;
    if (replicas.length === 0 || to === undefined) return [];
    this.#emit({ type: "upgrade-wait", id: inst.id, step: "replicas", on: [...replicas], to });
    return replicas;
  }

  /** After an interruption nothing new is sent: the call about to go out is refused. */
  #checkNotInterrupted(id: string, call: string): void {
    if (this.#options.signal?.aborted === true) {
      throw new ApplyInterruptedError(`${id}: interrupted before ${call}; it was not sent`);
    }
  }

  /**
   * After the wait: when the policy allows reboots and a fresh plan of the
   * settled instance asks for nothing but a reboot, that reboot (so one apply
   * converges after switching to a parameter group with static parameters).
   */
  #followUpReboot(id: string, db: DBInstance): InstancePlan | undefined {
    const desired = this.#desired.get(id);
    const flag = this.#options.planOptions.reboot === true;
    if (desired === undefined || !(desired.policy.rebootWhenNeeded || flag)) return undefined;
    const { snapshotBefore } = this.#options.planOptions;
    const replanned = computePlan([desired], [db], {
      ...(flag ? { reboot: true } : {}),
      ...(snapshotBefore === undefined ? {} : { snapshotBefore }),
    }).instances[0];
    // A snapshot the policy takes before a risky reboot goes with it.
    const calls = replanned?.calls.filter((c) => c.kind !== "snapshot") ?? [];
    if (replanned === undefined || calls.length !== 1) return undefined;
    return calls[0]?.kind === "reboot" ? replanned : undefined;
  }

  /**
   * Everything up to the final wait: wait out a busy status, check that the
   * live instance still gives the planned entry, then send the calls in order.
   */
  async #callPhase(inst: InstancePlan, result: InstanceResult): Promise<CallState> {
    // Tags go out in any status (stopped and failed included): RDS does not tie them to it.
    const status = inst.status;
    let live: DBInstance | undefined;
    if (status !== undefined && !DbStatus.of(status).isReadyForCalls && !onlyTagCalls(inst.calls)) {
      this.#emit({ type: "wait-before", id: inst.id, status });
      live = await this.#waitReady(inst.id);
      if (live.DBInstanceStatus !== undefined) result.status = live.DBInstanceStatus;
    }
    await this.#recheck(inst, live);
    const state: CallState = {
      arn: inst.arn,
      appliedNow: [],
      guard: false,
      lastStatus: result.status,
    };
    // A reboot asks for in-sync once it is sent; before it, the group waits for it.
    if (parametersToWaitFor(inst) === "applied") state.parameters = "applied";
    await this.#runCalls(inst.id, inst.calls, state, result);
    // An engine upgrade applied now: the instance is stable once it runs the new version.
    const upgrade = inst.upgrade;
    if (
      upgrade !== undefined &&
      upgrade.withSource === undefined &&
      state.appliedNow.includes(modifyNameOf(fieldWithRole("engine-version")))
    ) {
      state.engineVersion = upgrade.to;
    }
    return state;
  }

  /**
   * Refuses (PlanStaleError) an existing instance whose live state no longer
   * gives the planned entry; `waited` is the state a wait just returned, else
   * one DescribeDBInstances reads it. A create needs no read: CreateDBInstance
   * itself answers DBInstanceAlreadyExists when the id was taken since.
   */
  async #recheck(inst: InstancePlan, waited: DBInstance | undefined): Promise<void> {
    const desired = this.#desired.get(inst.id);
    if (inst.action === "create" || desired === undefined) return;
    const live = waited ?? (await this.#api.describeInstance(inst.id));
    checkStillPlanned(inst, desired, live, this.#options.planOptions, [...this.#desired.values()]);
  }

  #finalTarget(id: string, state: CallState): WaitTarget {
    const target: WaitTarget = {
      id,
      appliedNow: [...new Set(state.appliedNow)],
      guardImmediateChange: state.guard,
      wait: this.#waitOptions(id),
    };
    if (state.lastStatus !== undefined) target.initialStatus = state.lastStatus;
    if (state.parameters !== undefined) target.parameters = state.parameters;
    if (state.engineVersion !== undefined) target.engineVersion = state.engineVersion;
    const desired = this.#desired.get(id);
    if (desired !== undefined) target.changeObserved = (db) => this.#matchesDesired(desired, db);
    return target;
  }

  /** Whether the live instance shows no remaining field difference (tags and password aside). */
  #matchesDesired(desired: DesiredInstance, db: DBInstance): boolean | undefined {
    const replanned = computePlan([desired], [db], {}).instances[0];
    if (replanned === undefined) return undefined;
    return !replanned.changes.some((c) => !c.field.startsWith("Tags.") && !c.sensitive);
  }

  async #runCalls(
    id: string,
    calls: PlannedCall[],
    state: CallState,
    result: InstanceResult,
  ): Promise<void> {
    for (const [index, call] of calls.entries()) {
      delete state.stable;
      switch (call.kind) {
        case "create-replica": {
          const replanned = await this.#createReplica(id, call, state, result);
          if (replanned !== undefined) {
            await this.#runCalls(id, replanned.calls, state, result);
            return;
          }
          // What CreateDBInstanceReadReplica does not take goes in a modify once it is available.
          if (index < calls.length - 1) {
            const ready = await this.#waitReady(id);
            state.lastStatus = ready.DBInstanceStatus ?? state.lastStatus;
          }
          break;
        }
        case "promote": {
          const db = await this.#send(id, "promote", result, () =>
            this.#api.promoteReadReplica(call.input),
          );
          state.arn = db.DBInstanceArn ?? state.arn;
          // The promotion restarts the instance: see it through before anything else is sent.
          const target: WaitTarget = {
            id,
            appliedNow: [],
            guardImmediateChange: true,
            wait: this.#waitOptions(id),
          };
          if (db.DBInstanceStatus !== undefined) target.initialStatus = db.DBInstanceStatus;
          const started = this.#now();
          const done = await this.#poller.waitFor(target);
          state.waitedMs = (state.waitedMs ?? 0) + (this.#now() - started);
          state.lastStatus = done.DBInstanceStatus ?? state.lastStatus;
          // Nothing sent after it: this wait is the instance's final one, not repeated.
          state.stable = done;
          break;
        }
        case "create": {
          const replanned = await this.#create(id, call, state, result);
          if (replanned !== undefined) {
            // The instance was already there: the fresh plan replaces the rest of this one.
            await this.#runCalls(id, replanned.calls, state, result);
            return;
          }
          break;
        }
        case "modify":
          await this.#modify(id, call, state, result);
          break;
        case "snapshot":
          await this.#snapshot(id, state, result);
          break;
        case "add-tags": {
          const arn = requireArn(id, state);
          await this.#send(id, "add-tags", result, () => this.#api.addTags(arn, call.tags));
          break;
        }
        case "remove-tags": {
          const arn = requireArn(id, state);
          await this.#send(id, "remove-tags", result, () => this.#api.removeTags(arn, call.keys));
          break;
        }
        case "reboot": {
          // A reboot needs an available instance: let earlier changes settle first.
          await this.#poller.waitFor(this.#finalTarget(id, state));
          const db = await this.#send(id, "reboot", result, () => this.#api.rebootInstance(id));
          state.lastStatus = db.DBInstanceStatus ?? state.lastStatus;
          state.appliedNow = [];
          state.guard = true;
          // Rebooted: its parameter group must end in-sync, not only the instance available.
          state.parameters = "in-sync";
          break;
        }
      }
    }
  }

  /**
   * One mutating call: refused after an interruption, announced, sent (and,
   * unless `stateRetry` is false, retried while RDS says the instance is busy),
   * then recorded in the result and announced as done.
   */
  async #send<T>(
    id: string,
    call: CallName,
    result: InstanceResult,
    send: () => Promise<T>,
    stateRetry = true,
  ): Promise<T> {
    this.#checkNotInterrupted(id, call);
    this.#emit({ type: "call", id, call });
    const answer = await (stateRetry ? this.#withStateRetry(id, call, send) : send());
    result.calls.push(call);
    this.#emit({ type: "call-done", id, call });
    return answer;
  }

  /**
   * CreateDBSnapshot, waited until the snapshot is available, then until the
   * instance is (it reads backing-up meanwhile): only then the next call. A
   * snapshot that fails or times out fails the instance with nothing else sent.
   */
  async #snapshot(id: string, state: CallState, result: InstanceResult): Promise<void> {
    const desired = this.#desired.get(id);
    const tag = desired === undefined ? undefined : managedTag(desired);
    const started = this.#now();
    result.snapshot = await takeSnapshot({
      api: this.#api,
      id,
      tags: tag === undefined ? [] : [tag],
      wait: this.#waitOptions(id),
      now: this.#now,
      ...(this.#options.sleep === undefined ? {} : { sleep: this.#options.sleep }),
      ...(this.#options.signal === undefined ? {} : { signal: this.#options.signal }),
      emit: (event) => this.#emit(event),
      send: (create) => this.#send(id, "snapshot", result, create),
    });
    const ready = await this.#waitReady(id);
    state.waitedMs = (state.waitedMs ?? 0) + (this.#now() - started);
    state.lastStatus = ready.DBInstanceStatus ?? state.lastStatus;
  }

  /** ModifyDBInstance; RDS's "no modifications" answer is not a failure. */
  async #modify(
    id: string,
    call: Extract<PlannedCall, { kind: "modify" }>,
    state: CallState,
    result: InstanceResult,
  ): Promise<void> {
    const { MasterUserPassword, ...rest } = call.input;
    const input = { ...rest, ...(await secretField(MasterUserPassword)) };
    try {
      const db = await this.#send(id, "modify", result, () => this.#api.modifyInstance(input));
      state.lastStatus = db.DBInstanceStatus ?? state.lastStatus;
    } catch (err) {
      if (!(err instanceof AwsCallError && NO_MODIFICATIONS.test(err.message))) throw err;
      // Also the answer to a retried modify whose first answer was lost: the change may
      // be in flight, so the wait below still watches the fields.
      this.#emit({ type: "modify-noop", id });
    }
    state.appliedNow.push(...call.appliedNow);
    if (call.appliedNow.length > 0) state.guard = true;
  }

  /** CreateDBInstanceReadReplica; on DBInstanceAlreadyExists, the fresh plan for the existing instance. */
  async #createReplica(
    id: string,
    call: Extract<PlannedCall, { kind: "create-replica" }>,
    state: CallState,
    result: InstanceResult,
  ): Promise<InstancePlan | undefined> {
    try {
      const db = await this.#send(
        id,
        "create-replica",
        result,
        () => this.#api.createReadReplica(call.input),
        false,
      );
      state.arn = db.DBInstanceArn ?? state.arn;
      state.lastStatus = db.DBInstanceStatus ?? DbStatus.CREATING;
      return undefined;
    } catch (err) {
      if (!hasAwsCode(err, "DBInstanceAlreadyExists")) throw err;
      return this.#replanExisting(id, err);
    }
  }

  /** CreateDBInstance; on DBInstanceAlreadyExists, the fresh plan for the existing instance. */
  async #create(
    id: string,
    call: Extract<PlannedCall, { kind: "create" }>,
    state: CallState,
    result: InstanceResult,
  ): Promise<InstancePlan | undefined> {
    const { MasterUserPassword, ...rest } = call.input;
    const input = { ...rest, ...(await secretField(MasterUserPassword)) };
    try {
      const db = await this.#send(
        id,
        "create",
        result,
        () => this.#api.createInstance(input),
        false,
      );
      state.arn = db.DBInstanceArn ?? state.arn;
      state.lastStatus = db.DBInstanceStatus ?? DbStatus.CREATING;
      return undefined;
    } catch (err) {
      if (!hasAwsCode(err, "DBInstanceAlreadyExists")) throw err;
      const replanned = await this.#replanExisting(id, err);
      if (wasCreatedElsewhere(err)) {
        // Another run won the race: report what this one did to the instance, not a create.
        result.createdElsewhere = true;
        result.outcome = replanned.action === "modify" ? "modified" : "unchanged";
      }
      return replanned;
    }
  }

  async #replanExisting(id: string, original: unknown): Promise<InstancePlan> {
    const desired = this.#desired.get(id);
    const db = await this.#api.describeInstance(id);
    if (desired === undefined || db === undefined) throw original;
    const replan = computePlan([desired], [db], this.#options.planOptions);
    const replanned = replan.instances[0];
    if (replanned === undefined || replanned.action === "create") throw original;
    this.#emit({
      type: "already-exists",
      id,
      replannedAction: replanned.action,
      ...(wasCreatedElsewhere(original) ? { createdElsewhere: true } : {}),
    });
    if (replanned.action === "blocked") {
      throw new ChangeBlockedError(replan, "refusing to apply");
    }
    // The existing instance may still be creating: wait before modifying it.
    if (replanned.calls.length > 0 && DbStatus.of(db.DBInstanceStatus)?.isAvailable !== true) {
      this.#emit({ type: "wait-before", id, status: db.DBInstanceStatus ?? "unknown" });
      await this.#waitReady(id);
    }
    return { ...replanned, arn: replanned.arn ?? db.DBInstanceArn };
  }

  /** InvalidDBInstanceState means "not now": wait for the instance, then try again (bounded). */
  async #withStateRetry<T>(id: string, call: string, send: () => Promise<T>): Promise<T> {
    const retries = this.#options.stateRetries ?? DEFAULT_STATE_RETRIES;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) this.#checkNotInterrupted(id, call);
      try {
        return await send();
      } catch (err) {
        if (!hasAwsCode(err, "InvalidDBInstanceState") || attempt > retries) throw err;
        this.#emit({ type: "state-retry", id, call, attempt });
        await this.#waitReady(id);
      }
    }
  }
}

interface CallState {
  arn: string | undefined;
  /** Modify names applied now by the modifies sent so far. */
  appliedNow: string[];
  /** A change was applied now: guard against the "still available" moment. */
  guard: boolean;
  lastStatus: string | undefined;
  /** Milliseconds spent waiting between calls (a promotion's restart), counted in the instance's wait. */
  waitedMs?: number;
  /** The state the last call's own wait ended on, when no call was sent after it. */
  stable?: DBInstance;
  /** What the final wait asks of the instance's parameter group (see WaitTarget.parameters). */
  parameters?: WaitTarget["parameters"];
  /** The engine version an upgrade applied now must reach (UpgradeStep.to), for the final wait. */
  engineVersion?: string;
}

/**
 * What apply waits for on the instance's parameter group after this plan
 * changed it: `in-sync` when the plan reboots it, `applied` when the change
 * is dynamic only; undefined when nothing (static changes left for a reboot
 * would never let it be in-sync).
 */
function parametersToWaitFor(inst: InstancePlan): WaitTarget["parameters"] {
  const change = inst.parameterGroupChange;
  if (change === undefined || inst.action === "blocked") return undefined;
  if (change.reboot) return "in-sync";
  if (change.static.length === 0 && change.dynamic.length > 0) return "applied";
  return undefined;
}

function requireArn(id: string, state: CallState): string {
  if (state.arn === undefined) {
    throw new AwsCallError(`${id}: cannot change tags: the instance ARN is unknown`, undefined);
  }
  return state.arn;
}

/** The resolved password, only when the call carries one. */
async function secretField(ref: SecretRef | undefined): Promise<{ MasterUserPassword?: string }> {
  return ref === undefined ? {} : { MasterUserPassword: await resolveSecret(ref) };
}
