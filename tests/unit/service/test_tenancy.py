"""Authorization: every route that names another tenant's object answers 404 and changes nothing.

The route list is read from the app, so a new route without a case here fails
`test_every_scoped_route_is_covered`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from copy_that.service.repository import jobs as job_repo
from tests.unit.service._harness import (
    Client,
    Harness,
    make_settings,
    png_bytes,
    sample_tokens,
    seed_result,
)

RED = {"colorSpace": "srgb", "components": [1, 0, 0], "alpha": 1, "hex": "#ff0000"}

#: (method, route path) → request body/files for the call, with ids filled in from `ids`.
CASES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/projects/{project_id}"): {},
    ("PATCH", "/api/v1/projects/{project_id}"): {"json": {"name": "mine now"}},
    ("DELETE", "/api/v1/projects/{project_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/members"): {},
    ("POST", "/api/v1/projects/{project_id}/members"): {"json": {"email": "bob@example.com"}},
    ("PATCH", "/api/v1/projects/{project_id}/members/{user_id}"): {"json": {"role": "member"}},
    ("DELETE", "/api/v1/projects/{project_id}/members/{user_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/images"): {},
    ("POST", "/api/v1/projects/{project_id}/images"): {
        "files": [("files", ("x.png", png_bytes(color=(7, 7, 7)), "image/png"))]
    },
    ("POST", "/api/v1/projects/{project_id}/images/import"): {
        "json": {"url": "https://example.com/x.png"}
    },
    ("GET", "/api/v1/projects/{project_id}/images/{image_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/images/{image_id}/content"): {},
    ("DELETE", "/api/v1/projects/{project_id}/images/{image_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/images/{image_id}/tokens"): {},
    ("POST", "/api/v1/projects/{project_id}/jobs"): {"json": {"kinds": ["colors"]}},
    ("GET", "/api/v1/projects/{project_id}/jobs"): {},
    ("GET", "/api/v1/projects/{project_id}/jobs/{job_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/jobs/{job_id}/events"): {},
    ("POST", "/api/v1/projects/{project_id}/jobs/{job_id}/cancel"): {},
    ("GET", "/api/v1/projects/{project_id}/tokens"): {"params": {"format": "css"}},
    ("GET", "/api/v1/projects/{project_id}/tokens/edits"): {},
    ("POST", "/api/v1/projects/{project_id}/tokens/edits"): {
        "json": {"op": "set_value", "path": "color.palette.blue", "value": RED}
    },
    ("DELETE", "/api/v1/projects/{project_id}/tokens/edits/{edit_id}"): {},
    ("GET", "/api/v1/projects/{project_id}/versions"): {},
    ("GET", "/api/v1/projects/{project_id}/versions/{number}"): {},
    ("GET", "/api/v1/projects/{project_id}/versions/{number}/diff"): {},
    ("DELETE", "/api/v1/api-keys/{key_id}"): {},
}


def _scoped_routes(harness: Harness) -> set[tuple[str, str]]:
    paths = harness.app.openapi()["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/") and "{" in path
        for method in operations
    }


def test_every_scoped_route_is_covered(harness: Harness) -> None:
    assert _scoped_routes(harness) == set(CASES)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Harness, Client, Client]]:
    """One service for the module: the cases only read, and check that nothing changed."""
    harness = Harness(make_settings(tmp_path_factory.mktemp("tenancy")))
    try:
        alice = harness.client().register("alice@example.com")
        bob = harness.client().register("bob@example.com")
        yield harness, alice, bob
    finally:
        harness.close()


@pytest.fixture(scope="module")
def world(shared: tuple[Harness, Client, Client]) -> dict[str, str]:
    """Alice's objects of every kind; Bob has his own project so he is a real tenant."""
    harness, alice, bob = shared
    bob.new_project("bob's")
    project_id = alice.new_project("alice's")
    image = alice.upload(project_id, png_bytes())
    seed_result(harness, project_id, image["id"], sample_tokens())
    edit = alice.post(
        f"/api/v1/projects/{project_id}/tokens/edits",
        json={"op": "rename", "path": "spacing.1", "to": "spacing.sm"},
    ).json()["edit"]
    key = alice.post("/api/v1/api-keys", json={"name": "k"}).json()

    async def make_job() -> str:
        async with harness.context.session_factory() as session:
            job = await job_repo.create_job(
                session,
                project_id=project_id,
                image_ids=[image["id"]],
                options={"kinds": ["colors"], "max_colors": 16, "dpr": None, "ocr": False},
                max_attempts=3,
                created_by=alice.user["id"],
            )
            await session.commit()
            return job.id

    return {
        "project_id": project_id,
        "image_id": image["id"],
        "job_id": harness.run(make_job),
        "edit_id": edit["id"],
        "user_id": alice.user["id"],
        "number": "1",
        "key_id": key["id"],
    }


@pytest.mark.parametrize(("method", "path"), sorted(CASES))
def test_another_tenants_object_is_404(
    shared: tuple[Harness, Client, Client], world: dict[str, str], method: str, path: str
) -> None:
    _harness, alice, bob = shared
    before = alice.get(f"/api/v1/projects/{world['project_id']}/tokens").json()
    response = bob.request(method, path.format(**world), **CASES[(method, path)])
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"
    # Nothing of Alice's changed.
    assert alice.get(f"/api/v1/projects/{world['project_id']}").status_code == 200
    assert alice.get(f"/api/v1/projects/{world['project_id']}/tokens").json() == before
    assert alice.get(f"/api/v1/projects/{world['project_id']}/images").json()["count"] == 1
    assert alice.get(f"/api/v1/projects/{world['project_id']}/members").json()["count"] == 1
    assert alice.get(f"/api/v1/projects/{world['project_id']}/tokens/edits").json()["count"] == 1
    assert alice.get("/api/v1/api-keys").json()["data"][0]["revoked_at"] is None


@pytest.mark.parametrize(("method", "path"), sorted(CASES))
def test_anonymous_callers_get_401(
    shared: tuple[Harness, Client, Client], world: dict[str, str], method: str, path: str
) -> None:
    harness = shared[0]
    response = harness.client().request(method, path.format(**world), **CASES[(method, path)])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
