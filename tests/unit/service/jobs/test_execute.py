"""Tests for copy_that.service.jobs.execute: one attempt of a job, kept truthful in its row."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

import pytest
from sqlalchemy import select, update

from copy_that.errors import ImageDecodeError
from copy_that.service.db.models import ImageResultRow, JobRow, TokenVersionRow
from copy_that.service.jobs import execute
from copy_that.service.jobs.execute import JobOutcome, extract_options, run_job
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import jobs as job_repo
from copy_that.service.repository import tokens as token_repo
from copy_that.tokens import dtcg
from tests.unit.service._harness import sample_tokens
from tests.unit.service.jobs.conftest import OPTIONS, World

pytestmark = pytest.mark.anyio


async def _count(world: World, model: type, **where: object) -> int:
    async with world.env.session_factory() as session:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return len(list(await session.scalars(query)))


async def test_a_job_runs_every_image_and_writes_a_version(world: World) -> None:
    job_id = await world.queue()
    notified: list[bool] = []

    async def watch() -> None:
        async with world.env.bus.subscribe(job_id) as subscription:
            notified.append(await subscription.wait(5))

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0)
    assert await run_job(job_id, world.env) == JobOutcome.SUCCEEDED
    await watcher
    job = await world.job(job_id)
    assert (job.status, job.progress, job.attempts, job.version_number) == ("succeeded", 1.0, 1, 1)
    assert job.error is None
    assert job.finished_at is not None
    assert job.worker == "test-worker"
    assert world.compute.calls == ["img0.png", "img1.png"]
    assert await _count(world, ImageResultRow, job_id=job_id) == 2
    async with world.env.session_factory() as session:
        version = await token_repo.get_version(session, project_id=world.project_id, number=1)
    assert version.kind == "extraction"
    assert version.job_id == job_id
    dtcg.validate_document(version.document)
    assert notified == [True]


async def test_progress_reaches_the_row_while_running(world: World) -> None:
    job_id = await world.queue(world.image_ids[:1])
    release = asyncio.Event()
    world.compute.script[1] = release.wait
    task = asyncio.create_task(run_job(job_id, world.env))
    for _ in range(100):
        job = await world.job(job_id)
        if job.stage == "analysis" and job.progress == 0.5:
            break
        await asyncio.sleep(0.02)
    else:
        pytest.fail(f"progress never reached the row: {job.stage} {job.progress}")
    first_beat = job.heartbeat_at
    await asyncio.sleep(0.7)
    assert (await world.job(job_id)).heartbeat_at > first_beat  # heartbeats continue
    release.set()
    assert await task == JobOutcome.SUCCEEDED


async def test_multi_image_progress_is_overall(world: World) -> None:
    job_id = await world.queue()
    seen: list[tuple[str, float]] = []
    original = world.compute.run

    async def spy(data, name, options, on_progress):  # type: ignore[no-untyped-def]
        return await original(
            data, name, options, lambda s, f: (seen.append((s, f)), on_progress(s, f))
        )

    world.compute.run = spy  # type: ignore[method-assign]
    await run_job(job_id, world.env)
    job = await world.job(job_id)
    assert job.stage == "succeeded"
    assert seen[0] == ("analysis", 0.5)


async def test_a_resumed_job_skips_images_it_finished(world: World) -> None:
    job_id = await world.queue()
    async with world.env.session_factory() as session:
        await token_repo.add_image_result(
            session,
            project_id=world.project_id,
            image_id=world.image_ids[0],
            job_id=job_id,
            document=dtcg.to_document(sample_tokens()),
        )
        await session.commit()
    assert await run_job(job_id, world.env) == JobOutcome.SUCCEEDED
    assert world.compute.calls == ["img1.png"]


async def test_input_errors_fail_the_job_with_their_message(world: World) -> None:
    job_id = await world.queue()

    def broken() -> None:
        raise ImageDecodeError("img0.png could not be decoded; export it again", source="img0.png")

    world.compute.script[1] = broken
    assert await run_job(job_id, world.env) == JobOutcome.FAILED
    job = await world.job(job_id)
    assert job.status == "failed"
    assert job.error == "img0.png could not be decoded; export it again"
    assert job.error_code == "image_unreadable"
    assert job.attempts == 1
    assert await _count(world, TokenVersionRow) == 0


async def test_internal_errors_retry_then_fail_without_their_text(world: World) -> None:
    job_id = await world.queue(world.image_ids[:1], max_attempts=2)

    def crash() -> None:
        raise RuntimeError("password=hunter2 in a connection string")

    world.compute.script = {1: crash, 2: crash}
    assert await run_job(job_id, world.env) == JobOutcome.RETRY
    job = await world.job(job_id)
    assert (job.status, job.attempts, job.error_code) == ("queued", 1, "internal_error")
    assert "retrying" in job.error
    assert await run_job(job_id, world.env) == JobOutcome.FAILED
    job = await world.job(job_id)
    assert (job.status, job.attempts) == ("failed", 2)
    assert "hunter2" not in job.error
    assert job_id in job.error


async def test_a_retry_that_succeeds_clears_the_error(world: World) -> None:
    job_id = await world.queue(world.image_ids[:1])

    def crash() -> None:
        raise OSError("disk hiccup")

    world.compute.script = {1: crash}
    assert await run_job(job_id, world.env) == JobOutcome.RETRY
    assert await run_job(job_id, world.env) == JobOutcome.SUCCEEDED
    job = await world.job(job_id)
    assert (job.status, job.attempts, job.error, job.error_code) == ("succeeded", 2, None, None)


async def test_cancelling_a_running_job_keeps_nothing(world: World) -> None:
    job_id = await world.queue()
    release = asyncio.Event()
    world.compute.script[1] = release.wait
    task = asyncio.create_task(run_job(job_id, world.env))
    while not world.compute.calls:  # the first image is being extracted
        await asyncio.sleep(0.01)
    async with world.env.session_factory() as session:
        await job_repo.request_cancel(session, job=await job_repo.load_job(session, job_id=job_id))
        await session.commit()
    release.set()
    assert await task == JobOutcome.CANCELLED
    job = await world.job(job_id)
    assert job.status == "cancelled"
    assert world.compute.calls == ["img0.png"]  # stopped before the second image
    assert await _count(world, ImageResultRow) == 0
    assert await _count(world, TokenVersionRow) == 0


async def test_a_replaced_attempt_stops_without_writing(world: World) -> None:
    job_id = await world.queue()
    release = asyncio.Event()
    world.compute.script[1] = release.wait
    task = asyncio.create_task(run_job(job_id, world.env))
    while (await world.job(job_id)).status != "running":
        await asyncio.sleep(0.01)
    # The sweeper declared this worker dead and another worker took the job over.
    async with world.env.session_factory() as session:
        await session.execute(
            update(JobRow).where(JobRow.id == job_id).values(attempts=2, worker="other")
        )
        await session.commit()
    release.set()
    assert await task == JobOutcome.SKIPPED
    job = await world.job(job_id)
    assert (job.status, job.worker, job.version_number) == ("running", "other", None)


async def test_only_queued_jobs_are_claimed(world: World) -> None:
    job_id = await world.queue()
    assert await run_job(job_id, world.env) == JobOutcome.SUCCEEDED
    assert await run_job(job_id, world.env) == JobOutcome.SKIPPED
    assert await run_job("no-such-job", world.env) == JobOutcome.SKIPPED
    assert len(world.compute.calls) == 2


async def test_a_job_whose_images_were_deleted_fails_visibly(world: World) -> None:
    job_id = await world.queue()
    async with world.env.session_factory() as session:
        for image_id in world.image_ids:
            image = await image_repo.get_image(
                session, project_id=world.project_id, image_id=image_id
            )
            await image_repo.delete_image(session, image=image)
        await session.commit()
    assert await run_job(job_id, world.env) == JobOutcome.FAILED
    job = await world.job(job_id)
    assert job.error_code == "not_found"


async def test_a_missing_blob_fails_visibly(world: World) -> None:
    job_id = await world.queue(world.image_ids[:1])
    async with world.env.session_factory() as session:
        image = await image_repo.get_image(
            session, project_id=world.project_id, image_id=world.image_ids[0]
        )
    await world.env.blob_store.delete(image.blob_key)
    assert await run_job(job_id, world.env) == JobOutcome.FAILED
    assert "blob" in (await world.job(job_id)).error


async def test_extract_options_apply_the_service_limits(world: World) -> None:
    settings = world.env.settings
    options = extract_options({**OPTIONS, "dpr": 2}, settings)
    assert options.kinds == frozenset({"colors"})
    assert (options.max_colors, options.dpr, options.ocr) == (8, 2.0, False)
    assert options.load.max_pixels == settings.max_image_pixels
    assert options.load.max_bytes == settings.max_upload_bytes


async def _request_cancel(world: World, job_id: str) -> None:
    async with world.env.session_factory() as session:
        await job_repo.request_cancel(session, job=await job_repo.load_job(session, job_id=job_id))
        await session.commit()


@pytest.mark.parametrize("max_attempts", [3, 1])
@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("worker fell over"),
        ImageDecodeError("img1.png could not be decoded", source="img1.png"),
    ],
)
async def test_a_cancelled_job_whose_attempt_then_fails_ends_cancelled(
    world: World, max_attempts: int, error: Exception
) -> None:
    job_id = await world.queue(max_attempts=max_attempts)

    async def cancel_then_fail() -> None:
        # The user cancels while the second image is being extracted, and that attempt fails.
        await _request_cancel(world, job_id)
        raise error

    world.compute.script[2] = cancel_then_fail
    assert await run_job(job_id, world.env) == JobOutcome.CANCELLED
    job = await world.job(job_id)
    assert (job.status, job.stage, job.error, job.error_code) == (
        "cancelled",
        "cancelled",
        None,
        None,
    )
    assert job.finished_at is not None
    # The first image's result is dropped with the job: the cancellation changes nothing.
    assert await _count(world, ImageResultRow) == 0
    assert await _count(world, TokenVersionRow) == 0
    assert await run_job(job_id, world.env) == JobOutcome.SKIPPED
    assert world.compute.calls == ["img0.png", "img1.png"]


async def test_a_cancelled_job_interrupted_by_a_shutdown_ends_cancelled(world: World) -> None:
    job_id = await world.queue(world.image_ids[:1])
    world.compute.script[1] = asyncio.Event().wait  # never finishes on its own
    task = asyncio.create_task(run_job(job_id, world.env))
    while not world.compute.calls:
        await asyncio.sleep(0.01)
    await _request_cancel(world, job_id)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    job = await world.job(job_id)
    assert (job.status, job.error_code) == ("cancelled", None)


@pytest.mark.parametrize("turns", range(6))
async def test_the_heartbeat_stops_whenever_it_is_cancelled(world: World, turns: int) -> None:
    # run_job awaits the heartbeat task after cancelling it. A cancellation that lands while
    # the reporter's wait is just being woken (asyncio.wait_for in Python 3.11 swallowed it
    # there) must still end the task, or the attempt never returns.
    claim = job_repo.Claim(job_id="no-such-job", attempt=1, worker="w", max_attempts=1)
    reporter = execute._Reporter(world.env, claim)
    reporter.report("starting", 0.0)
    task = asyncio.create_task(reporter.run())
    for _ in range(turns):
        await asyncio.sleep(0)
    reporter.report("merging", 1.0)
    for _ in range(turns):
        await asyncio.sleep(0)
    task.cancel()
    done, _pending = await asyncio.wait({task}, timeout=2)
    if not done:  # stop it for good before failing
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
    assert done == {task}, "the heartbeat swallowed its cancellation and kept running"
    assert task.cancelled()


async def test_a_cancellation_while_the_heartbeat_stops_is_not_lost(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The runner's shutdown cancels an attempt that is just waiting for its heartbeat task to
    # stop (here: finishing a write). The attempt must end cancelled, not swallow the request
    # and let its consumer wait for the next job forever.
    stopping = asyncio.Event()

    async def slow_to_stop(self: object) -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            stopping.set()
            await asyncio.sleep(0.2)
            raise

    monkeypatch.setattr(execute._Reporter, "run", slow_to_stop)
    job_id = await world.queue(world.image_ids[:1])
    task = asyncio.create_task(run_job(job_id, world.env))
    await asyncio.wait_for(stopping.wait(), 10)
    task.cancel()
    await asyncio.wait({task}, timeout=2)
    assert task.cancelled()
    assert (await world.job(job_id)).status == "succeeded"  # it had finished its work


async def test_a_progress_write_cancelled_midway_still_finishes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shutdown cancelling an attempt inside its progress write used to leave the connection
    # neither committed nor rolled back; on SQLite its write lock then stalled the attempt's
    # own release (a hang about once in 150 runs of the runner's stop test).
    job_id = await world.queue(world.image_ids[:1])
    async with world.env.session_factory() as session:
        claim = await job_repo.claim_job(session, job_id=job_id, worker="w")
        await session.commit()
    assert claim is not None
    inside, resume, written = asyncio.Event(), asyncio.Event(), asyncio.Event()
    touch = job_repo.touch_job

    async def slow_touch(session: Any, **kwargs: Any) -> Any:
        inside.set()
        await resume.wait()
        result = await touch(session, **kwargs)
        written.set()
        return result

    monkeypatch.setattr(job_repo, "touch_job", slow_touch)
    reporter = execute._Reporter(world.env, claim)
    reporter.report("colors", 0.5)
    task = asyncio.create_task(reporter.flush())
    await asyncio.wait_for(inside.wait(), 5)
    task.cancel()
    resume.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The cancelled flush returned only once its write had committed: a write left running on
    # its own could outlive the event loop and leave its connection to the garbage collector.
    assert written.is_set()
    job = await world.job(job_id)
    assert (job.stage, job.progress) == ("colors", 0.5)
