import type { DeclaredResource } from "../kinds/types.js";

/**
 * The loaded, validated spec: what the user declared, normalised, with the
 * source location of everything so later errors can point back at the file.
 */

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Where a secret comes from. Resolved only when it is about to be sent. */
export type SecretRef =
  | { kind: "env"; name: string }
  /** `path` is absolute: resolved against the spec file's directory at load time. */
  | { kind: "file"; path: string }
  | { kind: "literal"; value: string };

export interface Policy {
  /**
   * Field names (Create names) that may be modified. `undefined` means every
   * modifiable field. A difference in any other field is blocked by policy.
   */
  updatable?: string[];
  /** Remove tags that are on the instance but not declared. Default false. */
  purgeTags: boolean;
  /**
   * Parameter groups (`parameterGroups:`) only: reset user-set parameters
   * that are not declared. Absent when the file does not set it (false).
   */
  purgeParameters?: boolean;
  /** Reboot (and wait) when a parameter group is `pending-reboot`. Default false. */
  rebootWhenNeeded: boolean;
  /**
   * At most this many instances restart at the same time for changes applied
   * now (`policy.maxParallelDowntime`). Undefined: the run's default (1).
   */
  maxParallelDowntime?: number;
  /**
   * Tag what rdsctl creates or modifies with `rdsctl:spec` = `specName`, and
   * list the live instances of the spec's regions that carry it but are no
   * longer declared (`policy.markManaged`). Absent: false.
   */
  markManaged?: boolean;
  /**
   * The value of the `rdsctl:spec` tag (`policy.specName`); when the file does
   * not set it and markManaged is on, the file's base name without extension.
   */
  specName?: string;
  /**
   * Let a declared EngineVersion of a newer major be sent, with
   * AllowMajorVersionUpgrade, for every instance of the file
   * (`policy.allowMajorVersionUpgrade`). Absent: false, and a major upgrade
   * is blocked unless the instance item says `AllowMajorVersionUpgrade: true`.
   */
  allowMajorVersionUpgrade?: boolean;
  /**
   * Take a manual snapshot (CreateDBSnapshot, waited until available) before
   * sending a change of these kinds (`policy.snapshotBefore`). Absent: none.
   */
  snapshotBefore?: SnapshotTrigger[];
}

/**
 * The kinds of change `policy.snapshotBefore` and `--snapshot-before` can
 * cover: a major engine upgrade, a minor one, a StorageType change, a
 * DBInstanceClass change, and any change the plan marks risky.
 */
export type SnapshotTrigger =
  | "major-upgrade"
  | "minor-upgrade"
  | "storage-type-change"
  | "class-change"
  | "risky";

/** Every SnapshotTrigger, in the order docs and errors list them. */
export const SNAPSHOT_TRIGGERS: readonly SnapshotTrigger[] = [
  "major-upgrade",
  "minor-upgrade",
  "storage-type-change",
  "class-change",
  "risky",
];

export interface WaitOptions {
  /** First poll delay, seconds. Default 2. */
  delaySeconds: number;
  /** Back-off ceiling, seconds. Default 30. */
  maxDelaySeconds: number;
  /** Give up after this many seconds per instance. Default 3600. */
  timeoutSeconds: number;
}

/**
 * One declared DB instance.
 *
 * `fields` holds CreateDBInstance parameter names exactly as AWS spells them,
 * with `defaults` already merged in, and values normalised:
 * - `Tags` is a plain `{ key: value }` map (either input form accepted);
 * - `MasterUserPassword` is a SecretRef, never a resolved string;
 * - numbers are numbers, booleans are booleans, lists are arrays.
 * `DBInstanceIdentifier` is stored lowercased (RDS stores it that way).
 * rdsctl's own per-instance keys (`ApplyImmediately`,
 * `MasterUserPasswordVersion`) are lifted out of `fields`.
 */
/** A read replica's source key: an identifier, or the ARN of a source in another region. */
export const REPLICA_SOURCE = "SourceDBInstanceIdentifier";
/** The region of one instance, winning over the file's top-level `region`. */
export const INSTANCE_REGION = "region";

export interface DesiredInstance {
  /** Lowercased DBInstanceIdentifier. */
  id: string;
  fields: Record<string, unknown>;
  /** AWS's default is false. */
  applyImmediately: boolean;
  /**
   * A user-chosen password version. When it differs from the version rdsctl
   * recorded in the instance's `rdsctl:password-version` tag, the password is
   * rotated (sent again) and the tag updated.
   */
  passwordVersion?: string;
  /**
   * `AllowMajorVersionUpgrade: true` on the item (a ModifyDBInstance-only
   * parameter, lifted out of `fields`): a declared EngineVersion of a newer
   * major may be sent for this instance. Absent: as `policy.allowMajorVersionUpgrade`.
   */
  allowMajorVersionUpgrade?: boolean;
  /**
   * `SourceDBInstanceIdentifier`: this instance is a read replica of that
   * source (an identifier, lowercased, or the ARN of a source in another
   * region), created with CreateDBInstanceReadReplica.
   */
  replicaSource?: string;
  /** The instance's own `region`, else its file's top-level `region`. */
  region?: string;
  policy: Policy;
  wait: WaitOptions;
  /** Where the instance item starts. */
  source: SourceLocation;
  /**
   * Where each declared field's value is, by Create name; also
   * `SourceDBInstanceIdentifier` and `region` (the instance's own, else its
   * file's top-level `region`).
   */
  fieldSources: Record<string, SourceLocation>;
}

/**
 * Which AWS account a spec is for (top-level keys): the shared-config
 * `profile`, a role to assume (`assumeRoleArn`, `externalId`) and the
 * accounts plan and apply may read or change (`allowedAccountIds`).
 */
export interface AccountSettings {
  profile?: string;
  assumeRoleArn?: string;
  externalId?: string;
  allowedAccountIds?: string[];
}

export interface Spec {
  files: string[];
  instances: DesiredInstance[];
  /**
   * The resources declared beside the instances (`parameterGroups:`,
   * `subnetGroups:`), as their kinds read them; absent when none is declared.
   */
  resources?: DeclaredResource[];
  /** The account settings, when any file names one. */
  account?: AccountSettings;
  /** Warnings that do not stop anything (e.g. a plaintext password). */
  warnings: Array<{ location: SourceLocation; message: string }>;
  /** The variables the files used (`${var.NAME}`), with the values substituted; absent when none. */
  variables?: VariableUse[];
}

/** A variable a spec file used: never a secret (sensitive fields cannot use variables). */
export interface VariableUse {
  name: string;
  value: string | number | boolean;
  /** Where the value was set: `--var size=100`, `dev.yaml:3:7`, the default's file:line:column. */
  from: string;
  /** The spec file that used it. */
  file: string;
}

/** Tag that names the spec managing an instance (`policy.markManaged`). */
export const MANAGED_TAG = "rdsctl:spec";

/** Tag that records the declared password version on the instance. */
export const PASSWORD_VERSION_TAG = "rdsctl:password-version";
