"""The FastAPI application factory: ``create_app(settings)`` builds the API and the web app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from fastapi.routing import APIRoute

from copy_that import web
from copy_that._version import __version__
from copy_that.service.config import Settings
from copy_that.service.context import close_context, open_context
from copy_that.service.handlers import (
    BodyLimitMiddleware,
    InternalErrorMiddleware,
    install_error_handlers,
)
from copy_that.service.jobs.recovery import recover_jobs, sweep_forever
from copy_that.service.logging import RequestIdMiddleware
from copy_that.service.routers import api_router, health_router

__all__ = ["create_app"]

_log = logging.getLogger(__name__)

_DESCRIPTION = """\
Turn screenshots into a design system: upload images to a project, run extraction jobs, follow
their progress, edit the tokens, compare versions and export them for any platform.

Authenticate with the session cookie (``POST /api/v1/auth/login``) or an API key sent as
``Authorization: Bearer <key>``. Errors are ``{"error": {"code", "message", "request_id"}}``.
"""


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service: JSON API under ``/api/v1``, ``/health``, ``/ready`` and the web app.

    Parameters
    ----------
    settings : Settings, optional
        Configuration; read from the environment and ``.env`` when omitted.

    Returns
    -------
    FastAPI
        The application; its lifespan connects the database (migrating it outside production),
        starts the job runner and the stale-job sweeper, and recovers unfinished jobs.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        context = await open_context(settings)
        app.state.ctx = context
        try:
            await recover_jobs(
                context.session_factory,
                context.runner,
                settings,
                resubmit_all_queued=context.runner.resubmits_queued_on_start,
            )
        # The API still starts (and /ready says why it is not ready); the sweeper retries.
        except Exception:
            _log.warning("job recovery at start-up failed", exc_info=True)
        sweeper = asyncio.create_task(
            sweep_forever(context.session_factory, context.runner, settings)
        )
        try:
            yield
        finally:
            sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await sweeper
            await close_context(context)

    app = FastAPI(
        title="Copy That",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    install_error_handlers(app)
    app.include_router(health_router)
    app.include_router(api_router)
    app.include_router(web.router)
    web.mount_static(app)
    app.add_middleware(InternalErrorMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_multipart_bytes=settings.max_request_bytes,
        max_other_bytes=settings.max_json_bytes,
    )
    app.add_middleware(RequestIdMiddleware)
    return app
