"""Helpers for the service's integration tests: a fresh PostgreSQL database, a Redis database,
and a real Celery worker in a subprocess.

PostgreSQL (trust auth) and Redis run on this machine; every test gets its own database, and
Redis database 11 is the service tests' own (flushed before use).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import asyncpg
import redis

ADMIN_URL = os.environ.get(
    "COPY_THAT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("COPY_THAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
# A worker importing the engine (OpenCV, SciPy) needs a few seconds on a loaded machine.
_WORKER_START_S = 90.0


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; its async URL. Dropped afterwards."""
    name = f"ct_svc_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def flushed_redis(url: str = REDIS_URL) -> str:
    """A Redis database of the tests' (11 by default), emptied; its URL."""
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


class WorkerProcess:
    """``copy-that worker`` as the CLI runs it: `run_worker` in its own process group.

    Parameters
    ----------
    environment : dict
        Settings as environment variables (DATABASE_URL, CELERY_BROKER_URL …).
    log : Path
        Where the worker's output goes.
    concurrency : int
        Worker processes.
    """

    def __init__(self, environment: dict[str, str], log: Path, concurrency: int = 1) -> None:
        self.log = log
        env = {**os.environ, **environment, "PYTHONUNBUFFERED": "1"}
        code = f"from copy_that.service.jobs import run_worker; run_worker({concurrency})"
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killing it kills its children
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _WORKER_START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log.read_text()[-3000:]}")
            if " ready." in self.log.read_text(errors="replace"):
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"worker not ready in {_WORKER_START_S} s:\n{self.log.read_text()[-3000:]}"
        )

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children), as a crash would."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), then kill if it lingers."""
        if self.process.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
