import type {
  CreateDBInstanceMessage,
  DBInstance,
  ModifyDBInstanceMessage,
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
}

export interface ConnectionOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** SDK retry mode. Default "adaptive". */
  retryMode?: "standard" | "adaptive";
  /** Total attempts per call, including the first. Default 20. */
  maxAttempts?: number;
  /** An IAM role to assume (STS AssumeRole) with the credentials found otherwise. */
  assumeRoleArn?: string;
  /** The ExternalId the role's trust policy asks for; sent only with assumeRoleArn. */
  externalId?: string;
}
