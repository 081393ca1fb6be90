#!/usr/bin/env bash
# Builds the virtual environment the production image runs from. The Dockerfile's builder stage and
# tests/integration/test_deploy_wheel.py both call this script, so the test proves what ships.
#
#   deploy/build-venv.sh deps VENV   create VENV and install deploy/requirements.lock into it
#   deploy/build-venv.sh app VENV    build this project's wheel, install it into VENV, check VENV
#
# Run from anywhere; the project is the folder above this script. Only the wheel is installed, never
# the source tree: VENV works after the checkout is gone. PYTHON picks the interpreter (python3).
set -euo pipefail

usage() {
    echo "usage: $0 deps|app VENV" >&2
    exit 2
}
(($# == 2)) || usage
step=$1
venv=$(realpath -m "$2")
project=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input)

case "$step" in
deps)
    "$python" -m venv "$venv"
    # Every package pinned with hashes; --no-deps because the lock is complete on its own and
    # leaves out opencv-python on purpose (see deploy/lock.sh).
    "${pip[@]}" install --require-hashes --no-deps --only-binary=:all: \
        -r "$project/deploy/requirements.lock"
    ;;
app)
    [[ -x "$venv/bin/python" ]] || { echo "$venv has no python: run '$0 deps $venv' first" >&2; exit 1; }
    wheels=$(mktemp -d)
    trap 'rm -rf "$wheels"' EXIT
    "${pip[@]}" wheel --no-deps --wheel-dir "$wheels" "$project"
    "${pip[@]}" install --no-deps "$wheels"/copy_that-*.whl
    install -D -m 0644 "$project/deploy/gunicorn.conf.py" "$venv/etc/copy-that/gunicorn.conf.py"

    # The only unmet requirement may be the opencv-python that deploy/lock.sh leaves out on purpose.
    problems=$("${pip[@]}" check 2>&1 | grep -v -e '^No broken requirements found\.$' \
        -e '^rapidocr-onnxruntime [^ ]* requires opencv-python, which is not installed\.$' || true)
    if [[ -n "$problems" ]]; then
        echo "the locked environment is inconsistent; regenerate it with deploy/lock.sh:" >&2
        echo "$problems" >&2
        exit 1
    fi
    # Import the package and its entry point from outside the project, as the image will.
    (cd / && "$venv/bin/python" -c 'import copy_that.cli, copy_that.service.app' \
        && "$venv/bin/copy-that" --help >/dev/null)
    ;;
*)
    usage
    ;;
esac
