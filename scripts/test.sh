#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine (as root) as on a developer's one.
#
# Installs only what is missing, and says what it installs:
#   - target/test-env/venv: a Python venv with the test SMTP server's packages
#     (tests/smtp/requirements.txt), rebuilt when that file changes;
#   - chromium and pdftotext (Debian packages chromium, poppler-utils) for the tests that print
#     letter packs to PDF;
#   - chromedriver (Debian package chromium-driver) and npm (Debian package npm) for the tests
#     that drive the browser against `marathon serve`;
#   - target/test-env/node_modules/axe-core (npm, pinned below) which those tests inject into
#     each page to check accessibility;
#   - PostgreSQL (Debian package postgresql) for the tests of the ledger on PostgreSQL: one
#     throwaway cluster for the run (its own temporary folder, a free port on 127.0.0.1, fsync
#     on), stopped and deleted when the run ends, whatever its outcome;
# then exports MARATHON_TEST_PYTHON, MARATHON_TEST_REQUIRE_BROWSER=1 (browser tests fail
# instead of skipping), MARATHON_TEST_PG (the cluster's admin URL; each test creates and drops
# its own database) and MARATHON_TEST_REQUIRE_PG=1 (PostgreSQL tests fail instead of skipping),
# and runs `cargo test --all-targets ARGS...`, keeping its output and exit code. Set PYTHON to
# choose the interpreter the venv is made from; MARATHON_TEST_NO_PG=1 runs without PostgreSQL
# (its tests then skip, saying so).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/test-env/venv"
requirements="$root/tests/smtp/requirements.txt"
python="${PYTHON:-python3}"

say() { printf 'test.sh: %s\n' "$*" >&2; }

apt_updated=
# apt_install PACKAGE...: installs Debian packages without prompts or recommended extras.
apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            say "not root and no sudo: install these Debian packages first: $*"
            exit 2
        fi
    fi
    # Another apt run on the machine holds the lock for a while; wait rather than fail.
    local opts=(-q -o DPkg::Lock::Timeout=600)
    if [ -z "$apt_updated" ]; then
        say "apt-get update"
        "${sudo[@]}" apt-get "${opts[@]}" update
        apt_updated=1
    fi
    say "installing Debian packages: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get "${opts[@]}" install -y --no-install-recommends "$@"
}

venv_ready() {
    [ -x "$venv/bin/python" ] &&
        cmp -s "$requirements" "$venv/.requirements" &&
        "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1
}

if ! venv_ready; then
    if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        apt_install python3-venv
    fi
    say "creating $venv with $(grep -v '^#' "$requirements" | tr '\n' ' ')"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
        --progress-bar off -r "$requirements"
    # Written last: an interrupted install is redone on the next run.
    cp "$requirements" "$venv/.requirements"
fi
export MARATHON_TEST_PYTHON="$venv/bin/python"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi

# axe-core, pinned: the accessibility rules the browser tests hold every page to.
axe_version=4.14.1
node_env="$root/target/test-env"
axe="$node_env/node_modules/axe-core"
if ! grep -qs "\"version\": \"$axe_version\"" "$axe/package.json"; then
    say "installing axe-core $axe_version into $node_env/node_modules"
    npm install --prefix "$node_env" --no-save --no-audit --no-fund --no-package-lock \
        "axe-core@$axe_version" >&2
fi
export MARATHON_TEST_REQUIRE_BROWSER=1

# A throwaway PostgreSQL cluster. `initdb` refuses to run as root: as root it runs as the
# `postgres` user. Another user runs it as themselves.
pg_dir=
stop_pg() {
    if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
        "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w -s stop >/dev/null 2>&1 || true
    fi
    if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
}
start_pg() {
    if ! command -v pg_config >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        apt_install postgresql
    fi
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$pg_bin/initdb" ] || { say "no initdb found after installing postgresql"; return 1; }
    pg_as=()
    if [ "$(id -u)" -eq 0 ]; then pg_as=(runuser -u postgres --); fi
    pg_dir="$(mktemp -d /tmp/marathon-test-pg.XXXXXX)"
    trap stop_pg EXIT
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pg_dir"; fi
    local port
    port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U marathon -A trust -E UTF8 \
        --locale=C.UTF-8 --no-instructions >"$pg_dir/initdb.log" 2>&1 ||
        { say "initdb failed: $(tail -n 3 "$pg_dir/initdb.log")"; return 1; }
    # Members of `pwusers` sign in with a password: the tests of PGPASSWORD, password and
    # service files make such roles; everyone else is trusted.
    sed -i '/^# TYPE/a host all +pwusers 127.0.0.1/32 scram-sha-256' "$pg_dir/data/pg_hba.conf"
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -k $pg_dir -p $port -c fsync=on -c max_connections=200" start ||
        { say "PostgreSQL did not start: $(tail -n 3 "$pg_dir/log")"; return 1; }
    export MARATHON_TEST_PG="postgres://marathon@127.0.0.1:$port/postgres"
    "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U marathon -d postgres \
        -c "CREATE ROLE pwusers NOLOGIN" >/dev/null
    # Tests that restart a server start clusters of their own with these binaries.
    export MARATHON_TEST_PG_BIN="$pg_bin"
    export MARATHON_TEST_REQUIRE_PG=1
    say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
}
if [ -z "${MARATHON_TEST_NO_PG:-}" ]; then
    start_pg || { say "PostgreSQL could not start; its tests fail (MARATHON_TEST_NO_PG=1 skips them)"; \
        export MARATHON_TEST_REQUIRE_PG=1; }
fi

say "cargo test --all-targets $*"
# Not `exec`: the cluster is stopped when cargo is done.
status=0
cargo test --all-targets "$@" || status=$?
exit "$status"
