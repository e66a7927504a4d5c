/**
 * PGlite for the emulator's Postgres: an optional dependency, never bundled
 * (scripts/build-cli.mjs keeps it external) and loaded on a served instance's
 * first connection only, with the contrib extensions applications use most
 * that RDS for PostgreSQL also offers, so `CREATE EXTENSION pgcrypto` and the
 * like work. They cost memory in every open database (about 170 MB RSS
 * instead of 85 MB, docs/benchmarks.md, and not much less with five of them),
 * so the list holds the common ones, not all 27 of PGlite. Rejects when
 * PGlite is not installed; the emulator then refuses connections saying so.
 */
export async function loadPglite(): Promise<unknown> {
  const [core, ...contrib] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/btree_gin"),
    import("@electric-sql/pglite/contrib/btree_gist"),
    import("@electric-sql/pglite/contrib/citext"),
    import("@electric-sql/pglite/contrib/fuzzystrmatch"),
    import("@electric-sql/pglite/contrib/hstore"),
    import("@electric-sql/pglite/contrib/ltree"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/pgcrypto"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("@electric-sql/pglite/contrib/uuid_ossp"),
  ]);
  return { PGlite: core.PGlite, extensions: Object.assign({}, ...contrib) };
}
