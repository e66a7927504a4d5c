/**
 * MySQL and MariaDB parameters of RDS DB parameter groups: families mysql8.0,
 * mysql8.4, mariadb10.6, mariadb10.11 and mariadb11.4. Compiled 2026-12-04 by hand.
 *
 * Sources: the MySQL 8.0 and 8.4 Reference Manuals (Server System Variables; InnoDB
 * Startup Options and System Variables; Replication and Binary Logging Options and
 * Variables): type, range or permitted values, and whether the variable is dynamic; the
 * MariaDB Server documentation (Server System Variables; InnoDB System Variables) for
 * MariaDB; the Amazon RDS User Guide (Parameters for MySQL; MariaDB parameters; DB
 * instance class memory formulas) for the values RDS sets in its default groups and the
 * variables RDS manages itself. A variable that is not dynamic on the server is
 * `static` (the instance must be rebooted).
 *
 * Row: as in parameters-postgres-data.ts ([name, type (b boolean, i integer, f float,
 * s string, l list), apply type (s static, d dynamic), allowed values, modifiable (1) or
 * not (0), RDS default value ("" for the engine's own), description, first and last
 * major version, "" for no bound]).
 */
import type { ParameterRow } from "./parameter-catalogue.js";

const BIG = "18446744073709551615";
const CHARSETS =
  "ascii,big5,binary,cp1250,cp1251,cp1256,cp1257,cp850,cp852,cp866,cp932,dec8,eucjpms,euckr,gb18030,gb2312,gbk,geostd8,greek,hebrew,hp8,keybcs2,koi8r,koi8u,latin1,latin2,latin5,latin7,macce,macroman,sjis,swe7,tis620,ucs2,ujis,utf16,utf16le,utf32,utf8mb3,utf8mb4";
const ZONES =
  "Africa/Cairo,Africa/Johannesburg,America/Chicago,America/Denver,America/Los_Angeles,America/New_York,America/Sao_Paulo,Asia/Kolkata,Asia/Seoul,Asia/Shanghai,Asia/Singapore,Asia/Tokyo,Australia/Sydney,Europe/Berlin,Europe/London,Europe/Paris,UTC";
const ISOLATION = "READ-UNCOMMITTED,READ-COMMITTED,REPEATABLE-READ,SERIALIZABLE";
const SQL_MODES =
  "ALLOW_INVALID_DATES,ANSI_QUOTES,ERROR_FOR_DIVISION_BY_ZERO,HIGH_NOT_PRECEDENCE,IGNORE_SPACE,NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES,NO_DIR_IN_CREATE,NO_ENGINE_SUBSTITUTION,NO_UNSIGNED_SUBTRACTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,ONLY_FULL_GROUP_BY,PAD_CHAR_TO_FULL_LENGTH,PIPES_AS_CONCAT,REAL_AS_FLOAT,STRICT_ALL_TABLES,STRICT_TRANS_TABLES,TIME_TRUNCATE_FRACTIONAL,ANSI,TRADITIONAL";

/** Variables both engines have, with the same meaning. */
// biome-ignore format: one parameter a line
const COMMON: readonly ParameterRow[] = [
  ["autocommit", "b", "d", "0,1", 1, "", "Sets the autocommit mode.", "", ""],
  ["basedir", "s", "s", "", 0, "/rdsdbbin/mysql", "The MySQL installation base directory.", "", ""],
  ["binlog_cache_size", "i", "d", "4096-18446744073709547520", 1, "32768", "The size of the cache to hold the SQL statements for the binary log during a transaction.", "", ""],
  ["binlog_checksum", "s", "d", "NONE,CRC32", 1, "", "Causes the source to write a checksum for each event in the binary log.", "", ""],
  ["binlog_format", "s", "d", "ROW,STATEMENT,MIXED", 1, "", "Sets the binary logging format.", "", ""],
  ["binlog_row_image", "s", "d", "full,minimal,noblob", 1, "", "Whether row images logged in row-based replication hold all columns.", "", ""],
  ["bulk_insert_buffer_size", "i", "d", `0-${BIG}`, 1, "", "Limits the MyISAM cache tree size in bytes per thread.", "", ""],
  ["character_set_client", "s", "d", CHARSETS, 1, "", "The character set for statements that arrive from the client.", "", ""],
  ["character_set_connection", "s", "d", CHARSETS, 1, "", "The character set used for literals that do not have a character set introducer.", "", ""],
  ["character_set_database", "s", "d", CHARSETS, 1, "", "The character set used by the default database.", "", ""],
  ["character_set_results", "s", "d", CHARSETS, 1, "", "The character set used for returning query results to the client.", "", ""],
  ["character_set_server", "s", "d", CHARSETS, 1, "", "The server's default character set.", "", ""],
  ["collation_connection", "s", "d", "", 1, "", "The collation of the connection character set.", "", ""],
  ["collation_server", "s", "d", "", 1, "", "The server's default collation.", "", ""],
  ["concurrent_insert", "s", "d", "NEVER,AUTO,ALWAYS,0,1,2", 1, "", "Whether MyISAM allows inserts and selects to run concurrently.", "", ""],
  ["connect_timeout", "i", "d", "2-31536000", 1, "", "Seconds the server waits for a connect packet before responding with Bad handshake.", "", ""],
  ["datadir", "s", "s", "", 0, "/rdsdbdata/db/", "The path to the data directory.", "", ""],
  ["default_storage_engine", "s", "d", "InnoDB,MyISAM,MEMORY,CSV,ARCHIVE,BLACKHOLE", 1, "InnoDB", "The default storage engine for tables.", "", ""],
  ["default_week_format", "i", "d", "0-7", 1, "", "The default mode value to use for the WEEK() function.", "", ""],
  ["delay_key_write", "s", "d", "ON,OFF,ALL", 1, "", "How MyISAM key writes are delayed.", "", ""],
  ["div_precision_increment", "i", "d", "0-30", 1, "", "Digits by which to increase the scale of the result of division.", "", ""],
  ["event_scheduler", "s", "d", "ON,OFF", 1, "", "Whether the Event Scheduler is enabled.", "", ""],
  ["explicit_defaults_for_timestamp", "b", "d", "0,1", 1, "", "How the server handles default values and NULL in TIMESTAMP columns.", "", ""],
  ["ft_max_word_len", "i", "s", "10-84", 1, "", "The maximum length of the word to be included in a MyISAM FULLTEXT index.", "", ""],
  ["ft_min_word_len", "i", "s", "1-82", 1, "", "The minimum length of the word to be included in a MyISAM FULLTEXT index.", "", ""],
  ["general_log", "b", "d", "0,1", 1, "", "Whether the general query log is enabled.", "", ""],
  ["general_log_file", "s", "d", "", 0, "/rdsdbdata/log/general/mysql-general.log", "The name of the general query log file.", "", ""],
  ["group_concat_max_len", "i", "d", `4-${BIG}`, 1, "", "The maximum permitted result length in bytes for GROUP_CONCAT().", "", ""],
  ["init_connect", "s", "d", "", 1, "", "A string to be executed by the server for each client that connects.", "", ""],
  ["innodb_adaptive_hash_index", "b", "d", "0,1", 1, "", "Whether the InnoDB adaptive hash index is enabled.", "", ""],
  ["innodb_autoinc_lock_mode", "i", "s", "0,1,2", 1, "", "The lock mode to use for generating auto-increment values.", "", ""],
  ["innodb_buffer_pool_size", "i", "d", "5242880-9223372036854775807", 1, "{DBInstanceClassMemory*3/4}", "The size in bytes of the buffer pool.", "", ""],
  ["innodb_change_buffering", "s", "d", "none,inserts,deletes,changes,purges,all", 1, "", "Whether InnoDB performs change buffering.", "", ""],
  ["innodb_data_home_dir", "s", "s", "", 0, "/rdsdbdata/db/innodb", "The common part of the directory path for InnoDB system tablespace data files.", "", ""],
  ["innodb_deadlock_detect", "b", "d", "0,1", 1, "", "Enables or disables deadlock detection.", "", ""],
  ["innodb_file_per_table", "b", "d", "0,1", 1, "1", "Whether InnoDB creates a separate tablespace file for each table.", "", ""],
  ["innodb_flush_log_at_trx_commit", "i", "d", "0,1,2", 1, "1", "Controls the balance between strict ACID compliance for commit operations and performance.", "", ""],
  ["innodb_flush_method", "s", "s", "fsync,O_DSYNC,O_DIRECT,O_DIRECT_NO_FSYNC", 0, "O_DIRECT", "The method used to flush data to InnoDB data files and log files.", "", ""],
  ["innodb_ft_max_token_size", "i", "s", "10-84", 1, "", "Maximum character length of words stored in an InnoDB FULLTEXT index.", "", ""],
  ["innodb_ft_min_token_size", "i", "s", "0-16", 1, "", "Minimum length of words stored in an InnoDB FULLTEXT index.", "", ""],
  ["innodb_io_capacity", "i", "d", `100-${BIG}`, 1, "200", "The number of I/O operations per second available to InnoDB background tasks.", "", ""],
  ["innodb_io_capacity_max", "i", "d", `100-${BIG}`, 1, "2000", "The maximum number of IOPS performed by InnoDB background tasks.", "", ""],
  ["innodb_lock_wait_timeout", "i", "d", "1-1073741824", 1, "50", "Seconds an InnoDB transaction waits for a row lock before giving up.", "", ""],
  ["innodb_log_buffer_size", "i", "s", "262144-4294967295", 1, "8388608", "The size in bytes of the buffer InnoDB uses to write to the log files on disk.", "", ""],
  ["innodb_lru_scan_depth", "i", "d", `100-${BIG}`, 1, "", "How far down the buffer pool LRU page list the page cleaner thread scans.", "", ""],
  ["innodb_max_dirty_pages_pct", "f", "d", "0-99.999", 1, "", "InnoDB tries to flush data from the buffer pool so that the percentage of dirty pages does not exceed this value.", "", ""],
  ["innodb_online_alter_log_max_size", "i", "d", `65536-${BIG}`, 1, "", "Upper limit in bytes on the size of the temporary log files used during online DDL.", "", ""],
  ["innodb_open_files", "i", "s", "10-4294967295", 1, "", "The maximum number of .ibd files InnoDB can have open at one time.", "", ""],
  ["innodb_print_all_deadlocks", "b", "d", "0,1", 1, "", "Records information about all deadlocks in InnoDB user transactions in the error log.", "", ""],
  ["innodb_purge_threads", "i", "s", "1-32", 1, "", "The number of background threads devoted to the InnoDB purge operation.", "", ""],
  ["innodb_read_io_threads", "i", "s", "1-64", 1, "", "The number of I/O threads for read operations in InnoDB.", "", ""],
  ["innodb_sort_buffer_size", "i", "s", "65536-67108864", 1, "", "The sort buffer size for online DDL operations that create or rebuild secondary indexes.", "", ""],
  ["innodb_stats_persistent", "b", "d", "0,1", 1, "", "Whether InnoDB index statistics are persisted to disk.", "", ""],
  ["innodb_strict_mode", "b", "d", "0,1", 1, "", "Whether InnoDB returns errors rather than warnings for certain conditions.", "", ""],
  ["innodb_write_io_threads", "i", "s", "1-64", 1, "", "The number of I/O threads for write operations in InnoDB.", "", ""],
  ["interactive_timeout", "i", "d", "1-31536000", 1, "", "Seconds the server waits for activity on an interactive connection before closing it.", "", ""],
  ["join_buffer_size", "i", "d", "128-18446744073709547520", 1, "", "The minimum size of the buffer used for plain index scans, range index scans and joins without indexes.", "", ""],
  ["key_buffer_size", "i", "d", "8-9223372036854771712", 1, "16777216", "The size of the buffer used for MyISAM index blocks.", "", ""],
  ["local_infile", "b", "d", "0,1", 1, "0", "Whether LOAD DATA LOCAL is permitted.", "", ""],
  ["lock_wait_timeout", "i", "d", "1-31536000", 1, "", "Seconds to wait to acquire a metadata lock.", "", ""],
  ["log_bin_trust_function_creators", "b", "d", "0,1", 1, "", "Whether stored function creators can be trusted not to create unsafe functions.", "", ""],
  ["log_error", "s", "s", "", 0, "/rdsdbdata/log/error/mysql-error.log", "The error log output destination.", "", ""],
  ["log_output", "s", "d", "TABLE,FILE,NONE", 1, "TABLE", "The destination or destinations for the general query log and slow query log output.", "", ""],
  ["log_queries_not_using_indexes", "b", "d", "0,1", 1, "", "Whether queries that do not use indexes are logged to the slow query log.", "", ""],
  ["long_query_time", "f", "d", "0-31536000", 1, "", "A query taking longer than this many seconds is logged to the slow query log.", "", ""],
  ["low_priority_updates", "b", "d", "0,1", 1, "", "Whether INSERT, UPDATE and DELETE have lower priority than SELECT.", "", ""],
  ["lower_case_table_names", "i", "s", "0,1", 0, "", "How table and database names are stored and compared.", "", ""],
  ["max_allowed_packet", "i", "d", "1024-1073741824", 1, "67108864", "The maximum size of one packet or any generated or intermediate string.", "", ""],
  ["max_connect_errors", "i", "d", `1-${BIG}`, 1, "", "Successive interrupted connection requests from a host after which the server blocks the host.", "", ""],
  ["max_connections", "i", "d", "1-100000", 1, "{DBInstanceClassMemory/12582880}", "The maximum permitted number of simultaneous client connections.", "", ""],
  ["max_heap_table_size", "i", "d", "16384-1844674407370954752", 1, "", "The maximum size to which user-created MEMORY tables are permitted to grow.", "", ""],
  ["max_prepared_stmt_count", "i", "d", "0-4194304", 1, "", "Limits the total number of prepared statements in the server.", "", ""],
  ["max_sp_recursion_depth", "i", "d", "0-255", 1, "", "The number of times any given stored procedure may be called recursively.", "", ""],
  ["max_user_connections", "i", "d", "0-4294967295", 1, "", "The maximum number of simultaneous connections permitted to any given account.", "", ""],
  ["min_examined_row_limit", "i", "d", `0-${BIG}`, 1, "", "Queries that examine fewer rows are not logged to the slow query log.", "", ""],
  ["net_buffer_length", "i", "d", "1024-1048576", 1, "", "The initial size of the connection and result buffers.", "", ""],
  ["net_read_timeout", "i", "d", "1-31536000", 1, "", "Seconds to wait for more data from a connection before aborting the read.", "", ""],
  ["net_retry_count", "i", "d", `1-${BIG}`, 1, "", "Times to retry a read or write on a communication port before giving up.", "", ""],
  ["net_write_timeout", "i", "d", "1-31536000", 1, "", "Seconds to wait for a block to be written to a connection before aborting the write.", "", ""],
  ["open_files_limit", "i", "s", `0-${BIG}`, 1, "", "The number of file descriptors available to the server.", "", ""],
  ["optimizer_search_depth", "i", "d", "0-62", 1, "", "The maximum depth of search performed by the query optimizer.", "", ""],
  ["optimizer_switch", "s", "d", "", 1, "", "Controls optimizer behavior.", "", ""],
  ["performance_schema", "b", "s", "0,1", 1, "", "Whether the Performance Schema is enabled.", "", ""],
  ["port", "i", "s", "", 0, "{EndPointPort}", "The port number on which the server listens for TCP/IP connections.", "", ""],
  ["read_buffer_size", "i", "d", "8192-2147479552", 1, "262144", "Each thread that does a sequential scan of a MyISAM table allocates a buffer of this size.", "", ""],
  ["read_only", "b", "d", "0,1", 1, "{TrueIfReplica}", "Whether the server permits no client updates except from users with SUPER.", "", ""],
  ["read_rnd_buffer_size", "i", "d", "1-2147483647", 1, "524288", "Buffer size for reading rows in sorted order after a key-sorting operation.", "", ""],
  ["require_secure_transport", "b", "d", "0,1", 1, "0", "Whether client connections to the server are required to use some form of secure transport.", "", ""],
  ["server_id", "i", "s", "", 0, "{ServerId}", "The server ID, used in replication.", "", ""],
  ["skip_name_resolve", "b", "s", "0,1", 1, "1", "Whether to resolve host names when checking client connections.", "", ""],
  ["slow_query_log", "b", "d", "0,1", 1, "0", "Whether the slow query log is enabled.", "", ""],
  ["slow_query_log_file", "s", "d", "", 0, "/rdsdbdata/log/slowquery/mysql-slowquery.log", "The name of the slow query log file.", "", ""],
  ["socket", "s", "s", "", 0, "/tmp/mysql.sock", "The Unix socket file used for local client connections.", "", ""],
  ["sort_buffer_size", "i", "d", `32768-${BIG}`, 1, "", "Each session that must perform a sort allocates a buffer of this size.", "", ""],
  ["sql_mode", "l", "d", SQL_MODES, 1, "", "The current server SQL mode.", "", ""],
  ["sync_binlog", "i", "d", "0-4294967295", 1, "", "How often the binary log is synchronized to disk.", "", ""],
  ["table_definition_cache", "i", "d", "400-524288", 1, "", "The number of table definitions that can be stored in the table definition cache.", "", ""],
  ["table_open_cache", "i", "d", "1-524288", 1, "", "The number of open tables for all threads.", "", ""],
  ["thread_cache_size", "i", "d", "0-16384", 1, "", "How many threads the server caches for reuse.", "", ""],
  ["thread_stack", "i", "s", `131072-${BIG}`, 1, "", "The stack size for each thread.", "", ""],
  ["time_zone", "s", "d", ZONES, 1, "", "The server time zone.", "", ""],
  ["tmp_table_size", "i", "d", `1024-${BIG}`, 1, "", "The maximum size of internal in-memory temporary tables.", "", ""],
  ["tmpdir", "s", "s", "", 0, "/rdsdbdata/tmp", "The path of the directory to use for creating temporary files.", "", ""],
  ["wait_timeout", "i", "d", "1-31536000", 1, "", "Seconds the server waits for activity on a noninteractive connection before closing it.", "", ""],
];

/** MySQL only. */
// biome-ignore format: one parameter a line
const MYSQL: readonly ParameterRow[] = [
  ["activate_all_roles_on_login", "b", "d", "0,1", 1, "", "Whether to enable automatic activation of all granted roles when users log in.", "", ""],
  ["binlog_transaction_compression", "b", "d", "0,1", 1, "", "Enables compression for transactions written to binary log files.", "", ""],
  ["default_authentication_plugin", "s", "s", "mysql_native_password,sha256_password,caching_sha2_password", 1, "", "The default authentication plugin.", "8.0", "8.0"],
  ["authentication_policy", "s", "s", "", 1, "", "The authentication policy for multifactor authentication.", "8.0", ""],
  ["innodb_dedicated_server", "b", "s", "0,1", 0, "", "Configures InnoDB automatically from the server's memory.", "", ""],
  ["innodb_parallel_read_threads", "i", "d", "1-256", 1, "", "The number of threads that can be used for parallel clustered index reads.", "", ""],
  ["innodb_redo_log_capacity", "i", "d", "8388608-549755813888", 1, "", "The amount of disk space occupied by redo log files.", "", ""],
  ["innodb_thread_concurrency", "i", "d", "0-1000", 1, "", "The maximum number of threads permitted inside of InnoDB.", "", ""],
  ["log_error_verbosity", "i", "d", "1-3", 1, "", "The verbosity of the server in writing error, warning and note messages to the error log.", "", ""],
  ["max_execution_time", "i", "d", "0-4294967295", 1, "", "The execution timeout for SELECT statements, in milliseconds.", "", ""],
  ["mysql_native_password", "s", "s", "ON,OFF", 1, "", "Whether the mysql_native_password authentication plugin is loaded.", "8.4", ""],
  ["replica_parallel_workers", "i", "d", "0-1024", 1, "", "The number of applier threads for executing replication transactions in parallel.", "", ""],
  ["replica_preserve_commit_order", "b", "d", "0,1", 1, "", "Whether transactions are committed on the replica in the order they appear in the relay log.", "", ""],
  ["sql_require_primary_key", "b", "d", "0,1", 1, "", "Whether statements that create new tables or alter existing tables enforce primary keys.", "", ""],
  ["tls_version", "l", "s", "TLSv1.2,TLSv1.3", 1, "", "Which protocols the server permits for encrypted connections.", "", ""],
  ["transaction_isolation", "s", "d", ISOLATION, 1, "", "The default transaction isolation level.", "", ""],
];

/** MariaDB only. */
// biome-ignore format: one parameter a line
const MARIADB: readonly ParameterRow[] = [
  ["aria_pagecache_buffer_size", "i", "s", `131072-${BIG}`, 1, "", "The size of the buffer used for index and data blocks for Aria tables.", "", ""],
  ["innodb_defragment", "b", "d", "0,1", 1, "", "Enables InnoDB defragmentation.", "10.6", "10.6"],
  ["innodb_log_file_size", "i", "s", "4194304-549755813888", 1, "", "The size in bytes of each InnoDB redo log file.", "10.6", "10.6"],
  ["innodb_log_file_size", "i", "d", "4194304-549755813888", 1, "", "The size in bytes of the InnoDB redo log file.", "10.11", ""],
  ["log_slow_verbosity", "l", "d", "query_plan,innodb,explain,engine,warnings,all,full", 1, "", "Controls information to be added to the slow query log.", "", ""],
  ["log_warnings", "i", "d", "0-4294967295", 1, "", "Whether to produce additional warning messages in the error log.", "", ""],
  ["max_statement_time", "f", "d", "0-31536000", 1, "", "A query that has taken more than this many seconds is aborted.", "", ""],
  ["query_cache_limit", "i", "d", "0-4294967295", 1, "", "Size in bytes for which results larger than this are not stored in the query cache.", "", ""],
  ["query_cache_size", "i", "d", `0-${BIG}`, 1, "", "Size in bytes available to the query cache.", "", ""],
  ["query_cache_type", "s", "d", "0,1,2,OFF,ON,DEMAND", 1, "", "Whether the query cache is enabled.", "", ""],
  ["slave_parallel_threads", "i", "d", "0-16383", 1, "", "The number of threads the replica uses to apply events in parallel.", "", ""],
  ["thread_pool_size", "i", "d", "1-100000", 1, "", "The number of thread groups in the thread pool.", "", ""],
  ["tls_version", "l", "s", "TLSv1.2,TLSv1.3", 1, "", "Which protocols the server permits for encrypted connections.", "", ""],
  ["tx_isolation", "s", "d", ISOLATION, 1, "", "The default transaction isolation level.", "", "11.0"],
  ["transaction_isolation", "s", "d", ISOLATION, 1, "", "The default transaction isolation level.", "11.1", ""],
  ["userstat", "b", "d", "0,1", 1, "", "Enables the collection of user statistics.", "", ""],
];

export const MYSQL_PARAMETERS: readonly ParameterRow[] = [...COMMON, ...MYSQL];
export const MARIADB_PARAMETERS: readonly ParameterRow[] = [...COMMON, ...MARIADB];
