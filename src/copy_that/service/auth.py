"""Who is calling: an API key (``Authorization: Bearer`` or ``X-API-Key``) or the session cookie.

An API key, when sent, decides alone: a wrong key is a 401 even if a valid cookie came along.
Cookie-authenticated requests that change state must come from this site: a cross-origin
``Origin`` header is refused (the cookie is also ``SameSite=Lax``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.context import ServiceContext
from copy_that.service.db.models import UserRow
from copy_that.service.errors import AuthenticationError, PermissionDeniedError
from copy_that.service.repository import users as user_repo

__all__ = ["Caller", "api_key_of", "client_address", "rate_limit_key", "resolve_caller"]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """An authenticated user and how they proved it."""

    user: UserRow
    via: Literal["api_key", "session"]


def api_key_of(request: Request) -> str | None:
    """The API key the request carries, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def client_address(request: Request) -> str:
    """The client's address as the server saw it (behind a proxy: as the proxy headers say)."""
    return request.client.host if request.client else "unknown"


def rate_limit_key(request: Request, cookie_name: str) -> str:
    """What rate limits count against: the credential sent (hashed), else the client address."""
    credential = api_key_of(request) or request.cookies.get(cookie_name)
    if credential:
        return "cred:" + hashlib.sha256(credential.encode("utf-8")).hexdigest()[:32]
    return "addr:" + client_address(request)


def _check_same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if not origin or request.method in _SAFE_METHODS:
        return
    host = request.headers.get("host", "")
    if urlsplit(origin).netloc.lower() != host.lower():
        raise PermissionDeniedError(
            "cross-site request refused; call the API from the web app or use an API key"
        )


async def resolve_caller(
    request: Request, session: AsyncSession, context: ServiceContext
) -> Caller:
    """Authenticate the request.

    Raises
    ------
    AuthenticationError
        No credentials, or a wrong, revoked or expired one.
    PermissionDeniedError
        A cookie-authenticated state change from another origin.
    """
    key = api_key_of(request)
    if key is not None:
        user = await user_repo.user_for_api_key(session, key=key)
        await session.commit()
        if user is None:
            raise AuthenticationError("the API key is wrong or revoked; create a new one")
        return Caller(user=user, via="api_key")
    cookie = request.cookies.get(context.settings.session_cookie_name)
    token = context.cookies.unsign(cookie) if cookie else None
    if token is not None:
        user = await user_repo.user_for_session(session, token=token)
        if user is not None:
            _check_same_origin(request)
            return Caller(user=user, via="session")
    raise AuthenticationError("log in, or send an API key as 'Authorization: Bearer <key>'")
