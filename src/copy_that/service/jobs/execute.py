"""Run one attempt of an extraction job, keeping its row truthful at every step.

The same coroutine runs in the API's in-process runner and inside Celery tasks:

1. claim the row (queued → running, attempt + 1) or stop if someone else has it;
2. for each image without a result from this job yet (a resumed job skips finished images),
   extract in the compute pool and store the result at once;
3. merge, replay the project's edits, write a version and mark the job succeeded, in one
   transaction.

Meanwhile a reporter task writes stage, progress and a heartbeat to the row (at most every
``_MIN_WRITE_INTERVAL_S``, at least every ``JOB_HEARTBEAT_S``) and notifies SSE watchers.
Errors in the input (an undecodable image, bad options) fail the job with their message; any
other error releases the job for another attempt until ``max_attempts``, then fails it with a
reference to the logs, never the internal error text. A job the user asked to cancel ends
``cancelled`` (its results dropped) however its attempt ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from copy_that.errors import CopyThatError
from copy_that.imaging import LoadOptions
from copy_that.pipeline import ExtractOptions
from copy_that.service.config import Settings
from copy_that.service.db.models import ImageRow, JobRow, JobStatus
from copy_that.service.db.session import SessionFactory
from copy_that.service.design_system import rebuild_version, retry_on_conflict
from copy_that.service.errors import NotFoundError, UnavailableError, status_for
from copy_that.service.jobs.compute import Compute
from copy_that.service.jobs.progress import ProgressBus
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import jobs as job_repo
from copy_that.service.repository import tokens as token_repo
from copy_that.service.storage import BlobStore

__all__ = ["JobEnvironment", "JobOutcome", "extract_options", "run_job", "worker_name"]

_log = logging.getLogger(__name__)
# Progress writes are coalesced to at most one per this interval (seconds) per job, which keeps
# the database load of a busy worker small while SSE clients still see smooth progress.
_MIN_WRITE_INTERVAL_S = 0.5


class JobOutcome(StrEnum):
    """What one call of `run_job` did."""

    SKIPPED = "skipped"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    RETRY = "retry"


@dataclass(frozen=True)
class JobEnvironment:
    """Everything an attempt needs: database, blobs, notifications, compute and settings."""

    session_factory: SessionFactory
    blob_store: BlobStore
    bus: ProgressBus
    compute: Compute
    settings: Settings
    worker: str


def worker_name() -> str:
    """An identity for this runner: host, process id and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def extract_options(stored: dict[str, Any], settings: Settings) -> ExtractOptions:
    """The pipeline options for a job's stored options and the service's decoding limits."""
    return ExtractOptions(
        kinds=frozenset(stored["kinds"]),
        max_colors=int(stored["max_colors"]),
        dpr=None if stored.get("dpr") is None else float(stored["dpr"]),
        ocr=bool(stored["ocr"]),
        load=LoadOptions(max_pixels=settings.max_image_pixels, max_bytes=settings.max_upload_bytes),
    )


class _StopAttemptError(Exception):
    """Raised when an attempt lost ownership of its job (declared dead and replaced)."""


class _Reporter:
    """Writes the latest progress and heartbeats to the row from a background task."""

    def __init__(self, env: JobEnvironment, claim: job_repo.Claim) -> None:
        self.env = env
        self.claim = claim
        self.stage = "starting"
        self.fraction = 0.0
        self.cancel_requested = False
        self.lost = False
        self._changed = asyncio.Event()

    def report(self, stage: str, fraction: float) -> None:
        self.stage, self.fraction = stage, fraction
        self._changed.set()

    async def flush(self) -> None:
        # Shielded: a cancellation (a shutdown) landing inside the write would leave the
        # connection neither committed nor rolled back; on SQLite its write lock then stalls
        # every later writer, the attempt's release included. The write finishes instead, and
        # the cancellation goes on once it has: a write left running on its own could outlive
        # its event loop and leave its connection to the garbage collector.
        write = asyncio.ensure_future(self._write())
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            while not write.done():
                with suppress(asyncio.CancelledError):
                    await asyncio.wait({write})
            raise

    async def _write(self) -> None:
        async with self.env.session_factory() as session:
            state = await job_repo.touch_job(
                session, claim=self.claim, stage=self.stage, progress=self.fraction
            )
            await session.commit()
        if state is None:
            self.lost = True
        elif state:
            self.cancel_requested = True
        await self.env.bus.publish(self.claim.job_id)

    async def run(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancellation that
            # lands as the event is set, and run_job, awaiting this task, would wait forever.
            with suppress(TimeoutError):
                async with asyncio.timeout(self.env.settings.job_heartbeat_s):
                    await self._changed.wait()
            self._changed.clear()
            try:
                await self.flush()
            # A missed heartbeat is not fatal (the next one may get through); the stale-job
            # sweeper decides when silence means death.
            except Exception:
                _log.warning("job %s: progress write failed", self.claim.job_id, exc_info=True)
            await asyncio.sleep(_MIN_WRITE_INTERVAL_S)


async def _load(env: JobEnvironment, job_id: str) -> tuple[JobRow, list[ImageRow], set[str]]:
    async with env.session_factory() as session:
        job = await job_repo.load_job(session, job_id=job_id)
        if job is None:
            raise NotFoundError("job", job_id)
        images = await image_repo.get_images(session, project_id=job.project_id, image_ids=None)
        done = await token_repo.image_ids_done_by_job(session, job_id=job_id)
    by_id = {image.id: image for image in images}
    # Images deleted since the job was queued are left out.
    wanted = [by_id[i] for i in job.image_ids if i in by_id]
    if not wanted:
        raise NotFoundError("image", ", ".join(job.image_ids[:3]) or "(none)")
    return job, wanted, done


async def _cancel(env: JobEnvironment, claim: job_repo.Claim) -> JobOutcome:
    async with env.session_factory() as session:
        await token_repo.delete_job_results(session, job_id=claim.job_id)
        await job_repo.finish_job(session, claim=claim, status=JobStatus.CANCELLED)
        await session.commit()
    return JobOutcome.CANCELLED


async def _complete(env: JobEnvironment, claim: job_repo.Claim, job: JobRow) -> JobOutcome:
    async def work(session: Any) -> None:
        version = await rebuild_version(
            session,
            project_id=job.project_id,
            kind="extraction",
            job_id=job.id,
            created_by=job.created_by,
        )
        if not await job_repo.finish_job(
            session, claim=claim, status=JobStatus.SUCCEEDED, version_number=version.number
        ):
            raise _StopAttemptError

    await retry_on_conflict(env.session_factory, work)
    return JobOutcome.SUCCEEDED


async def _execute(env: JobEnvironment, claim: job_repo.Claim, reporter: _Reporter) -> JobOutcome:
    job, images, done = await _load(env, claim.job_id)
    options = extract_options(job.options, env.settings)
    count = len(images)
    for index, image in enumerate(images):
        await reporter.flush()  # reads a cancellation that came in since the last heartbeat
        if reporter.cancel_requested:
            return await _cancel(env, claim)
        if reporter.lost:
            raise _StopAttemptError
        if image.id in done:
            continue
        data = await env.blob_store.get(image.blob_key)
        label = f" {index + 1}/{count}" if count > 1 else ""

        def on_progress(
            stage: str, fraction: float, _index: int = index, _label: str = label
        ) -> None:
            reporter.report(f"{stage}{_label}", (_index + fraction) / count)

        document = await env.compute.run(data, image.filename, options, on_progress)
        await asyncio.shield(_store(env, job, image, document))
    reporter.report("merging", 1.0)
    await reporter.flush()
    if reporter.cancel_requested:
        return await _cancel(env, claim)
    if reporter.lost:
        raise _StopAttemptError
    return await _complete(env, claim, job)


async def _store(
    env: JobEnvironment, job: JobRow, image: ImageRow, document: dict[str, Any]
) -> None:
    """Save one image's tokens (shielded by the caller, like `_Reporter.flush`)."""
    async with env.session_factory() as session:
        await token_repo.add_image_result(
            session,
            project_id=job.project_id,
            image_id=image.id,
            job_id=job.id,
            document=document,
        )
        await session.commit()


async def _fail(env: JobEnvironment, claim: job_repo.Claim, message: str, code: str) -> JobOutcome:
    async with env.session_factory() as session:
        status = await job_repo.finish_job(
            session, claim=claim, status=JobStatus.FAILED, error=message, error_code=code
        )
        if status == JobStatus.CANCELLED:
            await token_repo.delete_job_results(session, job_id=claim.job_id)
        await session.commit()
    return JobOutcome.CANCELLED if status == JobStatus.CANCELLED else JobOutcome.FAILED


async def _release(
    env: JobEnvironment, claim: job_repo.Claim, message: str, code: str
) -> JobOutcome:
    async with env.session_factory() as session:
        status = await job_repo.release_job(session, claim=claim, reason=message, code=code)
        if status == JobStatus.CANCELLED:
            await token_repo.delete_job_results(session, job_id=claim.job_id)
        await session.commit()
    return JobOutcome.CANCELLED if status == JobStatus.CANCELLED else JobOutcome.RETRY


async def _handle_unexpected(env: JobEnvironment, claim: job_repo.Claim) -> JobOutcome:
    _log.exception("job %s: attempt %d failed", claim.job_id, claim.attempt)
    max_attempts = claim.max_attempts
    if claim.attempt < max_attempts:
        return await _release(
            env,
            claim,
            f"attempt {claim.attempt} of {max_attempts} failed with an internal error; retrying",
            "internal_error",
        )
    return await _fail(
        env,
        claim,
        f"failed after {claim.attempt} attempts with an internal error; the server logs have "
        f"details under job {claim.job_id}",
        "internal_error",
    )


async def run_job(job_id: str, env: JobEnvironment) -> JobOutcome:
    """Run one attempt of job `job_id` (see the module docstring).

    Parameters
    ----------
    job_id : str
        The job's id.
    env : JobEnvironment
        Database, blobs, notifications, compute and settings.

    Returns
    -------
    JobOutcome
        ``RETRY`` asks the caller to submit the job again after a pause.
    """
    async with env.session_factory() as session:
        claim = await job_repo.claim_job(session, job_id=job_id, worker=env.worker)
        await session.commit()
    if claim is None:
        return JobOutcome.SKIPPED
    await env.bus.publish(job_id)
    reporter = _Reporter(env, claim)
    heartbeat = asyncio.create_task(reporter.run())
    try:
        outcome = await _execute(env, claim, reporter)
    except _StopAttemptError:
        _log.warning("job %s: attempt %d was taken over; stopping", job_id, claim.attempt)
        outcome = JobOutcome.SKIPPED
    except asyncio.CancelledError:
        reason = f"attempt {claim.attempt} was interrupted by a shutdown; resuming"
        await asyncio.shield(_release(env, claim, reason, "interrupted"))
        raise
    except UnavailableError:
        outcome = await _handle_unexpected(env, claim)
    except CopyThatError as exc:
        outcome = await _fail(env, claim, str(exc), status_for(exc)[1])
    except Exception:
        outcome = await _handle_unexpected(env, claim)
    finally:
        heartbeat.cancel()
        # Wait for it without absorbing a cancellation of this task meanwhile (a runner
        # shutting down), which `await heartbeat` inside suppress(CancelledError) would do.
        await asyncio.wait({heartbeat})
    await env.bus.publish(job_id)
    return outcome
