import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi, RdsInstanceEvent } from "../aws/rds-api.js";
import { advisoryFailure } from "../aws/sdk-errors.js";
import {
  ApplyInterruptedError,
  InstanceFailedError,
  RdsctlError,
  WaitTimeoutError,
} from "../errors.js";
import { parameterGroup } from "../kinds/instance/fields/describe-readers.js";
import { DbStatus } from "../plan/db-status.js";
import { versionMatches } from "../plan/engine-version.js";
import { checkStability } from "../plan/stability.js";
import type { WaitOptions } from "../spec/types.js";
import { ADVISORY_MAX_ATTEMPTS } from "./plan-checks.js";
import type { ProgressEvent } from "./types.js";

/**
 * Waiting until instances are stable, with one poller shared by every wait of
 * an apply, in every region: each round sends, per region, one
 * DescribeDBInstances per 100 instances due (the client chunks by the
 * `db-instance-id` filter), so waiting on many instances costs the same as
 * waiting on one. The next round is timed from the start of the last one, so
 * an instance turning stable is reported at most one polling delay (plus one
 * describe) after it happened. When asked (someone watches a terminal), each
 * round also reads the region's recent RDS events, at most one DescribeEvents
 * per region in flight, without holding up the status verdicts.
 */

/**
 * After a modify that applied something now, RDS may still say `available`
 * for a moment. When neither a transition nor the new values can be seen,
 * this many quiet rounds in a row are taken as settled.
 */
const QUIET_ROUNDS_WHEN_UNOBSERVABLE = 3;

export interface WaitTarget {
  id: string;
  /** Modify names of the fields applied now: they must leave PendingModifiedValues. */
  appliedNow: string[];
  /**
   * Guard against the "still available right after modify" moment: require a
   * non-available status seen once, or `changeObserved` to say the new values
   * are live, before declaring stable.
   */
  guardImmediateChange: boolean;
  /** A status already seen (e.g. in the modify answer), counting as a transition when not available. */
  initialStatus?: string;
  /**
   * Whether the values just sent are visible in the live (non-pending) fields.
   * Undefined when that cannot be told; quiet rounds decide then.
   */
  changeObserved?: (db: DBInstance) => boolean | undefined;
  /**
   * Also wait on the instance's parameter group: `in-sync` (after a reboot
   * for static parameters), or `applied` (after a dynamic change: nothing
   * left `applying`; `in-sync`, or `pending-reboot` for static parameters
   * that were already waiting). An instance that reports no parameter group
   * has nothing to wait for.
   */
  parameters?: "in-sync" | "applied";
  /**
   * Also wait until the instance runs this engine version (a declared
   * version such as "17" matches any 17.x): an engine upgrade applied now,
   * this instance's own or its source's (a PostgreSQL replica).
   */
  engineVersion?: string;
  wait: WaitOptions;
}

export interface PollerOptions {
  /** Default: a timer the poller cancels when a newly registered instance is due sooner. */
  sleep?: (ms: number) => Promise<void>;
  now: () => number;
  onProgress?: (event: ProgressEvent) => void;
  /** Aborting ends every wait at once with ApplyInterruptedError. */
  signal?: AbortSignal;
  /**
   * Also read each region's RDS events for the waited instances (one
   * DescribeEvents per round per region) and report the latest one as an
   * `rds-event` progress event. Default false: only worth a call when shown.
   */
  rdsEvents?: boolean;
}

/** Waits for instances through one region's client, on a poller shared with other regions. */
export interface InstanceWaiter {
  waitFor(target: WaitTarget): Promise<DBInstance>;
}

/** One region's share of the poller: its client and its event-reading state. */
interface RegionPoll {
  api: RdsApi;
  /** Where the next DescribeEvents starts; set by the first wait in the region. */
  eventsSince: Date | undefined;
  eventsInFlight: boolean;
  /** DescribeEvents was denied or is not served here: not asked again. */
  eventsOff: boolean;
  /** Events already reported (id, time, message), so a StartTime overlap repeats none. */
  seenEvents: Set<string>;
}

/** How far back the first DescribeEvents of a region looks (RDS and local clocks may differ). */
const EVENTS_LOOKBACK_MS = 60_000;

interface Waiter {
  target: WaitTarget;
  region: RegionPoll;
  startedAt: number;
  deadline: number;
  delayMs: number;
  nextPollAt: number;
  seenTransition: boolean;
  quietRounds: number;
  lastStatus: string | undefined;
  lastReason: string;
  resolve: (db: DBInstance) => void;
  reject: (err: unknown) => void;
}

/**
 * Polls every registered instance until each is stable, failed or timed out.
 * `waitFor` waits through the client given to the constructor; `through(api)`
 * gives the waiter of another region's client, on the same rounds.
 */
export class StabilityPoller implements InstanceWaiter {
  readonly #default: RegionPoll | undefined;
  readonly #regions = new Map<RdsApi, RegionPoll>();
  readonly #options: PollerOptions;
  readonly #waiters = new Set<Waiter>();
  #running = false;
  /** While the loop sleeps: when it means to wake, and how to wake it sooner. */
  #sleeping: { until: number; wake: () => void } | undefined;

  /** `api`: the client `waitFor` uses; undefined when every wait goes through `through(api)`. */
  constructor(api: RdsApi | undefined, options: PollerOptions) {
    this.#options = options;
    this.#default = api === undefined ? undefined : this.#region(api);
    options.signal?.addEventListener("abort", () => this.#interruptAll(), { once: true });
  }

  #region(api: RdsApi): RegionPoll {
    let region = this.#regions.get(api);
    if (region === undefined) {
      region = {
        api,
        eventsSince: undefined,
        eventsInFlight: false,
        eventsOff: false,
        seenEvents: new Set(),
      };
      this.#regions.set(api, region);
    }
    return region;
  }

  /** The waiter for instances that live where `api` points (one per region), sharing this poller's rounds. */
  through(api: RdsApi): InstanceWaiter {
    const region = this.#region(api);
    return { waitFor: (target) => this.#register(region, target) };
  }

  #interruptAll(): void {
    for (const w of this.#waiters) w.reject(interrupted(w.target.id));
    this.#waiters.clear();
    // The loop finds no waiter left once it wakes, and ends.
    this.#sleeping?.wake();
  }

  /** Resolves with the last describe of the instance once it is stable. */
  waitFor(target: WaitTarget): Promise<DBInstance> {
    if (this.#default === undefined) {
      return Promise.reject(
        new RdsctlError("INTERNAL", `${target.id}: waited for without a client`, {
          fault: "program",
        }),
      );
    }
    return this.#register(this.#default, target);
  }

  #register(region: RegionPoll, target: WaitTarget): Promise<DBInstance> {
    return new Promise<DBInstance>((resolve, reject) => {
      if (this.#options.signal?.aborted === true) {
        reject(interrupted(target.id));
        return;
      }
      const now = this.#options.now();
      region.eventsSince ??= new Date(now - EVENTS_LOOKBACK_MS);
      const delayMs = Math.max(0, target.wait.delaySeconds * 1000);
      const waiter: Waiter = {
        target,
        region,
        startedAt: now,
        deadline: now + Math.max(0, target.wait.timeoutSeconds * 1000),
        delayMs,
        nextPollAt: now + delayMs,
        seenTransition: isTransition(target.initialStatus),
        quietRounds: 0,
        lastStatus: target.initialStatus,
        lastReason: "not polled yet",
        resolve,
        reject,
      };
      this.#waiters.add(waiter);
      // The loop may be asleep until a later instance's poll: this one must not wait for that.
      if (this.#sleeping !== undefined && waiter.nextPollAt < this.#sleeping.until)
        this.#sleeping.wake();
      if (!this.#running) {
        this.#running = true;
        // Start on a later tick so instances registered together share rounds.
        setImmediate(() => {
          this.#run().catch((err: unknown) => this.#failAll(err));
        });
      }
    });
  }

  #failAll(err: unknown): void {
    for (const w of this.#waiters) w.reject(err);
    this.#waiters.clear();
    this.#running = false;
  }

  /** Sleep until `until`, or less when a new waiter is due sooner. */
  #sleepUntil(until: number, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        if (this.#sleeping?.wake === done) this.#sleeping = undefined;
        resolve();
      };
      this.#sleeping = { until, wake: done };
      const injected = this.#options.sleep;
      if (injected !== undefined) injected(ms).then(done, done);
      else timer = setTimeout(done, ms);
    });
  }

  async #run(): Promise<void> {
    const { now } = this.#options;
    while (this.#waiters.size > 0) {
      let wakeAt = Number.POSITIVE_INFINITY;
      for (const w of this.#waiters) wakeAt = Math.min(wakeAt, w.nextPollAt, w.deadline);
      const before = now();
      if (wakeAt > before) await this.#sleepUntil(wakeAt, wakeAt - before);
      const at = now();
      // Waiters due within half their delay join this round: polling them a little early
      // costs nothing and keeps instances registered at different moments in one describe.
      const due = [...this.#waiters].filter(
        (w) => w.nextPollAt - w.delayMs / 2 <= at || w.deadline <= at,
      );
      if (due.length === 0) continue;
      const byRegion = new Map<RegionPoll, Waiter[]>();
      for (const w of due) {
        const list = byRegion.get(w.region) ?? [];
        list.push(w);
        byRegion.set(w.region, list);
      }
      // The regions side by side; the round ends when every region has answered.
      await Promise.all(
        [...byRegion].map(([region, waiters]) => this.#pollRegion(region, waiters, at)),
      );
    }
    this.#running = false;
  }

  /** One round in one region: one describe per 100 ids, then each waiter's verdict. */
  async #pollRegion(region: RegionPoll, due: Waiter[], roundStart: number): Promise<void> {
    const ids = due.map((w) => w.target.id);
    if (this.#options.rdsEvents === true) this.#readEvents(region, ids);
    let described: DBInstance[];
    try {
      described = await region.api.describeInstances(ids);
    } catch (err) {
      for (const w of due) {
        this.#waiters.delete(w);
        w.reject(err);
      }
      return;
    }
    const byId = new Map(
      described.map((db) => [(db.DBInstanceIdentifier ?? "").toLowerCase(), db]),
    );
    const polledAt = this.#options.now();
    for (const w of due) {
      // A waiter interrupted during the describe is already settled.
      if (this.#waiters.has(w)) this.#evaluate(w, byId.get(w.target.id), polledAt, roundStart);
    }
  }

  /**
   * The region's RDS events since the last read, the latest per waited
   * instance reported as progress. Not awaited by the round: a slow
   * DescribeEvents delays no verdict, and while one is in flight the region
   * sends no other. A failure only costs the event line. An advisory read
   * (docs/iam.md): few attempts, and once denied or not served, not asked again.
   */
  #readEvents(region: RegionPoll, ids: string[]): void {
    if (region.eventsOff) return;
    const api = region.api.withCallOptions?.({ maxAttempts: ADVISORY_MAX_ATTEMPTS }) ?? region.api;
    const read = api.describeInstanceEvents;
    const onProgress = this.#options.onProgress;
    if (read === undefined || onProgress === undefined || region.eventsInFlight) return;
    const since = region.eventsSince ?? new Date(this.#options.now() - EVENTS_LOOKBACK_MS);
    region.eventsInFlight = true;
    const wanted = new Set(ids);
    read
      .call(api, since)
      .then((events) => {
        const latest = new Map<string, RdsInstanceEvent>();
        for (const e of events) {
          if (e.date > (region.eventsSince ?? since)) region.eventsSince = e.date;
          const key = `${e.id}\u0000${e.date.getTime()}\u0000${e.message}`;
          if (region.seenEvents.has(key)) continue;
          region.seenEvents.add(key);
          const prev = latest.get(e.id);
          if (wanted.has(e.id) && (prev === undefined || e.date >= prev.date)) latest.set(e.id, e);
        }
        for (const e of latest.values()) {
          onProgress({
            type: "rds-event",
            id: e.id,
            time: e.date.toISOString(),
            message: e.message,
          });
        }
      })
      .catch((err: unknown) => {
        const kind = advisoryFailure(err)?.kind;
        if (kind === "denied" || kind === "not-served") region.eventsOff = true;
      })
      .finally(() => {
        region.eventsInFlight = false;
      });
  }

  #evaluate(w: Waiter, db: DBInstance | undefined, at: number, roundStart: number): void {
    const { id } = w.target;
    const elapsedSeconds = Math.round((at - w.startedAt) / 100) / 10;
    if (db !== undefined) {
      const verdict = judge(w, db);
      const status = db.DBInstanceStatus ?? "unknown";
      w.lastStatus = status;
      w.lastReason = verdict.reason;
      if (verdict.state === "failed") {
        this.#waiters.delete(w);
        // The verdict's reason already says what to do about this status, not only that waiting stopped.
        w.reject(new InstanceFailedError(id, status, `${id}: ${verdict.reason}`));
        return;
      }
      if (verdict.state === "stable") {
        this.#waiters.delete(w);
        this.#options.onProgress?.({ type: "stable", id, status, elapsedSeconds });
        w.resolve(db);
        return;
      }
    } else {
      w.lastReason = "the instance is not visible yet";
    }
    this.#options.onProgress?.({
      type: "waiting",
      id,
      status: w.lastStatus ?? "not found",
      elapsedSeconds,
      reason: w.lastReason,
    });
    if (at >= w.deadline) {
      this.#waiters.delete(w);
      const status = w.lastStatus ?? "not found";
      w.reject(
        new WaitTimeoutError(
          id,
          w.lastStatus,
          `${id}: not stable after ${w.target.wait.timeoutSeconds}s (last status "${status}": ${w.lastReason}). ` +
            "The changes already sent stand; re-running apply resumes from here.",
        ),
      );
      return;
    }
    w.delayMs = Math.min(Math.max(w.delayMs * 2, 1), w.target.wait.maxDelaySeconds * 1000);
    // From the round's start, not its end: the describe's own time adds no latency.
    w.nextPollAt = Math.min(roundStart + w.delayMs, w.deadline);
  }
}

function interrupted(id: string): ApplyInterruptedError {
  return new ApplyInterruptedError(
    `${id}: interrupted while waiting; the calls already sent stand`,
  );
}

/** A status other than available, seen after a change: RDS has started on it. */
function isTransition(status: string | undefined): boolean {
  return status !== undefined && !DbStatus.of(status).isAvailable;
}

/** Stability of one described instance, including the "still available right after modify" guard. */
function judge(
  w: Waiter,
  db: DBInstance,
): { state: "stable" | "waiting" | "failed"; reason: string } {
  if (isTransition(db.DBInstanceStatus)) w.seenTransition = true;
  const verdict = checkStability(db, w.target.appliedNow);
  if (verdict.state === "stable") {
    const parameters = parametersVerdict(w.target.parameters, db);
    if (parameters !== undefined) return parameters;
    const version = versionVerdict(w.target.engineVersion, db);
    if (version !== undefined) return version;
  }
  if (verdict.state !== "stable" || !w.target.guardImmediateChange || w.seenTransition)
    return verdict;
  const observed = w.target.changeObserved?.(db);
  if (observed === true) return verdict;
  w.quietRounds += 1;
  if (observed === undefined && w.quietRounds >= QUIET_ROUNDS_WHEN_UNOBSERVABLE) return verdict;
  return {
    state: "waiting",
    reason: "the change just sent is not visible yet (status still reads available)",
  };
}

/** Waiting, with why, while the parameter group has not reached what `wanted` asks; else undefined. */
function parametersVerdict(
  wanted: WaitTarget["parameters"],
  db: DBInstance,
): { state: "waiting"; reason: string } | undefined {
  if (wanted === undefined) return undefined;
  const group = parameterGroup(db);
  const status = group?.status?.toLowerCase();
  if (group === undefined || status === undefined || status === "in-sync") return undefined;
  if (wanted === "applied" && status === "pending-reboot") return undefined;
  return { state: "waiting", reason: `parameter group ${group.name} is ${status}` };
}

/** Waiting, with why, while the instance does not run the engine version `wanted`; else undefined. */
function versionVerdict(
  wanted: string | undefined,
  db: DBInstance,
): { state: "waiting"; reason: string } | undefined {
  if (wanted === undefined) return undefined;
  const live = db.EngineVersion;
  if (live !== undefined && versionMatches(wanted, live)) return undefined;
  return {
    state: "waiting",
    reason: `engine version is ${live ?? "not reported"}, not yet ${wanted}`,
  };
}
