"""The service on the machine's real PostgreSQL and Redis: migrations, the API end to end,
concurrency, production start-up, shared rate limits and progress notifications."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _service_support import flushed_redis, fresh_database
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from tests.unit.service._harness import Harness, make_settings, png_bytes

from copy_that.service.config import Settings
from copy_that.service.db.migrate import current_revision, downgrade, upgrade
from copy_that.service.db.models import Base
from copy_that.service.db.session import create_engine
from copy_that.service.jobs.progress import RedisProgressBus

pytestmark = pytest.mark.integration
TABLES = {
    "users",
    "sessions",
    "api_keys",
    "projects",
    "memberships",
    "images",
    "jobs",
    "image_results",
    "token_edits",
    "token_versions",
}
SECRET = "integration-secret-key-0123456789abcdef"


@pytest.fixture
def database() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def service(tmp_path: Path, database: str) -> Iterator[Harness]:
    harness = Harness(make_settings(tmp_path, database_url=database))
    try:
        yield harness
    finally:
        harness.close()


def _tables(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(url, pooled=False)
        try:
            async with engine.connect() as connection:
                names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
                return names
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_migrations_up_and_down_on_postgresql(database: str) -> None:
    upgrade(database_url=database)
    assert _tables(database) == TABLES | {"alembic_version"}

    async def check() -> tuple[str | None, list[Any]]:
        engine = create_engine(database, pooled=False)
        try:
            async with engine.connect() as connection:
                revision = await connection.run_sync(current_revision)
                diff = await connection.run_sync(
                    lambda c: compare_metadata(
                        MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
                    )
                )
                return revision, diff
        finally:
            await engine.dispose()

    revision, diff = asyncio.run(check())
    assert revision == "0001"
    assert diff == []
    downgrade("base", database_url=database)
    assert _tables(database) == {"alembic_version"}
    upgrade(database_url=database)
    assert _tables(database) >= TABLES


def _wait(client: Any, project_id: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/v1/projects/{project_id}/jobs/{job_id}").json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            return job
        time.sleep(0.1)
    pytest.fail("job did not finish")


def test_the_api_end_to_end_on_postgresql(service: Harness) -> None:
    alice = service.client().register("alice@example.com")
    bob = service.client().register("bob@example.com")
    project_id = alice.new_project("Shop")
    first = alice.upload(project_id, png_bytes(color=(220, 40, 40)))
    alice.upload(project_id, png_bytes(color=(40, 40, 220)))
    job = alice.post(
        f"/api/v1/projects/{project_id}/jobs", json={"kinds": ["colors"], "ocr": False}
    ).json()
    done = _wait(alice, project_id, job["id"])
    assert done["status"] == "succeeded", done
    tokens = alice.get(f"/api/v1/projects/{project_id}/tokens")
    assert tokens.status_code == 200
    name = next(iter(tokens.json()["color"]["palette"]))
    edit = alice.post(
        f"/api/v1/projects/{project_id}/tokens/edits",
        json={"op": "rename", "path": f"color.palette.{name}", "to": "color.palette.brand"},
    )
    assert edit.status_code == 201, edit.text
    diff = alice.get(f"/api/v1/projects/{project_id}/versions/2/diff").json()
    assert [c["path"] for c in diff["added"]] == ["color.palette.brand"]
    css = alice.get(f"/api/v1/projects/{project_id}/tokens?format=css")
    assert "--color-palette-brand" in css.text
    for path in ("", "/images", f"/images/{first['id']}/content", f"/jobs/{job['id']}", "/tokens"):
        assert bob.get(f"/api/v1/projects/{project_id}{path}").status_code == 404
    assert alice.delete(f"/api/v1/projects/{project_id}").status_code == 204
    assert alice.get(f"/api/v1/projects/{project_id}/versions").status_code == 404


def test_concurrent_edits_get_distinct_versions(service: Harness) -> None:
    alice = service.client().register("alice@example.com")
    project_id = alice.new_project()
    alice.upload(project_id, png_bytes())
    job = alice.post(
        f"/api/v1/projects/{project_id}/jobs", json={"kinds": ["colors"], "ocr": False}
    ).json()
    assert _wait(alice, project_id, job["id"])["status"] == "succeeded"
    names = list(alice.get(f"/api/v1/projects/{project_id}/tokens").json()["color"]["palette"])
    roles = [f"color.role{i}" for i in range(6)]

    async def burst() -> list[Any]:
        return await asyncio.gather(
            *(
                alice.inner.post(
                    f"/api/v1/projects/{project_id}/tokens/edits",
                    json={"op": "set_role", "path": role, "target": f"color.palette.{names[0]}"},
                )
                for role in roles
            )
        )

    responses = service.run(burst)
    assert [r.status_code for r in responses] == [201] * len(roles)
    numbers = sorted(r.json()["version"]["number"] for r in responses)
    assert numbers == list(range(2, 2 + len(roles)))
    seqs = sorted(r.json()["edit"]["seq"] for r in responses)
    assert seqs == list(range(1, 1 + len(roles)))
    final = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert all(role.split(".")[1] in final["color"] for role in roles)  # no edit was lost


def test_production_never_creates_tables(tmp_path: Path, database: str) -> None:
    settings = Settings(
        _env_file=None,
        environment="production",
        secret_key=SECRET,
        database_url=database,
        data_dir=tmp_path,
        job_pool="thread",
    )
    harness = Harness(settings)
    try:
        client = harness.client()
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert "copy-that db upgrade" in ready.json()["checks"]["database"]["detail"]
        assert _tables(database) == set()
        upgrade(database_url=database)
        assert client.get("/ready").status_code == 200
    finally:
        harness.close()


def test_rate_limits_are_shared_between_api_processes(tmp_path: Path, database: str) -> None:
    redis_url = flushed_redis()
    upgrade(database_url=database)
    settings = make_settings(
        tmp_path, database_url=database, redis_url=redis_url, rate_limit="5/minute"
    )
    first, second = Harness(settings), Harness(settings)
    try:
        key = (
            first.client()
            .register("a@example.com")
            .post("/api/v1/api-keys", json={"name": "k"})
            .json()["key"]
        )
        one = first.client(Authorization=f"Bearer {key}")
        two = second.client(Authorization=f"Bearer {key}")
        codes = [c.get("/api/v1/projects").status_code for c in (one, two, one, two, one)]
        assert codes == [200] * 5
        limited = two.get("/api/v1/projects")  # the sixth in a minute, whichever process
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert first.client().get("/ready").json()["checks"]["progress"]["ok"]
    finally:
        first.close()
        second.close()


def test_progress_notifications_cross_processes_through_redis() -> None:
    redis_url = flushed_redis()

    async def run() -> list[bool]:
        publisher, watcher = RedisProgressBus(redis_url), RedisProgressBus(redis_url)
        try:
            async with watcher.subscribe("job-1") as subscription:
                await publisher.publish("job-2")
                other = await subscription.wait(0.3)
                await publisher.publish("job-1")
                mine = await subscription.wait(5)
            return [other, mine]
        finally:
            await publisher.close()
            await watcher.close()

    assert asyncio.run(run()) == [False, True]
