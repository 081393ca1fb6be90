"""Immutable versions of the design system: list, get, diff two."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from copy_that.service.deps import PageDep, ProjectDep, SessionDep, limit_requests
from copy_that.service.diff import TokenChange, diff_documents
from copy_that.service.repository import tokens as token_repo
from copy_that.service.schemas import (
    ErrorBody,
    TokenChangePublic,
    VersionDetail,
    VersionDiffPublic,
    VersionPublic,
    VersionsPublic,
)

__all__ = ["router"]

Number = Annotated[int, Path(ge=1, description="Version number (1 = first).")]

router = APIRouter(
    prefix="/projects/{project_id}/versions",
    tags=["versions"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


@router.get("", response_model=VersionsPublic)
async def list_versions(access: ProjectDep, session: SessionDep, page: PageDep) -> VersionsPublic:
    """The project's versions, newest first (without their documents)."""
    rows, count = await token_repo.list_versions(
        session, project_id=access.project.id, limit=page.limit, offset=page.offset
    )
    return VersionsPublic(data=[VersionPublic.model_validate(r) for r in rows], count=count)


@router.get("/{number}", response_model=VersionDetail)
async def get_version(number: Number, access: ProjectDep, session: SessionDep) -> VersionDetail:
    """One version with its DTCG document."""
    row = await token_repo.get_version(session, project_id=access.project.id, number=number)
    return VersionDetail.model_validate(row)


def _changes(changes: tuple[TokenChange, ...]) -> list[TokenChangePublic]:
    return [TokenChangePublic(path=c.path, before=c.before, after=c.after) for c in changes]


@router.get("/{number}/diff", response_model=VersionDiffPublic)
async def diff_versions(
    number: Number,
    access: ProjectDep,
    session: SessionDep,
    against: Annotated[
        int | None, Query(ge=1, description="Older version; default number - 1.")
    ] = None,
) -> VersionDiffPublic:
    """Tokens added, removed and changed from version `against` to version `number`.

    Values, types, descriptions and the values of other modes (``modes``, e.g. the dark theme)
    are compared; evidence and confidence are not.
    """
    base_number = against if against is not None else max(1, number - 1)
    project_id = access.project.id
    target = await token_repo.get_version(session, project_id=project_id, number=number)
    base = await token_repo.get_version(session, project_id=project_id, number=base_number)
    diff = diff_documents(base.document, target.document)
    return VersionDiffPublic(
        from_version=base.number,
        to_version=target.number,
        added=_changes(diff.added),
        removed=_changes(diff.removed),
        changed=_changes(diff.changed),
    )
