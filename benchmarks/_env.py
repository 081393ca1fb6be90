"""The machine and software versions a run used, for the report's header."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks._frameworks import framework_versions
from benchmarks._peers import PEERS
from benchmarks._render import chromium_version
from benchmarks._subject import copy_that_version

__all__ = ["environment"]

_LIBRARIES = (
    "numpy",
    "pillow",
    "opencv-python-headless",
    "scipy",
    "scikit-image",
    "rapidocr-onnxruntime",
    "playwright",
    "matplotlib",
)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.0f} GiB"
    return "unknown memory"


def environment(pinned_cpu: int | None) -> dict[str, Any]:
    """Machine, versions and the CPU pinning of this run."""
    try:
        chromium = f"Chromium {chromium_version()} (Debian package, headless, via Playwright)"
    except Exception as exc:  # the report still says why rendering was impossible
        chromium = f"Chromium unavailable: {exc}"
    pinning = f"pinned to CPU {pinned_cpu}" if pinned_cpu is not None else "not pinned"
    threads = ", ".join(
        f"{k}={os.environ[k]}"
        for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
        if k in os.environ
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "load": "n/a" if load is None else " / ".join(f"{v:.2f}" for v in load),
        "machine": (
            f"{_cpu_model()}, {os.cpu_count()} cores ({pinning}; {threads or 'default threads'}), "
            f"{_memory_gib()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}"
        ),
        "copy_that": copy_that_version(),
        "peers": {p.name: p.version for p in PEERS},
        "chromium": chromium,
        "frameworks": framework_versions(),
        "libraries": {name: _version(name) for name in _LIBRARIES},
    }
