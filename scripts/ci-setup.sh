#!/usr/bin/env bash
# Installs the system tools the test layers use (browser, fonts, npm consumers of our exports).
# Idempotent: every step checks before it installs. Each owner keeps to its own section.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

# --- browser for tests/browser and the benchmark renderer ---
apt_install chromium
