#!/usr/bin/env bash
# Mail-sending benchmark plumbing: Postfix's smtp-sink as a fast SMTP server that stores every
# message, and mailmerge as the peer to measure against. Source this file from a benchmark
# script, or run it as `bash bench/lib/smtp-sink.sh FUNCTION ARGS...`.
#
#   smtp_sink_install          install Debian's postfix (for /usr/sbin/smtp-sink) if missing,
#                              without configuring or starting the Postfix mail service
#   smtp_sink_start DIR PORT   start smtp-sink on 127.0.0.1:PORT, storing one file per message
#                              under DIR/<YYYYMMDD>/ (DIR is created, and made writable by the
#                              unprivileged user smtp-sink runs as); waits until it accepts
#                              connections; the pid goes to DIR/smtp-sink.pid, its output to
#                              DIR/smtp-sink.log
#   smtp_sink_stop DIR         stop the smtp-sink started on DIR and wait for it to exit
#   smtp_sink_count DIR        print how many messages smtp-sink stored under DIR
#   mailmerge_install          install mailmerge 2.3.0 into target/bench/venv if missing;
#                              prints the path of its `mailmerge` command
#
# What smtp-sink does (Postfix 3.7, Debian 12):
#   - answers 250 to everything, AUTH included (any credentials, 250 rather than 235); offers
#     AUTH PLAIN LOGIN and PIPELINING but no STARTTLS; faults are all-or-nothing per command
#     (smtp-sink(1)), so fault tests use tests/smtp/server.py instead;
#   - a stored file is not the message as sent: it starts with smtp-sink's own X-Client-Addr,
#     X-Mail-Args, X-Rcpt-Args and Received lines, has LF line ends (CRs dropped), is
#     dot-unstuffed, and ends with an extra empty line;
#   - the file is created at MAIL and removed if the transaction is abandoned, and complete
#     before the 250 to the final dot: count only after every client has finished;
#   - file names are 8 random hex digits; a name taken is retried (O_EXCL), never overwritten;
#   - folders come from strftime in local time, so a run across midnight spans two folders
#     (smtp_sink_count counts them all);
#   - it listens with SO_REUSEPORT, so a second smtp-sink on the same port starts silently and
#     takes a share of the connections: smtp_sink_start refuses a busy port;
#   - as root it needs `-u USER` and creates folders and files as that user (here `nobody`),
#     so DIR must be writable by it. Run as root (apt-get) or as a user who can write DIR.
# Sourcing sets no shell options: the caller keeps its own.

SMTP_SINK_BIN=/usr/sbin/smtp-sink
SMTP_SINK_USER=nobody
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

smtp_sink_install() {
    if [ -x "$SMTP_SINK_BIN" ]; then
        return 0
    fi
    echo "smtp-sink.sh: installing Debian package postfix (for smtp-sink)" >&2
    # "No configuration" leaves main.cf absent, so the Postfix service has nothing to start.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get -q -o DPkg::Lock::Timeout=600 update
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 \
        install -y --no-install-recommends postfix
}

# _smtp_sink_accepting PORT: whether something accepts connections on 127.0.0.1:PORT.
_smtp_sink_accepting() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# _smtp_sink_alive PID: whether PID runs (a zombie nobody has reaped yet counts as gone).
_smtp_sink_alive() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [ "${stat%% *}" != Z ]
}

smtp_sink_start() {
    local dir="$1" port="$2"
    # smtp-sink listens with SO_REUSEPORT: a second one on a busy port starts without error
    # and silently takes a share of the connections, so refuse a busy port.
    if _smtp_sink_accepting "$port"; then
        echo "smtp-sink.sh: 127.0.0.1:$port is already in use" >&2
        return 1
    fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    local user_args=()
    if [ "$(id -u)" -eq 0 ]; then
        # smtp-sink refuses to run as root without -u; it creates the dated folders and
        # message files after switching user, so that user must be able to write DIR.
        user_args=(-u "$SMTP_SINK_USER")
        chown "$SMTP_SINK_USER" "$dir"
    fi
    # -d: one file per message (the template ends in "/", so files are DIR/YYYYMMDD/<hex>);
    # 1024: listen backlog.
    "$SMTP_SINK_BIN" "${user_args[@]}" -d "$dir/%Y%m%d/" "127.0.0.1:$port" 1024 \
        >"$dir/smtp-sink.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/smtp-sink.pid"
    local i
    for i in $(seq 100); do
        if ! _smtp_sink_alive "$pid"; then
            echo "smtp-sink.sh: smtp-sink exited at start:" >&2
            cat "$dir/smtp-sink.log" >&2
            rm -f "$dir/smtp-sink.pid"
            return 1
        fi
        if _smtp_sink_accepting "$port"; then
            return 0
        fi
        sleep 0.1
    done
    echo "smtp-sink.sh: smtp-sink not accepting on 127.0.0.1:$port after 10 s" >&2
    smtp_sink_stop "$dir"
    return 1
}

smtp_sink_stop() {
    local dir="$1" pid i
    [ -f "$dir/smtp-sink.pid" ] || return 0
    pid="$(cat "$dir/smtp-sink.pid")"
    kill "$pid" 2>/dev/null || true
    # Reaps it when it is this shell's child; returns at once otherwise.
    wait "$pid" 2>/dev/null || true
    for i in $(seq 100); do
        _smtp_sink_alive "$pid" || break
        sleep 0.1
    done
    if _smtp_sink_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/smtp-sink.pid"
}

smtp_sink_count() {
    local dir="$1"
    find "$dir" -mindepth 2 -type f | wc -l
}

mailmerge_install() {
    local venv="$BENCH_ROOT/target/bench/venv"
    if ! "$venv/bin/mailmerge" --version 2>/dev/null | grep -q "2\.3\.0"; then
        echo "smtp-sink.sh: installing mailmerge 2.3.0 into $venv" >&2
        rm -rf "$venv"
        "${PYTHON:-python3}" -m venv "$venv"
        "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
            --progress-bar off mailmerge==2.3.0 >&2
    fi
    echo "$venv/bin/mailmerge"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    if [ $# -eq 0 ] || ! declare -F "$1" >/dev/null; then
        echo "usage: $0 {smtp_sink_install|smtp_sink_start DIR PORT|smtp_sink_stop DIR|smtp_sink_count DIR|mailmerge_install}" >&2
        exit 2
    fi
    "$@"
fi
