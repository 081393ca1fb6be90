"""Liveness (``/health``, no I/O) and readiness (``/ready``: database at head, blobs, broker)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from copy_that.service.context import ServiceContext
from copy_that.service.db.migrate import current_revision, head_revision
from copy_that.service.deps import ContextDep
from copy_that.service.schemas import CheckPublic, HealthPublic, ReadyPublic

__all__ = ["router"]

router = APIRouter(tags=["health"])

# A dependency slower than this is as good as down for a load balancer's probe.
_CHECK_TIMEOUT_S = 3.0


@router.get("/health", response_model=HealthPublic)
async def health() -> HealthPublic:
    """The process is up and serving (touches nothing else)."""
    return HealthPublic()


async def _database(context: ServiceContext) -> str | None:
    async with context.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
        revision = await connection.run_sync(current_revision)
    head = head_revision()
    if revision != head:
        raise RuntimeError(
            f"schema at {revision or 'nothing'}, code expects {head}; run `copy-that db upgrade`"
        )
    return f"schema {revision}"


async def _run_check(check: Callable[[], Awaitable[str | None]]) -> CheckPublic:
    try:
        with anyio.fail_after(_CHECK_TIMEOUT_S):
            detail = await check()
    except TimeoutError:
        return CheckPublic(ok=False, detail=f"no answer within {_CHECK_TIMEOUT_S:g} s")
    except RuntimeError as exc:
        return CheckPublic(ok=False, detail=str(exc))
    # Readiness reports any failure as "not ready"; the type names what failed, not its secrets.
    except Exception as exc:
        return CheckPublic(ok=False, detail=type(exc).__name__)
    return CheckPublic(ok=True, detail=detail)


@router.get(
    "/ready",
    response_model=ReadyPublic,
    responses={503: {"model": ReadyPublic, "description": "A dependency is down."}},
)
async def ready(context: ContextDep) -> JSONResponse:
    """Every dependency answers: the database (at the newest schema), blob store, job runner."""

    async def blobs() -> str | None:
        await context.blob_store.check()
        return None

    async def runner() -> str | None:
        await context.runner.check()
        return context.runner.name

    async def progress() -> str | None:
        await context.bus.check()
        return None

    checks = {
        "database": await _run_check(lambda: _database(context)),
        "blob_store": await _run_check(blobs),
        "jobs": await _run_check(runner),
        "progress": await _run_check(progress),
    }
    ok = all(check.ok for check in checks.values())
    body = ReadyPublic(status="ready" if ok else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if ok else 503)
