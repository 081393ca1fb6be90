"""Everything the running service shares between requests, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from copy_that.exporters import Registry, default_registry
from copy_that.service.config import Settings
from copy_that.service.db.migrate import upgrade_connection
from copy_that.service.db.session import SessionFactory, create_engine, create_session_factory
from copy_that.service.jobs.celery_tasks import CeleryRunner
from copy_that.service.jobs.compute import open_compute
from copy_that.service.jobs.execute import JobEnvironment, worker_name
from copy_that.service.jobs.progress import ProgressBus, open_bus
from copy_that.service.jobs.runner import InProcessRunner, JobRunner
from copy_that.service.ratelimit import RateLimiter
from copy_that.service.security import CookieSigner, Passwords, load_or_create_dev_secret
from copy_that.service.storage import BlobStore, open_blob_store

__all__ = ["ServiceContext", "close_context", "open_context"]


@dataclass(frozen=True)
class ServiceContext:
    """The service's shared resources (held on ``app.state.ctx``)."""

    settings: Settings
    engine: AsyncEngine
    session_factory: SessionFactory
    blob_store: BlobStore
    bus: ProgressBus
    runner: JobRunner
    limiter: RateLimiter
    passwords: Passwords
    cookies: CookieSigner
    exporters: Registry


def _secret_key(settings: Settings) -> str:
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value()
    # Production refuses to start without SECRET_KEY (see Settings); elsewhere keep a generated
    # one on disk so sessions survive restarts.
    return load_or_create_dev_secret(settings.data_dir)


async def open_context(settings: Settings) -> ServiceContext:
    """Connect everything: database (migrated outside production), blobs, jobs, limits.

    Parameters
    ----------
    settings : Settings
        The configuration.

    Returns
    -------
    ServiceContext
        Started resources; pass to `close_context` on shutdown.
    """
    # Cheap, failure-prone parts first, so a bad setting leaves nothing running behind.
    passwords = Passwords(
        time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib
    )
    cookies = CookieSigner(_secret_key(settings))
    limiter = RateLimiter(
        redis_url=settings.effective_redis_url, enabled=settings.rate_limit_enabled
    )
    blob_store = open_blob_store(settings.effective_blob_store_url)
    engine = create_engine(settings.effective_database_url)
    try:
        if settings.should_migrate_on_start:
            async with engine.begin() as connection:
                await connection.run_sync(upgrade_connection)
    except BaseException:
        await engine.dispose()
        raise
    session_factory = create_session_factory(engine)
    bus = open_bus(settings.effective_redis_url)
    runner: JobRunner
    if settings.celery_broker_url:
        runner = CeleryRunner(settings)
    else:
        env = JobEnvironment(
            session_factory=session_factory,
            blob_store=blob_store,
            bus=bus,
            compute=open_compute(settings.job_pool, settings.job_workers),
            settings=settings,
            worker=worker_name(),
        )
        runner = InProcessRunner(env, workers=settings.job_workers)
    await runner.start()
    return ServiceContext(
        settings=settings,
        engine=engine,
        session_factory=session_factory,
        blob_store=blob_store,
        bus=bus,
        runner=runner,
        limiter=limiter,
        passwords=passwords,
        cookies=cookies,
        exporters=default_registry(),
    )


async def close_context(context: ServiceContext) -> None:
    """Stop the job runner and release connections."""
    await context.runner.stop()
    await context.bus.close()
    await context.limiter.close()
    await context.engine.dispose()
