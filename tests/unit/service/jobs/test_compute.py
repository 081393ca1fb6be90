"""Tests for copy_that.service.jobs.compute with the real pipeline (colours of small images)."""

from __future__ import annotations

import asyncio

import pytest

from copy_that.pipeline import ExtractOptions
from copy_that.service.jobs import compute as compute_module
from copy_that.service.jobs.compute import (
    ProcessCompute,
    ThreadCompute,
    extract_document,
    open_compute,
)
from copy_that.tokens import dtcg
from tests.unit.service._harness import png_bytes, themed_tokens

pytestmark = pytest.mark.anyio
OPTIONS = ExtractOptions(kinds=frozenset({"colors"}), ocr=False)


def test_extract_document_is_valid_dtcg() -> None:
    stages: list[tuple[str, float]] = []
    document = extract_document(
        png_bytes(), "shot.png", OPTIONS, lambda s, f: stages.append((s, f))
    )
    dtcg.validate_document(document)
    assert document["color"]["palette"]
    assert stages[-1][1] == pytest.approx(1.0)


def test_extract_document_keeps_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compute_module, "extract", lambda images, **_: themed_tokens())
    document = extract_document(png_bytes(), "shot.png", OPTIONS, None)
    assert dtcg.from_document(document).modes == themed_tokens().modes


@pytest.mark.parametrize("kind", ["thread", "process"])
async def test_compute_pools_forward_progress_to_the_loop(kind: str) -> None:
    compute = open_compute(kind, 1)
    loop_thread: list[bool] = []
    seen: list[tuple[str, float]] = []

    def on_progress(stage: str, fraction: float) -> None:
        loop_thread.append(asyncio.get_running_loop() is not None)
        seen.append((stage, fraction))

    try:
        document = await compute.run(png_bytes(), "shot.png", OPTIONS, on_progress)
    finally:
        compute.close()
    dtcg.validate_document(document)
    assert seen
    assert all(loop_thread)
    assert isinstance(compute, ProcessCompute if kind == "process" else ThreadCompute)


def test_unknown_pool_kind() -> None:
    with pytest.raises(ValueError, match="job pool"):
        open_compute("gpu", 1)
