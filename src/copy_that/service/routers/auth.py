"""Registration, log-in and log-out with a session cookie, and the current user."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Depends, Request, Response, status

from copy_that.service.deps import ContextDep, CurrentUser, SessionDep, limit_auth, limit_requests
from copy_that.service.errors import AuthenticationError, PermissionDeniedError
from copy_that.service.repository import users as user_repo
from copy_that.service.schemas import ErrorBody, LoginRequest, UserCreate, UserPublic
from copy_that.service.security import new_session_token

__all__ = ["router"]

router = APIRouter(prefix="/auth", tags=["auth"])


def _set_cookie(response: Response, context: ContextDep, token: str) -> None:
    settings = context.settings
    response.set_cookie(
        settings.session_cookie_name,
        context.cookies.sign(token),
        max_age=settings.session_max_age_s,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


async def _log_in(
    response: Response, session: SessionDep, context: ContextDep, user_id: str
) -> None:
    token = new_session_token()
    await user_repo.create_session(
        session, user_id=user_id, token=token, max_age_s=context.settings.session_max_age_s
    )
    await session.commit()
    _set_cookie(response, context, token)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    dependencies=[Depends(limit_auth)],
    responses={409: {"model": ErrorBody}, 403: {"model": ErrorBody}},
)
async def register(
    body: UserCreate, response: Response, session: SessionDep, context: ContextDep
) -> UserPublic:
    """Create an account and log in (sets the session cookie)."""
    if not context.settings.allow_registration:
        raise PermissionDeniedError("registration is closed on this server; ask an admin")
    password_hash = await anyio.to_thread.run_sync(context.passwords.hash, body.password)
    user = await user_repo.create_user(
        session, email=body.email, password_hash=password_hash, name=body.name
    )
    await _log_in(response, session, context, user.id)
    return UserPublic.model_validate(user)


@router.post(
    "/login",
    response_model=UserPublic,
    dependencies=[Depends(limit_auth)],
    responses={401: {"model": ErrorBody}},
)
async def login(
    body: LoginRequest, response: Response, session: SessionDep, context: ContextDep
) -> UserPublic:
    """Log in with email and password (sets the session cookie)."""
    user = await user_repo.get_user_by_email(session, email=body.email)
    stored = user.password_hash if user is not None else None
    ok = await anyio.to_thread.run_sync(context.passwords.verify, stored, body.password)
    if user is None or not ok:
        raise AuthenticationError("wrong email or password")
    await _log_in(response, session, context, user.id)
    return UserPublic.model_validate(user)


@router.post(
    "/logout", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(limit_requests)]
)
async def logout(request: Request, session: SessionDep, context: ContextDep) -> Response:
    """End the session of this cookie (no error when there is none)."""
    name = context.settings.session_cookie_name
    cookie = request.cookies.get(name)
    token = context.cookies.unsign(cookie) if cookie else None
    if token is not None:
        await user_repo.delete_session(session, token=token)
        await session.commit()
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(
        name, path="/", secure=context.settings.secure_cookies, httponly=True, samesite="lax"
    )
    return response


@router.get(
    "/me",
    response_model=UserPublic,
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}},
)
async def me(user: CurrentUser) -> UserPublic:
    """The logged-in user."""
    return UserPublic.model_validate(user)
