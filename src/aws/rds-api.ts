import type {
  CreateDBInstanceMessage,
  DBEngineVersion,
  DBInstance,
  DBParameterGroup,
  DBSubnetGroup,
  ModifyDBInstanceMessage,
  OptionGroup,
  OrderableDBInstanceOption,
  Tag,
} from "@aws-sdk/client-rds";

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
  /** Describe one instance; undefined when RDS says DBInstanceNotFound. */
  describeInstance(id: string): Promise<DBInstance | undefined>;
  createInstance(input: CreateDBInstanceMessage): Promise<DBInstance>;
  modifyInstance(input: ModifyDBInstanceMessage): Promise<DBInstance>;
  rebootInstance(id: string): Promise<DBInstance>;
  addTags(arn: string, tags: Tag[]): Promise<void>;
  removeTags(arn: string, keys: string[]): Promise<void>;

  /* Reads for the plan-time checks; each answer is cached by the caller for the run. */

  /** Every instance of the region (DescribeDBInstances without a filter, following Marker). */
  listInstances(): Promise<DBInstance[]>;
  /**
   * DescribeOrderableDBInstanceOptions for one engine and class, every page.
   * An engine RDS does not know is an AwsCallError (InvalidParameterValue).
   */
  describeOrderable(engine: string, instanceClass: string): Promise<OrderableDBInstanceOption[]>;
  /** DescribeDBEngineVersions for one engine, every page (each version's parameter group family). */
  describeEngineVersions(engine: string): Promise<DBEngineVersion[]>;
  /**
   * Those of the named groups that exist: one named call for one name (not
   * found is an empty answer), else one paged listing of every group.
   */
  describeParameterGroups(names: string[]): Promise<DBParameterGroup[]>;
  describeOptionGroups(names: string[]): Promise<OptionGroup[]>;
  describeSubnetGroups(names: string[]): Promise<DBSubnetGroup[]>;
}

export interface ConnectionOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** SDK retry mode. Default "adaptive". */
  retryMode?: "standard" | "adaptive";
  /** Total attempts per call, including the first. Default 20. */
  maxAttempts?: number;
}
