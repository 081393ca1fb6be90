"""Job runners: how a queued job reaches a worker (in-process pool, or Celery to scale out)."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from contextlib import suppress

from copy_that.service.jobs.execute import JobEnvironment, JobOutcome, run_job
from copy_that.service.repository.jobs import load_job

__all__ = ["InProcessRunner", "JobRunner", "retry_delay_s"]

_log = logging.getLogger(__name__)
# First retry after 2 s, doubling per attempt up to a minute: transient faults (a database
# fail-over, a restarted Redis) usually clear within that.
_RETRY_BASE_S = 2.0
_RETRY_CAP_S = 60.0


def retry_delay_s(attempt: int) -> float:
    """Seconds to wait before retrying after failed attempt number `attempt` (1-based)."""
    return float(min(_RETRY_CAP_S, _RETRY_BASE_S * 2 ** max(0, attempt - 1)))


class JobRunner(ABC):
    """Delivers job ids to workers; the job row, not the runner, holds the job's state."""

    #: Short name shown by ``/ready`` (``"in-process"``, ``"celery"``).
    name: str

    @abstractmethod
    async def submit(self, job_id: str) -> None:
        """Hand a queued job to a worker (returns at once)."""

    @abstractmethod
    async def start(self) -> None:
        """Start workers (if the runner has its own)."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop workers; running attempts are released back to the queue."""

    @abstractmethod
    async def check(self) -> None:
        """Raise when jobs cannot be delivered (e.g. the broker is down)."""

    @property
    @abstractmethod
    def resubmits_queued_on_start(self) -> bool:
        """Whether queued jobs must be submitted again at start-up (their queue was in memory)."""


class InProcessRunner(JobRunner):
    """An asyncio queue drained by `workers` consumer tasks; CPU work goes to the compute pool.

    Parameters
    ----------
    env : JobEnvironment
        What `run_job` needs.
    workers : int
        Jobs run at once (match the compute pool's size).
    """

    name = "in-process"

    def __init__(self, env: JobEnvironment, *, workers: int) -> None:
        self.env = env
        self.workers = workers
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def resubmits_queued_on_start(self) -> bool:
        """True: the queue lives in this process's memory."""
        return True

    async def submit(self, job_id: str) -> None:
        """Queue the job for the next free consumer."""
        self._queue.put_nowait(job_id)

    async def start(self) -> None:
        """Start the consumer tasks."""
        for index in range(self.workers):
            task = asyncio.create_task(self._consume(), name=f"copy-that-job-consumer-{index}")
            self._tasks.add(task)

    async def _consume(self) -> None:
        while True:
            job_id = await self._queue.get()
            try:
                outcome = await run_job(job_id, self.env)
            # One job's unexpected failure must not stop the consumer; run_job has already
            # recorded what it could, and the sweeper recovers the rest.
            except Exception:
                _log.exception("job %s: runner failed", job_id)
                continue
            finally:
                self._queue.task_done()
            if outcome == JobOutcome.RETRY:
                self._retry_later(job_id)

    def _retry_later(self, job_id: str) -> None:
        async def later() -> None:
            async with self.env.session_factory() as session:
                job = await load_job(session, job_id=job_id)
            await asyncio.sleep(retry_delay_s(job.attempts if job else 1))
            await self.submit(job_id)

        task = asyncio.create_task(later())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        """Cancel consumers (their attempts are released) and close the compute pool."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        self.env.compute.close()

    async def check(self) -> None:
        """The in-process queue is always available."""
