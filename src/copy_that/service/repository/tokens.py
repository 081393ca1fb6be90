"""Per-image extraction results, token edits and immutable token versions of a project."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from copy_that.service.db.models import (
    ImageResultRow,
    ImageRow,
    ProjectRow,
    TokenEditRow,
    TokenVersionRow,
)
from copy_that.service.errors import NotFoundError
from copy_that.service.repository._paging import scalar_page

__all__ = [
    "add_edit",
    "add_image_result",
    "create_version",
    "delete_edit",
    "delete_job_results",
    "get_version",
    "image_ids_done_by_job",
    "latest_result",
    "latest_results",
    "latest_version",
    "latest_version_number",
    "list_edits",
    "list_versions",
    "lock_project",
]


async def add_image_result(
    session: AsyncSession,
    *,
    project_id: str,
    image_id: str,
    job_id: str | None,
    document: dict[str, Any],
) -> ImageResultRow:
    """Store the document one job measured in one image."""
    row = ImageResultRow(project_id=project_id, image_id=image_id, job_id=job_id, document=document)
    session.add(row)
    await session.flush()
    return row


async def image_ids_done_by_job(session: AsyncSession, *, job_id: str) -> set[str]:
    """Images a job has results for already (a resumed job skips them)."""
    return set(
        await session.scalars(
            select(ImageResultRow.image_id).where(ImageResultRow.job_id == job_id)
        )
    )


async def delete_job_results(session: AsyncSession, *, job_id: str) -> None:
    """Drop the results of a cancelled job, so the cancellation changes nothing."""
    await session.execute(delete(ImageResultRow).where(ImageResultRow.job_id == job_id))


def _newest_per_image(project_id: str) -> Any:
    ranked = (
        select(
            ImageResultRow.id,
            func.row_number()
            .over(
                partition_by=ImageResultRow.image_id,
                order_by=(ImageResultRow.created_at.desc(), ImageResultRow.id.desc()),
            )
            .label("rank"),
        )
        .where(ImageResultRow.project_id == project_id)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


async def latest_results(
    session: AsyncSession, *, project_id: str
) -> list[tuple[str, dict[str, Any]]]:
    """``(image_id, document)`` of the newest result of every image, in image upload order."""
    rows = await session.execute(
        select(ImageResultRow.image_id, ImageResultRow.document)
        .join(ImageRow, ImageRow.id == ImageResultRow.image_id)
        .where(ImageResultRow.id.in_(_newest_per_image(project_id)))
        .order_by(ImageRow.created_at, ImageRow.id)
    )
    return [(image_id, document) for image_id, document in rows]


async def latest_result(session: AsyncSession, *, image_id: str) -> ImageResultRow | None:
    """The newest result of one image, or None before its first extraction."""
    return await session.scalar(
        select(ImageResultRow)
        .where(ImageResultRow.image_id == image_id)
        .order_by(ImageResultRow.created_at.desc(), ImageResultRow.id.desc())
        .limit(1)
    )


async def list_edits(session: AsyncSession, *, project_id: str) -> list[TokenEditRow]:
    """The project's edits in replay order."""
    rows = await session.scalars(
        select(TokenEditRow).where(TokenEditRow.project_id == project_id).order_by(TokenEditRow.seq)
    )
    return list(rows)


async def add_edit(
    session: AsyncSession, *, project_id: str, op: str, payload: dict[str, Any], created_by: str
) -> TokenEditRow:
    """Append an edit (``seq`` one past the last; a concurrent append fails on the unique key)."""
    last = await session.scalar(
        select(func.max(TokenEditRow.seq)).where(TokenEditRow.project_id == project_id)
    )
    row = TokenEditRow(
        project_id=project_id,
        seq=int(last or 0) + 1,
        op=op,
        payload=payload,
        created_by=created_by,
    )
    session.add(row)
    await session.flush()
    return row


async def delete_edit(session: AsyncSession, *, project_id: str, edit_id: str) -> None:
    """Remove an edit (undo); `NotFoundError` when the project has no such edit."""
    row = await session.scalar(
        select(TokenEditRow).where(
            TokenEditRow.id == edit_id, TokenEditRow.project_id == project_id
        )
    )
    if row is None:
        raise NotFoundError("edit", edit_id)
    await session.delete(row)
    await session.flush()


async def create_version(
    session: AsyncSession,
    *,
    project_id: str,
    number: int,
    kind: str,
    document: dict[str, Any],
    summary: dict[str, Any],
    job_id: str | None,
    created_by: str | None,
) -> TokenVersionRow:
    """Insert version `number`: one past the version the new document was built from.

    A concurrent change that took the number first makes the insert fail on the unique key
    (IntegrityError), so the caller rebuilds from the newer state instead of losing it.
    """
    row = TokenVersionRow(
        project_id=project_id,
        number=number,
        kind=kind,
        document=document,
        summary=summary,
        job_id=job_id,
        created_by=created_by,
    )
    session.add(row)
    await session.flush()
    return row


async def list_versions(
    session: AsyncSession, *, project_id: str, limit: int, offset: int
) -> tuple[list[TokenVersionRow], int]:
    """One page of versions (newest first, documents not loaded) and the total count."""
    scope = (
        select(TokenVersionRow)
        .where(TokenVersionRow.project_id == project_id)
        .options(defer(TokenVersionRow.document))
    )
    return await scalar_page(
        session, scope, TokenVersionRow.number.desc(), limit=limit, offset=offset
    )


async def get_version(session: AsyncSession, *, project_id: str, number: int) -> TokenVersionRow:
    """One version of the project, else `NotFoundError`."""
    row = await session.scalar(
        select(TokenVersionRow).where(
            TokenVersionRow.project_id == project_id, TokenVersionRow.number == number
        )
    )
    if row is None:
        raise NotFoundError("version", str(number))
    return row


async def lock_project(session: AsyncSession, *, project_id: str) -> None:
    """Hold the project's row until commit, so its changes queue up one after another.

    PostgreSQL takes a row lock (``SELECT … FOR UPDATE``); SQLite has one writer at a time and
    ignores it, relying on the unique version number instead.
    """
    await session.execute(
        select(ProjectRow.id).where(ProjectRow.id == project_id).with_for_update()
    )


async def latest_version_number(session: AsyncSession, *, project_id: str) -> int:
    """The newest version's number, 0 before the first."""
    last = await session.scalar(
        select(func.max(TokenVersionRow.number)).where(TokenVersionRow.project_id == project_id)
    )
    return int(last or 0)


async def latest_version(session: AsyncSession, *, project_id: str) -> TokenVersionRow | None:
    """The newest version, or None before the first extraction or edit."""
    return await session.scalar(
        select(TokenVersionRow)
        .where(TokenVersionRow.project_id == project_id)
        .order_by(TokenVersionRow.number.desc())
        .limit(1)
    )
