"""Projects and memberships; every query is scoped to the calling user.

A project the caller is not a member of does not exist for them: `NotFoundError`, never a hint
that it exists for someone else.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.db.models import MembershipRow, ProjectRow, Role, UserRow, utcnow
from copy_that.service.errors import ConflictError, NotFoundError, PermissionDeniedError
from copy_that.service.repository._paging import count_rows

__all__ = [
    "Member",
    "ProjectAccess",
    "add_member",
    "create_project",
    "get_project",
    "list_members",
    "list_projects",
    "remove_member",
    "rename_project",
    "require_owner",
    "set_member_role",
]


@dataclass(frozen=True)
class ProjectAccess:
    """A project as one user sees it: the row and their role."""

    project: ProjectRow
    role: Role


@dataclass(frozen=True)
class Member:
    """A membership joined with the member's user."""

    user: UserRow
    membership: MembershipRow


async def create_project(session: AsyncSession, *, owner_id: str, name: str) -> ProjectAccess:
    """Create a project owned by `owner_id`."""
    project = ProjectRow(name=name)
    session.add(project)
    await session.flush()
    session.add(MembershipRow(project_id=project.id, user_id=owner_id, role=Role.OWNER))
    await session.flush()
    return ProjectAccess(project=project, role=Role.OWNER)


async def list_projects(
    session: AsyncSession, *, user_id: str, limit: int, offset: int
) -> tuple[list[ProjectAccess], int]:
    """One page of the user's projects (newest first) and their total count."""
    scope = select(ProjectRow, MembershipRow.role).join(
        MembershipRow,
        (MembershipRow.project_id == ProjectRow.id) & (MembershipRow.user_id == user_id),
    )
    rows = await session.execute(
        scope.order_by(ProjectRow.created_at.desc(), ProjectRow.id).limit(limit).offset(offset)
    )
    access = [ProjectAccess(project=p, role=Role(r)) for p, r in rows]
    return access, await count_rows(session, scope)


async def get_project(session: AsyncSession, *, user_id: str, project_id: str) -> ProjectAccess:
    """The project if the user is a member, else `NotFoundError`."""
    row = (
        await session.execute(
            select(ProjectRow, MembershipRow.role)
            .join(MembershipRow, MembershipRow.project_id == ProjectRow.id)
            .where(ProjectRow.id == project_id, MembershipRow.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFoundError("project", project_id)
    return ProjectAccess(project=row[0], role=Role(row[1]))


def require_owner(access: ProjectAccess, action: str) -> None:
    """Raise `PermissionDeniedError` unless the caller owns the project."""
    if access.role != Role.OWNER:
        raise PermissionDeniedError(f"only a project owner may {action}")


async def rename_project(session: AsyncSession, *, access: ProjectAccess, name: str) -> ProjectRow:
    """Rename a project (owners only)."""
    require_owner(access, "rename the project")
    access.project.name = name
    access.project.updated_at = utcnow()
    await session.flush()
    return access.project


async def list_members(session: AsyncSession, *, project_id: str) -> list[Member]:
    """Members of a project, owners first."""
    rows = await session.execute(
        select(UserRow, MembershipRow)
        .join(MembershipRow, MembershipRow.user_id == UserRow.id)
        .where(MembershipRow.project_id == project_id)
        .order_by(MembershipRow.role.desc(), MembershipRow.created_at, UserRow.id)
    )
    return [Member(user=u, membership=m) for u, m in rows]


async def add_member(
    session: AsyncSession, *, access: ProjectAccess, email: str, role: Role
) -> Member:
    """Add a registered user to the project (owners only).

    Raises
    ------
    NotFoundError
        No user has that email.
    ConflictError
        The user is a member already.
    """
    require_owner(access, "add members")
    user = await session.scalar(select(UserRow).where(UserRow.email == email))
    if user is None:
        raise NotFoundError("user", email)
    existing = await session.get(MembershipRow, (access.project.id, user.id))
    if existing is not None:
        raise ConflictError(f"{email} is a member already; change their role instead")
    membership = MembershipRow(project_id=access.project.id, user_id=user.id, role=role)
    session.add(membership)
    await session.flush()
    return Member(user=user, membership=membership)


async def _member(session: AsyncSession, project_id: str, user_id: str) -> Member:
    row = (
        await session.execute(
            select(UserRow, MembershipRow)
            .join(MembershipRow, MembershipRow.user_id == UserRow.id)
            .where(MembershipRow.project_id == project_id, MembershipRow.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFoundError("member", user_id)
    return Member(user=row[0], membership=row[1])


async def _owner_count(session: AsyncSession, project_id: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(MembershipRow)
        .where(MembershipRow.project_id == project_id, MembershipRow.role == Role.OWNER)
    )
    return int(count or 0)


async def set_member_role(
    session: AsyncSession, *, access: ProjectAccess, user_id: str, role: Role
) -> Member:
    """Change a member's role (owners only); the last owner cannot step down."""
    require_owner(access, "change roles")
    member = await _member(session, access.project.id, user_id)
    demoting_owner = member.membership.role == Role.OWNER and role != Role.OWNER
    if demoting_owner and await _owner_count(session, access.project.id) <= 1:
        raise ConflictError("a project needs an owner; make someone else owner first")
    member.membership.role = role
    await session.flush()
    return member


async def remove_member(
    session: AsyncSession, *, access: ProjectAccess, caller_id: str, user_id: str
) -> None:
    """Remove a member: owners remove anyone, members only themselves; an owner must remain."""
    member = await _member(session, access.project.id, user_id)
    if user_id != caller_id:
        require_owner(access, "remove other members")
    if member.membership.role == Role.OWNER and await _owner_count(session, access.project.id) <= 1:
        raise ConflictError("a project needs an owner; make someone else owner first")
    await session.delete(member.membership)
    await session.flush()
