"""Tests for copy_that.service.app: zero-config start, OpenAPI, error shape, caps, request ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from copy_that.service.config import Settings
from tests.unit.service._harness import Client, Harness, make_settings


def test_starts_with_no_configuration_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "BLOB_STORE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "ENVIRONMENT",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None, job_pool="thread")
    harness = Harness(settings)
    try:
        client = harness.client()
        assert client.get("/health").status_code == 200
        assert client.get("/ready").json()["status"] == "ready"
        assert client.get("/").status_code == 200  # the web app is served too
        assert (tmp_path / "var" / "copy-that.db").is_file()
        assert (tmp_path / "var" / "secret_key").is_file()
        assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "var" / "blobs").is_dir()
    finally:
        harness.close()


def test_openapi_operation_ids_are_tag_and_name(harness: Harness) -> None:
    schema = harness.client().get("/openapi.json").json()
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "projects-create_project" in ids
    assert "jobs-job_events" in ids
    create = schema["paths"]["/api/v1/projects"]["post"]
    assert "examples" in str(schema["components"]["schemas"]["ProjectCreate"])
    assert "401" in create["responses"]


def test_errors_have_one_shape_with_the_request_id(alice: Client) -> None:
    response = alice.get("/api/v1/projects/unknown", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 404
    assert response.headers["x-request-id"] == "req-123"
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "project 'unknown' not found",
            "request_id": "req-123",
            "details": {"kind": "project"},
        }
    }


def test_unknown_routes_and_methods_use_the_error_shape(harness: Harness) -> None:
    client = harness.client()
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = client.request("PUT", "/health")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_json_bodies_over_the_cap_are_413(tmp_path: Path) -> None:
    harness = Harness(make_settings(tmp_path, max_json_bytes=2000))
    try:
        client = harness.client().register("a@example.com")
        response = client.post("/api/v1/projects", json={"name": "x" * 3000})
        assert response.status_code == 413
        assert response.json()["error"] == {
            "code": "payload_too_large",
            "message": "the request body is over the 2,000-byte limit",
            "request_id": response.headers["x-request-id"],
            "details": {"max_bytes": 2000},
        }
    finally:
        harness.close()


def test_malformed_json_is_422(alice: Client) -> None:
    response = alice.post(
        "/api/v1/projects", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_internal_errors_are_500_without_their_text(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom() -> None:
        raise RuntimeError("secret connection string postgres://user:pw@db")

    harness.app.add_api_route("/boom", boom)
    response = harness.client().get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "internal_error"
    assert "secret" not in response.text
    assert body["error"]["request_id"] == response.headers["x-request-id"]
    assert "secret connection string" in caplog.text


def test_the_job_kinds_are_the_pipelines(harness: Harness) -> None:
    from copy_that.pipeline import ALL_KINDS
    from copy_that.service.schemas import JobCreate

    schema = harness.client().get("/openapi.json").json()["components"]["schemas"]["JobCreate"]
    assert schema["properties"]["kinds"]["items"]["enum"] == list(ALL_KINDS)
    assert JobCreate().kinds == list(ALL_KINDS)
