"""Tests for /api/v1/formats."""

from __future__ import annotations

from copy_that.exporters import default_registry
from tests.unit.service._harness import Harness


def test_formats_list_the_registry_without_authentication(harness: Harness) -> None:
    response = harness.client().get("/api/v1/formats")
    assert response.status_code == 200
    body = response.json()
    assert [f["name"] for f in body["data"]] == default_registry().names()
    assert body["count"] == len(default_registry())
    css = next(f for f in body["data"] if f["name"] == "css")
    assert css == {"name": "css", "extension": "css", "media_type": "text/css"}
