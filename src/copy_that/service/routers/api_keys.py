"""API keys for machines: create (the key is shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from copy_that.service.deps import CurrentUser, SessionDep, limit_requests
from copy_that.service.repository import users as user_repo
from copy_that.service.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    ApiKeysPublic,
    ErrorBody,
)
from copy_that.service.security import new_api_key

__all__ = ["router"]

KeyId = Annotated[str, Path(max_length=64)]

router = APIRouter(
    prefix="/api-keys",
    tags=["api-keys"],
    dependencies=[Depends(limit_requests)],
    responses={401: {"model": ErrorBody}},
)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated)
async def create_api_key(
    body: ApiKeyCreate, user: CurrentUser, session: SessionDep
) -> ApiKeyCreated:
    """Create an API key. The response holds the key; it cannot be shown again."""
    key = new_api_key()
    row = await user_repo.create_api_key(session, user_id=user.id, name=body.name, key=key)
    await session.commit()
    public = ApiKeyPublic.model_validate(row)
    return ApiKeyCreated(**public.model_dump(), key=key.plaintext)


@router.get("", response_model=ApiKeysPublic)
async def list_api_keys(user: CurrentUser, session: SessionDep) -> ApiKeysPublic:
    """The caller's API keys (without their secrets), revoked ones included."""
    rows = await user_repo.list_api_keys(session, user_id=user.id)
    return ApiKeysPublic(data=[ApiKeyPublic.model_validate(r) for r in rows], count=len(rows))


@router.delete(
    "/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": ErrorBody}}
)
async def revoke_api_key(key_id: KeyId, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke one of the caller's keys; it stops working at once."""
    await user_repo.revoke_api_key(session, user_id=user.id, key_id=key_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
