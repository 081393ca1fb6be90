"""Runs Copy That on an image the way users do: ``copy-that extract IMG -o out.json``.

The CLI is the default so the benchmark scores exactly the document users get. The `library`
mode calls ``copy_that.pipeline.extract`` and ``copy_that.tokens.dtcg.dumps`` in-process (no
interpreter start-up in the wall time); both produce the same DTCG document.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

__all__ = ["SubjectRun", "cli_path", "copy_that_available", "copy_that_version", "run_copy_that"]

# A generous bound on one extraction: anything longer is a hang, reported as a failure.
_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class SubjectRun:
    """One extraction: the document (None on failure), wall time in ms, and the error if any."""

    document: dict[str, Any] | None
    wall_ms: float
    error: str | None = None


def cli_path() -> Path:
    """The ``copy-that`` console script of the interpreter running the benchmark."""
    return Path(sys.executable).with_name("copy-that")


def copy_that_available() -> tuple[bool, str]:
    """Whether the CLI runs (``copy-that --help`` lists ``extract``), and if not, why."""
    path = cli_path()
    if not path.exists():
        return False, f"{path} does not exist (pip install -e . creates it)"
    try:
        done = subprocess.run(
            [str(path), "--help"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"copy-that --help failed: {exc}"
    if done.returncode != 0 or "extract" not in done.stdout:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return False, f"copy-that --help exited {done.returncode}: {last}"
    return True, ""


def copy_that_version() -> str:
    """``copy-that --version`` output, or the reason it is unavailable."""
    try:
        done = subprocess.run(
            [str(cli_path()), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as exc:
        return f"unavailable ({exc})"
    return done.stdout.strip() or f"unavailable (exit {done.returncode})"


def _pinned(cpu: int | None) -> list[str]:
    """A ``taskset`` prefix pinning the child to `cpu` ([] to inherit the parent's CPUs).

    taskset (util-linux) rather than a pre-exec hook, which is unsafe when threads launch children.
    """
    taskset = shutil.which("taskset")
    return [] if cpu is None or taskset is None else [taskset, "-c", str(cpu)]


def _run_cli(args: list[str], out: Path, cpu: int | None) -> SubjectRun:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*_pinned(cpu), str(cli_path()), "extract", *args, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return SubjectRun(None, _TIMEOUT_S * 1000.0, f"timed out after {_TIMEOUT_S:.0f} s")
    wall_ms = (time.perf_counter() - start) * 1000.0
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return SubjectRun(None, wall_ms, f"exit {done.returncode}: {last[:300]}")
    try:
        return SubjectRun(json.loads(out.read_text(encoding="utf-8")), wall_ms)
    except (OSError, json.JSONDecodeError) as exc:
        return SubjectRun(None, wall_ms, f"unreadable output: {exc}")


def _run_library(
    image: Path, *, dpr: float | None, max_colors: int | None, only: tuple[str, ...] | None
) -> SubjectRun:
    from copy_that.pipeline import ALL_KINDS, ExtractOptions, extract
    from copy_that.tokens.dtcg import dumps

    kinds: frozenset[Any] = frozenset(only) if only else frozenset(ALL_KINDS)
    options = ExtractOptions(kinds=kinds, dpr=dpr)
    if max_colors is not None:
        options = replace(options, max_colors=max_colors)
    start = time.perf_counter()
    try:
        text = dumps(extract([image], options=options))
    except Exception as exc:  # a crash is a result to report, not a reason to stop the run
        return SubjectRun(
            None, (time.perf_counter() - start) * 1000.0, f"{type(exc).__name__}: {exc}"
        )
    return SubjectRun(json.loads(text), (time.perf_counter() - start) * 1000.0)


def run_copy_that(
    image: Path,
    out: Path,
    *,
    dpr: float | None,
    max_colors: int | None = None,
    only: tuple[str, ...] | None = None,
    mode: str = "cli",
    cpu: int | None = None,
) -> SubjectRun:
    """Extract `image` into `out` and read the document back.

    Parameters
    ----------
    image, out : Path
        Input image and the DTCG file to write.
    dpr : float or None
        Passed as ``--dpr`` (None lets Copy That infer it).
    max_colors : int, optional
        ``--max-colors``; the CLI default when None.
    only : tuple of str, optional
        ``--only`` kinds; all kinds when None.
    mode : {"cli", "library"}
        Subprocess CLI (default) or in-process library call.
    cpu : int, optional
        Pin the CLI process to this CPU (parallel runs each get their own).
    """
    if mode == "library":
        return _run_library(image, dpr=dpr, max_colors=max_colors, only=only)
    args = [str(image)]
    if dpr is not None:
        args += ["--dpr", f"{dpr:g}"]
    if max_colors is not None:
        args += ["--max-colors", str(max_colors)]
    if only:
        args += ["--only", ",".join(only)]
    return _run_cli(args, out, cpu)
