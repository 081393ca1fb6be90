"""Tests for /health and /ready."""

from __future__ import annotations

import os

import pytest

from copy_that.service.errors import UnavailableError
from copy_that.service.storage import LocalBlobStore
from tests.unit.service._harness import Harness


def test_health_is_ok_without_io(harness: Harness) -> None:
    response = harness.client().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_checks_every_dependency(harness: Harness) -> None:
    response = harness.client().get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "blob_store", "jobs", "progress"}
    assert body["checks"]["database"]["detail"] == "schema 0001"
    assert body["checks"]["jobs"]["detail"] == "in-process"


def test_ready_is_503_when_the_blob_store_fails(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> None:
        raise UnavailableError("blob store is not usable: PermissionError")

    monkeypatch.setattr(harness.context.blob_store, "check", broken)
    response = harness.client().get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["blob_store"] == {"ok": False, "detail": "UnavailableError"}
    assert body["checks"]["database"]["ok"] is True


def test_ready_is_503_when_the_schema_is_behind(harness: Harness) -> None:
    from sqlalchemy import text

    async def forget_revision() -> None:
        async with harness.context.engine.begin() as connection:
            await connection.execute(text("DELETE FROM alembic_version"))

    harness.run(forget_revision)
    response = harness.client().get("/ready")
    assert response.status_code == 503
    detail = response.json()["checks"]["database"]["detail"]
    assert "copy-that db upgrade" in detail


def test_ready_probes_log_and_write_nothing(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    client = harness.client()
    assert client.get("/ready").status_code == 200  # the first probe may create the blob folder
    store = harness.context.blob_store
    assert isinstance(store, LocalBlobStore)
    root = store.root
    os.utime(root, ns=(1_000_000_000, 1_000_000_000))  # a file made or removed would change it
    with caplog.at_level("INFO"):
        for _ in range(3):
            assert client.get("/ready").status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name.startswith("alembic")] == []
    assert root.stat().st_mtime_ns == 1_000_000_000
