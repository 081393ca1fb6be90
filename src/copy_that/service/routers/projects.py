"""Projects: create, list, get, rename, delete (with their images' blobs)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response, status

from copy_that.service.deps import (
    BlobStoreDep,
    CurrentUser,
    PageDep,
    ProjectDep,
    SessionDep,
    limit_requests,
)
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import projects as project_repo
from copy_that.service.repository.projects import ProjectAccess
from copy_that.service.schemas import (
    ErrorBody,
    ProjectCreate,
    ProjectPublic,
    ProjectsPublic,
    ProjectUpdate,
)

__all__ = ["project_public", "router"]

router = APIRouter(
    prefix="/projects",
    tags=["projects"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}},
)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such project for this caller."}
}


def project_public(access: ProjectAccess) -> ProjectPublic:
    """The API view of a project for the caller."""
    project = access.project
    return ProjectPublic(
        id=project.id,
        name=project.name,
        role=access.role,
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProjectPublic)
async def create_project(
    body: ProjectCreate, user: CurrentUser, session: SessionDep
) -> ProjectPublic:
    """Create a project; the caller becomes its owner."""
    access = await project_repo.create_project(session, owner_id=user.id, name=body.name)
    await session.commit()
    return project_public(access)


@router.get("", response_model=ProjectsPublic)
async def list_projects(user: CurrentUser, session: SessionDep, page: PageDep) -> ProjectsPublic:
    """The caller's projects, newest first."""
    rows, count = await project_repo.list_projects(
        session, user_id=user.id, limit=page.limit, offset=page.offset
    )
    return ProjectsPublic(data=[project_public(a) for a in rows], count=count)


@router.get("/{project_id}", response_model=ProjectPublic, responses=_NOT_FOUND)
async def get_project(access: ProjectDep) -> ProjectPublic:
    """One project."""
    return project_public(access)


@router.patch(
    "/{project_id}",
    response_model=ProjectPublic,
    responses={**_NOT_FOUND, 403: {"model": ErrorBody}},
)
async def rename_project(
    body: ProjectUpdate, access: ProjectDep, session: SessionDep
) -> ProjectPublic:
    """Rename a project (owners only)."""
    await project_repo.rename_project(session, access=access, name=body.name)
    await session.commit()
    return project_public(access)


@router.delete(
    "/{project_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**_NOT_FOUND, 403: {"model": ErrorBody}},
)
async def delete_project(
    access: ProjectDep, session: SessionDep, blob_store: BlobStoreDep
) -> Response:
    """Delete a project with its images, jobs, edits and versions (owners only)."""
    project_repo.require_owner(access, "delete the project")
    keys = await image_repo.delete_project(session, project=access.project)
    await session.commit()
    for key in await image_repo.unreferenced_blob_keys(session, keys=keys):
        await blob_store.delete(key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
