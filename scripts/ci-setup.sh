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

# --- typography: fonts the text-line and typography tests render with (Pillow) and match against ---
# DejaVu Sans/Serif/Sans Mono and Liberation Sans/Serif/Mono give a serif, a sans and a monospace
# family twice over, each in regular and bold.
apt_install fonts-dejavu-core fonts-liberation2

# --- benchmarks: CSS frameworks for the framework pages, fonts the synthetic pages name ---
# Chromium comes from the browser section above. npm ci runs only when benchmarks/node_modules is
# missing or older than the lock file.
apt_install fonts-dejavu-core fonts-liberation2
if [[ ! -f benchmarks/node_modules/.package-lock.json ||
      benchmarks/package-lock.json -nt benchmarks/node_modules/.package-lock.json ]]; then
    (cd benchmarks && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- deploy: checkov for tests/unit/deploy/test_terraform.py, in its own environment ---
# checkov pins many libraries of its own, so it lives in .venv-checkov (git-ignored), not in the
# project's venv. Pinned exactly: a newer checkov brings new checks, which must be a deliberate
# upgrade, not a surprise in CI.
CHECKOV_VERSION=3.3.30
if [[ "$(.venv-checkov/bin/checkov --version 2>/dev/null)" != "$CHECKOV_VERSION" ]]; then
    python3 -m venv .venv-checkov
    .venv-checkov/bin/pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi

# --- exporters: the npm tools that consume each export (tests/integration/test_exporters_consumers.py) ---
# Style Dictionary, @tokens-studio/sd-transforms, sass, Tailwind v4 (+ CLI) and v3, TypeScript, pinned
# in the repo-root package.json / package-lock.json. npm ci runs only when node_modules is missing or
# older than the lock file. (style-dictionary 5 declares node >= 22 but runs on this node 20; npm
# prints an engine warning only.)
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
fi

# --- colours: DejaVu Sans for the colour-extraction text tests (tests/unit/extract/_color_scenes.py) ---
# Already installed by the sections above; listed here so the colour tests do not depend on them.
apt_install fonts-dejavu-core

# --- service: PostgreSQL and Redis for tests/integration/test_service_postgres.py and test_celery_worker.py ---
# Both run on this machine before CI starts; start them again only if they are down (same
# commands the machine uses at boot). The tests create their own databases and use Redis db 11/12.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
