import type { Instance, RdsEvent, State, Transition } from "./model.js";

/** How long each lifecycle step takes at time scale 1, in ms. */
export const DURATIONS = {
  creating: 4000,
  backingUp: 2000,
  /** A manual snapshot (CreateDBSnapshot): `creating`, the instance `backing-up`, then both available. */
  snapshot: 3000,
  /** A modified instance still reads `available` this long before turning `modifying`. */
  modifyDelay: 500,
  modifying: 3000,
  rebooting: 2000,
  stopping: 2000,
  starting: 3000,
  deleting: 2000,
  /** A dynamic parameter change: `applying`, then `in-sync` on the instances using the group. */
  parameterApply: 1000,
} as const;

/** Most recent events kept; older ones fall off as RDS's 14-day window would. */
const MAX_EVENTS = 10_000;

export interface Clock {
  now(): number;
  advance(ms: number): void;
  readonly manual: boolean;
}

export function makeClock(kind: "real" | "manual", start: number): Clock {
  if (kind === "real") {
    return {
      manual: false,
      now: () => Date.now(),
      advance: () => {
        // The real clock cannot be moved: advance() only runs due transitions.
      },
    };
  }
  let t = start;
  return {
    manual: true,
    now: () => t,
    advance: (ms: number) => {
      t += Math.max(0, ms);
    },
  };
}

/** mulberry32: small, fast, seedable; its whole state is one 32-bit number. */
export function nextRandom(state: { rng: number }): number {
  state.rng = (state.rng + 0x6d2b79f5) | 0;
  let t = state.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The regions one emulator serves, for what crosses a region (replicas named by ARN). */
export interface RegionDirectory {
  /** The region's context, created fresh on first use. */
  get(region: string): Ctx;
  /** The region's context if the region has been used. */
  find(region: string): Ctx | undefined;
  all(): Iterable<Ctx>;
}

/**
 * Everything a handler needs: one region's state, the clock and the
 * account's identity. Each region has its own context; they share the clock.
 */
export class Ctx {
  constructor(
    /** Replaced only through replaceState(), which drops what was derived from it. */
    public state: State,
    readonly clock: Clock,
    readonly region: string,
    readonly accountId: string,
    readonly timeScale: number,
    readonly storageQuotaGiB: number,
    readonly regions: RegionDirectory,
  ) {}

  private order: string[] | undefined;
  /** The address and port a served instance (a real Postgres) shows as its Endpoint. */
  servedEndpoint: ((inst: Instance) => { address: string; port: number } | undefined) | undefined;
  /**
   * Bumped whenever state may have changed (a mutating request, a fired
   * transition, maintenance, reset). Rendered XML is reused within one generation.
   */
  generation = 0;
  private xmlCache = new Map<Instance, string>();
  private xmlCacheGeneration = -1;

  /** The describe-XML cache of the current generation (emptied when the generation moves on). */
  renderCache(): Map<Instance, string> {
    if (this.xmlCacheGeneration !== this.generation) {
      this.xmlCache = new Map();
      this.xmlCacheGeneration = this.generation;
    }
    return this.xmlCache;
  }
  /** Earliest scheduled transition (a lower bound): requests before it skip the scan. */
  nextDue = 0;

  /** Instance identifiers in sorted order, cached until an instance is added, removed or renamed. */
  sortedIds(): readonly string[] {
    if (!this.order) this.order = [...this.state.instances.keys()].sort();
    return this.order;
  }

  invalidateOrder(): void {
    this.order = undefined;
  }

  /** Start over from another state (a reset): nothing derived from the old one survives. */
  replaceState(state: State): void {
    this.state = state;
    this.order = undefined;
    this.nextDue = 0;
    this.storageTotal = undefined;
    this.generation += 1;
  }

  now(): number {
    return this.clock.now();
  }

  random(): number {
    return nextRandom(this.state);
  }

  /** Random characters from an alphabet, from the seeded generator. */
  randomChars(n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  arn(kind: string, name: string): string {
    return `arn:aws:rds:${this.region}:${this.accountId}:${kind}:${name}`;
  }

  kmsArn(keyId: string): string {
    if (keyId.startsWith("arn:")) return keyId;
    if (keyId.startsWith("alias/")) {
      // An alias resolves to a stable key id derived from its name, so the same alias gives the same ARN.
      let h = 0;
      for (const c of keyId) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
      const hex = (h >>> 0).toString(16).padStart(8, "0");
      return `arn:aws:kms:${this.region}:${this.accountId}:key/${hex}-0000-4000-8000-${hex}0000`;
    }
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
  }

  /** The account's default `aws/rds` KMS key. */
  defaultKmsArn(): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/00000000-aaaa-4bbb-8ccc-0000000000a1`;
  }

  scaled(ms: number): number {
    return Math.round(ms * this.timeScale);
  }

  /**
   * Replace an instance's schedule with steps run back to back from now.
   * Statuses an operator injected for later stay scheduled (a fault planned
   * for the middle of a modification must survive the modify), except when
   * the instance is being deleted.
   */
  schedule(inst: Instance, steps: Array<Omit<Transition, "at"> & { after: number }>): void {
    let at = this.now();
    const planned: Transition[] = steps.map((s) => {
      at += this.scaled(s.after);
      const t: Transition = { at, status: s.status };
      if (s.effect) t.effect = s.effect;
      return t;
    });
    const deleting = steps.some((s) => s.effect === "delete");
    const faults = deleting ? [] : inst.transitions.filter((t) => t.effect === "fault");
    inst.transitions = [...planned, ...faults].sort((a, b) => a.at - b.at);
    const first = inst.transitions[0];
    if (first) this.dueAt(first.at);
  }

  /** A transition is scheduled at `at`: from then on requests must run the scan. */
  dueAt(at: number): void {
    if (at < this.nextDue) this.nextDue = at;
  }

  event(
    inst: { DBInstanceIdentifier: string; DBInstanceArn: string },
    message: string,
    category: string,
  ): void {
    const e: RdsEvent = {
      SourceIdentifier: inst.DBInstanceIdentifier,
      SourceType: "db-instance",
      Message: message,
      EventCategories: [category],
      Date: this.now(),
      SourceArn: inst.DBInstanceArn,
    };
    const events = this.state.events;
    events.push(e);
    // Trim in batches so that a busy emulator does not copy the whole list on every event.
    if (events.length > MAX_EVENTS * 1.25) events.splice(0, events.length - MAX_EVENTS);
  }

  private storageTotal: number | undefined;

  /**
   * Sum of allocated storage across instances, counting pending growth.
   * Cached so that bulk creation stays linear: a create adds to the total,
   * anything else that may change storage drops the cache.
   */
  storageInUse(except?: string): number {
    if (this.storageTotal === undefined) {
      let total = 0;
      for (const inst of this.state.instances.values()) total += storageOf(inst);
      this.storageTotal = total;
    }
    const skip = except === undefined ? undefined : this.state.instances.get(except);
    return this.storageTotal - (skip ? storageOf(skip) : 0);
  }

  addStorage(inst: Instance): void {
    if (this.storageTotal !== undefined) this.storageTotal += storageOf(inst);
  }

  invalidateStorage(): void {
    this.storageTotal = undefined;
  }
}

function storageOf(inst: Instance): number {
  return Math.max(
    inst.AllocatedStorage,
    inst.inFlight.AllocatedStorage ?? 0,
    inst.deferred.AllocatedStorage ?? 0,
  );
}
