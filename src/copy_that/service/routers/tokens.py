"""The design system's tokens: current or per image, exported in any format, and edits."""

from __future__ import annotations

import re
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.exporters import ExportOptions, Registry
from copy_that.service.deps import ContextDep, CurrentUser, ProjectDep, SessionDep, limit_requests
from copy_that.service.design_system import add_edit_version, remove_edit_version, retry_on_conflict
from copy_that.service.documents import parse_path
from copy_that.service.edits import Delete, Edit, Rename, SetRole, SetValue
from copy_that.service.errors import NotFoundError
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import tokens as token_repo
from copy_that.service.schemas import (
    EditResultPublic,
    ErrorBody,
    RenameEdit,
    SetRoleEdit,
    SetValueEdit,
    TokenEditCreate,
    TokenEditPublic,
    TokenEditsPublic,
    VersionPublic,
)
from copy_that.tokens import dtcg

__all__ = ["router"]

router = APIRouter(
    prefix="/projects/{project_id}",
    tags=["tokens"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)

FormatParam = Annotated[
    str | None,
    Query(max_length=64, description="An export format (see /formats); omitted = DTCG JSON."),
]
_EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The DTCG document as JSON (a resolver document when the tokens have "
        "modes, e.g. a dark theme), or the file of the requested format."
    },
    422: {"model": ErrorBody, "description": "Unknown format, or tokens it cannot express."},
}
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _file_stem(name: str) -> str:
    return _SLUG_RE.sub("-", name.lower()).strip("-")[:64] or "tokens"


def _render(
    document: dict[str, Any], exporters: Registry, name: str, stem: str
) -> tuple[str, str, str]:
    exporter = exporters.get(name)
    text = exporter.render(dtcg.from_document(document), ExportOptions(file_stem=stem))
    return text, exporter.media_type, f"{stem}.{exporter.extension}"


async def _document_response(
    document: dict[str, Any], format_name: str | None, exporters: Registry, stem: str
) -> Response:
    if format_name is None:
        return JSONResponse(document)
    exporters.get(format_name)  # unknown names fail here with the list of formats
    text, media_type, filename = await anyio.to_thread.run_sync(
        _render, document, exporters, format_name, stem
    )
    return Response(
        content=text,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/tokens", response_class=Response, responses=_EXPORT_RESPONSES)
async def get_tokens(
    access: ProjectDep,
    session: SessionDep,
    context: ContextDep,
    format: FormatParam = None,
    version: Annotated[int | None, Query(ge=1, description="A version; omitted = newest.")] = None,
) -> Response:
    """The project's design system (merged across images, edits applied), in any format."""
    project_id = access.project.id
    if version is None:
        row = await token_repo.latest_version(session, project_id=project_id)
        if row is None:
            raise NotFoundError("tokens", project_id)
    else:
        row = await token_repo.get_version(session, project_id=project_id, number=version)
    return await _document_response(
        row.document, format, context.exporters, _file_stem(access.project.name)
    )


@router.get("/images/{image_id}/tokens", response_class=Response, responses=_EXPORT_RESPONSES)
async def get_image_tokens(
    image_id: Annotated[str, Path(max_length=64)],
    access: ProjectDep,
    session: SessionDep,
    context: ContextDep,
    format: FormatParam = None,
) -> Response:
    """The tokens measured in one image by its newest extraction (no edits applied)."""
    image = await image_repo.get_image(session, project_id=access.project.id, image_id=image_id)
    result = await token_repo.latest_result(session, image_id=image.id)
    if result is None:
        raise NotFoundError("tokens of image", image_id)
    stem = _file_stem(image.filename.rsplit(".", 1)[0])
    return await _document_response(result.document, format, context.exporters, stem)


@router.get("/tokens/edits", response_model=TokenEditsPublic)
async def list_edits(access: ProjectDep, session: SessionDep) -> TokenEditsPublic:
    """The project's edits, in the order they are replayed over every extraction."""
    rows = await token_repo.list_edits(session, project_id=access.project.id)
    return TokenEditsPublic(data=[TokenEditPublic.model_validate(r) for r in rows], count=len(rows))


def _edit(body: RenameEdit | SetValueEdit | SetRoleEdit | Any) -> Edit:
    path = parse_path(body.path)
    if isinstance(body, RenameEdit):
        return Rename(path=path, to=parse_path(body.to))
    if isinstance(body, SetValueEdit):
        return SetValue(path=path, value=body.value, type=body.type)
    if isinstance(body, SetRoleEdit):
        return SetRole(path=path, target=parse_path(body.target))
    return Delete(path=path)


@router.post(
    "/tokens/edits",
    status_code=status.HTTP_201_CREATED,
    response_model=EditResultPublic,
    responses={409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def add_edit(
    body: TokenEditCreate, access: ProjectDep, user: CurrentUser, context: ContextDep
) -> EditResultPublic:
    """Edit a token: rename, set its value, set a role (alias) or delete it.

    The edit is kept and replayed over every later extraction; it makes a new version now.
    """
    edit = _edit(body)

    async def work(session: AsyncSession) -> EditResultPublic:
        row, version = await add_edit_version(
            session, project_id=access.project.id, edit=edit, created_by=user.id
        )
        return EditResultPublic(
            edit=TokenEditPublic.model_validate(row), version=VersionPublic.model_validate(version)
        )

    return await retry_on_conflict(context.session_factory, work)


@router.delete("/tokens/edits/{edit_id}", response_model=VersionPublic)
async def remove_edit(
    edit_id: Annotated[str, Path(max_length=64)],
    access: ProjectDep,
    user: CurrentUser,
    context: ContextDep,
) -> VersionPublic:
    """Undo an edit: it is removed and the design system rebuilt without it (a new version)."""

    async def work(session: AsyncSession) -> VersionPublic:
        version = await remove_edit_version(
            session, project_id=access.project.id, edit_id=edit_id, created_by=user.id
        )
        return VersionPublic.model_validate(version)

    return await retry_on_conflict(context.session_factory, work)
