"""Tests for copy_that.service.ratelimit (in memory; Redis in tests/integration)."""

from __future__ import annotations

import anyio
import pytest

from copy_that.service.errors import RateLimitedError
from copy_that.service.ratelimit import RateLimiter


def test_counts_per_identifier_and_says_when_to_retry() -> None:
    limiter = RateLimiter(redis_url=None)

    async def run() -> None:
        for _ in range(3):
            await limiter.hit("3/minute", "api", "alice")
        with pytest.raises(RateLimitedError) as raised:
            await limiter.hit("3/minute", "api", "alice")
        assert 1 <= raised.value.retry_after_s <= 60
        await limiter.hit("3/minute", "api", "bob")  # another caller is unaffected
        await limiter.hit("3/minute", "auth", "alice")  # another limit is counted apart
        assert await limiter.check()

    anyio.run(run)


def test_disabled_limiter_allows_everything() -> None:
    limiter = RateLimiter(redis_url=None, enabled=False)

    async def run() -> None:
        for _ in range(10):
            await limiter.hit("1/hour", "x")

    anyio.run(run)
