"""Celery: the scale-out job runner (``CELERY_BROKER_URL`` set) and the worker it feeds.

Messages carry only a job id; the job row is the truth. Tasks are acknowledged late (after they
finish) and rejected back to the queue when their worker process dies, so a crash re-delivers
the job; retries after internal errors are bounded by ``JOB_MAX_ATTEMPTS``. Each task runs the
same `run_job` coroutine as the in-process runner, with extraction in a thread so heartbeats
keep flowing while it computes.

The worker reads its settings (``DATABASE_URL``, ``BLOB_STORE_URL``, ``CELERY_BROKER_URL`` …)
from the environment, like the API.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio.to_thread
from celery import Celery, Task

from copy_that.errors import OptionsError
from copy_that.service.config import Settings
from copy_that.service.db.session import create_engine, create_session_factory
from copy_that.service.jobs.compute import ThreadCompute
from copy_that.service.jobs.execute import JobEnvironment, JobOutcome, run_job, worker_name
from copy_that.service.jobs.progress import open_bus
from copy_that.service.jobs.runner import JobRunner, retry_delay_s
from copy_that.service.logging import configure_logging
from copy_that.service.storage import open_blob_store
from copy_that.service.worker_health import serve_worker_health

__all__ = [
    "QUEUE",
    "TASK_NAME",
    "CeleryRunner",
    "celery_app",
    "configure_celery",
    "run_job_task",
    "run_worker",
]

#: Queue the API publishes to and workers consume.
QUEUE = "copy-that-jobs"
#: Registered task name (stable across releases: queued messages name it).
TASK_NAME = "copy_that.run_job"
# A Redis message unacknowledged this long is redelivered. Far above any extraction; the
# stale-job sweeper, not this, recovers crashed workers quickly.
_VISIBILITY_TIMEOUT_S = 3600
# Publishing gives up after these retries so a request never hangs on a dead broker.
_PUBLISH_RETRIES = 3


def configure_celery(app: Celery, settings: Settings) -> None:
    """Apply the service's Celery configuration (broker, late acks, bounded publishing)."""
    app.conf.update(
        broker_url=settings.celery_broker_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": _VISIBILITY_TIMEOUT_S},
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_publish_retry_policy={
            "max_retries": _PUBLISH_RETRIES,
            "interval_start": 0,
            "interval_step": 0.5,
        },
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
    )


def _configure_from_environment(sender: Celery, **_: Any) -> None:
    configure_celery(sender, Settings())


#: The workers' app, configured from the environment when first used (``copy-that worker``).
celery_app = Celery("copy_that", set_as_current=False)
celery_app.on_configure.connect(_configure_from_environment, weak=False)


async def _run(job_id: str, settings: Settings) -> JobOutcome:
    # Each task gets its own event loop (asyncio.run), so connections are opened unpooled
    # and closed before the loop ends.
    engine = create_engine(settings.effective_database_url, pooled=False)
    bus = open_bus(settings.effective_redis_url)
    compute = ThreadCompute(workers=1)
    env = JobEnvironment(
        session_factory=create_session_factory(engine),
        blob_store=open_blob_store(settings.effective_blob_store_url),
        bus=bus,
        compute=compute,
        settings=settings,
        worker=worker_name(),
    )
    try:
        return await run_job(job_id, env)
    finally:
        compute.close()
        await bus.close()
        await engine.dispose()


def _run_job_task(self: Task[Any, Any], job_id: str) -> str:
    """Run one attempt of a job; ask Celery to retry (bounded) when the attempt asks for it."""
    settings = Settings()
    outcome = asyncio.run(_run(job_id, settings))
    if outcome == JobOutcome.RETRY:
        attempt = int(self.request.retries) + 1
        raise self.retry(countdown=retry_delay_s(attempt), max_retries=settings.job_max_attempts)
    return outcome.value


run_job_task = celery_app.task(
    name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True
)(_run_job_task)


def run_worker(concurrency: int = 1) -> None:
    """Run a Celery worker in this process until it is stopped (``copy-that worker``).

    Logs are JSON lines at ``LOG_LEVEL``; with ``PORT`` set the worker also answers
    ``/health`` and ``/ready`` there (see `copy_that.service.worker_health`).

    Parameters
    ----------
    concurrency : int
        Worker processes, i.e. jobs run at once.

    Raises
    ------
    OptionsError
        ``CELERY_BROKER_URL`` is not set, or `concurrency` is below 1.
    """
    if concurrency < 1:
        raise OptionsError(
            f"concurrency must be at least 1, got {concurrency}", option="concurrency"
        )
    settings = Settings()
    if not settings.celery_broker_url:
        raise OptionsError(
            "CELERY_BROKER_URL is not set; point it at Redis (redis://host:6379/0) to run workers",
            option="CELERY_BROKER_URL",
        )
    configure_logging(settings.log_level)
    if settings.port is not None:
        serve_worker_health(settings.port)
    celery_app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={settings.log_level}",
            "--pool=prefork",
            f"--queues={QUEUE}",
            "--without-gossip",
            "--without-mingle",
        ]
    )


class CeleryRunner(JobRunner):
    """Publishes job ids to the Celery queue (publishing blocks, so it runs in a thread).

    Parameters
    ----------
    settings : Settings
        The API's settings; ``CELERY_BROKER_URL`` names the broker.
    """

    name = "celery"

    def __init__(self, settings: Settings) -> None:
        self._app = Celery("copy_that", set_as_current=False)
        configure_celery(self._app, settings)

    async def submit(self, job_id: str) -> None:
        """Publish the job id to the queue."""
        await anyio.to_thread.run_sync(
            lambda: self._app.send_task(TASK_NAME, args=[job_id], queue=QUEUE)
        )

    async def check(self) -> None:
        """Connect to the broker once; raises when it is down."""

        def ping() -> None:
            with self._app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)

        await anyio.to_thread.run_sync(ping)

    async def start(self) -> None:
        """Workers run as their own processes (``copy-that worker``); nothing to start here."""

    async def stop(self) -> None:
        """Close broker connections (the workers outlive the API)."""
        await anyio.to_thread.run_sync(self._app.close)

    @property
    def resubmits_queued_on_start(self) -> bool:
        """False: queued messages wait in the broker."""
        return False
