import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { resolve } from "node:path";
import { EmulatorError } from "../http/errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import type {
  Instance,
  OptionGroup,
  ParameterGroup,
  RdsEvent,
  Snapshot,
  State,
  SubnetGroup,
} from "./model.js";

/**
 * The state file. Version 2 holds every region; maps are written as lists of
 * [key, value] pairs so that any name (`__proto__` included) round-trips.
 * Version 1 (one region, maps as objects) is still read, as the default region.
 */

interface SavedRegion {
  region: string;
  rng: number;
  instances: Array<[string, Instance]>;
  parameterGroups: Array<[string, ParameterGroup]>;
  subnetGroups: Array<[string, SubnetGroup]>;
  optionGroups: Array<[string, OptionGroup]>;
  /** Absent in files written before snapshots were kept. */
  snapshots?: Array<[string, Snapshot]>;
  events: RdsEvent[];
  defaultSecurityGroupId: string;
  defaultVpcId: string;
}

export interface SavedWorld {
  /** Manual-clock time at the last save; 0 for a real clock. */
  clock: number;
  regions: Map<string, State>;
}

function corrupt(path: string, why: string): EmulatorError {
  return new EmulatorError(
    "CorruptStateFile",
    `The emulator state file ${path} is corrupt (${why}). It was left untouched: move it aside or delete it to start from a fresh account.`,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const MAP_KEYS = ["instances", "parameterGroups", "subnetGroups", "optionGroups"] as const;

/** A map from its saved form: [key, value] pairs (version 2) or an object's own entries (version 1). */
function mapOf<T>(path: string, where: string, raw: unknown, asPairs: boolean): Map<string, T> {
  if (asPairs) {
    if (!Array.isArray(raw)) throw corrupt(path, `${where} is missing or not a list`);
    const map = new Map<string, T>();
    for (const pair of raw) {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== "string" ||
        !isRecord(pair[1])
      )
        throw corrupt(path, `${where} holds an entry that is not a [name, object] pair`);
      map.set(pair[0], pair[1] as T);
    }
    return map;
  }
  if (!isRecord(raw)) throw corrupt(path, `${where} is missing or not an object`);
  return new Map(Object.entries(raw) as Array<[string, T]>);
}

function regionOf(path: string, where: string, data: Record<string, unknown>, v2: boolean): State {
  const [instances, parameterGroups, subnetGroups, optionGroups] = MAP_KEYS.map((key) =>
    mapOf<unknown>(path, `"${where}${key}"`, data[key], v2),
  ) as [
    Map<string, Instance>,
    Map<string, ParameterGroup>,
    Map<string, SubnetGroup>,
    Map<string, OptionGroup>,
  ];
  if (!Array.isArray(data.events)) throw corrupt(path, `"${where}events" is missing or not a list`);
  if (typeof data.rng !== "number") throw corrupt(path, `"${where}rng" is missing`);
  for (const [id, inst] of instances) {
    if (
      !isRecord(inst) ||
      (inst as unknown as Record<string, unknown>).DBInstanceIdentifier !== id ||
      !Array.isArray(inst.transitions)
    ) {
      throw corrupt(path, `instance "${id}" is malformed`);
    }
  }
  // Files written before snapshots were kept have none.
  const snapshots =
    data.snapshots === undefined
      ? new Map<string, Snapshot>()
      : mapOf<Snapshot>(path, `"${where}snapshots"`, data.snapshots, v2);
  for (const [id, snap] of snapshots) {
    if (snap.DBSnapshotIdentifier !== id || typeof snap.availableAt !== "number")
      throw corrupt(path, `snapshot "${id}" is malformed`);
  }
  return {
    rng: data.rng,
    instances,
    parameterGroups,
    subnetGroups,
    optionGroups,
    snapshots,
    events: data.events as RdsEvent[],
    defaultSecurityGroupId: String(data.defaultSecurityGroupId),
    defaultVpcId: String(data.defaultVpcId),
  };
}

/**
 * Load the state file; undefined when it does not exist. A corrupt file is an
 * error, never replaced. A version 1 file becomes `defaultRegion`.
 */
export function loadState(path: string, defaultRegion: string): SavedWorld | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw corrupt(path, `unreadable: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw corrupt(path, `not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data)) throw corrupt(path, "not a JSON object");
  if (typeof data.clock !== "number") throw corrupt(path, `"clock" is missing`);
  const regions = new Map<string, State>();
  if (data.version === 1) {
    regions.set(defaultRegion, regionOf(path, "", data, false));
  } else if (data.version === 2) {
    if (!Array.isArray(data.regions)) throw corrupt(path, `"regions" is missing or not a list`);
    for (const r of data.regions as unknown[]) {
      if (!isRecord(r) || typeof r.region !== "string")
        throw corrupt(path, "a region is malformed");
      regions.set(r.region, regionOf(path, `${r.region}.`, r, true));
    }
  } else {
    throw corrupt(path, `unknown version ${String(data.version)}`);
  }
  return { clock: data.clock, regions };
}

/** The file's text: every region, maps as [key, value] pairs. */
export function serialiseState(world: SavedWorld): string {
  const regions: SavedRegion[] = [];
  for (const [region, s] of world.regions) {
    regions.push({
      region,
      rng: s.rng,
      instances: [...s.instances],
      parameterGroups: [...s.parameterGroups],
      subnetGroups: [...s.subnetGroups],
      optionGroups: [...s.optionGroups],
      snapshots: [...s.snapshots],
      events: s.events,
      defaultSecurityGroupId: s.defaultSecurityGroupId,
      defaultVpcId: s.defaultVpcId,
    });
  }
  return JSON.stringify({ version: 2, clock: world.clock, regions });
}

/** Write atomically: a crash leaves either the old file or the new one, never half of one. */
export function saveState(path: string, text: string): void {
  writeFileAtomic(path, text);
}

/** Shortest wait between a change and its write, ms: what a kill can lose on a small state. */
export const MIN_WRITE_DELAY_MS = 20;
/** A write waits this many times the previous write's duration, so writing takes at most 1/(1+N) of the time. */
export const WRITE_DELAY_FACTOR = 4;

const open = new Set<StateFile>();
let exitHookInstalled = false;

/** The process is exiting (process.exit, or the event loop ran dry): write and unlock. */
function onExit(): void {
  for (const f of [...open]) f.close();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One emulator's hold on its state file: a lock file naming the process (a
 * second emulator on the same file is refused, as it would overwrite the
 * first one's changes), and writes that follow changes without one full
 * write per change. A change is written at most max(20 ms, 4 x the last
 * write's duration) after it happens; close(), process exit and flush()
 * write at once.
 */
export class StateFile {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  private readonly lockPath: string;
  /** Writes done (for tests and the benchmark). */
  writes = 0;

  private readonly resolved: string;

  constructor(
    readonly path: string,
    private readonly snapshot: () => string,
  ) {
    this.resolved = resolve(path);
    this.lockPath = `${path}.lock`;
    this.lock();
    open.add(this);
    if (!exitHookInstalled) {
      process.on("exit", onExit);
      exitHookInstalled = true;
    }
  }

  private lock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockPath, "wx");
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const found = lstatSync(this.lockPath, { throwIfNoEntry: false });
      if (found !== undefined && !found.isFile()) {
        // A link or a FIFO planted there is neither read nor followed.
        throw new EmulatorError(
          "StateFileInUse",
          `The lock ${this.lockPath} is not a regular file; remove it, or use another state file.`,
        );
      }
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(this.lockPath, "utf8").trim());
      } catch {
        // Removed meanwhile: try again.
      }
      const held = [...open].some((f) => f.resolved === this.resolved);
      if (held || (Number.isInteger(holder) && holder !== process.pid && pidAlive(holder))) {
        throw new EmulatorError(
          "StateFileInUse",
          `The emulator state file ${this.path} is in use by another emulator (process ${held ? process.pid : holder}; lock ${this.lockPath}). Stop it first, or use another state file.`,
        );
      }
      // Left behind by a process that is gone: take it over.
      rmSync(this.lockPath, { force: true });
    }
    throw new EmulatorError("StateFileInUse", `Could not lock ${this.lockPath}.`);
  }

  /** Something changed: write it soon. */
  changed(): void {
    this.dirty = true;
    if (this.timer) return;
    const delay = Math.max(MIN_WRITE_DELAY_MS, WRITE_DELAY_FACTOR * this.lastWriteMs);
    this.timer = setTimeout(() => this.flush(), delay);
    this.timer.unref();
  }

  /** Write now if anything changed since the last write. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const start = performance.now();
    saveState(this.path, this.snapshot());
    this.lastWriteMs = performance.now() - start;
    this.writes += 1;
  }

  /** Write what is left and let another emulator have the file. */
  close(): void {
    this.flush();
    open.delete(this);
    rmSync(this.lockPath, { force: true });
  }
}
