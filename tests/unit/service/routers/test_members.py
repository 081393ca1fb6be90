"""Tests for /api/v1/projects/{id}/members: roles owner and member."""

from __future__ import annotations

from tests.unit.service._harness import Client, Harness


def _members(client: Client, project_id: str) -> str:
    return f"/api/v1/projects/{project_id}/members"


def test_owner_adds_a_member_who_then_sees_the_project(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    response = alice.post(_members(alice, project_id), json={"email": "BOB@example.com"})
    assert response.status_code == 201
    assert response.json()["role"] == "member"
    assert bob.get(f"/api/v1/projects/{project_id}").status_code == 200
    listed = alice.get(_members(alice, project_id)).json()
    assert [m["role"] for m in listed["data"]] == ["owner", "member"]


def test_adding_unknown_or_existing_users(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    assert (
        alice.post(_members(alice, project_id), json={"email": "x@example.com"}).status_code == 404
    )
    assert (
        alice.post(_members(alice, project_id), json={"email": "bob@example.com"}).status_code
        == 201
    )
    assert (
        alice.post(_members(alice, project_id), json={"email": "bob@example.com"}).status_code
        == 409
    )
    assert alice.post(_members(alice, project_id), json={"email": "nope"}).status_code == 422


def test_members_cannot_manage_members(alice: Client, bob: Client, harness: Harness) -> None:
    carol = harness.client().register("carol@example.com")
    project_id = alice.new_project()
    alice.post(_members(alice, project_id), json={"email": "bob@example.com"})
    url = _members(alice, project_id)
    assert bob.post(url, json={"email": "carol@example.com"}).status_code == 403
    assert bob.patch(f"{url}/{alice.user['id']}", json={"role": "member"}).status_code == 403
    assert bob.delete(f"{url}/{alice.user['id']}").status_code == 403
    assert carol.get(url).status_code == 404


def test_roles_change_and_an_owner_always_remains(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    url = _members(alice, project_id)
    alice.post(url, json={"email": "bob@example.com"})
    assert alice.patch(f"{url}/{alice.user['id']}", json={"role": "member"}).status_code == 409
    response = alice.patch(f"{url}/{bob.user['id']}", json={"role": "owner"})
    assert response.json()["role"] == "owner"
    assert alice.patch(f"{url}/{alice.user['id']}", json={"role": "member"}).status_code == 200
    assert bob.patch(f"/api/v1/projects/{project_id}", json={"name": "Bob's"}).status_code == 200
    assert alice.patch(f"{url}/{bob.user['id']}", json={"role": "member"}).status_code == 403


def test_a_member_may_leave_but_the_last_owner_may_not(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    url = _members(alice, project_id)
    alice.post(url, json={"email": "bob@example.com"})
    assert alice.delete(f"{url}/{alice.user['id']}").status_code == 409
    assert bob.delete(f"{url}/{bob.user['id']}").status_code == 204
    assert bob.get(f"/api/v1/projects/{project_id}").status_code == 404


def test_owner_removes_a_member(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    url = _members(alice, project_id)
    alice.post(url, json={"email": "bob@example.com"})
    assert alice.delete(f"{url}/{bob.user['id']}").status_code == 204
    assert alice.delete(f"{url}/{bob.user['id']}").status_code == 404
    assert alice.patch(f"{url}/{bob.user['id']}", json={"role": "owner"}).status_code == 404


def test_invalid_role_is_422(alice: Client, bob: Client) -> None:
    project_id = alice.new_project()
    url = _members(alice, project_id)
    assert alice.post(url, json={"email": "bob@example.com", "role": "admin"}).status_code == 422
