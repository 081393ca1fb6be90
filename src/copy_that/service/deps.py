"""Dependencies of the routes as ``Annotated`` aliases (``SessionDep``, ``CurrentUser`` …)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.auth import Caller, client_address, rate_limit_key, resolve_caller
from copy_that.service.config import Settings
from copy_that.service.context import ServiceContext
from copy_that.service.db.models import UserRow
from copy_that.service.repository.projects import ProjectAccess, get_project
from copy_that.service.storage import BlobStore

__all__ = [
    "BlobStoreDep",
    "CallerDep",
    "ContextDep",
    "CurrentUser",
    "PageDep",
    "PageParams",
    "ProjectDep",
    "SessionDep",
    "SettingsDep",
    "limit_auth",
    "limit_requests",
]

#: Largest page size a listing accepts.
MAX_PAGE = 500


def _context(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.ctx
    return context


ContextDep = Annotated[ServiceContext, Depends(_context)]


def _settings(context: ContextDep) -> Settings:
    return context.settings


SettingsDep = Annotated[Settings, Depends(_settings)]


def _blob_store(context: ContextDep) -> BlobStore:
    return context.blob_store


BlobStoreDep = Annotated[BlobStore, Depends(_blob_store)]


async def _session(context: ContextDep) -> AsyncIterator[AsyncSession]:
    async with context.session_factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(_session)]


async def _caller(request: Request, session: SessionDep, context: ContextDep) -> Caller:
    return await resolve_caller(request, session, context)


CallerDep = Annotated[Caller, Depends(_caller)]


def _user(caller: CallerDep) -> UserRow:
    return caller.user


CurrentUser = Annotated[UserRow, Depends(_user)]


async def _project(
    project_id: Annotated[str, Path(max_length=64)], user: CurrentUser, session: SessionDep
) -> ProjectAccess:
    return await get_project(session, user_id=user.id, project_id=project_id)


ProjectDep = Annotated[ProjectAccess, Depends(_project)]


@dataclass(frozen=True)
class PageParams:
    """``limit`` and ``offset`` of a listing."""

    limit: int
    offset: int


def _page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(_page)]


async def limit_requests(request: Request, context: ContextDep) -> None:
    """Count the request against the caller's general rate limit (``RATE_LIMIT``)."""
    key = rate_limit_key(request, context.settings.session_cookie_name)
    await context.limiter.hit(context.settings.rate_limit, "api", key)


async def limit_auth(request: Request, context: ContextDep) -> None:
    """Count a log-in or registration attempt per client address (``RATE_LIMIT_AUTH``)."""
    await context.limiter.hit(context.settings.rate_limit_auth, "auth", client_address(request))
