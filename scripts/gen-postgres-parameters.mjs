// Writes src/emulator/rules/parameters-postgres-data.ts, the PostgreSQL part of
// the emulator's parameter catalogue, from:
// - the settings of a PostgreSQL server (scripts/postgres-settings.sh: pg_settings
//   as JSON; the server's own table of settings, guc_tables.c, is its source):
//   name, type, range or enum values, and context (postmaster: a restart is
//   needed, so static; any other context: dynamic);
// - the tables below: settings added or removed between major versions 13 and 17
//   (the release notes of each version), the settings RDS keeps to itself (not
//   modifiable), the values RDS sets in its default groups, and the `rds.*`
//   parameters of the RDS user guide.
// Usage: node scripts/gen-postgres-parameters.mjs settings.json PG_MAJOR
import { readFileSync, writeFileSync } from "node:fs";

const [file, majorArg] = process.argv.slice(2);
if (!file || !majorArg) {
  console.error("usage: gen-postgres-parameters.mjs settings.json PG_MAJOR");
  process.exit(2);
}
const sourceMajor = Number(majorArg);
const settings = JSON.parse(readFileSync(file, "utf8"));

/** First major version with the setting (the catalogue spans 13 to 17). */
const ADDED = {
  14: "client_connection_check_interval compute_query_id debug_discard_caches default_toast_compression enable_async_append enable_memoize huge_page_size idle_session_timeout in_hot_standby log_recovery_conflict_waits min_dynamic_shared_memory remove_temp_files_after_crash ssl_crl_dir track_wal_io_timing vacuum_failsafe_age vacuum_multixact_failsafe_age recovery_init_sync_method",
  15: "allow_in_place_tablespaces archive_library log_startup_progress_interval recovery_prefetch recursive_worktable_factor shared_memory_size shared_memory_size_in_huge_pages stats_fetch_consistency wal_decode_buffer_size",
};
/** Last major version with the setting. */
const REMOVED = {
  15: "force_parallel_mode promote_trigger_file vacuum_defer_cleanup_age lc_collate lc_ctype",
  16: "old_snapshot_threshold db_user_namespace trace_recovery_messages",
};

/** Settings of later versions than the source server: [name, context, type, min, max, enum values, description]. */
const LATER = [
  [
    16,
    "createrole_self_grant",
    "user",
    "string",
    null,
    null,
    null,
    "Sets whether a CREATEROLE user automatically grants the role to themselves, and with which options.",
  ],
  [
    16,
    "debug_io_direct",
    "postmaster",
    "string",
    null,
    null,
    null,
    "Use direct I/O for file access.",
  ],
  [
    16,
    "debug_parallel_query",
    "user",
    "enum",
    null,
    null,
    ["off", "on", "regress"],
    "Forces the planner's use parallel query nodes.",
  ],
  [
    16,
    "debug_logical_replication_streaming",
    "user",
    "enum",
    null,
    null,
    ["buffered", "immediate"],
    "Forces immediate streaming or serialization of changes in large transactions.",
  ],
  [
    16,
    "enable_presorted_aggregate",
    "user",
    "bool",
    null,
    null,
    null,
    "Enables the planner's ability to produce plans that provide presorted input for ORDER BY / DISTINCT aggregate functions.",
  ],
  [
    16,
    "gss_accept_delegation",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Sets whether GSSAPI delegation should be accepted from the client.",
  ],
  [
    16,
    "icu_validation_level",
    "user",
    "enum",
    null,
    null,
    [
      "disabled",
      "debug5",
      "debug4",
      "debug3",
      "debug2",
      "debug1",
      "log",
      "notice",
      "warning",
      "error",
    ],
    "Log level for reporting invalid ICU locale strings.",
  ],
  [
    16,
    "max_parallel_apply_workers_per_subscription",
    "sighup",
    "integer",
    0,
    1024,
    null,
    "Maximum number of parallel apply workers per subscription.",
  ],
  [
    16,
    "reserved_connections",
    "postmaster",
    "integer",
    0,
    262143,
    null,
    "Sets the number of connection slots reserved for roles with privileges of pg_use_reserved_connections.",
  ],
  [
    16,
    "scram_iterations",
    "user",
    "integer",
    1,
    2147483647,
    null,
    "Sets the iteration count for SCRAM secret generation.",
  ],
  [
    16,
    "send_abort_for_crash",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Send SIGABRT not SIGQUIT to child processes after backend crash.",
  ],
  [
    16,
    "send_abort_for_kill",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Send SIGABRT not SIGKILL to stuck child processes.",
  ],
  [
    16,
    "vacuum_buffer_usage_limit",
    "user",
    "integer",
    0,
    16777216,
    null,
    "Sets the buffer pool size for VACUUM, ANALYZE, and autovacuum.",
  ],
  [
    17,
    "allow_alter_system",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Allows running the ALTER SYSTEM command.",
  ],
  [
    17,
    "commit_timestamp_buffers",
    "postmaster",
    "integer",
    0,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the commit timestamp cache.",
  ],
  [
    17,
    "enable_group_by_reordering",
    "user",
    "bool",
    null,
    null,
    null,
    "Enables reordering of GROUP BY keys.",
  ],
  [17, "event_triggers", "superuser", "bool", null, null, null, "Enables event triggers."],
  [
    17,
    "huge_pages_status",
    "internal",
    "enum",
    null,
    null,
    ["off", "on", "unknown"],
    "Indicates the status of huge pages.",
  ],
  [
    17,
    "io_combine_limit",
    "user",
    "integer",
    1,
    32,
    null,
    "Limit on the size of data reads and writes.",
  ],
  [
    17,
    "max_notify_queue_pages",
    "postmaster",
    "integer",
    64,
    2147483647,
    null,
    "Sets the maximum number of allocated pages for NOTIFY / LISTEN queue.",
  ],
  [
    17,
    "multixact_member_buffers",
    "postmaster",
    "integer",
    16,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the MultiXact member cache.",
  ],
  [
    17,
    "multixact_offset_buffers",
    "postmaster",
    "integer",
    16,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the MultiXact offset cache.",
  ],
  [
    17,
    "notify_buffers",
    "postmaster",
    "integer",
    16,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the LISTEN/NOTIFY message cache.",
  ],
  [
    17,
    "serializable_buffers",
    "postmaster",
    "integer",
    16,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the serializable transaction cache.",
  ],
  [
    17,
    "subtransaction_buffers",
    "postmaster",
    "integer",
    0,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the subtransaction cache.",
  ],
  [
    17,
    "summarize_wal",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Starts the WAL summarizer process to enable incremental backup.",
  ],
  [
    17,
    "sync_replication_slots",
    "sighup",
    "bool",
    null,
    null,
    null,
    "Enables a physical standby to synchronize logical failover replication slots from the primary server.",
  ],
  [
    17,
    "synchronized_standby_slots",
    "sighup",
    "string",
    null,
    null,
    null,
    "Lists streaming replication standby server replication slot names that logical WAL sender processes will wait for.",
  ],
  [
    17,
    "trace_connection_negotiation",
    "postmaster",
    "bool",
    null,
    null,
    null,
    "Logs details of pre-authentication connection handshake.",
  ],
  [
    17,
    "transaction_buffers",
    "postmaster",
    "integer",
    0,
    131072,
    null,
    "Sets the size of the dedicated buffer pool used for the transaction status cache.",
  ],
  [
    17,
    "transaction_timeout",
    "user",
    "integer",
    0,
    2147483647,
    null,
    "Sets the maximum allowed duration of any transaction within a session (not a prepared transaction).",
  ],
  [
    17,
    "wal_summary_keep_time",
    "sighup",
    "integer",
    0,
    35791394,
    null,
    "Time for which WAL summary files should be kept.",
  ],
];

/** Settings of earlier versions than the source server. */
const EARLIER = [
  [
    13,
    14,
    "stats_temp_directory",
    "sighup",
    "string",
    null,
    null,
    null,
    "Writes temporary statistics files to the specified directory.",
  ],
];

/** What RDS manages itself: listed, not modifiable. */
const RDS_FIXED = new Set(
  `allow_in_place_tablespaces allow_system_table_mods allow_alter_system archive_cleanup_command archive_command archive_library archive_mode
  bonjour bonjour_name cluster_name config_file data_directory data_sync_retry debug_io_direct dynamic_library_path dynamic_shared_memory_type
  event_source external_pid_file fsync full_page_writes hba_file hot_standby ident_file ignore_invalid_pages ignore_system_indexes
  jit_provider krb_server_keyfile listen_addresses log_directory log_file_mode logging_collector port primary_conninfo primary_slot_name
  promote_trigger_file recovery_end_command recovery_target recovery_target_action recovery_target_inclusive recovery_target_lsn
  recovery_target_name recovery_target_time recovery_target_timeline recovery_target_xid restart_after_crash restore_command
  shared_memory_type ssl_ca_file ssl_cert_file ssl_crl_dir ssl_crl_file ssl_dh_params_file ssl_key_file ssl_passphrase_command
  ssl_passphrase_command_supports_reload syslog_facility syslog_ident syslog_sequence_numbers syslog_split_messages
  unix_socket_directories unix_socket_group unix_socket_permissions wal_level zero_damaged_pages`.split(
    /\s+/,
  ),
);

/** Values RDS sets in its default parameter groups (Source `system`). */
const RDS_DEFAULTS = {
  autovacuum_analyze_scale_factor: "0.05",
  autovacuum_max_workers: "GREATEST({DBInstanceClassMemory/64371566592},3)",
  autovacuum_vacuum_scale_factor: "0.1",
  checkpoint_completion_target: "0.9",
  effective_cache_size: "{DBInstanceClassMemory/16384}",
  hot_standby_feedback: "0",
  log_line_prefix: "%t:%r:%u@%d:[%p]:",
  log_rotation_age: "60",
  log_rotation_size: "100000",
  log_timezone: "UTC",
  maintenance_work_mem: "GREATEST({DBInstanceClassMemory*1024/63963136},65536)",
  max_connections: "LEAST({DBInstanceClassMemory/9531392},5000)",
  max_replication_slots: "20",
  max_wal_senders: "20",
  max_wal_size: "2048",
  max_worker_processes: "GREATEST({DBInstanceVCPU*2},8)",
  random_page_cost: "4",
  shared_buffers: "{DBInstanceClassMemory/32768}",
  shared_preload_libraries: "pg_stat_statements",
  ssl: "1",
  timezone: "UTC",
  track_activity_query_size: "4096",
  track_io_timing: "1",
  wal_buffers: "2048",
  wal_keep_size: "2048",
  wal_sender_timeout: "30000",
};

const PRELOAD =
  "auto_explain,orafce,pgaudit,pglogical,pg_bigm,pg_cron,pg_hint_plan,pg_partman_bgw,pg_prewarm,pg_similarity,pg_stat_statements,pg_tle,pg_transport,pgactive,plprofiler,plrust";

/** The `rds.*` parameters of the RDS user guide: [name, type, apply, allowed, default, description, from, to]. */
const RDS_PARAMETERS = [
  [
    "rds.accepted_password_auth_method",
    "s",
    "d",
    "md5+scram,scram",
    "md5+scram",
    "Force authentication for connections with password stored locally.",
    13,
    17,
  ],
  [
    "rds.adaptive_autovacuum",
    "b",
    "d",
    "0,1",
    "1",
    "Tunes the autovacuum parameters when transaction ID thresholds are exceeded.",
    13,
    17,
  ],
  [
    "rds.allowed_extensions",
    "l",
    "d",
    "",
    "*",
    "Specifies the extensions that are allowed to be installed in the database.",
    13,
    17,
  ],
  [
    "rds.enable_plan_management",
    "b",
    "s",
    "0,1",
    "0",
    "Enables the apg_plan_mgmt extension.",
    13,
    17,
  ],
  [
    "rds.force_admin_logging_level",
    "s",
    "d",
    "debug5,debug4,debug3,debug2,debug1,info,notice,warning,error,log,fatal,panic,disabled",
    "disabled",
    "Logs actions by the RDS admin user in all databases on the instance.",
    13,
    17,
  ],
  [
    "rds.force_autovacuum_logging_level",
    "s",
    "d",
    "debug5,debug4,debug3,debug2,debug1,info,notice,warning,error,log,fatal,panic,disabled",
    "warning",
    "Logs autovacuum worker operations in all databases on the instance.",
    13,
    17,
  ],
  ["rds.force_ssl", "b", "d", "0,1", "0", "Forces SSL connections.", 13, 14],
  ["rds.force_ssl", "b", "d", "0,1", "1", "Forces SSL connections.", 15, 17],
  [
    "rds.log_retention_period",
    "i",
    "d",
    "1440-10080",
    "4320",
    "Amazon RDS deletes PostgreSQL logs older than this many minutes.",
    13,
    17,
  ],
  ["rds.logical_replication", "b", "s", "0,1", "0", "Enables logical decoding.", 13, 17],
  [
    "rds.rds_superuser_reserved_connections",
    "i",
    "s",
    "0-8388607",
    "2",
    "Sets the number of connection slots reserved for rds_superusers.",
    13,
    17,
  ],
  [
    "rds.restrict_password_commands",
    "b",
    "s",
    "0,1",
    "0",
    "Restricts password-related commands to members of rds_password.",
    13,
    17,
  ],
  [
    "rds.superuser_variables",
    "l",
    "d",
    "session_replication_role",
    "session_replication_role",
    "List of superuser-only variables for which rds_superuser modification checks are elevated.",
    13,
    17,
  ],
];

const TYPE = { bool: "b", integer: "i", real: "r", string: "s", enum: "s" };

function allowedOf(vartype, min, max, enumvals) {
  if (vartype === "bool") return "0,1";
  if (vartype === "enum") return enumvals.filter((v) => v !== "").join(",");
  if (vartype === "integer" || vartype === "real") return `${min}-${max}`;
  return "";
}

function versionsOf(name) {
  let from = 13;
  let to = 17;
  for (const [v, names] of Object.entries(ADDED))
    if (names.split(" ").includes(name)) from = Number(v);
  for (const [v, names] of Object.entries(REMOVED))
    if (names.split(" ").includes(name)) to = Number(v);
  return [from, to];
}

const rows = [];
function add(name, context, vartype, min, max, enumvals, desc, from, to) {
  const lower = name.toLowerCase();
  const fixed = context === "internal" || RDS_FIXED.has(lower);
  let type = TYPE[vartype];
  let allowed = allowedOf(vartype, min, max, enumvals);
  if (lower === "shared_preload_libraries") {
    type = "l";
    allowed = PRELOAD;
  }
  const apply = context === "postmaster" || context === "internal" ? "s" : "d";
  rows.push([
    lower,
    type,
    apply,
    allowed,
    fixed ? 0 : 1,
    RDS_DEFAULTS[lower] ?? "",
    desc,
    from,
    to,
  ]);
}
for (const s of settings) {
  const [from, to] = versionsOf(s.name);
  add(
    s.name,
    s.context,
    s.vartype,
    s.min,
    s.max,
    s.enumvals,
    s.desc,
    from,
    Math.max(to, sourceMajor),
  );
}
for (const [from, to, ...rest] of EARLIER)
  add(rest[0], rest[1], rest[2], rest[3], rest[4], rest[5], rest[6], from, to);
for (const [from, ...rest] of LATER)
  add(rest[0], rest[1], rest[2], rest[3], rest[4], rest[5], rest[6], from, 17);
for (const [name, type, apply, allowed, def, desc, from, to] of RDS_PARAMETERS)
  rows.push([name, type, apply, allowed, 1, def, desc, from, to]);
// Versions the removals name win over the source server's span.
for (const r of rows) {
  const [, to] = versionsOf(r[0]);
  if (to < 17 && !r[0].startsWith("rds.")) r[8] = Math.min(r[8], to);
}
rows.sort((a, b) => (a[0] === b[0] ? a[7] - b[7] : a[0] < b[0] ? -1 : 1));

const today = new Date().toISOString().slice(0, 10);
let out = `/**
 * PostgreSQL parameters of RDS DB parameter groups, families postgres13 to postgres17.
 * Generated ${today} by scripts/gen-postgres-parameters.mjs; do not edit by hand.
 *
 * Sources: the settings table of the PostgreSQL ${sourceMajor} server (pg_settings, from
 * src/backend/utils/misc/guc_tables.c): names, types, ranges, enum values, and context
 * (postmaster: a server restart is needed, so \`static\`; any other: \`dynamic\`); the release
 * notes of PostgreSQL 14 to 17 for the settings each version added or removed; the Amazon
 * RDS User Guide (Working with parameters on your RDS for PostgreSQL DB instance; Common
 * DBA tasks for Amazon RDS for PostgreSQL) for the \`rds.*\` parameters, the values RDS sets
 * in its default groups and the settings RDS manages itself (not modifiable).
 *
 * Row: [name, type (b boolean, i integer, r real, s string, l list), apply type
 * (s static, d dynamic), allowed values, modifiable (1) or not (0), RDS default value
 * ("" when RDS leaves the engine's own), description, first and last major version].
 */
import type { ParameterRow } from "./parameter-catalogue.js";

// biome-ignore format: one parameter a line keeps the generated table compact and diffable
export const POSTGRES_PARAMETERS: readonly ParameterRow[] = [
`;
for (const r of rows) out += `  ${JSON.stringify(r)},\n`;
out += "];\n";
writeFileSync("src/emulator/rules/parameters-postgres-data.ts", out);
console.log(`${rows.length} rows`);
