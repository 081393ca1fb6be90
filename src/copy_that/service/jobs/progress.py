"""Job progress notifications: a nudge that a job's row changed, in memory or over Redis.

The job row stays the truth. A notification only wakes the SSE streams watching that job so
they read the row at once instead of at their next poll; a lost notification costs at most one
poll interval, never a wrong state.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

__all__ = ["MemoryProgressBus", "ProgressBus", "RedisProgressBus", "Subscription", "open_bus"]

_CHANNEL_PREFIX = "copy-that:job:"


class Subscription(ABC):
    """Notifications for one job."""

    @abstractmethod
    async def wait(self, timeout_s: float) -> bool:
        """Wait for a notification; True when one came, False on timeout."""


class ProgressBus(ABC):
    """Publishes and delivers per-job change notifications."""

    @abstractmethod
    async def publish(self, job_id: str) -> None:
        """Tell watchers that job `job_id` changed."""

    @abstractmethod
    def subscribe(self, job_id: str) -> Any:
        """An async context manager yielding a `Subscription` for `job_id`."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections."""

    @abstractmethod
    async def check(self) -> None:
        """Raise when the bus cannot deliver (Redis down)."""


class _EventSubscription(Subscription):
    def __init__(self) -> None:
        self.event = asyncio.Event()

    async def wait(self, timeout_s: float) -> bool:
        try:
            # Not wait_for, which in Python 3.11 can swallow a cancellation of the watcher.
            async with asyncio.timeout(timeout_s):
                await self.event.wait()
        except TimeoutError:
            return False
        self.event.clear()
        return True


class MemoryProgressBus(ProgressBus):
    """Notifications inside one process (in-process jobs, single API process)."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[str, set[_EventSubscription]] = defaultdict(set)

    async def publish(self, job_id: str) -> None:
        """Wake this process's watchers of the job."""
        for subscription in self._subscribers.get(job_id, ()):
            subscription.event.set()

    @asynccontextmanager
    async def subscribe(self, job_id: str) -> AsyncIterator[Subscription]:
        """Watch one job within this process."""
        subscription = _EventSubscription()
        self._subscribers[job_id].add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers[job_id].discard(subscription)
            if not self._subscribers[job_id]:
                del self._subscribers[job_id]

    async def close(self) -> None:
        """Nothing to release."""

    async def check(self) -> None:
        """In-process delivery cannot fail."""


class _RedisSubscription(Subscription):
    def __init__(self, pubsub: Any) -> None:
        self._pubsub = pubsub

    async def wait(self, timeout_s: float) -> bool:
        message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout_s)
        return message is not None


class RedisProgressBus(ProgressBus):
    """Notifications over Redis pub/sub, across API processes, machines and Celery workers.

    Parameters
    ----------
    url : str
        ``redis://`` URL.
    """

    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url)

    async def publish(self, job_id: str) -> None:
        """Publish on the job's channel."""
        await self._redis.publish(_CHANNEL_PREFIX + job_id, b"1")

    @asynccontextmanager
    async def subscribe(self, job_id: str) -> AsyncIterator[Subscription]:
        """Subscribe to the job's channel."""
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(_CHANNEL_PREFIX + job_id)
        try:
            yield _RedisSubscription(pubsub)
        finally:
            # A broken connection has no subscription left to end.
            with suppress(RedisError, OSError):
                await pubsub.unsubscribe()
            await pubsub.aclose()  # type: ignore[no-untyped-call]  # untyped in redis-py

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()

    async def check(self) -> None:
        """Ping Redis."""
        await self._redis.ping()


def open_bus(redis_url: str | None) -> ProgressBus:
    """Redis notifications when a Redis URL is configured, else in-process ones."""
    return RedisProgressBus(redis_url) if redis_url else MemoryProgressBus()
