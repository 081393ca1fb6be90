"""Fixtures for the service tests: a running app on SQLite and callers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.service._harness import Client, Harness, make_settings


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    """A running service with its own SQLite file and blob folder."""
    running = Harness(make_settings(tmp_path))
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def alice(harness: Harness) -> Client:
    """A registered, logged-in user."""
    return harness.client().register("alice@example.com", name="Alice")


@pytest.fixture
def bob(harness: Harness) -> Client:
    """Another tenant."""
    return harness.client().register("bob@example.com", name="Bob")
