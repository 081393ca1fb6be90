"""Tests for copy_that.service.jobs.runner: the in-process runner."""

from __future__ import annotations

import asyncio

import pytest

from copy_that.service.jobs import runner as runner_module
from copy_that.service.jobs.runner import InProcessRunner, retry_delay_s
from tests.unit.service.jobs.conftest import World

pytestmark = pytest.mark.anyio


async def _until(world: World, job_id: str, status: str) -> None:
    for _ in range(500):
        if (await world.job(job_id)).status == status:
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"job never became {status}: {(await world.job(job_id)).status}")


async def test_submitted_jobs_run(world: World) -> None:
    runner = InProcessRunner(world.env, workers=2)
    await runner.start()
    try:
        first, second = (
            await world.queue(world.image_ids[:1]),
            await world.queue(world.image_ids[1:]),
        )
        await runner.submit(first)
        await runner.submit(second)
        await _until(world, first, "succeeded")
        await _until(world, second, "succeeded")
    finally:
        await runner.stop()
    assert world.compute.closed


async def test_a_retry_is_submitted_again_after_a_pause(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "retry_delay_s", lambda attempt: 0.05)

    def crash() -> None:
        raise RuntimeError("transient")

    world.compute.script[1] = crash
    runner = InProcessRunner(world.env, workers=1)
    await runner.start()
    try:
        job_id = await world.queue(world.image_ids[:1])
        await runner.submit(job_id)
        await _until(world, job_id, "succeeded")
    finally:
        await runner.stop()
    assert (await world.job(job_id)).attempts == 2


async def test_stopping_releases_the_running_attempt(world: World) -> None:
    world.compute.script[1] = asyncio.Event().wait  # never finishes on its own
    runner = InProcessRunner(world.env, workers=1)
    await runner.start()
    job_id = await world.queue(world.image_ids[:1])
    await runner.submit(job_id)
    await _until(world, job_id, "running")
    await runner.stop()
    job = await world.job(job_id)
    assert (job.status, job.error_code) == ("queued", "interrupted")
    assert "shutdown" in job.error


def test_retry_delays_grow_and_are_capped() -> None:
    delays = [retry_delay_s(n) for n in range(1, 10)]
    assert delays[0] == 2.0
    assert delays == sorted(delays)
    assert max(delays) == 60.0
