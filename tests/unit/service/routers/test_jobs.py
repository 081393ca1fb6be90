"""Tests for /api/v1/projects/{id}/jobs: start, list, status, Server-Sent Events, cancel.

These run the real extraction pipeline (colours only, small images) in the in-process runner.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from copy_that.service.repository import jobs as job_repo
from tests.unit.service._harness import Client, Harness, png_bytes

COLORS_ONLY = {"kinds": ["colors"], "ocr": False}


def _jobs(project_id: str) -> str:
    return f"/api/v1/projects/{project_id}/jobs"


def _events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if not line.startswith(":")
        )
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


def _wait(client: Client, project_id: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"{_jobs(project_id)}/{job_id}").json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            return job
        time.sleep(0.05)
    pytest.fail("job did not finish in 60 s")


@pytest.fixture
def project(alice: Client) -> tuple[str, list[str]]:
    project_id = alice.new_project()
    images = [alice.upload(project_id, png_bytes(color=c)) for c in [(200, 30, 30), (30, 30, 200)]]
    return project_id, [i["id"] for i in images]


def test_a_job_streams_progress_then_its_result(
    alice: Client, project: tuple[str, list[str]]
) -> None:
    project_id, image_ids = project
    response = alice.post(_jobs(project_id), json=COLORS_ONLY)
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued"
    assert job["image_ids"] == image_ids
    assert job["options"] == {"kinds": ["colors"], "max_colors": 16, "dpr": None, "ocr": False}
    stream = alice.get(f"{_jobs(project_id)}/{job['id']}/events")
    assert stream.status_code == 200
    assert stream.headers["content-type"].startswith("text/event-stream")
    events = _events(stream.text)
    kinds = [name for name, _ in events]
    assert kinds[-1] == "result"
    assert set(kinds[:-1]) == {"progress"}
    progress = [data["progress"] for name, data in events if name == "progress"]
    assert progress == sorted(progress)
    result = events[-1][1]
    assert result["job"]["status"] == "succeeded"
    assert result["version"]["number"] == 1
    assert result["version"]["summary"]["images"] == 2
    finished = alice.get(f"{_jobs(project_id)}/{job['id']}").json()
    assert (finished["status"], finished["progress"], finished["version_number"]) == (
        "succeeded",
        1.0,
        1,
    )
    tokens = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert "palette" in tokens["color"]
    image_tokens = alice.get(f"/api/v1/projects/{project_id}/images/{image_ids[0]}/tokens")
    assert image_tokens.status_code == 200


def test_some_images_only(alice: Client, project: tuple[str, list[str]]) -> None:
    project_id, image_ids = project
    job = alice.post(_jobs(project_id), json={**COLORS_ONLY, "image_ids": image_ids[1:]}).json()
    assert job["image_ids"] == image_ids[1:]
    done = _wait(alice, project_id, job["id"])
    assert done["status"] == "succeeded"
    assert (
        alice.get(f"/api/v1/projects/{project_id}/images/{image_ids[0]}/tokens").status_code == 404
    )


def test_list_jobs_newest_first(alice: Client, project: tuple[str, list[str]]) -> None:
    project_id, _ = project
    first = alice.post(_jobs(project_id), json=COLORS_ONLY).json()
    _wait(alice, project_id, first["id"])
    second = alice.post(_jobs(project_id), json=COLORS_ONLY).json()
    _wait(alice, project_id, second["id"])
    listed = alice.get(_jobs(project_id)).json()
    assert listed["count"] == 2
    assert [j["id"] for j in listed["data"]] == [second["id"], first["id"]]
    assert alice.get(_jobs(project_id) + "?limit=1").json()["data"][0]["id"] == second["id"]


@pytest.mark.parametrize(
    "body",
    [
        {"kinds": []},
        {"kinds": ["gradients"]},
        {"max_colors": 0},
        {"max_colors": 65},
        {"dpr": 100},
        {"dpr": 0.1},
        {"image_ids": "all"},
    ],
)
def test_bad_options_are_422(
    alice: Client, project: tuple[str, list[str]], body: dict[str, Any]
) -> None:
    project_id, _ = project
    response = alice.post(_jobs(project_id), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_unknown_images_are_404_and_empty_projects_409(
    alice: Client, project: tuple[str, list[str]]
) -> None:
    project_id, _ = project
    response = alice.post(_jobs(project_id), json={**COLORS_ONLY, "image_ids": ["nope"]})
    assert response.status_code == 404
    empty = alice.new_project()
    response = alice.post(_jobs(empty), json=COLORS_ONLY)
    assert response.status_code == 409
    assert "upload" in response.json()["error"]["message"]


def test_cancel_a_queued_job_then_cancel_again(
    alice: Client, harness: Harness, project: tuple[str, list[str]]
) -> None:
    project_id, image_ids = project

    async def queued_only() -> str:  # a row the runner was never told about
        async with harness.context.session_factory() as session:
            job = await job_repo.create_job(
                session,
                project_id=project_id,
                image_ids=image_ids,
                options={"kinds": ["colors"], "max_colors": 16, "dpr": None, "ocr": False},
                max_attempts=3,
                created_by=alice.user["id"],
            )
            await session.commit()
            return job.id

    job_id = harness.run(queued_only)
    response = alice.post(f"{_jobs(project_id)}/{job_id}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = alice.post(f"{_jobs(project_id)}/{job_id}/cancel")
    assert again.status_code == 409
    events = _events(alice.get(f"{_jobs(project_id)}/{job_id}/events").text)
    assert events[-1][0] == "result"
    assert events[-1][1] == {"job": events[0][1], "version": None}


def test_unknown_jobs_are_404(alice: Client, project: tuple[str, list[str]]) -> None:
    project_id, _ = project
    for path in ("", "/events"):
        assert alice.get(f"{_jobs(project_id)}/nope{path}").status_code == 404
    assert alice.post(f"{_jobs(project_id)}/nope/cancel").status_code == 404
