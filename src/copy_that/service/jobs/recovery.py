"""Nothing is lost: jobs whose worker went silent are retried or failed, lost submissions redone.

`recover_jobs` runs when the API starts and then every ``JOB_HEARTBEAT_S`` seconds:

- a running job whose heartbeat is older than ``JOB_STALE_AFTER_S`` lost its worker (killed,
  crashed, machine gone): it goes back to the queue with the reason recorded while attempts
  remain, else it fails with that reason; one the user asked to cancel ends ``cancelled`` (its
  results dropped);
- a queued job whose cancellation was requested (left so by an earlier release) ends
  ``cancelled``;
- a queued job submitted longer ago than ``JOB_RESUBMIT_AFTER_S`` (or any queued job, at start-up
  of the in-process runner, whose queue was in memory) is submitted again. Claiming is atomic, so
  a duplicate submission runs nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from copy_that.service.config import Settings
from copy_that.service.db.models import JobStatus, utcnow
from copy_that.service.db.session import SessionFactory
from copy_that.service.jobs.runner import JobRunner
from copy_that.service.repository import jobs as job_repo
from copy_that.service.repository import tokens as token_repo

__all__ = ["RecoveryReport", "recover_jobs", "sweep_forever"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecoveryReport:
    """What one recovery pass did (job ids)."""

    requeued: tuple[str, ...]
    failed: tuple[str, ...]
    resubmitted: tuple[str, ...]
    cancelled: tuple[str, ...]


async def recover_jobs(
    session_factory: SessionFactory,
    runner: JobRunner,
    settings: Settings,
    *,
    resubmit_all_queued: bool = False,
) -> RecoveryReport:
    """One recovery pass (see the module docstring).

    Parameters
    ----------
    session_factory : SessionFactory
        The database.
    runner : JobRunner
        Where requeued and resubmitted jobs go.
    settings : Settings
        ``JOB_STALE_AFTER_S`` and ``JOB_RESUBMIT_AFTER_S``.
    resubmit_all_queued : bool
        Resubmit every queued job, however recent (start-up of an in-memory runner).

    Returns
    -------
    RecoveryReport
        The jobs requeued, failed, resubmitted and cancelled.
    """
    now = utcnow()
    silent_since = now - timedelta(seconds=settings.job_stale_after_s)
    requeued: list[str] = []
    failed: list[str] = []
    cancelled: list[str] = []
    async with session_factory() as session:
        for job in await job_repo.stale_running_jobs(session, silent_since=silent_since):
            claim = job_repo.Claim(
                job_id=job.id,
                attempt=job.attempts,
                worker=job.worker or "",
                max_attempts=job.max_attempts,
            )
            reason = (
                f"the worker running attempt {job.attempts} of {job.max_attempts} stopped "
                f"responding (no heartbeat for {settings.job_stale_after_s:g} s)"
            )
            if job.attempts < job.max_attempts:
                status = await job_repo.release_job(
                    session,
                    claim=claim,
                    reason=reason + "; retrying",
                    code="worker_lost",
                    silent_since=silent_since,
                )
            else:
                status = await job_repo.finish_job(
                    session,
                    claim=claim,
                    status=JobStatus.FAILED,
                    error=reason + "; no attempts left",
                    error_code="worker_lost",
                    silent_since=silent_since,
                )
            if status == JobStatus.CANCELLED:
                await token_repo.delete_job_results(session, job_id=job.id)
                cancelled.append(job.id)
            elif status is not None:
                (requeued if status == JobStatus.QUEUED else failed).append(job.id)
        for job_id in await job_repo.cancel_abandoned_jobs(session):
            await token_repo.delete_job_results(session, job_id=job_id)
            cancelled.append(job_id)
        cutoff = (
            None if resubmit_all_queued else now - timedelta(seconds=settings.job_resubmit_after_s)
        )
        waiting = await job_repo.unclaimed_queued_jobs(session, submitted_before=cutoff)
        resubmitted = [job_id for job_id in waiting if job_id not in requeued]
        await job_repo.mark_submitted(session, job_ids=[*requeued, *resubmitted])
        await session.commit()
    for job_id in [*requeued, *resubmitted]:
        await runner.submit(job_id)
    if requeued or failed or resubmitted or cancelled:
        _log.warning(
            "job recovery: %d requeued, %d failed, %d resubmitted, %d cancelled",
            len(requeued),
            len(failed),
            len(resubmitted),
            len(cancelled),
        )
    return RecoveryReport(tuple(requeued), tuple(failed), tuple(resubmitted), tuple(cancelled))


async def sweep_forever(
    session_factory: SessionFactory, runner: JobRunner, settings: Settings
) -> None:
    """Run `recover_jobs` every ``JOB_HEARTBEAT_S`` seconds until cancelled."""
    while True:
        await asyncio.sleep(settings.job_heartbeat_s)
        try:
            await recover_jobs(session_factory, runner, settings)
        # The sweeper must outlive a database outage; the next pass tries again.
        except Exception:
            _log.warning("job recovery pass failed", exc_info=True)
