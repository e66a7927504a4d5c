/**
 * PGlite for the emulator's Postgres: an optional dependency, never bundled
 * (scripts/build-cli.mjs keeps it external) and loaded on a served instance's
 * first connection only, with the contrib extensions RDS for PostgreSQL also
 * offers, so `CREATE EXTENSION pgcrypto` and the like work. Rejects when
 * PGlite is not installed; the emulator then refuses connections saying so.
 */
export async function loadPglite(): Promise<unknown> {
  const [core, ...contrib] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/amcheck"),
    import("@electric-sql/pglite/contrib/bloom"),
    import("@electric-sql/pglite/contrib/btree_gin"),
    import("@electric-sql/pglite/contrib/btree_gist"),
    import("@electric-sql/pglite/contrib/citext"),
    import("@electric-sql/pglite/contrib/cube"),
    import("@electric-sql/pglite/contrib/dict_int"),
    import("@electric-sql/pglite/contrib/earthdistance"),
    import("@electric-sql/pglite/contrib/fuzzystrmatch"),
    import("@electric-sql/pglite/contrib/hstore"),
    import("@electric-sql/pglite/contrib/intarray"),
    import("@electric-sql/pglite/contrib/isn"),
    import("@electric-sql/pglite/contrib/lo"),
    import("@electric-sql/pglite/contrib/ltree"),
    import("@electric-sql/pglite/contrib/pageinspect"),
    import("@electric-sql/pglite/contrib/pg_buffercache"),
    import("@electric-sql/pglite/contrib/pg_freespacemap"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/pg_visibility"),
    import("@electric-sql/pglite/contrib/pgcrypto"),
    import("@electric-sql/pglite/contrib/seg"),
    import("@electric-sql/pglite/contrib/tablefunc"),
    import("@electric-sql/pglite/contrib/tcn"),
    import("@electric-sql/pglite/contrib/tsm_system_rows"),
    import("@electric-sql/pglite/contrib/tsm_system_time"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("@electric-sql/pglite/contrib/uuid_ossp"),
  ]);
  return { PGlite: core.PGlite, extensions: Object.assign({}, ...contrib) };
}
