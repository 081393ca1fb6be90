"""Tests for copy_that.service.jobs.progress (in memory; Redis in tests/integration)."""

from __future__ import annotations

import asyncio

import pytest

from copy_that.service.jobs.progress import MemoryProgressBus, RedisProgressBus, open_bus

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_publish_wakes_only_that_jobs_watchers() -> None:
    bus = MemoryProgressBus()
    async with bus.subscribe("a") as a, bus.subscribe("b") as b:
        await bus.publish("a")
        assert await a.wait(1.0)
        assert not await b.wait(0.05)
        assert not await a.wait(0.05)  # a notification is consumed once
    await bus.publish("a")  # nobody listening: fine
    await bus.check()
    await bus.close()


async def test_a_notification_before_waiting_is_kept() -> None:
    bus = MemoryProgressBus()
    async with bus.subscribe("a") as a:
        await bus.publish("a")
        await asyncio.sleep(0)
        assert await a.wait(0.01)


def test_open_bus_picks_redis_only_when_configured() -> None:
    assert isinstance(open_bus(None), MemoryProgressBus)
    assert isinstance(open_bus("redis://127.0.0.1:6379/15"), RedisProgressBus)
