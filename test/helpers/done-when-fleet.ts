/**
 * The fleet of issue 16's "Done when": a parameter group of 25 postgres16
 * parameters, a subnet group, a primary, its read replica and a third
 * instance, all naming both groups, as one spec file.
 */
export const IDS = ["orders-db", "orders-replica", "reports-db"];

/** 25 modifiable postgres16 parameters of the emulator's catalogue: 20 dynamic, 5 static. */
export const PARAMETERS: Record<string, string> = {
  work_mem: "8192",
  maintenance_work_mem: "131072",
  random_page_cost: "1.1",
  seq_page_cost: "1",
  effective_cache_size: "262144",
  log_min_duration_statement: "500",
  statement_timeout: "60000",
  idle_in_transaction_session_timeout: "300000",
  autovacuum_naptime: "30",
  autovacuum_vacuum_cost_limit: "400",
  autovacuum_vacuum_scale_factor: "0.05",
  log_connections: "1",
  log_disconnections: "1",
  log_lock_waits: "1",
  log_temp_files: "10240",
  deadlock_timeout: "2000",
  lock_timeout: "10000",
  default_statistics_target: "200",
  checkpoint_timeout: "600",
  temp_buffers: "2048",
  // static
  shared_buffers: "32768",
  max_connections: "200",
  max_locks_per_transaction: "128",
  max_prepared_transactions: "10",
  track_activity_query_size: "2048",
};

export interface FleetOptions {
  family?: string;
  parameters?: Record<string, string>;
  rebootWhenNeeded?: boolean;
  /** The file's `wait:` block (default: delays for a manual clock, in emulator seconds). */
  wait?: string;
}

export function fleetYaml(subnets: readonly string[], options: FleetOptions = {}): string {
  const parameters = options.parameters ?? PARAMETERS;
  const instance = (id: string, extra: string[]) =>
    [
      `  - DBInstanceIdentifier: ${id}`,
      "    DBInstanceClass: db.t4g.micro",
      "    DBParameterGroupName: fleet-pg",
      "    DBSubnetGroupName: fleet-subnets",
      ...extra,
    ].join("\n");
  const owned = [
    "    Engine: postgres",
    '    EngineVersion: "16"',
    "    AllocatedStorage: 20",
    "    MasterUsername: app",
    "    ManageMasterUserPassword: true",
  ];
  return [
    "region: us-east-1",
    "policy:",
    `  rebootWhenNeeded: ${options.rebootWhenNeeded === true}`,
    (
      options.wait ?? "wait:\n  delaySeconds: 5\n  maxDelaySeconds: 30\n  timeoutSeconds: 3600\n"
    ).trimEnd(),
    "parameterGroups:",
    "  - DBParameterGroupName: fleet-pg",
    `    DBParameterGroupFamily: ${options.family ?? "postgres16"}`,
    "    Description: fleet parameters",
    "    Parameters:",
    ...Object.entries(parameters).map(([k, v]) => `      ${k}: "${v}"`),
    "subnetGroups:",
    "  - DBSubnetGroupName: fleet-subnets",
    "    DBSubnetGroupDescription: fleet subnets",
    `    SubnetIds: [${subnets.join(", ")}]`,
    "instances:",
    instance("orders-db", [...owned, "    BackupRetentionPeriod: 1"]),
    instance("orders-replica", ["    SourceDBInstanceIdentifier: orders-db"]),
    instance("reports-db", owned),
    "",
  ].join("\n");
}
