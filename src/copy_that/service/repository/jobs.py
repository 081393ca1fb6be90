"""Job rows: creation, atomic claiming, progress, heartbeats, completion and recovery.

Every state change is a conditional UPDATE on the row (status and attempt number in the WHERE
clause), so two workers can never both run a job, and a worker that was declared dead cannot
overwrite the result of the attempt that replaced it. Cancellation wins: an attempt that fails
or is given up after the user asked to cancel ends the job ``cancelled``, decided inside the
same UPDATE so a request landing at that moment is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, case, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.db.models import JobRow, JobStatus, utcnow
from copy_that.service.errors import ConflictError, NotFoundError
from copy_that.service.repository._paging import scalar_page

__all__ = [
    "Claim",
    "cancel_abandoned_jobs",
    "claim_job",
    "create_job",
    "finish_job",
    "get_job",
    "list_jobs",
    "load_job",
    "mark_submitted",
    "release_job",
    "request_cancel",
    "stale_running_jobs",
    "touch_job",
    "unclaimed_queued_jobs",
]


@dataclass(frozen=True)
class Claim:
    """The right to run one attempt of a job: the fence every later write must match."""

    job_id: str
    attempt: int
    worker: str
    max_attempts: int


def _rowcount(result: Any) -> int:
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


async def create_job(
    session: AsyncSession,
    *,
    project_id: str,
    image_ids: list[str],
    options: dict[str, Any],
    max_attempts: int,
    created_by: str,
) -> JobRow:
    """Insert a queued job."""
    now = utcnow()
    job = JobRow(
        project_id=project_id,
        status=JobStatus.QUEUED,
        stage="queued",
        progress=0.0,
        options=options,
        image_ids=image_ids,
        attempts=0,
        max_attempts=max_attempts,
        cancel_requested=False,
        created_by=created_by,
        created_at=now,
        submitted_at=now,
    )
    session.add(job)
    await session.flush()
    return job


async def list_jobs(
    session: AsyncSession, *, project_id: str, limit: int, offset: int
) -> tuple[list[JobRow], int]:
    """One page of a project's jobs (newest first) and their total count."""
    scope = select(JobRow).where(JobRow.project_id == project_id)
    return await scalar_page(
        session, scope, JobRow.created_at.desc(), JobRow.id, limit=limit, offset=offset
    )


async def get_job(session: AsyncSession, *, project_id: str, job_id: str) -> JobRow:
    """A job of the project, else `NotFoundError`."""
    row = await session.scalar(
        select(JobRow).where(JobRow.id == job_id, JobRow.project_id == project_id)
    )
    if row is None:
        raise NotFoundError("job", job_id)
    return row


async def load_job(session: AsyncSession, *, job_id: str) -> JobRow | None:
    """A job by id, fresh from the database (workers only; not scoped to a caller)."""
    return await session.scalar(
        select(JobRow).where(JobRow.id == job_id).execution_options(populate_existing=True)
    )


async def request_cancel(session: AsyncSession, *, job: JobRow) -> JobRow:
    """Cancel a queued job at once, or ask a running one to stop at its next image.

    Raises
    ------
    ConflictError
        The job has finished already.
    """
    if JobStatus(job.status).is_terminal:
        raise ConflictError(f"job {job.id} has finished ({job.status}); nothing to cancel")
    # One statement: an attempt released back to the queue at this moment is cancelled too,
    # never left queued with the request set (no worker claims such a job).
    queued = JobRow.status == JobStatus.QUEUED
    await session.execute(
        update(JobRow)
        .where(JobRow.id == job.id, JobRow.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
        .values(
            cancel_requested=True,
            status=case((queued, literal(JobStatus.CANCELLED.value)), else_=JobRow.status),
            stage=case((queued, literal("cancelled")), else_=JobRow.stage),
            finished_at=case(
                (queued, literal(utcnow(), JobRow.finished_at.type)), else_=JobRow.finished_at
            ),
        )
    )
    await session.flush()
    await session.refresh(job)
    return job


async def claim_job(session: AsyncSession, *, job_id: str, worker: str) -> Claim | None:
    """Move a queued job to running for `worker`; None when someone else has it or it ended."""
    now = utcnow()
    result = await session.execute(
        update(JobRow)
        .where(
            JobRow.id == job_id,
            JobRow.status == JobStatus.QUEUED,
            JobRow.cancel_requested.is_(False),
        )
        .values(
            status=JobStatus.RUNNING,
            stage="starting",
            attempts=JobRow.attempts + 1,
            worker=worker,
            started_at=now,
            heartbeat_at=now,
        )
    )
    if _rowcount(result) == 0:
        return None
    row = (
        await session.execute(
            select(JobRow.attempts, JobRow.max_attempts).where(JobRow.id == job_id)
        )
    ).one()
    return Claim(job_id=job_id, attempt=int(row[0]), worker=worker, max_attempts=int(row[1]))


def _fenced(claim: Claim, silent_since: datetime | None = None) -> Any:
    condition = (
        (JobRow.id == claim.job_id)
        & (JobRow.status == JobStatus.RUNNING)
        & (JobRow.attempts == claim.attempt)
        & (JobRow.worker == claim.worker)
    )
    if silent_since is not None:
        condition = condition & (JobRow.heartbeat_at < silent_since)
    return condition


def _unless_cancel_requested(value: Any, cancelled: Any) -> Any:
    """`value`, or `cancelled` when the row's cancellation was requested (an SQL CASE)."""
    return case((JobRow.cancel_requested.is_(True), cancelled), else_=value)


async def touch_job(
    session: AsyncSession, *, claim: Claim, stage: str | None, progress: float | None
) -> bool | None:
    """Record progress and a heartbeat.

    Returns
    -------
    bool or None
        Whether cancellation was requested; None when this attempt no longer owns the job.
    """
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if stage is not None:
        values["stage"] = stage[:64]
    if progress is not None:
        values["progress"] = min(max(progress, 0.0), 1.0)
    result = await session.execute(update(JobRow).where(_fenced(claim)).values(**values))
    if _rowcount(result) == 0:
        return None
    cancel = await session.scalar(select(JobRow.cancel_requested).where(JobRow.id == claim.job_id))
    return bool(cancel)


async def finish_job(
    session: AsyncSession,
    *,
    claim: Claim,
    status: JobStatus,
    error: str | None = None,
    error_code: str | None = None,
    version_number: int | None = None,
    silent_since: datetime | None = None,
) -> JobStatus | None:
    """End this attempt with a terminal status.

    With `silent_since` (recovery of a dead worker's job) the attempt is only ended when its
    last heartbeat is older than that. A job asked to cancel ends ``cancelled`` instead of
    ``failed`` (without the error).

    Returns
    -------
    JobStatus or None
        The status the job ended with; None when this attempt no longer owns the job.
    """
    values: dict[str, Any] = {
        "status": status,
        "stage": status.value,
        "error": error,
        "error_code": error_code,
        "version_number": version_number,
        "finished_at": utcnow(),
    }
    if status == JobStatus.SUCCEEDED:
        values["progress"] = 1.0
    if status == JobStatus.FAILED:
        cancelled = literal(JobStatus.CANCELLED.value)
        values["status"] = values["stage"] = _unless_cancel_requested(
            literal(status.value), cancelled
        )
        values["error"] = _unless_cancel_requested(literal(error), None)
        values["error_code"] = _unless_cancel_requested(literal(error_code), None)
    ended = await session.scalar(
        update(JobRow).where(_fenced(claim, silent_since)).values(**values).returning(JobRow.status)
    )
    return None if ended is None else JobStatus(ended)


async def release_job(
    session: AsyncSession,
    *,
    claim: Claim,
    reason: str,
    code: str,
    silent_since: datetime | None = None,
) -> JobStatus | None:
    """Put a running job back in the queue for another attempt (the reason stays visible).

    A job asked to cancel is not queued again (nothing would ever claim it): it ends
    ``cancelled``. `silent_since` works as in `finish_job`.

    Returns
    -------
    JobStatus or None
        ``QUEUED`` or ``CANCELLED``; None when this attempt no longer owns the job.
    """
    now = utcnow()
    ended = await session.scalar(
        update(JobRow)
        .where(_fenced(claim, silent_since))
        .values(
            status=_unless_cancel_requested(
                literal(JobStatus.QUEUED.value), literal(JobStatus.CANCELLED.value)
            ),
            stage=_unless_cancel_requested(literal("retrying"), literal("cancelled")),
            error=_unless_cancel_requested(literal(reason), None),
            error_code=_unless_cancel_requested(literal(code), None),
            worker=None,
            submitted_at=now,
            finished_at=_unless_cancel_requested(None, literal(now, JobRow.finished_at.type)),
        )
        .returning(JobRow.status)
    )
    return None if ended is None else JobStatus(ended)


async def stale_running_jobs(session: AsyncSession, *, silent_since: datetime) -> list[JobRow]:
    """Running jobs whose last heartbeat is older than `silent_since`."""
    rows = await session.scalars(
        select(JobRow).where(JobRow.status == JobStatus.RUNNING, JobRow.heartbeat_at < silent_since)
    )
    return list(rows)


async def unclaimed_queued_jobs(
    session: AsyncSession, *, submitted_before: datetime | None
) -> list[str]:
    """Ids of queued jobs submitted before the cut-off (all queued jobs when it is None)."""
    query = select(JobRow.id).where(JobRow.status == JobStatus.QUEUED)
    if submitted_before is not None:
        query = query.where(JobRow.submitted_at < submitted_before)
    return list(await session.scalars(query.order_by(JobRow.submitted_at)))


async def cancel_abandoned_jobs(session: AsyncSession) -> list[str]:
    """End queued jobs whose cancellation was requested (no worker would claim them); their ids.

    Earlier releases could leave a job so when its attempt failed after the request.
    """
    rows = await session.scalars(
        update(JobRow)
        .where(JobRow.status == JobStatus.QUEUED, JobRow.cancel_requested.is_(True))
        .values(status=JobStatus.CANCELLED, stage="cancelled", finished_at=utcnow())
        .returning(JobRow.id)
    )
    return list(rows)


async def mark_submitted(session: AsyncSession, *, job_ids: list[str]) -> None:
    """Record that queued jobs were (re)submitted now, so the sweeper waits before the next try."""
    if job_ids:
        await session.execute(
            update(JobRow)
            .where(JobRow.id.in_(job_ids), JobRow.status == JobStatus.QUEUED)
            .values(submitted_at=utcnow())
        )
