/*
 * The DB instance status vocabulary: every `DBInstanceStatus` value RDS
 * documents, what rdsctl makes of each, and what a person does about the ones
 * that do not turn into `available` by themselves. Every other module asks
 * this one (`DbStatus.of(status).isTransitional`...) instead of naming
 * statuses itself; test/plan/status-literals.test.ts keeps it that way.
 *
 * Sources: the RDS User Guide ("Viewing Amazon RDS DB instance status", the
 * troubleshooting pages, the inaccessible-encryption knowledge-centre article),
 * the API reference (StartDBInstance, RebootDBInstance, ResetDBParameterGroup)
 * and the status constants of the Terraform provider and ACK controller, as
 * merged in the project's RDS reference notes.
 */

/**
 * What rdsctl makes of a status.
 *
 * - `available`: settled; every call is accepted.
 * - `serving`: RDS is still working on the instance but it serves traffic and
 *   accepts further (non-storage) modifications, so rdsctl neither waits for
 *   it before sending nor after. `storage-optimization` follows every storage
 *   change and can last hours: waiting it out would turn a storage resize into
 *   an hours-long apply.
 * - `transitional`: RDS moves the instance on by itself (creating, modifying,
 *   backing-up...); apply waits for it before sending and after.
 * - `stopping`: transitional, but RDS refuses modifications meanwhile.
 * - `storage-full`: stable and refusing everything but a storage increase,
 *   which is what cures it.
 * - `stopped`: stable; it does not start by itself (until RDS restarts it
 *   after seven days), so waiting for `available` would only time out.
 * - `going-away`: being deleted or deleted; nothing else will happen to it.
 * - `failed`: RDS cannot recover the instance by itself; a person has to act.
 */
export type StatusKind =
  | "available"
  | "serving"
  | "transitional"
  | "stopping"
  | "storage-full"
  | "stopped"
  | "going-away"
  | "failed";

/** What a person does about an instance in a status, given its identifier. */
type Advice = (id: string) => string;

interface StatusFacts {
  kind: StatusKind;
  /** Specific advice; statuses without it get a pointer to the instance's events. */
  advice?: Advice;
}

const START = (id: string) => `aws rds start-db-instance --db-instance-identifier ${id}`;
const REBOOT = (id: string) => `aws rds reboot-db-instance --db-instance-identifier ${id}`;

const RESTORE_NEW =
  "restore the latest restorable time (point-in-time restore) or a snapshot into a new instance";

const AVAILABLE = "available";
const CREATING = "creating";

/**
 * Every DB instance status RDS documents (plus `deleted`, which
 * DescribeDBInstances can still report for a moment and the SDK's waiter
 * names), with rdsctl's reading of it. rdsctl neither modifies nor reboots an
 * instance in a `stopped`, `going-away` or `failed` status, so no spec setting
 * gets it out of one: the advice says what does.
 */
const STATUSES: Readonly<Record<string, StatusFacts>> = {
  [AVAILABLE]: { kind: "available" },
  "storage-optimization": { kind: "serving" },

  "backing-up": { kind: "transitional" },
  "configuring-activity-stream": { kind: "transitional" },
  "configuring-associated-roles": { kind: "transitional" },
  "configuring-enhanced-monitoring": { kind: "transitional" },
  "configuring-iam-database-auth": { kind: "transitional" },
  "configuring-log-exports": { kind: "transitional" },
  "converting-to-vpc": { kind: "transitional" },
  [CREATING]: { kind: "transitional" },
  "delete-precheck": { kind: "transitional" },
  maintenance: { kind: "transitional" },
  modifying: { kind: "transitional" },
  "moving-to-vpc": { kind: "transitional" },
  rebooting: { kind: "transitional" },
  renaming: { kind: "transitional" },
  "resetting-master-credentials": { kind: "transitional" },
  starting: { kind: "transitional" },
  "storage-config-upgrade": { kind: "transitional" },
  "storage-initialization": { kind: "transitional" },
  upgrading: { kind: "transitional" },
  // RDS Custom: checks the configuration after a change, then moves on.
  "validating-configuration": { kind: "transitional" },
  // RDS Custom: automation resumes by itself when the pause period ends.
  "automation-paused": { kind: "transitional" },
  // Aurora MySQL: rewinding the cluster to a point in time.
  backtracking: { kind: "transitional" },

  stopping: {
    kind: "stopping",
    advice: (id) =>
      `RDS does not modify a stopping instance. Once it is stopped, start it (${START(id)}), then run apply again.`,
  },
  "storage-full": {
    kind: "storage-full",
    advice: () =>
      "The instance has used all its allocated storage and the database cannot write. Raise " +
      "AllocatedStorage in the spec and run apply: on a storage-full instance rdsctl sends the " +
      "increase immediately, whatever ApplyImmediately says. MaxAllocatedStorage above the size " +
      "turns on storage autoscaling so it does not fill up again.",
  },
  stopped: {
    kind: "stopped",
    advice: (id) =>
      `RDS does not modify a stopped instance. Start it (${START(id)}), then run apply again.`,
  },
  deleting: {
    kind: "going-away",
    advice: () =>
      "The instance is being deleted and RDS makes no other change to it. Once it is gone, run " +
      "apply again to create it anew.",
  },
  deleted: {
    kind: "going-away",
    advice: () => "The instance has been deleted. Run apply again to create it anew.",
  },

  failed: {
    kind: "failed",
    advice: () => `RDS cannot recover the instance. To get the data back, ${RESTORE_NEW}.`,
  },
  "incompatible-restore": { kind: "failed" },
  "incompatible-network": {
    kind: "failed",
    advice: (id) =>
      "RDS cannot finish a recovery action because of the VPC's state, for example no free IP " +
      "address left in the DB subnet group's subnets or a subnet that no longer exists. Free " +
      `addresses or repair the subnet group, then start the instance (${START(id)}) and run apply again.`,
  },
  "incompatible-parameters": {
    kind: "failed",
    advice: (id) =>
      "RDS cannot start the database with the parameters in its DB parameter group (the " +
      "instance's RDS events name them). Fix those parameters in the group, or reset them to " +
      `their defaults (aws rds reset-db-parameter-group), then reboot the instance (${REBOOT(id)}) ` +
      "and run apply again. " +
      "policy.rebootWhenNeeded does not help: rdsctl does not reboot an instance in this status, " +
      "and the parameters must be fixed before a reboot can succeed.",
  },
  "incompatible-option-group": {
    kind: "failed",
    advice: () =>
      "An option group change could not be applied and could not be rolled back. The " +
      "instance's RDS events name the option at fault; correct the option group. If the status " +
      `stays, ask AWS Support, or ${RESTORE_NEW}.`,
  },
  "incompatible-create": { kind: "failed" },
  "incompatible-credentials": { kind: "failed" },
  "restore-error": { kind: "failed" },
  "insufficient-capacity": {
    kind: "failed",
    advice: () =>
      "RDS had no capacity for this instance class in this Availability Zone. Create the " +
      "instance again later, or with another DBInstanceClass or AvailabilityZone; the failed " +
      "instance must be deleted first (rdsctl never deletes).",
  },
  "inaccessible-encryption-credentials": {
    kind: "failed",
    advice: () =>
      "The KMS key that encrypts the instance cannot be accessed, and the instance cannot be " +
      `recovered in place. With the key enabled again, ${RESTORE_NEW}; without the key the data ` +
      "cannot be recovered.",
  },
  "inaccessible-encryption-credentials-recoverable": {
    kind: "failed",
    advice: (id) =>
      "RDS cannot use the instance's KMS key. Make sure the key is enabled and not scheduled for " +
      `deletion, and that the account owning it is active; then start the instance (${START(id)}) ` +
      "and run apply again. After seven days in this status the instance becomes " +
      "inaccessible-encryption-credentials, which cannot be recovered in place.",
  },
  // RDS Custom: the instance's configuration is outside what RDS Custom supports.
  "unsupported-configuration": { kind: "failed" },
};

/** Every status named above, in table order. */
export const KNOWN_STATUSES: readonly string[] = Object.keys(STATUSES);

/**
 * Statuses from which an instance does not recover by itself: someone has to
 * act (fix the network, the parameters, the KMS key...). Waiting on them only
 * burns the timeout, and modifying them is refused.
 */
export const FAILED_STATUSES: readonly string[] = KNOWN_STATUSES.filter(
  (s) => STATUSES[s]?.kind === "failed",
);

/**
 * One DB instance status and what it means. Statuses are compared without
 * regard to case; a status RDS has not documented reads as transitional, so
 * apply waits on it rather than acting on an instance it cannot read.
 */
export class DbStatus {
  /** `available`: what a blocked change asks the instance to become. */
  static readonly AVAILABLE = AVAILABLE;
  /** `creating`: what a just-created instance is until a describe says otherwise. */
  static readonly CREATING = CREATING;

  /** The status lowercased, as every question below reads it. */
  readonly name: string;
  readonly kind: StatusKind;
  /** The status as reported, for messages. */
  readonly #reported: string;

  private constructor(reported: string) {
    this.#reported = reported;
    this.name = reported.toLowerCase();
    this.kind = STATUSES[this.name]?.kind ?? "transitional";
  }

  /** The status of an instance; undefined when none was reported. */
  static of(status: string): DbStatus;
  static of(status: string | undefined): DbStatus | undefined;
  static of(status: string | undefined): DbStatus | undefined {
    return status === undefined ? undefined : new DbStatus(status);
  }

  /** Whether RDS documents this status (the table above names it). */
  get isKnown(): boolean {
    return STATUSES[this.name] !== undefined;
  }

  /** Exactly `available`. */
  get isAvailable(): boolean {
    return this.kind === "available";
  }

  /**
   * RDS moves the instance on by itself and apply waits for it to settle
   * (creating, modifying, stopping...). `storage-optimization` is not: the
   * instance serves and accepts calls throughout.
   */
  get isTransitional(): boolean {
    return this.kind === "transitional" || this.kind === "stopping";
  }

  /**
   * The planned calls can go out now, without waiting for the status to
   * change: `available`, `storage-optimization`, and `storage-full`, which
   * accepts the storage increase that cures it (the planner lets nothing else
   * through).
   */
  get isReadyForCalls(): boolean {
    return this.kind === "available" || this.kind === "serving" || this.kind === "storage-full";
  }

  /** Counts as settled once nothing applied now is pending: `available`, `storage-optimization`. */
  get isSettled(): boolean {
    return this.kind === "available" || this.kind === "serving";
  }

  /** `storage-full`: only a storage increase is accepted, and it is what clears the status. */
  get isStorageFull(): boolean {
    return this.kind === "storage-full";
  }

  /** `stopped`: stable, but it does not become available until someone starts it. */
  get isStopped(): boolean {
    return this.kind === "stopped";
  }

  /** Being deleted or deleted: tagging it is pointless and RDS may no longer find it. */
  get isGoingAway(): boolean {
    return this.kind === "going-away";
  }

  /** RDS cannot recover the instance by itself (FAILED_STATUSES). */
  get isFailed(): boolean {
    return this.kind === "failed";
  }

  /**
   * The status never turns into `available` by itself, so a wait on it ends
   * as failed: failed, stopped, deleting or deleted. (`storage-full` too,
   * unless storage was just raised; the caller knows that.)
   */
  get endsWait(): boolean {
    return this.isFailed || this.isStopped || this.isGoingAway;
  }

  /** RDS refuses every modification of the instance in this status (tags aside). */
  get refusesChanges(): boolean {
    return this.endsWait || this.kind === "stopping";
  }

  /**
   * What to do about an instance in this status, in sentences a person can
   * act on. `id` fills in the AWS CLI commands; without it they read `<id>`.
   * Statuses without specific advice get a pointer to the instance's events.
   */
  advice(id = "<id>"): string {
    const advice = STATUSES[this.name]?.advice;
    if (advice !== undefined) return advice(id);
    return (
      `RDS cannot bring the instance out of status ${this.#reported} by itself. Its RDS events give ` +
      "the cause; act on it in the RDS console or with AWS Support, then run apply again once " +
      "it is available."
    );
  }
}

/** What to do about an instance in `status` (see DbStatus#advice). */
export function failedStatusAdvice(status: string, id = "<id>"): string {
  return DbStatus.of(status).advice(id);
}

/**
 * Statuses of a group membership (parameter group apply status, option group
 * and VPC security group membership status) that mean a change to it is still
 * being applied.
 */
const MEMBERSHIP_CHANGING = new Set([
  "applying",
  "adding",
  "removing",
  "pending-apply",
  "pending-removal",
]);

/** Whether a group membership status says a change is still being applied. */
export function membershipIsChanging(status: string): boolean {
  return MEMBERSHIP_CHANGING.has(status.toLowerCase());
}
