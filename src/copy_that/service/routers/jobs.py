"""Extraction jobs: start, list, status, live progress (Server-Sent Events), cancel."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, status
from fastapi.sse import EventSourceResponse, ServerSentEvent

from copy_that.pipeline import ALL_KINDS
from copy_that.service.db.models import JobRow, JobStatus
from copy_that.service.deps import (
    ContextDep,
    CurrentUser,
    PageDep,
    ProjectDep,
    SessionDep,
    limit_requests,
)
from copy_that.service.errors import ConflictError
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import jobs as job_repo
from copy_that.service.repository import tokens as token_repo
from copy_that.service.schemas import (
    ErrorBody,
    JobCreate,
    JobPublic,
    JobsPublic,
    VersionPublic,
)

__all__ = ["router"]

_log = logging.getLogger(__name__)
# SSE streams re-read the job row at least this often (seconds) even without a notification.
_POLL_S = 1.0

router = APIRouter(
    prefix="/projects/{project_id}/jobs",
    tags=["jobs"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


async def _job(
    job_id: Annotated[str, Path(max_length=64)], access: ProjectDep, session: SessionDep
) -> JobRow:
    return await job_repo.get_job(session, project_id=access.project.id, job_id=job_id)


JobDep = Annotated[JobRow, Depends(_job)]


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def start_job(
    body: JobCreate, access: ProjectDep, user: CurrentUser, session: SessionDep, context: ContextDep
) -> JobPublic:
    """Queue an extraction of some or all of the project's images; follow it at ``…/events``."""
    images = await image_repo.get_images(
        session, project_id=access.project.id, image_ids=body.image_ids
    )
    if not images:
        raise ConflictError("the project has no images yet; upload some first")
    options: dict[str, Any] = {
        "kinds": [kind for kind in ALL_KINDS if kind in body.kinds],
        "max_colors": body.max_colors,
        "dpr": body.dpr,
        "ocr": body.ocr,
    }
    job = await job_repo.create_job(
        session,
        project_id=access.project.id,
        image_ids=[image.id for image in images],
        options=options,
        max_attempts=context.settings.job_max_attempts,
        created_by=user.id,
    )
    await session.commit()
    try:
        await context.runner.submit(job.id)
    # The row is queued either way; the recovery sweep resubmits it once the runner is back.
    except Exception:
        _log.warning("job %s: submission failed; the sweeper will retry", job.id, exc_info=True)
    return JobPublic.model_validate(job)


@router.get("", response_model=JobsPublic)
async def list_jobs(access: ProjectDep, session: SessionDep, page: PageDep) -> JobsPublic:
    """The project's jobs, newest first."""
    rows, count = await job_repo.list_jobs(
        session, project_id=access.project.id, limit=page.limit, offset=page.offset
    )
    return JobsPublic(data=[JobPublic.model_validate(r) for r in rows], count=count)


@router.get("/{job_id}", response_model=JobPublic)
async def get_job(job: JobDep) -> JobPublic:
    """A job's status and progress (0–1)."""
    return JobPublic.model_validate(job)


@router.get(
    "/{job_id}/events",
    response_class=EventSourceResponse,
    responses={200: {"description": "``progress`` events, then one ``result`` event."}},
)
async def job_events(job: JobDep, context: ContextDep) -> AsyncIterable[ServerSentEvent]:
    """Live progress as Server-Sent Events.

    A ``progress`` event (the job as JSON) whenever status, stage or progress changes, then one
    ``result`` event when the job ends: ``{"job": …, "version": …}`` (version null unless it
    succeeded). The stream then closes.
    """
    last: dict[str, Any] | None = None
    sequence = 0
    async with context.bus.subscribe(job.id) as subscription:
        while True:
            async with context.session_factory() as session:
                row = await job_repo.load_job(session, job_id=job.id)
                if row is None:  # deleted with its project while being watched
                    return
                state = JobPublic.model_validate(row).model_dump(mode="json")
                version = None
                if row.status == JobStatus.SUCCEEDED and row.version_number is not None:
                    found = await token_repo.get_version(
                        session, project_id=row.project_id, number=row.version_number
                    )
                    version = VersionPublic.model_validate(found).model_dump(mode="json")
            if state != last:
                sequence += 1
                last = state
                yield ServerSentEvent(event="progress", data=state, id=str(sequence))
            if JobStatus(row.status).is_terminal:
                yield ServerSentEvent(
                    event="result", data={"job": state, "version": version}, id=str(sequence + 1)
                )
                return
            await subscription.wait(_POLL_S)


@router.post("/{job_id}/cancel", response_model=JobPublic, responses={409: {"model": ErrorBody}})
async def cancel_job(job: JobDep, session: SessionDep, context: ContextDep) -> JobPublic:
    """Cancel: a queued job stops at once, a running one at its next image (its results dropped)."""
    updated = await job_repo.request_cancel(session, job=job)
    await session.commit()
    await context.bus.publish(job.id)
    return JobPublic.model_validate(updated)
