"""Tests for copy_that.service.jobs.recovery: silent workers and lost submissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from copy_that.service.db.models import JobRow, JobStatus, utcnow
from copy_that.service.jobs.execute import JobOutcome, run_job
from copy_that.service.jobs.recovery import recover_jobs
from copy_that.service.jobs.runner import JobRunner
from copy_that.service.repository import tokens as token_repo
from copy_that.tokens import dtcg
from tests.unit.service._harness import sample_tokens
from tests.unit.service.jobs.conftest import World

pytestmark = pytest.mark.anyio


class RecordingRunner(JobRunner):
    """Records submissions instead of running them."""

    name = "recording"

    def __init__(self) -> None:
        self.submitted: list[str] = []

    async def submit(self, job_id: str) -> None:
        self.submitted.append(job_id)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def check(self) -> None:
        return None

    @property
    def resubmits_queued_on_start(self) -> bool:
        return False


async def _set(world: World, job_id: str, **values: object) -> None:
    async with world.env.session_factory() as session:
        await session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
        await session.commit()


async def test_a_silent_running_job_is_requeued_and_resubmitted(world: World) -> None:
    job_id = await world.queue()
    silent = utcnow() - timedelta(minutes=5)
    await _set(
        world, job_id, status=JobStatus.RUNNING, attempts=1, worker="dead:1", heartbeat_at=silent
    )
    runner = RecordingRunner()
    report = await recover_jobs(world.env.session_factory, runner, world.env.settings)
    assert report.requeued == (job_id,)
    assert runner.submitted == [job_id]
    job = await world.job(job_id)
    assert (job.status, job.error_code, job.worker) == ("queued", "worker_lost", None)
    assert "stopped responding" in job.error
    assert "retrying" in job.error
    # The next attempt runs it to the end, as attempt 2.
    assert await run_job(job_id, world.env) == JobOutcome.SUCCEEDED
    job = await world.job(job_id)
    assert (job.status, job.attempts, job.error) == ("succeeded", 2, None)


async def test_a_silent_job_on_its_last_attempt_fails_visibly(world: World) -> None:
    job_id = await world.queue(max_attempts=2)
    silent = utcnow() - timedelta(minutes=5)
    await _set(
        world, job_id, status=JobStatus.RUNNING, attempts=2, worker="dead:1", heartbeat_at=silent
    )
    runner = RecordingRunner()
    report = await recover_jobs(world.env.session_factory, runner, world.env.settings)
    assert report.failed == (job_id,)
    assert runner.submitted == []
    job = await world.job(job_id)
    assert (job.status, job.error_code) == ("failed", "worker_lost")
    assert "no attempts left" in job.error
    assert job.finished_at is not None


async def test_a_job_with_a_fresh_heartbeat_is_left_alone(world: World) -> None:
    job_id = await world.queue()
    await _set(
        world, job_id, status=JobStatus.RUNNING, attempts=1, worker="alive:1", heartbeat_at=utcnow()
    )
    report = await recover_jobs(world.env.session_factory, RecordingRunner(), world.env.settings)
    assert report.requeued == report.failed == ()
    assert (await world.job(job_id)).status == "running"


async def test_queued_jobs_are_resubmitted_when_old_or_at_start_up(world: World) -> None:
    recent = await world.queue()
    old = await world.queue()
    await _set(world, old, submitted_at=utcnow() - timedelta(hours=1))
    runner = RecordingRunner()
    report = await recover_jobs(world.env.session_factory, runner, world.env.settings)
    assert report.resubmitted == (old,)
    assert runner.submitted == [old]
    # Resubmitting stamps the job, so the next pass waits again.
    again = await recover_jobs(world.env.session_factory, RecordingRunner(), world.env.settings)
    assert again.resubmitted == ()
    start_up = RecordingRunner()
    report = await recover_jobs(
        world.env.session_factory, start_up, world.env.settings, resubmit_all_queued=True
    )
    assert set(start_up.submitted) == {recent, old}


@pytest.mark.parametrize("attempts", [1, 3])
async def test_a_silent_job_whose_cancel_was_requested_ends_cancelled(
    world: World, attempts: int
) -> None:
    job_id = await world.queue(max_attempts=3)
    silent = utcnow() - timedelta(minutes=5)
    await _set(
        world,
        job_id,
        status=JobStatus.RUNNING,
        attempts=attempts,
        worker="dead:1",
        heartbeat_at=silent,
        cancel_requested=True,
    )
    runner = RecordingRunner()
    report = await recover_jobs(world.env.session_factory, runner, world.env.settings)
    assert (report.cancelled, report.requeued, report.failed) == ((job_id,), (), ())
    assert runner.submitted == []
    job = await world.job(job_id)
    assert (job.status, job.stage, job.error_code) == ("cancelled", "cancelled", None)
    assert job.finished_at is not None


async def test_a_queued_job_whose_cancel_was_requested_ends_cancelled(world: World) -> None:
    # The state an attempt that failed after a cancel request used to leave: never claimable.
    job_id = await world.queue()
    await _set(world, job_id, attempts=1, stage="retrying", cancel_requested=True)
    async with world.env.session_factory() as session:
        await token_repo.add_image_result(
            session,
            project_id=world.project_id,
            image_id=world.image_ids[0],
            job_id=job_id,
            document=dtcg.to_document(sample_tokens()),
        )
        await session.commit()
    runner = RecordingRunner()
    report = await recover_jobs(
        world.env.session_factory, runner, world.env.settings, resubmit_all_queued=True
    )
    assert (report.cancelled, report.resubmitted) == ((job_id,), ())
    assert runner.submitted == []
    job = await world.job(job_id)
    assert (job.status, job.stage) == ("cancelled", "cancelled")
    assert job.finished_at is not None
    async with world.env.session_factory() as session:
        assert await token_repo.image_ids_done_by_job(session, job_id=job_id) == set()
