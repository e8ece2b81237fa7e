#!/usr/bin/env bash
# Smoke test of the frozen app: builds the Linux bundle if it is missing or older than the
# sources, unpacks the .tar.gz into a temporary folder, then runs the unpacked app's
# --self-test and its --smoke-test (the main window offscreen, closing by itself), and checks
# that a price the user imported survives unpacking the archive again (an update).
# Fails on a non-zero exit or on a traceback or error in the output; prints timings.
#   bash packaging/smoke.sh            REBUILD=1 forces a build
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/configurator
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
archive="dist/ai-workstation-configurator-$version-linux-$(uname -m).tar.gz"

stale() {
    [ "${REBUILD:-0}" = 1 ] || [ ! -x "$bundle/configurator" ] || [ ! -f "$archive" ] ||
        [ -n "$(find configurator parts_db resources pyproject.toml packaging/configurator.spec \
                packaging/entry.py packaging/build_linux.sh -newer "$bundle/configurator" -type f -print -quit)" ]
}

ms() { date +%s%3N; }

build_ms=0
if stale; then
    t0=$(ms)
    bash packaging/build_linux.sh
    build_ms=$(($(ms) - t0))
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$archive"
app="$work/configurator/configurator"

# No source tree, no real user data or settings: only what the archive carries.
export CONFIGURATOR_USER_DATA="$work/user-data" XDG_CONFIG_HOME="$work/config"
export QT_QPA_PLATFORM=offscreen
unset CONFIGURATOR_DATA_ROOT

# Prefixes each line with the seconds since $1 (ms), to time the window from launch.
stamp() {
    local line t
    while IFS= read -r line; do
        t=$(($(ms) - $1))
        printf '%d.%03d s | %s\n' $((t / 1000)) $((t % 1000)) "$line"
    done
}

failed=0
run() {
    local name=$1 log="$work/$1.log" t0 took rc=0
    shift
    t0=$(ms)
    (cd "$work" && "$app" "$@" 2>&1) | stamp "$t0" >"$log" || rc=$?
    took=$(($(ms) - t0))
    sed "s/^/  $name | /" "$log"
    if ((rc != 0)); then
        echo "smoke: $name exited with $rc" >&2
        failed=1
    elif grep -qE 'Traceback|Error|Exception|Fatal' "$log"; then
        echo "smoke: $name printed an error" >&2
        failed=1
    fi
    echo "smoke: $name took $((took / 1000)).$(printf %03d $((took % 1000))) s from launch to exit"
}

run self-test --self-test
run smoke-test --smoke-test
shown=$(grep -m1 'window shown' "$work/smoke-test.log" | cut -d' ' -f1 || true)
echo "smoke: window shown ${shown:-never} s after launch"

# An update unpacks the new archive over the old folder; the user's prices must survive it.
printf 'part,price,currency,as_of\nnvidia-rtx-5090-fe,2345.00,USD,2026-01-01\n' >"$work/prices.csv"
run import-prices catalog import-prices "$work/prices.csv"
rm -rf "$work/configurator" && tar -C "$work" -xzf "$archive"
run after-update --self-test
if ! grep -q 'ok   catalog: .*1 user price' "$work/after-update.log"; then
    echo "smoke: the user's price override did not survive the update" >&2
    failed=1
fi

echo "smoke: bundle $(du -sh "$bundle" | cut -f1), archive $(du -sh "$archive" | cut -f1)"
if ((build_ms)); then
    echo "smoke: build took $((build_ms / 1000)) s"
fi
if ((failed)); then
    echo "smoke: FAILED" >&2
    exit 1
fi
echo "smoke: passed"
