/**
 * The emulator's data model. Records are plain JSON-serialisable objects;
 * collections keyed by a name RDS lets the user choose are `Map`s, so that an
 * instance or group called `constructor` or `__proto__` is just a name.
 */

export interface Tag {
  Key: string;
  Value: string;
}

/** A CPU setting: `coreCount` or `threadsPerCore`, its value a decimal string as RDS reports it. */
export interface ProcessorFeature {
  Name: string;
  Value: string;
}

/** Values a modification will set: deferred (maintenance window) or in flight (applying now). */
export interface Pending {
  DBInstanceClass?: string;
  AllocatedStorage?: number;
  MasterUserPassword?: boolean;
  Port?: number;
  BackupRetentionPeriod?: number;
  MultiAZ?: boolean;
  EngineVersion?: string;
  Iops?: number;
  StorageThroughput?: number;
  DBInstanceIdentifier?: string;
  StorageType?: string;
  CACertificateIdentifier?: string;
  DBSubnetGroupName?: string;
  IAMDatabaseAuthenticationEnabled?: boolean;
  OptionGroupName?: string;
  NetworkType?: string;
  LogTypesToEnable?: string[];
  LogTypesToDisable?: string[];
  DedicatedLogVolume?: boolean;
  /** Directory to join; "" means leaving the current one. */
  Domain?: string;
  DomainIAMRoleName?: string;
  /** The whole set the instance will have; [] means back to the class defaults. */
  ProcessorFeatures?: ProcessorFeature[];
}

/** A status change scheduled at an absolute emulator time, evaluated lazily. */
export interface Transition {
  at: number;
  status: string;
  /**
   * Side effect run when the transition fires. `fault`: a status an operator
   * injected (setInstanceStatus); it halts the rest of the lifecycle.
   */
  effect?: "apply-in-flight" | "delete" | "reboot-done" | "backup-done" | "promote-done" | "fault";
}

export interface Instance {
  DBInstanceIdentifier: string;
  DBInstanceArn: string;
  DbiResourceId: string;
  DBInstanceClass: string;
  Engine: string;
  EngineVersion: string;
  DBInstanceStatus: string;
  MasterUsername: string;
  DBName?: string;
  AllocatedStorage: number;
  MaxAllocatedStorage?: number;
  StorageType: string;
  Iops?: number;
  StorageThroughput?: number;
  Port: number;
  VpcSecurityGroupIds: string[];
  /** Groups joining or leaving while a modification is applied. */
  AddingSecurityGroupIds?: string[];
  RemovingSecurityGroupIds?: string[];
  DBSubnetGroupName: string;
  AvailabilityZone: string;
  SecondaryAvailabilityZone?: string;
  MultiAZ: boolean;
  PreferredMaintenanceWindow: string;
  PreferredBackupWindow: string;
  BackupRetentionPeriod: number;
  DBParameterGroupName: string;
  /** in-sync, applying, pending-reboot or pending-database-upgrade. */
  ParameterApplyStatus: string;
  /** While `applying`: when the dynamic change is in effect and the status turns `in-sync`. */
  parameterApplyDoneAt?: number;
  OptionGroupName: string;
  AutoMinorVersionUpgrade: boolean;
  LicenseModel: string;
  /** Oracle's character set, or SQL Server's server collation. */
  CharacterSetName?: string;
  NcharCharacterSetName?: string;
  PubliclyAccessible: boolean;
  StorageEncrypted: boolean;
  KmsKeyId?: string;
  CACertificateIdentifier: string;
  CopyTagsToSnapshot: boolean;
  MonitoringInterval: number;
  MonitoringRoleArn?: string;
  IAMDatabaseAuthenticationEnabled: boolean;
  PerformanceInsightsEnabled: boolean;
  PerformanceInsightsKMSKeyId?: string;
  PerformanceInsightsRetentionPeriod?: number;
  EnabledCloudwatchLogsExports: string[];
  DeletionProtection: boolean;
  NetworkType: string;
  TagList: Tag[];
  /** Absent while the class defaults apply. */
  ProcessorFeatures?: ProcessorFeature[];
  /** MySQL and PostgreSQL only. */
  EngineLifecycleSupport?: string;
  /** `standard` when absent (state saved before the field was kept). */
  DatabaseInsightsMode?: string;
  DedicatedLogVolume?: boolean;
  /** `region` when absent. */
  BackupTarget?: string;
  /** AWS Managed Microsoft AD directory id, with the role RDS uses to join it. */
  Domain?: string;
  DomainIAMRoleName?: string;
  InstanceCreateTime?: number;
  /**
   * When a modification turned automated backups on; absent otherwise (after a
   * create, the first backup's end is derived from InstanceCreateTime).
   */
  restorableFrom?: number;
  MasterUserSecret?: { SecretArn: string; SecretStatus: string; KmsKeyId: string };
  /** The source's identifier, or its ARN when the source is in another region. */
  ReadReplicaSourceDBInstanceIdentifier?: string;
  /** Replicas' identifiers; ARNs for replicas in other regions. */
  ReadReplicaDBInstanceIdentifiers: string[];
  /** PreferredBackupWindow a PromoteReadReplica in progress sets when it completes. */
  promotedBackupWindow?: string;
  /** Deferred to the next maintenance window (ApplyImmediately=false). */
  deferred: Pending;
  /** Being applied now; folded into the instance when the modification completes. */
  inFlight: Pending;
  transitions: Transition[];
  /** Hash used in the endpoint address, fixed per instance. */
  endpointHash: string;
}

/** A value set by ModifyDBParameterGroup (Source `user`). */
export interface UserParameter {
  ParameterValue: string;
  ApplyMethod: "immediate" | "pending-reboot";
}

export interface ParameterGroup {
  DBParameterGroupName: string;
  DBParameterGroupFamily: string;
  Description: string;
  DBParameterGroupArn: string;
  builtIn: boolean;
  TagList: Tag[];
  /**
   * The values users set, by parameter name (names come from the catalogue).
   * Absent until the first ModifyDBParameterGroup.
   */
  Parameters?: Record<string, UserParameter>;
}

export interface SubnetGroup {
  DBSubnetGroupName: string;
  DBSubnetGroupDescription: string;
  VpcId: string;
  Subnets: Array<{ SubnetIdentifier: string; AvailabilityZone: string }>;
  DBSubnetGroupArn: string;
  builtIn: boolean;
  TagList: Tag[];
}

export interface OptionGroup {
  OptionGroupName: string;
  OptionGroupDescription: string;
  EngineName: string;
  MajorEngineVersion: string;
  OptionGroupArn: string;
}

export interface RdsEvent {
  SourceIdentifier: string;
  SourceType: string;
  Message: string;
  EventCategories: string[];
  Date: number;
  SourceArn: string;
}

/** A manual DB snapshot (CreateDBSnapshot): `creating`, then `available` at `availableAt`. */
export interface Snapshot {
  DBSnapshotIdentifier: string;
  DBSnapshotArn: string;
  DBInstanceIdentifier: string;
  DbiResourceId: string;
  SnapshotType: "manual";
  Status: "creating" | "available";
  /** When the snapshot turns available (emulator time). */
  availableAt: number;
  /** When the snapshot was started; reported as SnapshotCreateTime once available. */
  startedAt: number;
  Engine: string;
  EngineVersion: string;
  AllocatedStorage: number;
  StorageType: string;
  Iops?: number;
  StorageThroughput?: number;
  Port: number;
  AvailabilityZone: string;
  VpcId: string;
  InstanceCreateTime?: number;
  MasterUsername: string;
  LicenseModel: string;
  OptionGroupName: string;
  Encrypted: boolean;
  KmsKeyId?: string;
  IAMDatabaseAuthenticationEnabled: boolean;
  TagList: Tag[];
}

/** One region of the account: RDS keeps each region's resources apart. */
export interface State {
  /** PRNG state for generated ids and faults, so a restarted run does not repeat ids. */
  rng: number;
  instances: Map<string, Instance>;
  parameterGroups: Map<string, ParameterGroup>;
  subnetGroups: Map<string, SubnetGroup>;
  optionGroups: Map<string, OptionGroup>;
  /** Manual snapshots by identifier (lowercase). */
  snapshots: Map<string, Snapshot>;
  events: RdsEvent[];
  defaultSecurityGroupId: string;
  defaultVpcId: string;
}
