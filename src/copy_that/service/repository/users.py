"""Users, log-in sessions and API keys: keyword-only queries over an `AsyncSession`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from copy_that.service.db.models import ApiKeyRow, SessionRow, UserRow, utcnow
from copy_that.service.errors import ConflictError, NotFoundError
from copy_that.service.security import NewApiKey, hash_token

__all__ = [
    "create_api_key",
    "create_session",
    "create_user",
    "delete_session",
    "get_user_by_email",
    "list_api_keys",
    "revoke_api_key",
    "user_for_api_key",
    "user_for_session",
]

# `last_used_at` is refreshed at most this often, so busy keys do not write on every request.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


async def create_user(
    session: AsyncSession, *, email: str, password_hash: str, name: str | None
) -> UserRow:
    """Insert a user; `ConflictError` when the email is registered already."""
    user = UserRow(email=email, password_hash=password_hash, name=name)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        raise ConflictError(f"{email} is registered already; log in instead") from None
    return user


async def get_user_by_email(session: AsyncSession, *, email: str) -> UserRow | None:
    """The user with this (lower-case) email, or None."""
    return await session.scalar(select(UserRow).where(UserRow.email == email))


async def create_session(
    session: AsyncSession, *, user_id: str, token: str, max_age_s: int
) -> SessionRow:
    """Record a log-in; only the token's hash is stored."""
    row = SessionRow(
        user_id=user_id,
        token_hash=hash_token(token),
        expires_at=utcnow() + timedelta(seconds=max_age_s),
    )
    session.add(row)
    await session.flush()
    return row


async def user_for_session(session: AsyncSession, *, token: str) -> UserRow | None:
    """The user a live session token belongs to, or None (unknown or expired)."""
    query = (
        select(UserRow)
        .join(SessionRow, SessionRow.user_id == UserRow.id)
        .where(SessionRow.token_hash == hash_token(token), SessionRow.expires_at > utcnow())
    )
    return await session.scalar(query)


async def delete_session(session: AsyncSession, *, token: str) -> None:
    """End a log-in (no error when it is already gone)."""
    await session.execute(delete(SessionRow).where(SessionRow.token_hash == hash_token(token)))


async def create_api_key(
    session: AsyncSession, *, user_id: str, name: str, key: NewApiKey
) -> ApiKeyRow:
    """Store a new API key's hash and display prefix."""
    row = ApiKeyRow(user_id=user_id, name=name, prefix=key.prefix, key_hash=key.key_hash)
    session.add(row)
    await session.flush()
    return row


async def list_api_keys(session: AsyncSession, *, user_id: str) -> list[ApiKeyRow]:
    """The user's keys, revoked ones included, newest first."""
    query = (
        select(ApiKeyRow)
        .where(ApiKeyRow.user_id == user_id)
        .order_by(ApiKeyRow.created_at.desc(), ApiKeyRow.id)
    )
    return list(await session.scalars(query))


async def revoke_api_key(session: AsyncSession, *, user_id: str, key_id: str) -> ApiKeyRow:
    """Revoke one of the user's keys; another user's key is `NotFoundError`."""
    row = await session.scalar(
        select(ApiKeyRow).where(ApiKeyRow.id == key_id, ApiKeyRow.user_id == user_id)
    )
    if row is None:
        raise NotFoundError("api key", key_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await session.flush()
    return row


async def user_for_api_key(session: AsyncSession, *, key: str) -> UserRow | None:
    """The owner of a live (unrevoked) API key, recording its use; None when unknown."""
    key_hash = hash_token(key)
    row = await session.scalar(
        select(ApiKeyRow).where(ApiKeyRow.key_hash == key_hash, ApiKeyRow.revoked_at.is_(None))
    )
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > _LAST_USED_RESOLUTION:
        await session.execute(
            update(ApiKeyRow).where(ApiKeyRow.id == row.id).values(last_used_at=now)
        )
    return await session.get(UserRow, row.user_id)
