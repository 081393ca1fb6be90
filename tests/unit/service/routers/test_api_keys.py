"""Tests for /api/v1/api-keys: create (shown once), list, revoke, and using a key."""

from __future__ import annotations

from tests.unit.service._harness import Client, Harness


def _create(client: Client, name: str = "ci") -> dict[str, str]:
    response = client.post("/api/v1/api-keys", json={"name": name})
    assert response.status_code == 201
    body: dict[str, str] = response.json()
    return body


def test_a_key_authenticates_a_client_without_cookies(alice: Client, harness: Harness) -> None:
    key = _create(alice)["key"]
    assert key.startswith("ct_")
    machine = harness.client(Authorization=f"Bearer {key}")
    assert machine.get("/api/v1/auth/me").json()["id"] == alice.user["id"]
    other_header = harness.client(**{"X-API-Key": key})
    assert other_header.get("/api/v1/auth/me").status_code == 200


def test_listing_never_shows_the_secret(alice: Client) -> None:
    created = _create(alice, "deploy")
    listed = alice.get("/api/v1/api-keys").json()
    assert listed["count"] == 1
    item = listed["data"][0]
    assert "key" not in item
    assert item["name"] == "deploy"
    assert created["key"].startswith(item["prefix"])


def test_the_key_is_stored_hashed(alice: Client, harness: Harness) -> None:
    from sqlalchemy import select

    from copy_that.service.db.models import ApiKeyRow

    key = _create(alice)["key"]

    async def stored() -> list[str]:
        async with harness.context.session_factory() as session:
            return list(await session.scalars(select(ApiKeyRow.key_hash)))

    hashes = harness.run(stored)
    assert len(hashes) == 1
    assert key not in hashes[0]
    assert len(hashes[0]) == 64


def test_a_revoked_key_stops_working(alice: Client, harness: Harness) -> None:
    created = _create(alice)
    machine = harness.client(Authorization=f"Bearer {created['key']}")
    assert machine.get("/api/v1/auth/me").status_code == 200
    assert alice.delete(f"/api/v1/api-keys/{created['id']}").status_code == 204
    assert machine.get("/api/v1/auth/me").status_code == 401
    assert alice.get("/api/v1/api-keys").json()["data"][0]["revoked_at"] is not None


def test_a_wrong_key_is_401_even_with_a_valid_cookie(alice: Client) -> None:
    response = alice.get("/api/v1/auth/me", headers={"Authorization": "Bearer ct_wrong"})
    assert response.status_code == 401


def test_revoking_an_unknown_key_is_404(alice: Client) -> None:
    assert alice.delete("/api/v1/api-keys/nope").status_code == 404


def test_another_users_key_cannot_be_revoked(alice: Client, bob: Client) -> None:
    created = _create(alice)
    assert bob.delete(f"/api/v1/api-keys/{created['id']}").status_code == 404
    assert bob.get("/api/v1/api-keys").json()["count"] == 0


def test_key_routes_need_authentication(harness: Harness) -> None:
    client = harness.client()
    assert client.post("/api/v1/api-keys", json={"name": "x"}).status_code == 401
    assert client.get("/api/v1/api-keys").status_code == 401
    assert client.delete("/api/v1/api-keys/x").status_code == 401


def test_key_name_is_validated(alice: Client) -> None:
    assert alice.post("/api/v1/api-keys", json={"name": ""}).status_code == 422
    assert alice.post("/api/v1/api-keys", json={"name": "x" * 101}).status_code == 422
