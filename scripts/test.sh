#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine (as root) as on a developer's one.
#
# Installs only what is missing, and says what it installs:
#   - target/test-env/venv: a Python venv with the test SMTP server's packages
#     (tests/smtp/requirements.txt), rebuilt when that file changes;
#   - chromium and pdftotext (Debian packages chromium, poppler-utils) for the tests that print
#     letter packs to PDF;
# then exports MARATHON_TEST_PYTHON and runs `cargo test --all-targets ARGS...`, keeping its
# output and exit code. Set PYTHON to choose the interpreter the venv is made from.
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
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi

say "cargo test --all-targets $*"
exec cargo test --all-targets "$@"
