#!/usr/bin/env bash
# Runs each test layer in its own pytest process and fails if any layer fails.
# Separate processes because the browser layer's Playwright (sync API) keeps an event loop in the
# main thread for its session, which the async service tests must not share.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST="${PYTEST:-.venv/bin/pytest}"

status=0
for layer in tests/unit tests/integration tests/browser; do
    echo "=== $layer ==="
    "$PYTEST" "$layer" "$@" || status=1
done
exit "$status"
