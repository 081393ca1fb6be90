"""One page of a query's results and the total count, for the listing endpoints."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["count_rows", "scalar_page"]

T = TypeVar("T")


async def count_rows(session: AsyncSession, scope: Select[*tuple[Any, ...]]) -> int:
    """How many rows `scope` selects (all pages)."""
    return int(await session.scalar(select(func.count()).select_from(scope.subquery())) or 0)


async def scalar_page(
    session: AsyncSession, scope: Select[T], *order_by: Any, limit: int, offset: int
) -> tuple[list[T], int]:
    """Rows ``offset`` to ``offset + limit`` of `scope` in `order_by` order, and the total."""
    rows = await session.scalars(scope.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), await count_rows(session, scope)
