"""The benchmark's stage timings carry a machine-speed reference, reported beside them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks._cost import REFERENCE, reference_page, reference_workload  # noqa: E402
from benchmarks._report import _cost_section, _stage_section  # noqa: E402
from benchmarks._run import RunResult  # noqa: E402


def _run_result(stages: dict[str, Any], cost: list[dict[str, Any]] | None = None) -> RunResult:
    return RunResult(
        started="now",
        seconds=1.0,
        smoke=True,
        mode="cli",
        auto_dpr=False,
        kinds=None,
        cases=[],
        photos={},
        stages_1440=stages,
        cost=cost or [],
        environment={},
    )


def _clock(reference: float | None, **stages: float) -> dict[str, float]:
    return stages | ({} if reference is None else {REFERENCE: reference})


def _stages(reference: float | None) -> dict[str, Any]:
    layout = {"analysis": 60.0, "spacing": 2.0, "radii": 5.0, "shadows": 20.0, "borders": 1.0}
    return {
        "images": ["syn-02"],
        "errors": [],
        "colors_only": {
            "cpu_ms": _clock(reference, decode=30.0, colors=40.0),
            "time_ms": _clock(reference and reference + 1.0, decode=31.0, colors=41.0),
        },
        "all_ocr": {
            "cpu_ms": _clock(reference, **layout),
            "time_ms": _clock(reference and reference + 1.0, **layout),
        },
        "all_no_ocr": {
            "cpu_ms": _clock(reference, **layout),
            "time_ms": _clock(reference and reference + 1.0, **layout),
        },
    }


def test_reference_workload_is_deterministic() -> None:
    page = reference_page()
    assert page.shape == (900, 1440, 3)
    assert np.array_equal(page, reference_page())
    assert reference_workload(page) == reference_workload(reference_page())


def test_stage_section_reports_the_reference_beside_the_targets() -> None:
    text = "\n".join(_stage_section(_run_result(_stages(80.0)), {}))
    assert "Machine-speed reference: **80.0 ms CPU** (81.0 ms wall)" in text
    # Layout stage 88 ms against a reference of 80 ms; the verdict stays on the measured ms.
    assert "the layout stage took 1.10×" in text
    assert "+ borders) ≤ 150 ms (#4) | 88.0 | yes |" in text
    assert f"| {REFERENCE} |" not in text  # not a row of the stage table


def test_results_without_a_reference_say_it_was_not_measured() -> None:
    text = "\n".join(_stage_section(_run_result(_stages(None)), {}))
    assert "Machine-speed reference: not measured in this run." in text


def test_cost_totals_leave_the_reference_out(tmp_path: Path) -> None:
    row = {
        "megapixels": 1.0,
        "pixels": 1_000_000,
        "cpu_ms": {"decode": 10.0, "analysis": 20.0, REFERENCE: 500.0},
        "time_ms": {"decode": 11.0, "analysis": 21.0, REFERENCE: 600.0},
        "memory_mib": {"decode": 1.0, "analysis": 2.0},
        "memory_method": "tracemalloc",
    }
    text = "\n".join(_cost_section([row], tmp_path))
    assert "| MP | image px | decode | analysis | total |" in text
    assert "| 1 | 1.00 MP | 10.0 | 20.0 | 30.0 (32.0) |" in text


def test_stage_costs_time_the_reference_after_the_stages(tmp_path: Path) -> None:
    from benchmarks._cost import stage_costs
    from PIL import Image as PILImage

    path = tmp_path / "page.png"
    PILImage.fromarray(np.full((40, 60, 3), 200, dtype=np.uint8)).save(path)
    cost = stage_costs(path, dpr=1.0, repeat=1, kinds=("colors",), ocr=False)
    assert cost.cpu_ms[REFERENCE] > 0
    assert cost.time_ms[REFERENCE] > 0
    assert REFERENCE not in cost.memory_mib
    assert list(cost.cpu_ms)[-1] == REFERENCE


def test_text_lines_count_toward_typography_not_the_layout_stage() -> None:
    stages = _stages(80.0)
    for run in ("all_ocr", "all_no_ocr"):
        stages[run]["cpu_ms"] |= {"text_lines": 40.0, "typography": 300.0}
    text = "\n".join(_stage_section(_run_result(stages), {}))
    assert "+ borders) ≤ 150 ms (#4) | 88.0 | yes |" in text
    assert "≤ 400 ms, OCR on (#5) | 340 | yes |" in text
    assert "| text_lines | n/a (n/a) | 40.0 (n/a) | 40.0 (n/a) |" in text
