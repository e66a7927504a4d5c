import type { DBInstance } from "@aws-sdk/client-rds";
import type { RdsApi, RetryNotice } from "../aws/rds-api.js";
import type { DeclaredResource, KindName, ResourcePlan } from "../kinds/types.js";
import type { Plan, PlanOptions } from "../plan/types.js";
import type { DesiredInstance, WaitOptions } from "../spec/types.js";

/** One region a plan reaches: the client for it and the declared ids that live there. */
export interface RegionBinding {
  api: RdsApi;
  ids: ReadonlySet<string>;
}

/**
 * The items of the kinds beside instances a plan was computed from, and what
 * their advisory reads found: apply plans each again against a fresh read
 * right before its calls.
 */
export interface BoundResources {
  /** The declared items, each with the region it was read in (`region` always set). */
  desired: DeclaredResource[];
  /** What each kind's advise() found, by `${kind}/${region}`. */
  advice: ReadonlyMap<string, unknown>;
}

/**
 * A plan bound to what it was computed from: the live instances read, the
 * desired instances and options it was planned with, and the client of each
 * region. `applyPlan` applies exactly this plan through these clients, and
 * before an instance's calls checks that its live state still gives the same
 * plan entry.
 */
export interface BoundPlan {
  plan: Plan;
  /** What DescribeDBInstances returned for the declared instances that exist. */
  observed: DBInstance[];
  desired: readonly DesiredInstance[];
  planOptions: PlanOptions;
  /**
   * The options each region's instances were planned with, by region name,
   * when they differ by region (`parameterGroupChanges` is one region's);
   * the check just before an instance's calls plans it again with its
   * region's. A region absent here uses `planOptions`.
   */
  regionPlanOptions?: ReadonlyMap<string, PlanOptions>;
  /** By region name. */
  regions: ReadonlyMap<string, RegionBinding>;
  /** The kinds beside instances (parameter and subnet groups); absent when the spec declares none. */
  resources?: BoundResources;
}

/** The mutating calls apply sends. */
export type CallName =
  | "create"
  | "create-replica"
  | "promote"
  | "modify"
  | "reboot"
  | "add-tags"
  | "remove-tags"
  | "snapshot";

/**
 * What apply reports while it works. The library never prints: the CLI turns
 * these into lines or a progress display. `elapsedSeconds` is measured on the
 * injected clock (`ApplyOptions.now`).
 */
export type ProgressEvent =
  /**
   * A mutating call is about to be sent. For a resource beside the instances
   * (a parameter or subnet group) `kind` says which and `call` is the RDS
   * action ("ModifyDBParameterGroup").
   */
  | { type: "call"; id: string; call: CallName | string; kind?: KindName }
  /** A call was answered successfully. */
  | { type: "call-done"; id: string; call: CallName | string; kind?: KindName }
  /** The instance waits for its source (a read replica to create) before anything is sent. */
  | { type: "wait-source"; id: string; source: string }
  /**
   * An engine upgrade waits for another instance's (see UpgradeStep):
   * `after`, the instance's own upgrade waits until each of `on` (its
   * MySQL or MariaDB replicas) runs `to`; `with-source`, a PostgreSQL
   * replica RDS upgrades with its source `on[0]` waits for that upgrade
   * (nothing is sent to it for the version); `replicas`, after its
   * ModifyDBInstance a source is waited on together with the replicas RDS
   * upgrades with it, until each is available on `to`.
   */
  | {
      type: "upgrade-wait";
      id: string;
      step: "after" | "with-source" | "replicas";
      on: string[];
      to: string;
    }
  /** The instance will not be worked on: what it depends on failed. */
  | { type: "skipped"; id: string; reason: string }
  /** A change that restarts the instance waits for a turn under the downtime limit. */
  | { type: "downtime-queued"; id: string; limit: number }
  /** CreateDBSnapshot was answered: the snapshot taken before the instance's change (`snapshotBefore`). */
  | { type: "snapshot"; id: string; snapshot: string }
  /** One poll of that snapshot, waited on until it is available before anything else is sent. */
  | {
      type: "wait-snapshot";
      id: string;
      snapshot: string;
      status: string;
      elapsedSeconds: number;
    }
  /** RDS answered "No modifications were requested": nothing to do. */
  | { type: "modify-noop"; id: string }
  /** A create found the instance already there (a retried create); it was re-planned from a fresh describe. */
  | { type: "already-exists"; id: string; replannedAction: string; createdElsewhere?: boolean }
  /** RDS refused a call because of the instance state; apply waits for it, then retries. */
  | { type: "state-retry"; id: string; call: string; attempt: number; status?: string }
  /** The instance was busy before anything was sent; apply waits for it first. */
  | { type: "wait-before"; id: string; status: string }
  /** Nothing to send, but the instance is still settling (an earlier apply left it creating...): apply waits for it. */
  | { type: "settle"; id: string; status: string }
  /** Nothing to send, but its parameter group changed (dynamic parameters): apply waits until it is in-sync. */
  | { type: "wait-parameters"; id: string; group: string }
  /** One poll of an instance being waited on. */
  | { type: "waiting"; id: string; status: string; elapsedSeconds: number; reason: string }
  /** The instance is stable. */
  | { type: "stable"; id: string; status: string; elapsedSeconds: number }
  /** Everything for this instance is done (calls sent, and waited when waiting). */
  | { type: "instance-done"; id: string }
  /**
   * The latest RDS event (DescribeEvents) of an instance being waited on:
   * only with `ApplyOptions.rdsEvents`. `time` is RDS's, ISO 8601.
   */
  | { type: "rds-event"; id: string; time: string; message: string };

export interface ApplyOptions {
  /**
   * `applySpec` only: the options to plan with (`applyPlan` takes them from
   * the bound plan).
   */
  planOptions?: PlanOptions;
  /**
   * Called once the plan has passed the blocked check, before anything is
   * sent or waited for. Throwing stops apply with nothing sent: the CLI asks
   * for confirmation here.
   */
  beforeApply?: (plan: Plan) => Promise<void>;
  /** Wait for every touched instance to be stable. Default true (`--no-wait` sets false). */
  wait?: boolean;
  /** Instances whose calls are sent at the same time (`--concurrency`). Default 10. */
  concurrency?: number;
  /**
   * At most this many instances restart at once for changes applied now,
   * each waited until stable before the next starts (`--max-parallel-downtime`).
   * Default: the spec's `policy.maxParallelDowntime` (the smallest, across
   * files), else 1.
   */
  maxParallelDowntime?: number;
  /** Wait options for instances without a desired entry. */
  defaultWait?: WaitOptions;
  /** How many times a call refused with InvalidDBInstanceState is retried after waiting. Default 5. */
  stateRetries?: number;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Told of every retry the SDK makes for apply's calls (throttling, a lost
   * connection, a 5xx), with the attempt about to be sent and why; the CLI
   * prints `retrying CreateDBInstance for orders-db (attempt 3 of 20): Throttling`.
   */
  onRetry?: (notice: RetryNotice) => void;
  /**
   * While waiting, also read each region's RDS events (one DescribeEvents per
   * polling round per region) and report each waited instance's latest as an
   * `rds-event`. Default false; the CLI sets it when progress goes to a terminal.
   */
  rdsEvents?: boolean;
  /** Injectable for tests (drive an emulator's manual clock). Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests. Default Date.now. */
  now?: () => number;
  /**
   * Aborting stops apply sending new calls and ends every wait at once; each
   * unfinished instance then fails with ApplyInterruptedError. Calls already
   * answered stand, so running apply again converges.
   */
  signal?: AbortSignal;
}

/** How one instance ended. */
export type InstanceOutcome = "created" | "modified" | "unchanged" | "failed" | "skipped";

/** What happened to one instance. */
export interface InstanceResult {
  id: string;
  action: "create" | "modify" | "noop" | "blocked";
  /** created / modified / unchanged when the instance finished; failed otherwise (see `error`). */
  outcome: InstanceOutcome;
  /** Why the instance failed; only when `outcome` is failed. */
  error?: Error;
  /** Why nothing was done for it; only when `outcome` is skipped (what it depends on failed). */
  skippedBecause?: string;
  /** Mutating calls that were sent and answered successfully, in order. */
  calls: string[];
  /** Last status seen (after waiting, when waiting). */
  status?: string;
  /** Whether the instance was waited on until stable. */
  waited: boolean;
  /** Seconds spent waiting, on the injected clock. */
  waitSeconds?: number;
  /** Endpoint, ARN, status and secret as last read; absent when the instance was never seen. */
  outputs?: InstanceOutputs;
  /**
   * A planned create found the instance already created by someone else
   * (another run) between the plan and its CreateDBInstance: this run did
   * not create it, and its outcome is what it did to that instance instead.
   */
  createdElsewhere?: boolean;
  /** The identifier of the snapshot this apply took before the instance's change (`snapshotBefore`). */
  snapshot?: string;
  /**
   * A PostgreSQL read replica whose engine version RDS changed with its
   * source's upgrade (`UpgradeStep.withSource`): the source's id. Nothing
   * was sent to it for the version; `outcome` is modified when its version
   * changed, and `waited` says whether the source's wait covered it.
   */
  upgradedWithSource?: string;
}

/** How one resource of a kind beside instances (a parameter or subnet group) ended. */
export interface ResourceResult {
  kind: KindName;
  id: string;
  region?: string;
  action: ResourcePlan["action"];
  /** created / modified / unchanged when its calls went through; failed (see `error`) or skipped otherwise. */
  outcome: InstanceOutcome;
  error?: Error;
  skippedBecause?: string;
  /** RDS actions sent and answered successfully, in order ("ModifyDBParameterGroup", ...). */
  calls: string[];
}

export interface ApplyResult {
  instances: InstanceResult[];
  /** The kinds beside instances, applied before the instances that name them; absent when the spec declares none. */
  resources?: ResourceResult[];
  /** Count of mutating calls sent and answered (every kind). */
  mutatingCalls: number;
  /**
   * Instances left with their parameter group in pending-reboot (static
   * parameters wait for a reboot that neither policy.rebootWhenNeeded nor
   * `--reboot` allowed), in plan order; absent when there are none.
   */
  pendingReboot?: string[];
}

/** Defaults when the spec gives none: the ones the spec loader fills in. */
export { DEFAULT_WAIT } from "../spec/wait-defaults.js";

/**
 * What a user needs to reach an instance, as DescribeDBInstances last
 * reported it: the endpoint (absent until RDS has one), the ARN, the status
 * and, when RDS manages the master password, the ARN of its secret.
 */
export interface InstanceOutputs {
  address?: string;
  port?: number;
  arn?: string;
  status?: string;
  masterUserSecretArn?: string;
}

/** One change RDS holds back (PendingModifiedValues), under the spec's field name. */
export interface PendingModification {
  field: string;
  /** "(sensitive)" for a secret. */
  value: unknown;
}
