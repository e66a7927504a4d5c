import type {
  CreateDBInstanceMessage,
  CreateDBInstanceReadReplicaMessage,
  CreateDBSnapshotMessage,
  DBEngineVersion,
  DBInstance,
  DBParameterGroup,
  DBSnapshot,
  DBSubnetGroup,
  ModifyDBInstanceMessage,
  OptionGroup,
  OrderableDBInstanceOption,
  PromoteReadReplicaMessage,
  Tag,
} from "@aws-sdk/client-rds";
import type { CallOptions, RetryNotice } from "./call-scope.js";

export type { CallOptions, RetryNotice } from "./call-scope.js";

/**
 * The narrow slice of RDS that plan and apply use. `aws/client.ts` implements
 * it over `@aws-sdk/client-rds`; nothing else imports the SDK at runtime.
 */
export interface RdsApi {
  /**
   * Describe the given instances (lowercased identifiers), in chunks of at
   * most 100 ids per call using the `db-instance-id` filter, following
   * `Marker`. Instances that do not exist are simply absent from the result.
   */
  describeInstances(ids: string[]): Promise<DBInstance[]>;
  /** Describe every instance of the region, 100 per page, following `Marker`. */
  describeAllInstances(): Promise<DBInstance[]>;
  /** Describe one instance; undefined when RDS says DBInstanceNotFound. */
  describeInstance(id: string): Promise<DBInstance | undefined>;
  createInstance(input: CreateDBInstanceMessage): Promise<DBInstance>;
  /** CreateDBInstanceReadReplica; the source is an identifier, or an ARN for another region. */
  createReadReplica(input: CreateDBInstanceReadReplicaMessage): Promise<DBInstance>;
  /** PromoteReadReplica: the replica becomes a standalone instance (it restarts). */
  promoteReadReplica(input: PromoteReadReplicaMessage): Promise<DBInstance>;
  modifyInstance(input: ModifyDBInstanceMessage): Promise<DBInstance>;
  rebootInstance(id: string): Promise<DBInstance>;
  addTags(arn: string, tags: Tag[]): Promise<void>;
  /**
   * CreateDBSnapshot: a manual snapshot of an instance (`snapshotBefore`).
   * Optional so test doubles of other calls need not have it; apply refuses
   * a plan with a snapshot step without it.
   */
  createSnapshot?(input: CreateDBSnapshotMessage): Promise<DBSnapshot>;
  /** DescribeDBSnapshots of one snapshot; undefined when RDS says DBSnapshotNotFound. */
  describeSnapshot?(id: string): Promise<DBSnapshot | undefined>;
  removeTags(arn: string, keys: string[]): Promise<void>;
  /**
   * The same client with other call options (an abort signal, a retry
   * listener) for every call made through the view. Optional: apply uses it
   * when present.
   */
  withCallOptions?(options: CallOptions): RdsApi;
  /**
   * RDS events of DB instances (source type `db-instance`) from `since` on,
   * oldest first: one DescribeEvents call (at most 100 events; the caller
   * moves `since` forward). Optional: progress display only.
   */
  describeInstanceEvents?(since: Date): Promise<RdsInstanceEvent[]>;

  /* Reads for the plan-time checks; each answer is cached by the caller for the run. */

  /**
   * DescribeOrderableDBInstanceOptions for one engine and class, every page.
   * An engine RDS does not know is an AwsCallError (InvalidParameterValue).
   */
  describeOrderable(engine: string, instanceClass: string): Promise<OrderableDBInstanceOption[]>;
  /**
   * Whether DescribeOrderableDBInstanceOptions lists the engine at all (one
   * short page): an empty answer for a class then tells "not offered" from a
   * catalogue that knows nothing of the engine. Optional: without it an empty
   * answer means "not offered".
   */
  offersEngine?(engine: string): Promise<boolean>;
  /** DescribeDBEngineVersions for one engine, every page (each version's parameter group family). */
  describeEngineVersions(engine: string): Promise<DBEngineVersion[]>;
  /**
   * Those of the named groups that exist: one named call for one name (not
   * found is an empty answer), else one paged listing of every group.
   */
  describeParameterGroups(names: string[]): Promise<DBParameterGroup[]>;
  describeOptionGroups(names: string[]): Promise<OptionGroup[]>;
  describeSubnetGroups(names: string[]): Promise<DBSubnetGroup[]>;

  /**
   * The kinds beside instances (src/kinds/): one RDS action sent as the SDK's
   * `${action}Command` with `input`, through the same client, retries, abort
   * signal and errors as every method above (AwsCallError naming the action
   * and its IAM permission). The answer without `$metadata`. Optional so test
   * doubles of instances alone need not have it; a spec that declares a kind
   * needs it. The actions each kind sends are its `actions` (docs/iam.md).
   */
  send?(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * Whether a read is needed to plan at all (required: the plan cannot be made
 * without it), a check the plan can do without (advisory: when it is denied or
 * not served the check is skipped with a warning), or a call that changes
 * something (write).
 */
export type RdsCallUse = "required" | "advisory" | "write";

/** The RDS action behind each RdsApi method and its use; docs/iam.md is checked against it. */
export const RDS_API_ACTIONS: Readonly<
  Record<Exclude<keyof RdsApi, "withCallOptions" | "send">, { action: string; use: RdsCallUse }>
> = {
  describeInstances: { action: "DescribeDBInstances", use: "required" },
  describeAllInstances: { action: "DescribeDBInstances", use: "required" },
  describeInstance: { action: "DescribeDBInstances", use: "required" },
  createInstance: { action: "CreateDBInstance", use: "write" },
  createReadReplica: { action: "CreateDBInstanceReadReplica", use: "write" },
  promoteReadReplica: { action: "PromoteReadReplica", use: "write" },
  modifyInstance: { action: "ModifyDBInstance", use: "write" },
  rebootInstance: { action: "RebootDBInstance", use: "write" },
  addTags: { action: "AddTagsToResource", use: "write" },
  removeTags: { action: "RemoveTagsFromResource", use: "write" },
  createSnapshot: { action: "CreateDBSnapshot", use: "write" },
  describeSnapshot: { action: "DescribeDBSnapshots", use: "required" },
  describeInstanceEvents: { action: "DescribeEvents", use: "advisory" },
  describeOrderable: { action: "DescribeOrderableDBInstanceOptions", use: "advisory" },
  offersEngine: { action: "DescribeOrderableDBInstanceOptions", use: "advisory" },
  describeEngineVersions: { action: "DescribeDBEngineVersions", use: "advisory" },
  describeParameterGroups: { action: "DescribeDBParameterGroups", use: "advisory" },
  describeOptionGroups: { action: "DescribeOptionGroups", use: "advisory" },
  describeSubnetGroups: { action: "DescribeDBSubnetGroups", use: "advisory" },
};

/** The plan's reads: its instances (required), then the plan-time checks and rename hints (advisory). */
const PLAN_METHODS = [
  "describeInstances",
  "describeOrderable",
  "offersEngine",
  "describeEngineVersions",
  "describeParameterGroups",
  "describeOptionGroups",
  "describeSubnetGroups",
  "describeAllInstances",
] as const satisfies ReadonlyArray<keyof typeof RDS_API_ACTIONS>;

/**
 * The RdsApi methods each command can reach. Besides these, `plan` and
 * `apply` call STS GetCallerIdentity once for the account line, and every
 * command with a role to assume calls STS AssumeRole.
 */
export const COMMAND_METHODS: Readonly<
  Record<string, ReadonlyArray<keyof typeof RDS_API_ACTIONS>>
> = {
  plan: PLAN_METHODS,
  apply: [
    ...PLAN_METHODS,
    "describeInstance",
    "createInstance",
    "createReadReplica",
    "promoteReadReplica",
    "modifyInstance",
    "rebootInstance",
    "addTags",
    "removeTags",
    "createSnapshot",
    "describeSnapshot",
    "describeInstanceEvents",
  ],
  show: ["describeInstances"],
  export: ["describeInstances", "describeAllInstances"],
  validate: [],
  init: [],
  schema: [],
  emulator: [],
};

/**
 * Which of each kind's actions (ResourceKind.actions) each command reaches
 * through `send`: plan reads (required) and checks (advisory), apply also
 * writes, show and export read. docs/iam.md is checked against it.
 */
export const COMMAND_KIND_USES: Readonly<
  Record<keyof typeof COMMAND_METHODS, ReadonlyArray<"required" | "advisory" | "mutating">>
> = {
  plan: ["required", "advisory"],
  apply: ["required", "advisory", "mutating"],
  show: [],
  export: ["required"],
  validate: [],
  init: [],
  schema: [],
  emulator: [],
};

/** One RDS event of a DB instance. */
export interface RdsInstanceEvent {
  /** The instance identifier, lowercased. */
  id: string;
  date: Date;
  message: string;
}

export interface ConnectionOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** SDK retry mode. Default "adaptive". */
  retryMode?: "standard" | "adaptive";
  /** Total attempts per call, including the first. Default 20. */
  maxAttempts?: number;
  /**
   * How long one request may wait for its answer, in seconds, for every
   * client of the connection (RDS, STS). An endpoint that has never answered
   * is not asked again after it; one that has answered before gets the usual
   * retries. Default: RDSCTL_RESPONSE_TIMEOUT, else 60.
   */
  responseTimeoutSeconds?: number;
  /**
   * Aborting stops every call of clients built from these options: nothing
   * new is sent, retries and backoff end at once (see CallOptions).
   */
  signal?: AbortSignal;
  /** Told of every retry the SDK makes for a call (throttling, a lost connection, a 5xx). */
  onRetry?: (notice: RetryNotice) => void;
  /** An IAM role to assume (STS AssumeRole) with the credentials found otherwise. */
  assumeRoleArn?: string;
  /** The ExternalId the role's trust policy asks for; sent only with assumeRoleArn. */
  externalId?: string;
}
