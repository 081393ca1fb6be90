"""Images of a project: multipart upload, import by URL, list, get, original bytes, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Response, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.deps import (
    BlobStoreDep,
    ContextDep,
    CurrentUser,
    PageDep,
    ProjectDep,
    SessionDep,
    limit_requests,
)
from copy_that.service.design_system import rebuild_version, retry_on_conflict
from copy_that.service.errors import PayloadTooLargeError
from copy_that.service.fetch import FetchLimits, fetch_url
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import tokens as token_repo
from copy_that.service.schemas import ErrorBody, ImageImport, ImagePublic, ImagesPublic
from copy_that.service.storage import BlobStore
from copy_that.service.uploads import CheckedImage, check_image, read_upload

__all__ = ["router"]

ImageId = Annotated[str, Path(max_length=64)]

router = APIRouter(
    prefix="/projects/{project_id}/images",
    tags=["images"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
_BAD_IMAGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "A file or the request is over its size cap."},
    415: {"model": ErrorBody, "description": "Not an image type the service reads."},
    422: {"model": ErrorBody, "description": "Over the pixel limit, or corrupt."},
}


async def _store(
    session: AsyncSession,
    blob_store: BlobStore,
    *,
    project_id: str,
    user_id: str,
    image: CheckedImage,
    source_url: str | None,
) -> ImagePublic:
    key = await blob_store.put(image.data)
    row, _created = await image_repo.add_image(
        session,
        project_id=project_id,
        blob_key=key,
        filename=image.filename,
        media_type=image.media_type,
        size_bytes=len(image.data),
        width_px=image.width_px,
        height_px=image.height_px,
        source_url=source_url,
        created_by=user_id,
    )
    await session.commit()
    # The same bytes may have been deleted by another project's clean-up between the put and
    # the commit; writing them again is cheap and makes the new row's blob certain.
    if not await blob_store.exists(key):
        await blob_store.put(image.data)
    return ImagePublic.model_validate(row)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ImagesPublic,
    responses=_BAD_IMAGE,
)
async def upload_images(
    files: Annotated[list[UploadFile], File(description="One or more image files.")],
    access: ProjectDep,
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
) -> ImagesPublic:
    """Upload images (multipart field ``files``). All are checked before any is stored.

    The type is judged from the bytes; the same bytes uploaded again return the existing image.
    """
    settings = context.settings
    if len(files) > settings.max_files_per_request:
        raise PayloadTooLargeError(
            f"{len(files)} files in one request; send at most {settings.max_files_per_request}",
            max_bytes=settings.max_request_bytes,
        )
    checked = [
        await check_image(
            await read_upload(upload, max_bytes=settings.max_upload_bytes),
            filename=upload.filename,
            max_bytes=settings.max_upload_bytes,
            max_pixels=settings.max_image_pixels,
        )
        for upload in files
    ]
    stored = [
        await _store(
            session,
            context.blob_store,
            project_id=access.project.id,
            user_id=user.id,
            image=image,
            source_url=None,
        )
        for image in checked
    ]
    return ImagesPublic(data=stored, count=len(stored))


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    response_model=ImagePublic,
    responses={
        **_BAD_IMAGE,
        502: {"model": ErrorBody, "description": "The remote server failed."},
        504: {"model": ErrorBody, "description": "The remote server was too slow."},
    },
)
async def import_image(
    body: ImageImport,
    access: ProjectDep,
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
) -> ImagePublic:
    """Import an image from a public http(s) URL (no private addresses, capped size and time)."""
    settings = context.settings
    fetched = await fetch_url(
        body.url,
        limits=FetchLimits(
            max_bytes=settings.max_upload_bytes,
            timeout_s=settings.url_fetch_timeout_s,
            max_redirects=settings.url_fetch_max_redirects,
        ),
    )
    image = await check_image(
        fetched.data,
        filename=body.filename or fetched.filename,
        max_bytes=settings.max_upload_bytes,
        max_pixels=settings.max_image_pixels,
    )
    return await _store(
        session,
        context.blob_store,
        project_id=access.project.id,
        user_id=user.id,
        image=image,
        source_url=fetched.url,
    )


@router.get("", response_model=ImagesPublic)
async def list_images(access: ProjectDep, session: SessionDep, page: PageDep) -> ImagesPublic:
    """The project's images, oldest first."""
    rows, count = await image_repo.list_images(
        session, project_id=access.project.id, limit=page.limit, offset=page.offset
    )
    return ImagesPublic(data=[ImagePublic.model_validate(r) for r in rows], count=count)


@router.get("/{image_id}", response_model=ImagePublic)
async def get_image(image_id: ImageId, access: ProjectDep, session: SessionDep) -> ImagePublic:
    """One image's metadata."""
    row = await image_repo.get_image(session, project_id=access.project.id, image_id=image_id)
    return ImagePublic.model_validate(row)


@router.get(
    "/{image_id}/content",
    response_class=Response,
    responses={200: {"content": {"image/*": {}}, "description": "The original bytes."}},
)
async def get_image_content(
    image_id: ImageId, access: ProjectDep, session: SessionDep, blob_store: BlobStoreDep
) -> Response:
    """The original file, byte for byte."""
    row = await image_repo.get_image(session, project_id=access.project.id, image_id=image_id)
    data = await blob_store.get(row.blob_key)
    return Response(
        content=data,
        media_type=row.media_type,
        headers={
            # Content-addressed: the bytes behind this URL never change.
            "Cache-Control": "private, max-age=31536000, immutable",
            "ETag": f'"{row.blob_key}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
        },
    )


@router.delete("/{image_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_image(
    image_id: ImageId,
    access: ProjectDep,
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
) -> Response:
    """Delete an image and its results; the design system is rebuilt without it."""
    row = await image_repo.get_image(session, project_id=access.project.id, image_id=image_id)
    contributed = await token_repo.latest_result(session, image_id=row.id) is not None
    key = await image_repo.delete_image(session, image=row)
    await session.commit()
    if contributed:

        async def rebuild(fresh: AsyncSession) -> None:
            await rebuild_version(
                fresh, project_id=access.project.id, kind="images", job_id=None, created_by=user.id
            )

        await retry_on_conflict(context.session_factory, rebuild)
    for unused in await image_repo.unreferenced_blob_keys(session, keys=[key]):
        await context.blob_store.delete(unused)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
