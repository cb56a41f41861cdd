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
# then exports MARATHON_TEST_PYTHON and MARATHON_TEST_REQUIRE_BROWSER=1 (browser tests fail
# instead of skipping) and runs `cargo test --all-targets ARGS...`, keeping its output and exit
# code. Set PYTHON to choose the interpreter the venv is made from.
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

say "cargo test --all-targets $*"
exec cargo test --all-targets "$@"
