"""Tests for /api/v1/projects/{id}/versions: list, get, diff."""

from __future__ import annotations

from tests.unit.service._harness import Client, Harness, png_bytes, sample_tokens, seed_result


def _project(alice: Client, harness: Harness) -> str:
    project_id = alice.new_project()
    image = alice.upload(project_id, png_bytes())
    seed_result(harness, project_id, image["id"], sample_tokens())
    alice.post(
        f"/api/v1/projects/{project_id}/tokens/edits",
        json={"op": "rename", "path": "spacing.1", "to": "spacing.sm"},
    )
    return project_id


def test_list_and_get(alice: Client, harness: Harness) -> None:
    project_id = _project(alice, harness)
    listed = alice.get(f"/api/v1/projects/{project_id}/versions").json()
    assert listed["count"] == 2
    assert [v["number"] for v in listed["data"]] == [2, 1]
    assert "document" not in listed["data"][0]
    first = alice.get(f"/api/v1/projects/{project_id}/versions/1").json()
    assert first["kind"] == "extraction"
    assert first["document"]["spacing"]["1"]["$value"]["value"] == 8
    page = alice.get(f"/api/v1/projects/{project_id}/versions?limit=1&offset=1").json()
    assert [v["number"] for v in page["data"]] == [1]


def test_diff_shows_added_removed_changed(alice: Client, harness: Harness) -> None:
    project_id = _project(alice, harness)
    alice.post(
        f"/api/v1/projects/{project_id}/tokens/edits",
        json={
            "op": "set_value",
            "path": "spacing.sm",
            "value": {"value": 10, "unit": "px"},
        },
    )
    diff = alice.get(f"/api/v1/projects/{project_id}/versions/3/diff?against=1").json()
    assert (diff["from_version"], diff["to_version"]) == (1, 3)
    assert [c["path"] for c in diff["added"]] == ["spacing.sm"]
    assert [c["path"] for c in diff["removed"]] == ["spacing.1"]
    assert diff["changed"] == []
    step = alice.get(f"/api/v1/projects/{project_id}/versions/3/diff").json()
    assert step["from_version"] == 2
    assert step["changed"][0]["before"]["$value"] == {"value": 8, "unit": "px"}
    assert step["changed"][0]["after"]["$value"] == {"value": 10, "unit": "px"}


def test_diff_of_a_version_with_itself_is_empty(alice: Client, harness: Harness) -> None:
    project_id = _project(alice, harness)
    diff = alice.get(f"/api/v1/projects/{project_id}/versions/1/diff").json()
    assert diff["added"] == diff["removed"] == diff["changed"] == []


def test_unknown_versions_are_404(alice: Client, harness: Harness) -> None:
    project_id = _project(alice, harness)
    assert alice.get(f"/api/v1/projects/{project_id}/versions/7").status_code == 404
    assert alice.get(f"/api/v1/projects/{project_id}/versions/2/diff?against=9").status_code == 404
    assert alice.get(f"/api/v1/projects/{project_id}/versions/0").status_code == 422
    assert alice.get(f"/api/v1/projects/{project_id}/versions/x").status_code == 422
