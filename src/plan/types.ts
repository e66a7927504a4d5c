import type {
  CreateDBInstanceMessage,
  CreateDBInstanceReadReplicaMessage,
  ModifyDBInstanceMessage,
  PromoteReadReplicaMessage,
  Tag,
} from "@aws-sdk/client-rds";
import type { MasterPasswordMember } from "../kinds/instance/fields/types.js";
import type { InstanceEffects, ResourcePlan } from "../kinds/types.js";
import type { SecretRef, SnapshotTrigger, SourceLocation } from "../spec/types.js";

/** When RDS will apply a change (the `timing` of the plan JSON contract). */
export type ChangeTiming = "immediate" | "maintenance-window" | "after-reboot";

/** One field that will change. `from` is undefined for a create. */
export interface FieldChange {
  /** Spec (CreateDBInstance) field name, or `Tags.<key>` for a tag. */
  field: string;
  from: unknown;
  to: unknown;
  timing: ChangeTiming;
  /** Applying this change restarts or fails over the instance. */
  downtime: boolean;
  /** Values must be rendered as "(sensitive)". */
  sensitive: boolean;
  /** Allowed but risky (backups discarded, protection off, ...): why, from the field's `risk` hook. */
  risk?: { reason: string };
}

/** Why a change cannot be made. */
export type BlockedKind =
  /** RDS cannot change this field in place (Engine, DBName, ...). */
  | "immutable"
  /** The field is not in `policy.updatable`. */
  | "policy"
  /** Storage can only grow. */
  | "storage-shrink"
  /** Engine versions never go down. */
  | "version-downgrade"
  /** The instance is in a state where it cannot be modified. */
  | "state"
  /** A live read replica the spec declares standalone: promotion is only done when asked (`--promote`). */
  | "promotion"
  /** RDS would refuse the change as declared (something it needs is missing). */
  | "refused";

/** One change that will not be made, with what to do instead. */
export interface BlockedChange {
  field: string;
  from: unknown;
  to: unknown;
  kind: BlockedKind;
  /** A sentence a person can act on: what, why, and what to do instead. */
  reason: string;
  sensitive: boolean;
}

/** Something worth telling that is not a change (pending work, drift kept). */
export interface PlanNotice {
  field?: string;
  message: string;
}

/**
 * One API call the executor will make, in order. Secrets stay references
 * until the executor resolves them right before sending.
 */
export type PlannedCall =
  /** CreateDBInstance; `MasterUserPassword` is a SecretRef here. */
  | {
      kind: "create";
      input: Omit<CreateDBInstanceMessage, MasterPasswordMember> & {
        MasterUserPassword?: SecretRef;
      };
    }
  /** ModifyDBInstance with only the differing fields. */
  | {
      kind: "modify";
      input: Omit<ModifyDBInstanceMessage, MasterPasswordMember> & {
        MasterUserPassword?: SecretRef;
      };
      /** Modify names of the fields RDS will apply now: the waiter checks they leave PendingModifiedValues. */
      appliedNow: string[];
    }
  /** AddTagsToResource on the instance ARN. */
  | { kind: "add-tags"; tags: Tag[] }
  /** RemoveTagsFromResource on the instance ARN. */
  | { kind: "remove-tags"; keys: string[] }
  /** RebootDBInstance, for a parameter group in pending-reboot. */
  | { kind: "reboot" }
  /**
   * CreateDBInstanceReadReplica with the declared fields it takes; the
   * executor sends it once the source is available. A modify that follows
   * in the same plan carries the fields it does not take.
   */
  | { kind: "create-replica"; input: CreateDBInstanceReadReplicaMessage }
  /** PromoteReadReplica, asked for with `--promote`; the executor waits for it before the next call. */
  | { kind: "promote"; input: PromoteReadReplicaMessage }
  /**
   * CreateDBSnapshot of the instance, waited until the snapshot is
   * `available`, before the calls that follow (`policy.snapshotBefore`,
   * `--snapshot-before`). The executor names it when it sends it:
   * `<instance id>-rdsctl-<YYYYMMDD>-<HHMMSS>` (UTC).
   */
  | { kind: "snapshot"; triggers: SnapshotTrigger[] };

interface InstancePlanBase {
  /** Lowercased DBInstanceIdentifier. */
  id: string;
  region?: string;
  source: SourceLocation;
  changes: FieldChange[];
  blocked: BlockedChange[];
  notices: PlanNotice[];
  /** The calls to make, in order; empty unless action is create or modify. */
  calls: PlannedCall[];
  /** The instance ARN when it exists (tags need it). */
  arn?: string;
  /** The live status when it exists. */
  status?: string;
  /** `SourceDBInstanceIdentifier` as declared, for a read replica. */
  replicaOf?: string;
  /**
   * This plan changes the instance's parameter group: which changed
   * parameters apply now and which need a reboot, and whether this plan
   * reboots the instance for them. Apply waits for the instance until its
   * `ParameterApplyStatus` is `in-sync` when nothing is left for a reboot.
   */
  parameterGroupChange?: ParameterGroupChange;
  /** This plan changes the instance's engine version (or RDS does, with its source's upgrade). */
  upgrade?: UpgradeStep;
  /**
   * The kinds of change in this plan that `snapshotBefore` covers: a
   * `snapshot` call comes first in `calls`. Absent when no snapshot is taken.
   */
  snapshotBefore?: SnapshotTrigger[];
}

/**
 * An engine version upgrade, planned whole: the version, the groups sent
 * with it, and its order against the instance's replicas or source.
 */
export interface UpgradeStep {
  /** The live engine version (the queued one when an upgrade is pending). */
  from: string;
  /** The declared engine version, as declared ("17" or "17.2"). */
  to: string;
  /** Crosses a major version: AllowMajorVersionUpgrade is sent. */
  major: boolean;
  /** The parameter group sent in the same ModifyDBInstance (a group of the new family). */
  parameterGroup?: string;
  /** The option group sent in the same ModifyDBInstance (one for the new major). */
  optionGroup?: string;
  /**
   * Replicas RDS upgrades together with this instance (PostgreSQL in-Region
   * read replicas on a major upgrade): not modified apart, waited on with it.
   */
  upgradedWith?: string[];
  /**
   * Instances whose upgrade must end before this one's is sent (the
   * replicas of a MySQL or MariaDB source).
   */
  after?: string[];
  /** A replica upgraded by its source's upgrade (PostgreSQL): nothing is sent to it. */
  withSource?: string;
}

/** What a change this plan makes to an instance's parameter group does to the instance. */
export interface ParameterGroupChange extends InstanceEffects {
  /** The group's name, as declared (else as RDS reports it). */
  group: string;
  /** The plan reboots the instance for the static parameters (policy.rebootWhenNeeded or `--reboot`). */
  reboot: boolean;
}

/** The instance does not exist: CreateDBInstance with every declared field. */
export interface CreatePlan extends InstancePlanBase {
  action: "create";
}
/** The instance exists and differs: modify only the differences. */
export interface ModifyPlan extends InstancePlanBase {
  action: "modify";
}
/** The instance exists and matches what is declared. */
export interface NoopPlan extends InstancePlanBase {
  action: "noop";
}
/** At least one difference cannot be applied; nothing is sent for this instance. */
export interface BlockedPlan extends InstancePlanBase {
  action: "blocked";
}

export type InstancePlan = CreatePlan | ModifyPlan | NoopPlan | BlockedPlan;

export interface PlanSummary {
  create: number;
  modify: number;
  noop: number;
  blocked: number;
}

/**
 * A plan-time check that was skipped: its read was denied, not served, or
 * answered nothing about the engine. RDS still checks the same when the call
 * is made.
 */
export interface PlanWarning {
  /** Which check: orderable, engine-versions, parameter-group, option-group, subnet-group, rename-hint. */
  check: string;
  region: string;
  /** The planned instances the check was for. */
  ids: string[];
  /** "could not check X (why); RDS will check it when the call is made", with the ids first. */
  message: string;
}

export interface Plan {
  instances: InstancePlan[];
  /**
   * The resources of the kinds beside instances (parameter and subnet
   * groups), in the order they are applied; absent when the spec declares none.
   */
  resources?: ResourcePlan[];
  summary: PlanSummary;
  /** The plan-time checks that were skipped; absent or empty when every check was made. */
  warnings?: PlanWarning[];
  /**
   * Live instances that carry the `rdsctl:spec` tag of a spec planned with
   * `policy.markManaged` but that the spec no longer declares (never
   * deleted); absent when nothing was looked for or nothing was found.
   */
  undeclared?: UndeclaredInstance[];
}

/** An instance a spec once managed (its `rdsctl:spec` tag) and no longer declares. */
export interface UndeclaredInstance {
  /** Lowercased DBInstanceIdentifier. */
  id: string;
  region: string;
  /** The `rdsctl:spec` tag's value. */
  spec: string;
}

export interface PlanOptions {
  /** Instance ids whose master password must be sent again (`--rotate-password`). */
  rotatePassword?: ReadonlySet<string>;
  /** Live read replicas to promote to standalone instances (`--promote`). */
  promote?: ReadonlySet<string>;
  /**
   * The parameter groups this plan changes, in the region of the instances
   * being planned, by lowercased group name: what the change does to the
   * instances that use the group (a reboot for static parameters).
   */
  parameterGroupChanges?: ReadonlyMap<string, InstanceEffects & { name: string }>;
  /**
   * Reboot the instances whose parameter group is pending-reboot or gets
   * static changes in this plan, as `policy.rebootWhenNeeded: true` does (`--reboot`).
   */
  reboot?: boolean;
  /**
   * Take a snapshot before these kinds of change, for every instance,
   * in addition to each instance's `policy.snapshotBefore` (`--snapshot-before`).
   */
  snapshotBefore?: readonly SnapshotTrigger[];
}
