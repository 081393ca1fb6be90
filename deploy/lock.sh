#!/usr/bin/env bash
# Regenerates deploy/requirements.lock: every third-party package the production image installs,
# pinned with hashes, for CPython 3.11 on x86_64 Linux (the Dockerfile's base image and Cloud Run).
#
# Extras: service (API, jobs), ocr (typography text), material (the material3 exporter) and gcs
# (gs:// blob store on Google Cloud).
# opencv-python is left out on purpose: rapidocr-onnxruntime asks for it, but it needs libGL and
# clobbers the cv2 module of opencv-python-headless, which the engine already depends on and which
# serves rapidocr just as well. The Dockerfile therefore installs this file with --no-deps.
# Run after changing dependencies in pyproject.toml; tests/unit/deploy/test_lock.py checks it.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-.venv/bin/uv}
"$uv" pip compile pyproject.toml \
    --extra service --extra ocr --extra material --extra gcs \
    --python-version 3.11 \
    --python-platform x86_64-manylinux_2_28 \
    --generate-hashes \
    --no-emit-package opencv-python \
    --no-header --quiet \
    --output-file deploy/requirements.lock
