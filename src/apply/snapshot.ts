import type { DBSnapshot, Tag } from "@aws-sdk/client-rds";
import type { RdsApi } from "../aws/rds-api.js";
import { hasAwsCode } from "../aws/sdk-errors.js";
import {
  ApplyInterruptedError,
  AwsCallError,
  InstanceFailedError,
  WaitTimeoutError,
} from "../errors.js";
import type { WaitOptions } from "../spec/types.js";
import type { ProgressEvent } from "./types.js";

/**
 * The snapshot an apply takes before an instance's change (`snapshotBefore`):
 * named after the instance and the apply's clock, sent, then waited on with
 * DescribeDBSnapshots until it is `available`, with the back-off, timeout and
 * interruption of an instance wait.
 */

/** `<instance id>-rdsctl-<YYYYMMDD>-<HHMMSS>`, UTC. */
export function snapshotName(id: string, at: number): string {
  const iso = new Date(at).toISOString();
  const day = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 19).replaceAll(":", "");
  return `${id}-rdsctl-${day}-${time}`;
}

/** The statuses a DB snapshot reports (DescribeDBSnapshots), a vocabulary of its own. */
type SnapshotStatus =
  | "available"
  | "copying"
  | "creating"
  | "deleted"
  | "deleting"
  | "failed"
  | "incompatible-restore";

const AVAILABLE: SnapshotStatus = "available";
/** Snapshot statuses that never turn available. */
const FAILED: ReadonlySet<string> = new Set<SnapshotStatus>([
  "failed",
  "deleted",
  "deleting",
  "incompatible-restore",
]);

export interface SnapshotStep {
  api: RdsApi;
  id: string;
  tags: Tag[];
  wait: WaitOptions;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  emit: (event: ProgressEvent) => void;
  /** Sends CreateDBSnapshot as the instance's other calls are sent (announced, retried while busy). */
  send: (create: () => Promise<DBSnapshot>) => Promise<DBSnapshot>;
}

/** Takes the snapshot and waits until it is available; returns its identifier. */
export async function takeSnapshot(step: SnapshotStep): Promise<string> {
  const { api, id } = step;
  const create = api.createSnapshot;
  const describe = api.describeSnapshot;
  if (create === undefined || describe === undefined) {
    throw new AwsCallError(`${id}: this client cannot take snapshots`, undefined);
  }
  const name = snapshotName(id, step.now());
  const input = {
    DBSnapshotIdentifier: name,
    DBInstanceIdentifier: id,
    ...(step.tags.length > 0 ? { Tags: step.tags } : {}),
  };
  let status: string | undefined;
  try {
    status = (await step.send(() => create.call(api, input))).Status;
  } catch (err) {
    // A retried CreateDBSnapshot whose first answer was lost: the snapshot is this one's.
    if (!hasAwsCode(err, "DBSnapshotAlreadyExists")) throw err;
    const found = await describe.call(api, name);
    if (found?.DBInstanceIdentifier?.toLowerCase() !== id) throw err;
    status = found.Status;
  }
  step.emit({ type: "snapshot", id, snapshot: name });
  await waitAvailable(step, describe.bind(api), name, status);
  return name;
}

function interrupted(id: string, name: string): ApplyInterruptedError {
  return new ApplyInterruptedError(
    `${id}: interrupted while waiting for snapshot ${name}; nothing after it was sent`,
  );
}

async function waitAvailable(
  step: SnapshotStep,
  describe: (name: string) => Promise<DBSnapshot | undefined>,
  name: string,
  first: string | undefined,
): Promise<void> {
  const { id, wait, now, signal } = step;
  const started = now();
  const deadline = started + Math.max(0, wait.timeoutSeconds * 1000);
  let delay = Math.max(0, wait.delaySeconds * 1000);
  let status = first;
  while (status !== AVAILABLE) {
    if (status !== undefined && FAILED.has(status)) {
      throw new InstanceFailedError(
        id,
        status,
        `${id}: snapshot ${name} is ${status}; the change it was taken for was not sent`,
      );
    }
    if (now() >= deadline) {
      throw new WaitTimeoutError(
        id,
        status,
        `${id}: snapshot ${name} not available after ${wait.timeoutSeconds}s (last status "${status ?? "not found"}"). The change it was taken for was not sent; re-running apply takes a new snapshot, then sends it.`,
      );
    }
    await pause(Math.min(delay, Math.max(0, deadline - now())), step.sleep, signal);
    if (signal?.aborted === true) throw interrupted(id, name);
    status = (await describe(name))?.Status ?? undefined;
    step.emit({
      type: "wait-snapshot",
      id,
      snapshot: name,
      status: status ?? "not found",
      elapsedSeconds: Math.round((now() - started) / 100) / 10,
    });
    delay = Math.min(Math.max(delay * 2, 1), wait.maxDelaySeconds * 1000);
  }
}

/** Sleeps `ms` (the injected sleep when there is one), ending early when the apply is interrupted. */
function pause(
  ms: number,
  sleep: ((ms: number) => Promise<void>) | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal?.aborted === true) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    signal?.addEventListener("abort", done, { once: true });
    if (sleep !== undefined) sleep(ms).then(done, done);
    else timer = setTimeout(done, ms);
  });
}
