"""The export formats the service can render tokens in."""

from __future__ import annotations

from fastapi import APIRouter

from copy_that.service.deps import ContextDep
from copy_that.service.schemas import FormatPublic, FormatsPublic

__all__ = ["router"]

router = APIRouter(tags=["formats"])


@router.get("/formats", response_model=FormatsPublic)
async def list_formats(context: ContextDep) -> FormatsPublic:
    """Every registered export format: use its name as ``?format=`` on the tokens routes."""
    data = [
        FormatPublic(name=e.name, extension=e.extension, media_type=e.media_type)
        for e in context.exporters
    ]
    return FormatsPublic(data=data, count=len(data))
