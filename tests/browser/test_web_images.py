"""Several images in one project: drag-and-drop upload, one inspector tab per image, and evidence
drawn only over the image it was measured in."""

from __future__ import annotations

import base64
import io
import re
import uuid
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

DASHBOARD = Path(__file__).resolve().parents[2] / "examples" / "dashboard.png"
# Colours absent from the dashboard, so the merged palette cites this image alone for them.
_PANEL_RGB = (30, 27, 75)
_BUTTON_RGB = (249, 115, 22)
_EXTRACTION_TIMEOUT_MS = 180_000


def _second_screenshot() -> bytes:
    """A 480 × 320 dark panel with one large orange button."""
    image = Image.new("RGB", (480, 320), _PANEL_RGB)
    ImageDraw.Draw(image).rounded_rectangle((60, 200, 300, 260), radius=12, fill=_BUTTON_RGB)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _drop(page: Page, files: list[tuple[str, bytes]]) -> None:
    """Drag `files` over the drop zone and drop them, as a visitor dragging from the desktop."""
    payload = [(name, base64.b64encode(data).decode("ascii")) for name, data in files]
    page.evaluate(
        """(files) => {
        const dt = new DataTransfer();
        for (const [name, b64] of files) {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            dt.items.add(new File([bytes], name, {type: 'image/png'}));
        }
        const zone = document.querySelector('[data-dropzone]');
        const fire = (type) => zone.dispatchEvent(
            new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
        fire('dragenter');
        window.__over = zone.classList.contains('dropzone-over');
        fire('drop');
    }""",
        payload,
    )
    assert page.evaluate("window.__over"), "the drop zone did not show it was a target"


def _image_documents(page: Page, base: str, project_id: str) -> dict[str, dict[str, Any]]:
    """Each image's own token document, keyed by file name."""
    images = page.request.get(f"{base}/api/v1/projects/{project_id}/images").json()["data"]
    out = {}
    for image in images:
        response = page.request.get(
            f"{base}/api/v1/projects/{project_id}/images/{image['id']}/tokens"
        )
        assert response.ok, response.text()
        out[image["filename"]] = response.json()
    return out


def _base(document: dict[str, Any]) -> dict[str, Any]:
    """The default-mode token document (the API answers a resolver document when modes exist)."""
    if "resolutionOrder" not in document:
        return document
    first_set = document["resolutionOrder"][0]["$ref"].removeprefix("#/sets/")
    base: dict[str, Any] = document["sets"][first_set]["sources"][0]
    return base


def _palette(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    document = _base(document)
    return {
        f"color.palette.{name}": token
        for name, token in document["color"]["palette"].items()
        if not name.startswith("$")
    }


def _meta(token: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = token["$extensions"]["com.copy-that"]
    return meta


def _new_project(page: Page, base: str, name: str) -> str:
    """Sign up a new user and open a new project of theirs; returns the project id."""
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(f"web-{uuid.uuid4().hex[:12]}@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/")
    page.get_by_label("Project name").fill(name)
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/[^/]+$"))
    return page.url.rsplit("/", 1)[1]


def test_evidence_follows_the_image_on_show(page: Page, live_server: str) -> None:
    project_id = _new_project(page, live_server, "Two screens")

    _drop(page, [("dashboard.png", DASHBOARD.read_bytes()), ("panel.png", _second_screenshot())])
    # The two uploads run side by side, so either may be stored first.
    names = page.locator(".image-card .image-name")
    expect(names).to_have_count(2)
    assert sorted(names.all_inner_texts()) == ["dashboard.png", "panel.png"]
    tabs = page.locator("[data-inspector-images] button")
    expect(tabs).to_have_count(2)
    dashboard_tab = tabs.filter(has_text="dashboard.png")
    panel_tab = tabs.filter(has_text="panel.png")

    # Colours alone keep this test about the web app, not the slower extractors.
    for kind in ("Spacing", "Radii", "Shadows", "Borders", "Typography"):
        page.get_by_label(kind).uncheck()
    page.get_by_role("button", name="Extract tokens").click()
    expect(page.locator("[data-progress-label]")).to_have_text(
        re.compile(r"^(Done|Failed|Cancelled)"), timeout=_EXTRACTION_TIMEOUT_MS
    )
    expect(page.locator("[data-progress-label]")).to_contain_text("Done")

    merged = page.request.get(f"{live_server}/api/v1/projects/{project_id}/tokens").json()
    own = _image_documents(page, live_server, project_id)
    panel_id = _base(own["panel.png"])["$extensions"]["com.copy-that"]["images"][0]["id"]
    orange = "#{:02x}{:02x}{:02x}".format(*_BUTTON_RGB)
    name, token = next((n, t) for n, t in _palette(merged).items() if t["$value"]["hex"] == orange)
    assert _meta(token)["source"] == [panel_id]
    own_token = next(t for t in _palette(own["panel.png"]).values() if t["$value"]["hex"] == orange)
    boxes = _meta(own_token)["evidence"]["boxes"]
    assert boxes

    swatch = page.locator(f".swatches button[data-token='{name}']")
    marks = page.locator("[data-inspector-overlay] rect.mark-box")
    caption = page.locator("[data-inspector-caption]")

    dashboard_tab.click()
    expect(dashboard_tab).to_have_attribute("aria-pressed", "true")
    expect(panel_tab).to_have_attribute("aria-pressed", "false")
    swatch.hover()
    expect(caption).to_contain_text("not measured in dashboard.png")
    expect(marks).to_have_count(0)

    panel_tab.click()
    expect(page.locator("[data-inspector-image]")).to_have_attribute(
        "alt", re.compile("^panel.png")
    )
    swatch.hover()
    expect(marks).to_have_count(len(boxes))
    drawn = [
        [float(marks.nth(i).get_attribute(a) or "nan") for a in ("x", "y")]
        for i in range(len(boxes))
    ]
    assert drawn == [[float(x), float(y)] for x, y, _, _ in boxes]
    expect(caption).to_contain_text("in panel.png")


def test_removing_an_image_asks_first(page: Page, live_server: str) -> None:
    _new_project(page, live_server, "Removals")
    _drop(page, [("dashboard.png", DASHBOARD.read_bytes()), ("panel.png", _second_screenshot())])
    cards = page.locator(".image-card")
    expect(cards).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Remove panel.png").click()
    expect(cards).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove panel.png").click()
    expect(cards).to_have_count(1)
    expect(cards.locator(".image-name")).to_have_text("dashboard.png")
    page.reload()
    expect(page.locator(".image-card")).to_have_count(1)


def test_importing_from_a_private_address_is_refused(page: Page, live_server: str) -> None:
    _new_project(page, live_server, "Imports")
    page.get_by_label("Or import from a public URL").fill(f"{live_server}/static/img/favicon.svg")
    page.get_by_role("button", name="Import").click()
    alert = page.locator("[data-import-error]")
    expect(alert).to_be_visible()
    expect(alert).not_to_be_empty()
    expect(page.locator(".image-card")).to_have_count(0)


def test_a_running_extraction_can_be_cancelled(page: Page, live_server: str) -> None:
    project_id = _new_project(page, live_server, "Cancelled")
    page.locator("[data-file-input]").set_input_files(DASHBOARD)
    expect(page.locator(".image-card")).to_have_count(1)
    page.get_by_role("button", name="Extract tokens").click()
    page.get_by_role("button", name="Cancel").click()
    label = page.locator("[data-progress-label]")
    expect(label).to_have_text("Cancelled", timeout=_EXTRACTION_TIMEOUT_MS)
    expect(page.get_by_role("button", name="Extract tokens")).to_be_enabled()
    jobs = page.request.get(f"{live_server}/api/v1/projects/{project_id}/jobs").json()["data"]
    assert [job["status"] for job in jobs] == ["cancelled"]
    expect(page.locator("[data-tokens-section]")).to_be_hidden()
