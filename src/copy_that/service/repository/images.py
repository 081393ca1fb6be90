"""Image rows of a project and the blob references they hold."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.db.models import ImageRow, ProjectRow
from copy_that.service.errors import NotFoundError
from copy_that.service.repository._paging import scalar_page

__all__ = [
    "add_image",
    "delete_image",
    "delete_project",
    "get_image",
    "get_images",
    "list_images",
    "unreferenced_blob_keys",
]


async def add_image(
    session: AsyncSession,
    *,
    project_id: str,
    blob_key: str,
    filename: str,
    media_type: str,
    size_bytes: int,
    width_px: int,
    height_px: int,
    source_url: str | None,
    created_by: str,
) -> tuple[ImageRow, bool]:
    """Add an image to a project, or return the one with the same bytes already there.

    Returns
    -------
    (ImageRow, bool)
        The row, and whether it was created (False: the project had these bytes already).
    """
    existing = await session.scalar(
        select(ImageRow).where(ImageRow.project_id == project_id, ImageRow.blob_key == blob_key)
    )
    if existing is not None:
        return existing, False
    row = ImageRow(
        project_id=project_id,
        blob_key=blob_key,
        filename=filename,
        media_type=media_type,
        size_bytes=size_bytes,
        width_px=width_px,
        height_px=height_px,
        source_url=source_url,
        created_by=created_by,
    )
    session.add(row)
    await session.flush()
    return row, True


async def list_images(
    session: AsyncSession, *, project_id: str, limit: int, offset: int
) -> tuple[list[ImageRow], int]:
    """One page of a project's images (oldest first) and their total count."""
    scope = select(ImageRow).where(ImageRow.project_id == project_id)
    return await scalar_page(
        session, scope, ImageRow.created_at, ImageRow.id, limit=limit, offset=offset
    )


async def get_image(session: AsyncSession, *, project_id: str, image_id: str) -> ImageRow:
    """An image of the project, else `NotFoundError`."""
    row = await session.scalar(
        select(ImageRow).where(ImageRow.id == image_id, ImageRow.project_id == project_id)
    )
    if row is None:
        raise NotFoundError("image", image_id)
    return row


async def get_images(
    session: AsyncSession, *, project_id: str, image_ids: Iterable[str] | None
) -> list[ImageRow]:
    """The named images of the project (all when `image_ids` is None), oldest first.

    Raises
    ------
    NotFoundError
        One of the ids is not an image of this project.
    """
    query = select(ImageRow).where(ImageRow.project_id == project_id)
    wanted = None if image_ids is None else list(dict.fromkeys(image_ids))
    if wanted is not None:
        query = query.where(ImageRow.id.in_(wanted))
    rows = list(await session.scalars(query.order_by(ImageRow.created_at, ImageRow.id)))
    if wanted is not None:
        missing = set(wanted) - {row.id for row in rows}
        if missing:
            raise NotFoundError("image", sorted(missing)[0])
    return rows


async def delete_image(session: AsyncSession, *, image: ImageRow) -> str:
    """Delete an image row (its results cascade); returns its blob key for clean-up."""
    key = image.blob_key
    await session.delete(image)
    await session.flush()
    return key


async def delete_project(session: AsyncSession, *, project: ProjectRow) -> list[str]:
    """Delete a project and everything in it (by cascade); returns its images' blob keys."""
    keys = list(
        await session.scalars(select(ImageRow.blob_key).where(ImageRow.project_id == project.id))
    )
    await session.execute(delete(ProjectRow).where(ProjectRow.id == project.id))
    return keys


async def unreferenced_blob_keys(session: AsyncSession, *, keys: Iterable[str]) -> list[str]:
    """Those of `keys` no image row refers to any more (safe to delete from the blob store)."""
    candidates = set(keys)
    if not candidates:
        return []
    used = set(
        await session.scalars(select(ImageRow.blob_key).where(ImageRow.blob_key.in_(candidates)))
    )
    return sorted(candidates - used)
