"""Tests for the tokens routes: current and per-image tokens, exports, edits and their replay."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.tokens import dtcg
from copy_that.tokens.model import Alias
from tests.unit.service._harness import Client, Harness, png_bytes, sample_tokens, seed_result


@pytest.fixture
def project(alice: Client, harness: Harness) -> tuple[str, str]:
    """A project with one image whose extraction found `sample_tokens()`."""
    project_id = alice.new_project("Brand Kit")
    image = alice.upload(project_id, png_bytes(), "home screen.png")
    seed_result(harness, project_id, image["id"], sample_tokens())
    return project_id, image["id"]


def _edit(client: Client, project_id: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/projects/{project_id}/tokens/edits", json=body)


def test_tokens_before_any_extraction_are_404(alice: Client) -> None:
    project_id = alice.new_project()
    response = alice.get(f"/api/v1/projects/{project_id}/tokens")
    assert response.status_code == 404
    assert response.json()["error"]["details"] == {"kind": "tokens"}


def test_current_tokens_are_a_valid_dtcg_document(alice: Client, project: tuple[str, str]) -> None:
    project_id, _ = project
    response = alice.get(f"/api/v1/projects/{project_id}/tokens")
    assert response.status_code == 200
    document = response.json()
    dtcg.validate_document(document)
    assert document["color"]["primary"]["$value"] == "{color.palette.blue}"


@pytest.mark.parametrize(
    ("name", "media_type", "extension"),
    [("css", "text/css", "css"), ("dtcg", "application/design-tokens+json", "json")],
)
def test_export_has_media_type_and_filename(
    alice: Client, project: tuple[str, str], name: str, media_type: str, extension: str
) -> None:
    project_id, _ = project
    response = alice.get(f"/api/v1/projects/{project_id}/tokens?format={name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="brand-kit.{extension}"'
    assert response.text


def test_every_registered_format_exports(alice: Client, project: tuple[str, str]) -> None:
    project_id, _ = project
    formats = alice.get("/api/v1/formats").json()["data"]
    assert len(formats) >= 2
    for fmt in formats:
        response = alice.get(f"/api/v1/projects/{project_id}/tokens?format={fmt['name']}")
        assert response.status_code == 200, (fmt, response.text)
        assert response.headers["content-type"].startswith(fmt["media_type"])


def test_an_unknown_format_is_422_listing_the_known_ones(
    alice: Client, project: tuple[str, str]
) -> None:
    project_id, _ = project
    response = alice.get(f"/api/v1/projects/{project_id}/tokens?format=cobol")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_format"
    assert "css" in error["details"]["available"]


def test_tokens_of_an_earlier_version(alice: Client, project: tuple[str, str]) -> None:
    project_id, _ = project
    _edit(alice, project_id, {"op": "delete", "path": "spacing.1"})
    assert "1" not in alice.get(f"/api/v1/projects/{project_id}/tokens").json()["spacing"]
    old = alice.get(f"/api/v1/projects/{project_id}/tokens?version=1").json()
    assert old["spacing"]["1"]["$value"] == {"value": 8, "unit": "px"}
    assert alice.get(f"/api/v1/projects/{project_id}/tokens?version=9").status_code == 404
    assert alice.get(f"/api/v1/projects/{project_id}/tokens?version=0").status_code == 422


def test_per_image_tokens(alice: Client, project: tuple[str, str]) -> None:
    project_id, image_id = project
    url = f"/api/v1/projects/{project_id}/images/{image_id}/tokens"
    assert alice.get(url).json()["color"]["palette"]["blue"]["$value"]["hex"] == "#1a4de6"
    css = alice.get(url + "?format=css")
    assert css.headers["content-disposition"] == 'attachment; filename="home-screen.css"'
    other = alice.upload(project_id, png_bytes(color=(5, 5, 5)))
    assert (
        alice.get(f"/api/v1/projects/{project_id}/images/{other['id']}/tokens").status_code == 404
    )
    assert alice.get(f"/api/v1/projects/{project_id}/images/nope/tokens").status_code == 404


def test_rename_follows_aliases_and_makes_a_version(
    alice: Client, project: tuple[str, str]
) -> None:
    project_id, _ = project
    response = _edit(
        alice,
        project_id,
        {"op": "rename", "path": "color.palette.blue", "to": "color.palette.brand"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["edit"]["seq"] == 1
    assert body["version"]["number"] == 2
    assert body["version"]["kind"] == "edit"
    document = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert "blue" not in document["color"]["palette"]
    assert document["color"]["primary"]["$value"] == "{color.palette.brand}"


def test_set_value_set_role_and_delete(alice: Client, project: tuple[str, str]) -> None:
    project_id, _ = project
    red = {"colorSpace": "srgb", "components": [1, 0, 0], "alpha": 1, "hex": "#ff0000"}
    assert (
        _edit(
            alice, project_id, {"op": "set_value", "path": "color.palette.white", "value": red}
        ).status_code
        == 201
    )
    assert (
        _edit(
            alice,
            project_id,
            {"op": "set_role", "path": "color.accent", "target": "color.palette.white"},
        ).status_code
        == 201
    )
    assert _edit(alice, project_id, {"op": "delete", "path": "spacing.1"}).status_code == 201
    document = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert document["color"]["palette"]["white"]["$value"]["hex"] == "#ff0000"
    assert document["color"]["accent"]["$value"] == "{color.palette.white}"
    assert "1" not in document["spacing"]
    edits = alice.get(f"/api/v1/projects/{project_id}/tokens/edits").json()
    assert [e["op"] for e in edits["data"]] == ["set_value", "set_role", "delete"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"op": "rename", "path": "color.palette.nope", "to": "color.x"}, 404, "not_found"),
        (
            {"op": "rename", "path": "color.palette.blue", "to": "color.palette.white"},
            409,
            "conflict",
        ),
        ({"op": "rename", "path": "color.palette.blue", "to": "color.primary.x"}, 409, "conflict"),
        ({"op": "set_value", "path": "color.palette.blue", "value": 12}, 422, "invalid_tokens"),
        (
            {"op": "set_role", "path": "color.palette", "target": "color.palette.blue"},
            409,
            "conflict",
        ),
        ({"op": "set_role", "path": "color.cta", "target": "color.nothing"}, 404, "not_found"),
        ({"op": "delete", "path": "color.palette.blue"}, 422, "invalid_alias"),
        ({"op": "delete", "path": "color.nothing"}, 404, "not_found"),
        ({"op": "explode", "path": "color.palette.blue"}, 422, "invalid_request"),
        ({"op": "delete", "path": "color..blue"}, 422, "invalid_request"),
        ({"op": "delete", "path": "$type"}, 422, "invalid_request"),
    ],
)
def test_bad_edits_change_nothing(
    alice: Client, project: tuple[str, str], body: dict[str, object], status: int, code: str
) -> None:
    project_id, _ = project
    before = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    response = _edit(alice, project_id, body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert alice.get(f"/api/v1/projects/{project_id}/tokens").json() == before
    assert alice.get(f"/api/v1/projects/{project_id}/tokens/edits").json()["count"] == 0


def test_edits_survive_reextraction_and_stale_ones_are_reported(
    alice: Client, harness: Harness, project: tuple[str, str]
) -> None:
    project_id, image_id = project
    _edit(
        alice,
        project_id,
        {"op": "rename", "path": "color.palette.blue", "to": "color.palette.brand"},
    )
    _edit(alice, project_id, {"op": "delete", "path": "spacing.1"})
    # A new extraction of the image measures a slightly different blue and no spacing 1.
    remeasured = sample_tokens("#1b4ee7").with_tokens(
        t for t in sample_tokens("#1b4ee7") if t.path != ("spacing", "1")
    )
    number = seed_result(harness, project_id, image_id, remeasured)
    document = alice.get(f"/api/v1/projects/{project_id}/tokens").json()
    assert document["color"]["palette"]["brand"]["$value"]["hex"] == "#1b4ee7"
    assert document["color"]["primary"]["$value"] == "{color.palette.brand}"
    version = alice.get(f"/api/v1/projects/{project_id}/versions/{number}").json()
    skipped = version["summary"]["skipped_edits"]
    assert [s["seq"] for s in skipped] == [2]
    assert "spacing.1" in skipped[0]["reason"]


def test_undo_an_edit(alice: Client, project: tuple[str, str]) -> None:
    project_id, _ = project
    edit = _edit(alice, project_id, {"op": "delete", "path": "spacing.1"}).json()["edit"]
    response = alice.delete(f"/api/v1/projects/{project_id}/tokens/edits/{edit['id']}")
    assert response.status_code == 200
    assert response.json()["number"] == 3
    assert "1" in alice.get(f"/api/v1/projects/{project_id}/tokens").json()["spacing"]
    assert (
        alice.delete(f"/api/v1/projects/{project_id}/tokens/edits/{edit['id']}").status_code == 404
    )


def test_merged_tokens_span_every_image(alice: Client, harness: Harness) -> None:
    project_id = alice.new_project()
    first = alice.upload(project_id, png_bytes(color=(1, 1, 1)))
    second = alice.upload(project_id, png_bytes(color=(2, 2, 2)))
    seed_result(harness, project_id, first["id"], sample_tokens("#ff0000"))
    number = seed_result(harness, project_id, second["id"], sample_tokens("#ff0000", spacing_px=24))
    version = alice.get(f"/api/v1/projects/{project_id}/versions/{number}").json()
    assert version["summary"]["images"] == 2
    document = version["document"]
    # The same red from both images is one palette colour; the spacing values disagree, so one
    # wins and the other is kept as an alternative rather than lost.
    assert list(document["color"]["palette"]) == ["blue", "white"]
    step = document["spacing"]["1"]
    assert step["$value"]["value"] in (8, 24)
    assert "alternatives" in json.dumps(step["$extensions"])


def _screenshot(background: tuple[int, int, int], ink: tuple[int, int, int]) -> bytes:
    """The same small UI in one theme: lines of text and a blue button."""
    image = PILImage.new("RGB", (320, 200), background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    for row, top_px in enumerate(range(16, 150, 26)):
        draw.text((16, top_px), "Quarterly revenue grew"[: 22 - 2 * row], fill=ink, font=font)
    draw.rectangle((200, 150, 300, 184), fill=(37, 99, 235))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _extract(client: Client, project_id: str) -> dict[str, Any]:
    jobs = f"/api/v1/projects/{project_id}/jobs"
    job = client.post(jobs, json={"kinds": ["colors"], "ocr": False}).json()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"{jobs}/{job['id']}").json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            return job
        time.sleep(0.05)
    pytest.fail(f"job did not finish in 60 s: {job}")


def test_a_light_and_a_dark_screenshot_keep_the_dark_mode(alice: Client) -> None:
    project_id = alice.new_project("Themes")
    alice.upload(project_id, _screenshot((248, 250, 252), (17, 24, 39)), "light.png")
    alice.upload(project_id, _screenshot((15, 23, 42), (241, 245, 249)), "dark.png")
    job = _extract(alice, project_id)
    assert job["status"] == "succeeded", job
    tokens_url = f"/api/v1/projects/{project_id}/tokens"
    tokens = dtcg.from_document(alice.get(tokens_url).json())
    dark = tokens.modes["dark"]
    background = ("color", "background")
    light_background, dark_background = tokens.get(background), dark[background]
    assert light_background is not None
    assert isinstance(dark_background, Alias)
    assert dark_background != light_background.value
    assert ("color", "text") in dark

    css = alice.get(f"{tokens_url}?format=css")
    assert css.status_code == 200
    media = css.text.split("@media (prefers-color-scheme: dark) {", 1)[1].split("\n}\n", 1)[0]
    assert f"--color-background: var(--{'-'.join(dark_background.path)});" in media

    # Edits keep working: renaming the dark background's colour carries the dark mode along.
    old_name = ".".join(dark_background.path)
    edit = alice.post(
        f"{tokens_url}/edits", json={"op": "rename", "path": old_name, "to": "color.palette.night"}
    )
    assert edit.status_code == 201, edit.text
    renamed = dtcg.from_document(alice.get(tokens_url).json())
    assert renamed.modes["dark"][background] == Alias(("color", "palette", "night"))
    assert "var(--color-palette-night)" in alice.get(f"{tokens_url}?format=css").text

    number = edit.json()["version"]["number"]
    diff = alice.get(f"/api/v1/projects/{project_id}/versions/{number}/diff").json()
    assert [c["path"] for c in diff["added"]] == ["color.palette.night"]
    assert [c["path"] for c in diff["removed"]] == [old_name]
    changed = {c["path"]: c for c in diff["changed"]}
    assert changed["color.background"]["after"]["modes"]["dark"] == "{color.palette.night}"
    assert changed["color.background"]["before"]["modes"]["dark"] == "{" + old_name + "}"
