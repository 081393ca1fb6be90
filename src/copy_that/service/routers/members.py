"""Project members and their roles (owner or member)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response, status

from copy_that.service.db.models import Role
from copy_that.service.deps import CurrentUser, ProjectDep, SessionDep, limit_requests
from copy_that.service.repository import projects as project_repo
from copy_that.service.repository.projects import Member
from copy_that.service.schemas import (
    ErrorBody,
    MemberCreate,
    MemberPublic,
    MembersPublic,
    MemberUpdate,
)

__all__ = ["router"]

UserId = Annotated[str, Path(max_length=64)]

router = APIRouter(
    prefix="/projects/{project_id}/members",
    tags=["members"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
_OWNER_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


def _public(member: Member) -> MemberPublic:
    return MemberPublic(
        user_id=member.user.id,
        email=member.user.email,
        name=member.user.name,
        role=Role(member.membership.role),
        created_at=member.membership.created_at,
    )


@router.get("", response_model=MembersPublic)
async def list_members(access: ProjectDep, session: SessionDep) -> MembersPublic:
    """Everyone on the project, owners first."""
    members = await project_repo.list_members(session, project_id=access.project.id)
    return MembersPublic(data=[_public(m) for m in members], count=len(members))


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=MemberPublic, responses=_OWNER_ONLY
)
async def add_member(body: MemberCreate, access: ProjectDep, session: SessionDep) -> MemberPublic:
    """Add a registered user by email (owners only)."""
    member = await project_repo.add_member(session, access=access, email=body.email, role=body.role)
    await session.commit()
    return _public(member)


@router.patch("/{user_id}", response_model=MemberPublic, responses=_OWNER_ONLY)
async def set_member_role(
    body: MemberUpdate,
    access: ProjectDep,
    session: SessionDep,
    user_id: UserId,
) -> MemberPublic:
    """Change a member's role (owners only; a project keeps at least one owner)."""
    member = await project_repo.set_member_role(
        session, access=access, user_id=user_id, role=body.role
    )
    await session.commit()
    return _public(member)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_OWNER_ONLY)
async def remove_member(
    access: ProjectDep,
    user: CurrentUser,
    session: SessionDep,
    user_id: UserId,
) -> Response:
    """Remove a member (owners), or leave the project (anyone, if an owner remains)."""
    await project_repo.remove_member(session, access=access, caller_id=user.id, user_id=user_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
