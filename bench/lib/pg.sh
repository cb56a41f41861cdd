#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the benchmarks. Source this file from a benchmark script.
#
#   pg_bench_start DIR   initdb a cluster in DIR (as the `postgres` user when run as root:
#                        initdb refuses root), start it on a free port of 127.0.0.1 with its
#                        socket in DIR, fsync on (the default: figures are for a server that
#                        survives a power cut); installs Debian's postgresql if missing. Sets
#                        PG_ADMIN (the admin URL, database `postgres`)
#   pg_bench_db NAME     create database NAME; prints its URL
#   pg_bench_stop        stop the cluster (the caller removes DIR)
# Sourcing sets no shell options: the caller keeps its own.

pg_bench_start() {
    PG_DIR="$1"
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends postgresql
    fi
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    PG_AS=()
    if [ "$(id -u)" -eq 0 ]; then PG_AS=(runuser -u postgres --); chown postgres: "$PG_DIR"; fi
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U marathon -A trust -E UTF8 \
        --locale=C.UTF-8 --no-instructions >/dev/null
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -k $PG_DIR -p $port -c shared_buffers=512MB -c max_wal_size=4GB -c max_connections=100" start
    PG_ADMIN="postgres://marathon@127.0.0.1:$port/postgres"
}

pg_bench_db() {
    "$PG_BIN/psql" -X -q "$PG_ADMIN" -c "CREATE DATABASE $1" >/dev/null
    echo "${PG_ADMIN%/postgres}/$1"
}

pg_bench_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -s stop || true
    fi
}
