"""Time and peak memory per pipeline stage, measured in a fresh interpreter per image.

Each measurement runs in its own process (``python -m benchmarks stages …``), pinned to one CPU
with one thread per numeric library, so one image's allocations do not hide the next one's.
Wall time comes from the library's own stage timings (`TokenSet.timings_ms`); CPU time per stage
is read with `time.process_time` at each progress report; decode is timed around `load_image`.
Memory is the growth of the process's peak resident set size during each stage: Linux's
``VmHWM`` is reset through ``/proc/self/clear_refs`` before the stage and read after it, so
native allocations (OpenCV, ONNX Runtime) count too. Where that reset is not allowed, Python's
``tracemalloc`` peak is used instead (NumPy reports its buffers to it; native libraries' buffers
are missed), and the result says which.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["StageCost", "measure_in_subprocess", "stage_costs"]

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")
_TIMEOUT_S = 900.0


@dataclass(frozen=True)
class StageCost:
    """Per stage: wall time and CPU time (ms, medians over repeats), peak memory growth (MiB).

    CPU time (user + system of the process, from the stage's start to its progress report) is
    what the stage costs on one core whatever else the machine runs; wall time is the library's
    own ``timings_ms``.
    """

    time_ms: dict[str, float]
    cpu_ms: dict[str, float]
    memory_mib: dict[str, float]
    memory_method: str
    pixels: int


def _status_kib(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} missing from {_STATUS}")


class _Memory:
    """Peak memory growth since the last `mark`, by RSS high-water mark or tracemalloc."""

    def __init__(self) -> None:
        try:
            _CLEAR_REFS.write_text("5")
            self.method = "peak RSS growth (VmHWM reset via /proc/self/clear_refs)"
            self._rss = True
        except OSError:
            tracemalloc.start()
            self.method = "tracemalloc peak (Python and NumPy allocations only)"
            self._rss = False
        self._base = 0
        self.mark()

    def mark(self) -> None:
        if self._rss:
            _CLEAR_REFS.write_text("5")
            self._base = _status_kib("VmRSS")
        else:
            tracemalloc.reset_peak()
            self._base = tracemalloc.get_traced_memory()[0] // 1024

    def peak_mib(self) -> float:
        peak = _status_kib("VmHWM") if self._rss else tracemalloc.get_traced_memory()[1] // 1024
        return max(0.0, (peak - self._base) / 1024.0)


def stage_costs(
    image_path: Path, *, dpr: float | None, repeat: int, kinds: Sequence[str] | None, ocr: bool
) -> StageCost:
    """Run decode + extraction of `image_path` `repeat` times in this process and measure stages.

    The first run also measures memory; times are medians over all runs. Call it in a fresh
    interpreter (see `measure_in_subprocess`).
    """
    from copy_that.imaging import LoadOptions, load_image
    from copy_that.pipeline import ALL_KINDS, ExtractOptions, extract_image

    chosen = frozenset(kinds) if kinds else frozenset(ALL_KINDS)
    options = ExtractOptions(kinds=chosen, dpr=dpr, ocr=ocr)  # type: ignore[arg-type]
    load = LoadOptions(max_pixels=64_000_000)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    memory: dict[str, float] = {}
    meter = _Memory()
    pixels = 0
    for run in range(repeat):
        meter.mark()
        start, cpu_start = time.perf_counter(), time.process_time()
        image = load_image(image_path, options=load)
        times.setdefault("decode", []).append((time.perf_counter() - start) * 1000.0)
        cpu.setdefault("decode", []).append((time.process_time() - cpu_start) * 1000.0)
        pixels = image.pixel_count
        if run == 0:
            memory["decode"] = meter.peak_mib()
        meter.mark()
        clock = [time.process_time()]

        def progress(
            stage: str, _fraction: float, _first: bool = run == 0, _clock: list[float] = clock
        ) -> None:
            now = time.process_time()
            cpu.setdefault(stage, []).append((now - _clock[0]) * 1000.0)
            _clock[0] = now
            if _first:
                memory[stage] = meter.peak_mib()
            meter.mark()

        result = extract_image(image, options=options, progress=progress)
        for stage, ms in result.timings_ms.items():
            times.setdefault(stage, []).append(float(ms))
    return StageCost(
        time_ms={stage: statistics.median(values) for stage, values in times.items()},
        cpu_ms={s: statistics.median(v) for s, v in cpu.items() if s in times},
        memory_mib={stage: mib for stage, mib in memory.items() if stage in times},
        memory_method=meter.method,
        pixels=pixels,
    )


def measure_in_subprocess(
    image_path: Path,
    *,
    dpr: float | None,
    repeat: int = 1,
    kinds: Sequence[str] | None = None,
    ocr: bool = True,
    log: Callable[[str], None] | None = None,
) -> StageCost | str:
    """`stage_costs` in a fresh ``python -m benchmarks stages`` process; error text on failure."""
    command = [
        sys.executable,
        "-m",
        "benchmarks",
        "stages",
        str(image_path),
        "--repeat",
        str(repeat),
    ]
    if dpr is not None:
        command += ["--dpr", f"{dpr:g}"]
    if kinds:
        command += ["--kinds", ",".join(kinds)]
    if not ocr:
        command.append("--no-ocr")
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False, cwd=root
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {_TIMEOUT_S:.0f} s"
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        if log:
            log(done.stderr[-2000:])
        return f"exit {done.returncode}: {tail[:300]}"
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return StageCost(**data)
