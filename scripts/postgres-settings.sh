#!/usr/bin/env bash
# Prints, as one JSON array, every setting a local PostgreSQL server knows
# (pg_settings: name, type, context, range, enum values, built-in default,
# unit, description), read in single-user mode from a throw-away cluster.
# Input of scripts/gen-postgres-parameters.mjs. Usage:
#   scripts/postgres-settings.sh /usr/lib/postgresql/15/bin > /tmp/settings.json
# Run as root it uses the `postgres` account (the server refuses root).
set -euo pipefail
bin="${1:?usage: postgres-settings.sh PG_BIN_DIR}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(su postgres -s /bin/bash -c)
else
  as=(bash -c)
fi
sql="COPY (SELECT json_agg(json_build_object('name', name, 'vartype', vartype, 'context', context, 'min', min_val, 'max', max_val, 'enumvals', enumvals, 'boot', boot_val, 'unit', unit, 'desc', short_desc) ORDER BY name) FROM pg_settings) TO '$dir/settings.json' WITH (FORMAT csv, QUOTE E'\\\\x01', DELIMITER E'\\\\x02')"
"${as[@]}" "'$bin/initdb' -D '$dir/data' -A trust -U postgres >/dev/null 2>&1"
"${as[@]}" "echo \"$sql\" | '$bin/postgres' --single -D '$dir/data' postgres >/dev/null 2>&1"
# CSV with a quote character JSON never holds: only the quotes around the value to drop.
tr -d '\001' < "$dir/settings.json"
echo
