"""Tests for /api/v1/projects: create, list (paginated), get, rename, delete."""

from __future__ import annotations

from tests.unit.service._harness import Client, Harness, png_bytes


def test_create_and_get(alice: Client) -> None:
    response = alice.post("/api/v1/projects", json={"name": "Checkout"})
    assert response.status_code == 201
    project = response.json()
    assert project["role"] == "owner"
    assert alice.get(f"/api/v1/projects/{project['id']}").json() == project


def test_list_is_paginated_newest_first(alice: Client) -> None:
    ids = [alice.new_project(f"p{i}") for i in range(5)]
    page = alice.get("/api/v1/projects?limit=2&offset=1").json()
    assert page["count"] == 5
    assert [p["id"] for p in page["data"]] == ids[::-1][1:3]


def test_list_rejects_bad_paging(alice: Client) -> None:
    assert alice.get("/api/v1/projects?limit=0").status_code == 422
    assert alice.get("/api/v1/projects?offset=-1").status_code == 422
    assert alice.get("/api/v1/projects?limit=100000").status_code == 422


def test_list_shows_only_the_callers_projects(alice: Client, bob: Client) -> None:
    alice.new_project("a")
    assert bob.get("/api/v1/projects").json() == {"data": [], "count": 0}


def test_rename(alice: Client) -> None:
    project_id = alice.new_project("Old")
    response = alice.patch(f"/api/v1/projects/{project_id}", json={"name": "New"})
    assert response.status_code == 200
    assert response.json()["name"] == "New"
    assert alice.patch(f"/api/v1/projects/{project_id}", json={"name": ""}).status_code == 422


def test_create_validates_the_name(alice: Client) -> None:
    assert alice.post("/api/v1/projects", json={"name": ""}).status_code == 422
    assert alice.post("/api/v1/projects", json={"name": "x" * 201}).status_code == 422
    assert alice.post("/api/v1/projects", json={}).status_code == 422


def test_delete_cascades_and_removes_blobs(alice: Client, harness: Harness) -> None:
    project_id = alice.new_project()
    image = alice.upload(project_id, png_bytes())
    store = harness.context.blob_store
    assert harness.run(store.exists, image["sha256"])
    assert alice.delete(f"/api/v1/projects/{project_id}").status_code == 204
    assert alice.get(f"/api/v1/projects/{project_id}").status_code == 404
    assert not harness.run(store.exists, image["sha256"])


def test_delete_keeps_blobs_another_project_uses(alice: Client, harness: Harness) -> None:
    first, second = alice.new_project(), alice.new_project()
    data = png_bytes()
    image = alice.upload(first, data)
    alice.upload(second, data)
    assert alice.delete(f"/api/v1/projects/{first}").status_code == 204
    assert harness.run(harness.context.blob_store.exists, image["sha256"])
    assert alice.get(f"/api/v1/projects/{second}/images").json()["count"] == 1


def test_members_cannot_rename_or_delete(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    alice.post(f"/api/v1/projects/{project_id}/members", json={"email": "bob@example.com"})
    assert bob.get(f"/api/v1/projects/{project_id}").json()["role"] == "member"
    assert bob.patch(f"/api/v1/projects/{project_id}", json={"name": "x"}).status_code == 403
    assert bob.delete(f"/api/v1/projects/{project_id}").status_code == 403


def test_unknown_project_is_404(alice: Client) -> None:
    response = alice.get("/api/v1/projects/0123")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert alice.patch("/api/v1/projects/0123", json={"name": "x"}).status_code == 404
    assert alice.delete("/api/v1/projects/0123").status_code == 404


def test_projects_need_authentication(harness: Harness) -> None:
    client = harness.client()
    assert client.get("/api/v1/projects").status_code == 401
    assert client.post("/api/v1/projects", json={"name": "x"}).status_code == 401
