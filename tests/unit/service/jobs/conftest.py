"""Fixtures for job tests: a migrated SQLite database, blobs, and a scripted compute double."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from copy_that.pipeline import ExtractOptions
from copy_that.service.db.migrate import upgrade_connection
from copy_that.service.db.session import create_engine, create_session_factory
from copy_that.service.jobs.compute import Compute, ProgressCallback
from copy_that.service.jobs.execute import JobEnvironment
from copy_that.service.jobs.progress import MemoryProgressBus
from copy_that.service.repository import images as image_repo
from copy_that.service.repository import jobs as job_repo
from copy_that.service.repository import projects as project_repo
from copy_that.service.repository import users as user_repo
from copy_that.service.storage import LocalBlobStore
from copy_that.tokens import dtcg
from tests.unit.service._harness import make_settings, png_bytes, sample_tokens

OPTIONS = {"kinds": ["colors"], "max_colors": 8, "dpr": None, "ocr": False}


@dataclass
class ScriptedCompute(Compute):
    """Returns a document per call, or does what `script` says for that call number."""

    script: dict[int, Callable[[], Any]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    closed: bool = False

    async def run(
        self, data: bytes, name: str, options: ExtractOptions, on_progress: ProgressCallback
    ) -> dict[str, Any]:
        self.calls.append(name)
        on_progress("analysis", 0.5)
        action = self.script.get(len(self.calls))
        if action is not None:
            result = action()
            if asyncio.iscoroutine(result):
                await result
        on_progress("colors", 1.0)
        return dtcg.to_document(sample_tokens())

    def close(self) -> None:
        self.closed = True


@dataclass
class World:
    """A project with images and a helper to queue jobs."""

    env: JobEnvironment
    compute: ScriptedCompute
    project_id: str
    user_id: str
    image_ids: list[str]

    async def queue(self, image_ids: list[str] | None = None, max_attempts: int = 3) -> str:
        async with self.env.session_factory() as session:
            job = await job_repo.create_job(
                session,
                project_id=self.project_id,
                image_ids=image_ids or self.image_ids,
                options=OPTIONS,
                max_attempts=max_attempts,
                created_by=self.user_id,
            )
            await session.commit()
            return job.id

    async def job(self, job_id: str) -> Any:
        async with self.env.session_factory() as session:
            return await job_repo.load_job(session, job_id=job_id)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    settings = make_settings(tmp_path, job_heartbeat_s=0.05, job_stale_after_s=0.5)
    engine = create_engine(settings.effective_database_url)
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_connection)
    factory = create_session_factory(engine)
    store = LocalBlobStore(tmp_path / "blobs")
    compute = ScriptedCompute()
    env = JobEnvironment(
        session_factory=factory,
        blob_store=store,
        bus=MemoryProgressBus(),
        compute=compute,
        settings=settings,
        worker="test-worker",
    )
    async with factory() as session:
        user = await user_repo.create_user(
            session, email="w@example.com", password_hash="x", name=None
        )
        access = await project_repo.create_project(session, owner_id=user.id, name="p")
        image_ids = []
        for index in range(2):
            data = png_bytes(color=(index, 40, 90))
            key = await store.put(data)
            row, _ = await image_repo.add_image(
                session,
                project_id=access.project.id,
                blob_key=key,
                filename=f"img{index}.png",
                media_type="image/png",
                size_bytes=len(data),
                width_px=64,
                height_px=48,
                source_url=None,
                created_by=user.id,
            )
            image_ids.append(row.id)
        await session.commit()
    yield World(env, compute, access.project.id, user.id, image_ids)
    await engine.dispose()
