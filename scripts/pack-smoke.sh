#!/usr/bin/env bash
# Packs rdsctl as it would be published, installs the tarball globally into a
# temporary prefix (no build step, no install script), then runs the first
# session of the README in an empty directory against the embedded emulator.
# Fails on any install-script warning or when something the help text names
# is missing from the package.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rdsctl-pack-smoke.XXXXXX")"
bin="$work/prefix/bin/rdsctl"
empty="$work/empty"
# --local leaves the directory's emulator running in the background: end it.
trap '(cd "$empty" 2>/dev/null && "$bin" local stop >/dev/null 2>&1) || true; rm -rf "$work"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball"

prefix="$work/prefix"
install_log="$work/install.log"
npm install -g "$work/$tarball" --prefix "$prefix" --no-audit --no-fund >"$install_log" 2>&1 || {
  cat "$install_log"
  exit 1
}
if grep -qi "install-scripts\|install script" "$install_log"; then
  echo "pack-smoke: the global install printed an install-script warning:" >&2
  cat "$install_log" >&2
  exit 1
fi

pkg="$prefix/lib/node_modules/rdsctl"
for path in LICENSE README.md docs/spec.md docs/commands.md examples/quickstart.yaml bin/rdsctl.js dist/cli/main.js dist/src/cli/main.js; do
  [ -e "$pkg/$path" ] || { echo "pack-smoke: $path is not in the package" >&2; exit 1; }
done

mkdir "$empty"
cd "$empty"
"$bin" --version
export RDSCTL_LOCAL_TIME_SCALE="${RDSCTL_LOCAL_TIME_SCALE:-0}"
export QUICKSTART_DB_PASSWORD="pack-smoke-password"
# The README's first session from a global install: init, apply, then nothing left to do.
"$bin" init
"$bin" apply --local --yes
"$bin" plan --local --detailed-exitcode
"$bin" local stop
echo "pack-smoke: ok"
