"""Jobs through a real Celery worker (subprocess) on PostgreSQL and Redis, including crashes.

The API runs in this process (Celery runner, stale-job sweeper); the worker is started exactly
as ``copy-that worker`` starts it. A worker SIGKILLed mid-job is detected by its silent
heartbeat: the job goes back to the queue, a new worker resumes it (skipping the images already
measured), and it succeeds on attempt 2; on its last attempt it fails with the reason instead.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _service_support import WorkerProcess, flushed_redis, fresh_database
from PIL import Image as PILImage
from sqlalchemy import func, select
from tests.unit.service._harness import Client, Harness, make_settings, png_bytes

from copy_that.service.db.migrate import upgrade
from copy_that.service.db.models import ImageResultRow

pytestmark = [pytest.mark.integration, pytest.mark.slow]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dashboard.png"
# Kinds that need the layout analysis, so each image takes long enough to be killed mid-job.
SLOW_KINDS = {"kinds": ["colors", "spacing", "radii", "shadows"], "ocr": False}
# The sample tiled 3 × 3 takes about 2 s (the sample alone 0.2 s) with SLOW_KINDS: far longer
# than this test takes to notice progress and kill the worker, so it is killed mid-job even
# when the test process gets little CPU on a loaded machine.
SLOW_TILES = 3
HEARTBEAT_S = 0.5
STALE_AFTER_S = 4.0


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Database, broker and blob folder shared by the API and the workers."""
    with fresh_database() as database:
        upgrade(database_url=database)
        redis_url = flushed_redis()
        # The broker gets its own database, emptied too: no message of an earlier run remains.
        broker_url = flushed_redis(redis_url.rsplit("/", 1)[0] + "/12")
        yield {
            "DATABASE_URL": database,
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": redis_url,
            "BLOB_STORE_URL": str(tmp_path / "blobs"),
            "DATA_DIR": str(tmp_path / "worker"),
            "JOB_HEARTBEAT_S": str(HEARTBEAT_S),
            "JOB_STALE_AFTER_S": str(STALE_AFTER_S),
            "LOG_LEVEL": "INFO",
        }


def _api(tmp_path: Path, stack: dict[str, str], **overrides: Any) -> Harness:
    return Harness(
        make_settings(
            tmp_path / "api",
            database_url=stack["DATABASE_URL"],
            celery_broker_url=stack["CELERY_BROKER_URL"],
            redis_url=stack["REDIS_URL"],
            blob_store_url=stack["BLOB_STORE_URL"],
            job_heartbeat_s=HEARTBEAT_S,
            job_stale_after_s=STALE_AFTER_S,
            **overrides,
        )
    )


def _variant(index: int, tiles: int = 1) -> bytes:
    """The sample dashboard, `tiles` × `tiles` copies, with one pixel changed (uploads differ)."""
    sample = PILImage.open(EXAMPLE).convert("RGB")
    image = PILImage.new("RGB", (sample.width * tiles, sample.height * tiles))
    for row in range(tiles):
        for col in range(tiles):
            image.paste(sample, (col * sample.width, row * sample.height))
    image.putpixel((0, 0), (index, index, index))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _job(client: Client, project_id: str, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = client.get(f"/api/v1/projects/{project_id}/jobs/{job_id}").json()
    return job


def _wait_for(
    client: Client, project_id: str, job_id: str, statuses: set[str], timeout_s: float = 240
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = _job(client, project_id, job_id)
        if job["status"] in statuses:
            return job
        time.sleep(0.1)
    pytest.fail(f"job stayed {_job(client, project_id, job_id)} for {timeout_s} s")


def _ready(client: Client) -> dict[str, Any]:
    """/ready once it says ready (a loaded machine may need a few tries), else its last answer."""
    body: dict[str, Any] = {}
    for _ in range(30):
        body = client.get("/ready").json()
        if body["status"] == "ready":
            break
        time.sleep(1)
    return body


def _results(api: Harness, job_id: str) -> int:
    async def count() -> int:
        async with api.context.session_factory() as session:
            total = await session.scalar(
                select(func.count())
                .select_from(ImageResultRow)
                .where(ImageResultRow.job_id == job_id)
            )
            return int(total or 0)

    return api.run(count)


def test_a_worker_runs_jobs_and_progress_reaches_the_stream(
    tmp_path: Path, stack: dict[str, str]
) -> None:
    worker = WorkerProcess(stack, tmp_path / "worker.log")
    api = _api(tmp_path, stack)
    try:
        client = api.client().register("a@example.com")
        project_id = client.new_project()
        client.upload(project_id, png_bytes(color=(200, 20, 20)))
        ready = _ready(client)
        assert ready["checks"]["jobs"] == {"ok": True, "detail": "celery"}, ready
        job = client.post(
            f"/api/v1/projects/{project_id}/jobs", json={"kinds": ["colors"], "ocr": False}
        ).json()
        stream = client.get(f"/api/v1/projects/{project_id}/jobs/{job['id']}/events")
        assert "event: result" in stream.text, stream.text
        done = _job(client, project_id, job["id"])
        assert done["status"] == "succeeded", (done, worker.log.read_text()[-3000:])
        assert done["version_number"] == 1
        assert client.get(f"/api/v1/projects/{project_id}/tokens?format=css").status_code == 200
    finally:
        api.close()
        worker.stop()


def test_a_killed_worker_s_job_is_resumed_by_another(tmp_path: Path, stack: dict[str, str]) -> None:
    first = WorkerProcess(stack, tmp_path / "first.log")
    api = _api(tmp_path, stack)
    second = None
    try:
        client = api.client().register("a@example.com")
        project_id = client.new_project()
        # A quick first image, then slow ones: the kill lands after one result, before the next.
        images = [
            client.upload(project_id, _variant(i, 1 if i == 0 else SLOW_TILES), f"shot{i}.png")
            for i in range(3)
        ]
        job = client.post(f"/api/v1/projects/{project_id}/jobs", json=SLOW_KINDS).json()
        deadline = time.monotonic() + 240
        while _results(api, job["id"]) < 1:  # at least one image measured, the rest to go
            assert time.monotonic() < deadline, _job(client, project_id, job["id"])
            time.sleep(0.1)
        first.kill()
        running = _job(client, project_id, job["id"])
        assert running["status"] == "running", running
        done_before_kill = _results(api, job["id"])
        assert done_before_kill < len(images), "the job finished before the kill; use slower images"
        # The sweeper notices the silence and puts the job back in the queue.
        requeued = _wait_for(client, project_id, job["id"], {"queued"}, timeout_s=STALE_AFTER_S * 6)
        assert requeued["error_code"] == "worker_lost"
        assert "stopped responding" in requeued["error"]
        second = WorkerProcess(stack, tmp_path / "second.log")
        done = _wait_for(client, project_id, job["id"], {"succeeded", "failed", "cancelled"})
        assert done["status"] == "succeeded", done
        assert done["attempts"] == 2
        assert done["error"] is None
        # Images measured before the crash were not measured again.
        assert _results(api, job["id"]) == len(images)
        version = client.get(
            f"/api/v1/projects/{project_id}/versions/{done['version_number']}"
        ).json()
        assert version["summary"]["images"] == len(images)
    finally:
        api.close()
        first.stop()
        if second is not None:
            second.stop()


def test_a_job_killed_on_its_last_attempt_fails_visibly(
    tmp_path: Path, stack: dict[str, str]
) -> None:
    worker = WorkerProcess(stack, tmp_path / "worker.log")
    api = _api(tmp_path, stack, job_max_attempts=1)
    try:
        client = api.client().register("a@example.com")
        project_id = client.new_project()
        for i in range(3):
            client.upload(project_id, _variant(i, SLOW_TILES), f"shot{i}.png")
        job = client.post(f"/api/v1/projects/{project_id}/jobs", json=SLOW_KINDS).json()
        _wait_for(client, project_id, job["id"], {"running"}, timeout_s=120)
        worker.kill()
        failed = _wait_for(
            client, project_id, job["id"], {"failed", "succeeded"}, timeout_s=STALE_AFTER_S * 6
        )
        assert failed["status"] == "failed"
        assert failed["error_code"] == "worker_lost"
        assert "no attempts left" in failed["error"]
        assert failed["finished_at"] is not None
    finally:
        api.close()
        worker.stop()
