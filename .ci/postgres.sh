#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: Debian's server package, initdb in a temporary
# folder owned by an unprivileged user, a free localhost port, password login.
# Source it, then call pg_start; it exports CONFIGURATOR_TEST_DATABASE_URL and sets a trap that
# stops the cluster and removes its folder when the shell exits.
#   source .ci/postgres.sh && pg_start

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_install() {
    [ -n "$(pg_bin)" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "postgresql is not installed and this user cannot install it" >&2
        return 1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

pg_start() {
    pg_install || return 1
    local bin owner port password
    bin=$(pg_bin)
    owner=$(id -un)
    # initdb refuses to run as root: hand the cluster to the postgres user (or nobody).
    if [ "$(id -u)" = 0 ]; then
        owner=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    fi
    PG_DIR=$(mktemp -d /tmp/configurator-pg.XXXXXX)
    chmod 755 "$PG_DIR"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    printf '%s\n' "$password" >"$PG_DIR/pw"
    chown -R "$owner" "$PG_DIR"
    as_owner() { if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
    as_owner "$bin/initdb" -D "$PG_DIR/data" -U configurator --pwfile="$PG_DIR/pw" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
    rm -f "$PG_DIR/pw"
    as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=60" start >/dev/null
    PG_CTL_STOP="$bin/pg_ctl -D $PG_DIR/data -m fast stop"
    PG_OWNER=$owner
    trap pg_stop EXIT
    export CONFIGURATOR_TEST_DATABASE_URL="postgresql://configurator:$password@127.0.0.1:$port/postgres"
    echo "postgres: test cluster on 127.0.0.1:$port"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    if [ "$(id -un)" = "$PG_OWNER" ]; then $PG_CTL_STOP >/dev/null 2>&1; else runuser -u "$PG_OWNER" -- $PG_CTL_STOP >/dev/null 2>&1; fi
    rm -rf "$PG_DIR"
    PG_DIR=
}
