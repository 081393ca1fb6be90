"""Per-caller rate limits (moving window) with the ``limits`` library, in Redis or in memory.

Redis storage shares the counts between every API process and machine; the in-memory storage
counts per process, which is right for the single-process ``copy-that serve`` default.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import ConnectionPool

from copy_that.service.errors import RateLimitedError

__all__ = ["RateLimiter"]


class RateLimiter:
    """Counts hits per key and refuses those over a limit.

    Parameters
    ----------
    redis_url : str or None
        ``redis://`` URL for shared counts; None counts in this process's memory.
    enabled : bool
        When False every hit is allowed (for trusted single-user set-ups and benchmarks).
    """

    def __init__(self, *, redis_url: str | None, enabled: bool = True) -> None:
        self.enabled = enabled
        self.storage: Storage
        # Our own pool, so `close` can release its connections (the storage has no close).
        self._pool: ConnectionPool | None = None
        if redis_url:
            self._pool = ConnectionPool.from_url(redis_url)
            self.storage = RedisStorage(
                "async+" + redis_url,
                implementation="redispy",
                key_prefix="copy-that",
                connection_pool=self._pool,  # type: ignore[arg-type]  # documented; stub too narrow
            )
        else:
            self.storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._items: dict[str, RateLimitItem] = {}

    def _item(self, limit: str) -> RateLimitItem:
        item = self._items.get(limit)
        if item is None:
            item = self._items[limit] = parse(limit)
        return item

    async def hit(self, limit: str, *identifiers: str) -> None:
        """Count one request against `limit` for the caller named by `identifiers`.

        Parameters
        ----------
        limit : str
            In ``limits`` notation, e.g. ``"600/minute"``.
        *identifiers : str
            What is being limited (``"auth"``, the caller's key …).

        Raises
        ------
        RateLimitedError
            The caller is over the limit; ``retry_after_s`` says when there is room again.
        """
        if not self.enabled:
            return
        item = self._item(limit)
        if await self._limiter.hit(item, *identifiers):
            return
        stats = await self._limiter.get_window_stats(item, *identifiers)
        retry_after_s = max(1, math.ceil(stats.reset_time - time.time()))
        raise RateLimitedError(
            f"rate limit of {limit} exceeded; retry in {retry_after_s} s",
            retry_after_s=retry_after_s,
        )

    async def check(self) -> bool:
        """Whether the storage answers (always True in memory)."""
        return bool(await self.storage.check())

    async def close(self) -> None:
        """Release Redis connections."""
        if self._pool is not None:
            await self._pool.aclose()
