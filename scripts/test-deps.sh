#!/bin/sh
# The system tools the browser and HTML tests need, installed where possible:
# Debian's chromium (driven by Playwright), Java (for vnu.jar), and the pinned
# npm packages axe-core and vnu-jar (`npm ci`, re-run when package-lock.json changes).
# Where something cannot be installed (not root, no apt-get), say exactly what is missing.
set -eu
cd "$(dirname "$0")/.."

# FACTSITE_CHROMIUM names another Chromium-based browser (e.g. a CI runner's Chrome).
chromium="${FACTSITE_CHROMIUM:-/usr/bin/chromium}"
missing=""
[ -x "$chromium" ] || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; } || true
    if { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; } && command -v apt-get >/dev/null 2>&1; then
        echo "test-deps: installing Debian packages:$missing"
        $sudo apt-get update -qq
        # shellcheck disable=SC2086  # one word per package
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
        [ -x "$chromium" ] || { echo "test-deps: MISSING $chromium after installing chromium" >&2; exit 1; }
    else
        echo "test-deps: MISSING Debian packages:$missing" >&2
        echo "test-deps: install them as root (apt-get install$missing); the browser and HTML tests need them." >&2
        exit 1
    fi
fi

stamp="node_modules/.installed-$(cksum < package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
    echo "test-deps: npm ci (axe-core, vnu-jar)"
    # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; we use the system's.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    touch "$stamp"
fi
