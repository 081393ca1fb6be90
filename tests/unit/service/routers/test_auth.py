"""Tests for /api/v1/auth: register, log in, log out, me; cookies and their protections."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.service._harness import PASSWORD, Client, Harness, make_settings


def test_register_logs_in_with_a_protected_cookie(harness: Harness) -> None:
    client = harness.client()
    response = client.post(
        "/api/v1/auth/register",
        json={"email": " Ada@Example.com ", "password": PASSWORD, "name": "Ada"},
    )
    assert response.status_code == 201
    assert response.json()["email"] == "ada@example.com"
    cookie = response.headers["set-cookie"]
    assert "copy_that_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # development default; production sets it
    assert client.get("/api/v1/auth/me").json()["email"] == "ada@example.com"


def test_register_twice_is_409(alice: Client, harness: Harness) -> None:
    response = harness.client().post(
        "/api/v1/auth/register", json={"email": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "a@example.com", "password": "short"},
        {"email": "a@example.com"},
    ],
)
def test_register_validates_its_body(harness: Harness, body: dict[str, str]) -> None:
    response = harness.client().post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    assert response.json()["error"]["details"]


def test_registration_can_be_closed(tmp_path: Path) -> None:
    closed = Harness(make_settings(tmp_path, allow_registration=False))
    try:
        response = closed.client().post(
            "/api/v1/auth/register", json={"email": "a@example.com", "password": PASSWORD}
        )
        assert response.status_code == 403
    finally:
        closed.close()


def test_login_and_logout(alice: Client, harness: Harness) -> None:
    client = harness.client()
    assert client.get("/api/v1/auth/me").status_code == 401
    response = client.post(
        "/api/v1/auth/login", json={"email": "ALICE@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/api/v1/auth/me").json()["id"] == alice.user["id"]
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_logout_ends_the_session_server_side(alice: Client, harness: Harness) -> None:
    stolen = alice.inner.cookies.get("copy_that_session")
    assert alice.post("/api/v1/auth/logout").status_code == 204
    replay = harness.client()
    replay.inner.cookies.set("copy_that_session", stolen)
    assert replay.get("/api/v1/auth/me").status_code == 401


def test_logout_without_a_session_is_fine(harness: Harness) -> None:
    assert harness.client().post("/api/v1/auth/logout").status_code == 204


@pytest.mark.parametrize("password", [PASSWORD + "x", ""])
def test_login_with_a_wrong_password_is_401(alice: Client, harness: Harness, password: str) -> None:
    response = harness.client().post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": password}
    )
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "wrong email or password"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_login_of_an_unknown_user_says_the_same(harness: Harness) -> None:
    response = harness.client().post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "wrong email or password"


def test_a_forged_cookie_is_401(harness: Harness) -> None:
    client = harness.client()
    client.inner.cookies.set("copy_that_session", "forged.value")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_cookie_state_changes_from_another_origin_are_403(alice: Client) -> None:
    response = alice.post(
        "/api/v1/projects", json={"name": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    same = alice.post(
        "/api/v1/projects", json={"name": "x"}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 201


def test_login_attempts_are_rate_limited_with_retry_after(tmp_path: Path) -> None:
    limited = Harness(make_settings(tmp_path, rate_limit_auth="3/minute"))
    try:
        client = limited.client()
        body = {"email": "a@example.com", "password": PASSWORD}
        codes = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        response = client.post("/api/v1/auth/login", json=body)
        assert response.status_code == 429
        assert 1 <= int(response.headers["retry-after"]) <= 60
        assert response.json()["error"]["code"] == "rate_limited"
    finally:
        limited.close()


def test_production_cookies_are_secure(tmp_path: Path) -> None:
    secure = Harness(make_settings(tmp_path, cookie_secure=True))
    try:
        response = secure.client().post(
            "/api/v1/auth/register", json={"email": "a@example.com", "password": PASSWORD}
        )
        assert "Secure" in response.headers["set-cookie"]
    finally:
        secure.close()
