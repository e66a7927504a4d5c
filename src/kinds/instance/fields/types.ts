import type { DBInstance, PendingModifiedValues } from "@aws-sdk/client-rds";

/**
 * The shape of a spec value, used by the spec validator, the JSON Schema and
 * the planner's comparison.
 */
export type ValueKind =
  | { type: "string"; enum?: readonly string[]; pattern?: string; caseInsensitive?: boolean }
  | { type: "integer"; minimum?: number; maximum?: number }
  | { type: "boolean" }
  /** A list of strings. `unordered` lists compare as sets. */
  | { type: "string-list"; unordered: boolean }
  /** `{ key: value }` map, or AWS's `[{ Key, Value }]` list in the file. */
  | { type: "tags" }
  /** `{ env: NAME }`, `{ file: PATH }` or a plaintext string in the file. */
  | { type: "secret" }
  /** `[{ Name, Value }]`, values compared as strings. */
  | { type: "object-list"; itemKeys: readonly string[] };

/** When RDS applies a change to this field. */
export type FieldTiming =
  /** Applied now whatever ApplyImmediately says. */
  | "immediate"
  /** Now with ApplyImmediately=true, otherwise at the next maintenance window. */
  | "deferrable"
  /** The setting switches now but takes effect only after a reboot. */
  | "after-reboot";

/** How a field may change once the instance exists. */
export type Mutability =
  /** ModifyDBInstance can change it. */
  | "modifiable"
  /** Only at create; a difference is blocked with `blockedHint`. */
  | "create-only"
  /** Not compared after create (write-only, or handled by its own mechanism). */
  | "create-only-unchecked";

/**
 * The CreateDBInstance and ModifyDBInstance member carrying the master
 * password, which a plan holds as a secret reference until it is sent.
 */
export type MasterPasswordMember = "MasterUserPassword";

/** How a declared value compares with a reported one. */
export type Verdict = "equal" | "different" | "unverifiable";

/** Reads a pending value from PendingModifiedValues; `key` names the member it reads. */
export interface PendingReader {
  (pmv: PendingModifiedValues): unknown;
  readonly key: string;
}

/** What the planner sees of one instance, for hooks that look past their own field. */
export interface InstanceView {
  /** The declared fields, by CreateDBInstance name. */
  declared: Readonly<Record<string, unknown>>;
  /** What DescribeDBInstances reports. */
  db: DBInstance;
  /** PendingModifiedValues, or {} when nothing is pending. */
  pmv: Readonly<Record<string, unknown>>;
}

/** What the planner knows about a change beyond its two values, for `risk`. */
export interface RiskFacts {
  /** An engine version change crosses a major version (the planner's own rule). */
  majorVersion: boolean;
}

/**
 * A comparison rule the planner implements itself because it needs more than
 * the two values: `engine-version` (prefix match, upgrades, majors,
 * downgrades) and `storage-size` (grows only, autoscaling, rounding).
 */
export type DiffRule = "engine-version" | "storage-size";

/**
 * A part a field plays in a mechanism that spans fields. The planner finds
 * the field by its role (`fieldWithRole`), never by its name.
 */
export type FieldRole =
  /** The match key of an instance. */
  | "identifier"
  /** The engine, for version families. */
  | "engine"
  /** The engine version, which a replica chain's depth limit depends on. */
  | "engine-version"
  /** Automated backups: a read replica's source needs them on. */
  | "backup-retention"
  /** Membership of an Aurora cluster. */
  | "cluster"
  /** The storage size: the only change RDS accepts while storage is full. */
  | "storage-size"
  /** The autoscaling ceiling: may ride along with a storage-full increase. */
  | "storage-ceiling"
  /** Storage settings RDS validates together with the size. */
  | "storage-type"
  | "storage-iops"
  | "storage-throughput"
  /** The DB parameter group, whose static parameters wait for a reboot. */
  | "parameter-group"
  /** Tags, reconciled through the tagging APIs rather than ModifyDBInstance. */
  | "tags"
  /** The write-only master password, sent at create and then only on rotation. */
  | "master-password"
  /** Whether Secrets Manager keeps the master password. */
  | "managed-password"
  /** The KMS key of the managed secret, taken only when management is turned on. */
  | "managed-password-key"
  /** The instance class and engine version, checked as orderable together at plan time. */
  | "instance-class"
  | "engine-version"
  /** Groups the instance names, checked to exist at plan time. */
  | "option-group"
  | "subnet-group"
  /** The license model, part of what makes a class orderable. */
  | "license-model";

/**
 * One supported DB instance field: everything rdsctl knows about it, in one
 * place. The spec validator, the JSON Schema, the planner and the waiter all
 * loop over this table; the planner holds no list or branch of field names.
 */
export interface FieldDef {
  /** The CreateDBInstance parameter name: the key in the spec file. */
  name: string;
  kind: ValueKind;
  /** One line for the JSON Schema and docs. */
  description: string;
  mutability: Mutability;
  /** The ModifyDBInstance parameter name, when it differs from `name`. */
  modifyName?: string;
  timing: FieldTiming;
  /** Whether applying a change causes downtime (restart, failover, reboot). */
  downtime: boolean;
  /** Never printed: rendered as "(sensitive)". */
  sensitive?: boolean;
  /** Read the live value from DescribeDBInstances; undefined means unknown. */
  current(db: DBInstance): unknown;
  /**
   * Read a pending value from PendingModifiedValues, where RDS can defer it.
   * Its `key` is also where the waiter looks for a change still pending.
   */
  pending?: PendingReader;
  /**
   * The value once a pending change lands, when RDS reports the pending
   * change as a delta to the live value rather than as the new value.
   */
  afterPending?(current: unknown, pending: unknown): unknown;
  /**
   * DescribeDBInstances omits this field when it is off or unset, so an
   * absent member means "not set" and a declared value is a change. Without
   * it an absent member means "unknown" and nothing is planned for it.
   */
  absentMeansUnset?: boolean;
  /** A declared value that says the same as an absent member (checked only then). */
  sameAsAbsent?(desired: unknown, view: InstanceView): boolean;
  /**
   * Compares two known strings when RDS reports the value in another form
   * than it was sent (KMS key ARNs, full engine versions). Other fields
   * compare by `kind`.
   */
  compare?(desired: string, live: string): Verdict;
  /** Who the field comes from instead of the instance itself: never diffed then. */
  inheritedBy?: { replica?: boolean; cluster?: boolean };
  /**
   * CreateDBInstanceReadReplica takes this field too. A replica's other
   * declared fields are inherited (`inheritedBy.replica`), sent by a
   * ModifyDBInstance once the new replica is available (modifiable ones), or
   * refused in the spec (create-only ones).
   */
  replicaCreate?: boolean;
  /** PromoteReadReplica takes this field, so a promotion sets it at once. */
  promoteTakes?: boolean;
  /** The value as CreateDBInstance and ModifyDBInstance take it, when it differs from the spec's. */
  wire?(value: unknown): unknown;
  /** The ModifyDBInstance member when it takes a delta from `from` rather than the new value. */
  modifyDelta?(to: unknown, from: unknown): unknown;
  /** A comparison the planner implements itself (see `DiffRule`). */
  diffRule?: DiffRule;
  /** When the field is not compared at all on this instance. */
  notComparedWhen?(view: InstanceView): boolean;
  /**
   * Why a change RDS cannot make in place is refused, for a modifiable field
   * that only changes one way: a sentence without instance or location.
   */
  oneWay?(from: unknown, to: unknown): string | undefined;
  /**
   * Why a change (`from` undefined for a create) is allowed but risky: data
   * or protection lost, exposure, a step that cannot be undone. A sentence
   * without instance or location; undefined when the change is not risky.
   */
  risk?(from: unknown, to: unknown, facts: RiskFacts): string | undefined;
  /**
   * Whether CreateDBInstance needs this field, given the other declared
   * fields: undefined when it does not, else what to declare (a sentence
   * without instance or location). Checked by plan before any call.
   */
  requiredAtCreate?(declared: Readonly<Record<string, unknown>>): string | undefined;
  /** When a particular change applies at another time than `timing`/`downtime` say. */
  changeTiming?(from: unknown, to: unknown): { timing: FieldTiming; downtime: boolean } | undefined;
  /**
   * What RDS sets when CreateDBInstance leaves the field out, for this engine
   * and version (and the rest of the instance, for a value that depends on
   * it, such as a storage baseline); `RDS_CHOOSES` when RDS picks a value of
   * its own that a user would not pin. Absent, or undefined: not known, and
   * `rdsctl export` writes whatever RDS reports.
   */
  rdsDefault?(engine: string, version: string, db: DBInstance): unknown;
  /** The part this field plays in a mechanism spanning fields (see `FieldRole`). */
  role?: FieldRole;
  /** For create-only fields: what to do instead of an in-place change. */
  blockedHint?: string;
  /**
   * The DescribeDBInstances member that reports this field, when its name
   * differs from `name` (e.g. `IAMDatabaseAuthenticationEnabled`). Used to
   * point a user who pasted a describe output at the Create name.
   */
  describeName?: string;
}
