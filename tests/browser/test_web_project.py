"""The web app end to end on the real service: sign up, create a project, upload, extract, watch
progress, inspect tokens over the image, export CSS, see the version."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
import tinycss2
from playwright.sync_api import Browser, Page, expect
from tests.browser._a11y import MIN_TEXT_CONTRAST, PHONE, low_contrast, overflow_px

DASHBOARD = Path(__file__).resolve().parents[2] / "examples" / "dashboard.png"
# Extraction of the sample screenshot with OCR takes seconds; allow for a loaded 2-core machine.
_EXTRACTION_TIMEOUT_MS = 180_000
# Evidence boxes are drawn in image px under a viewBox; on screen they may differ by rounding.
_SCREEN_TOLERANCE_PX = 1.5


@dataclass(frozen=True)
class _Run:
    page: Page
    project_id: str
    document: dict[str, Any]
    progress: list[float]


def _sign_up(page: Page, base: str) -> str:
    email = f"web-{uuid.uuid4().hex[:12]}@example.com"
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("[data-account-email]")).to_contain_text(email)
    return email


def _create_project(page: Page, base: str, name: str) -> str:
    page.get_by_label("Project name").fill(name)
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(rf"{re.escape(base)}/projects/[^/]+$"))
    expect(page.locator("h1")).to_have_text(name)
    return page.url.rsplit("/", 1)[1]


def _upload_and_extract(page: Page) -> list[float]:
    """Upload the sample, start extraction, and return the progress values the bar showed."""
    page.locator("[data-file-input]").set_input_files(DASHBOARD)
    expect(page.locator(".image-card .image-name")).to_have_text(["dashboard.png"])
    # Record every value the progress bar takes, as the visitor would see it move.
    page.evaluate(
        """() => {
        window.__progress = [];
        const bar = document.querySelector('[data-progress-bar]');
        new MutationObserver(() => window.__progress.push(Number(bar.value)))
            .observe(bar, {attributes: true});
    }"""
    )
    page.get_by_role("button", name="Extract tokens").click()
    expect(page.locator("[data-progress]")).to_be_visible()
    label = page.locator("[data-progress-label]")
    expect(label).to_have_text(
        re.compile(r"^(Done|Failed|Cancelled)"), timeout=_EXTRACTION_TIMEOUT_MS
    )
    error = page.locator("[data-extract-error]")
    assert label.inner_text().startswith("Done"), f"extraction ended: {error.inner_text()}"
    expect(error).to_be_hidden()
    values: list[float] = page.evaluate("window.__progress")
    return values


def _document(page: Page, base: str, project_id: str) -> dict[str, Any]:
    response = page.request.get(f"{base}/api/v1/projects/{project_id}/tokens")
    assert response.ok, response.text()
    document: dict[str, Any] = response.json()
    return document


def _palette(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    palette = document.get("color", {}).get("palette", {})
    return {
        f"color.palette.{name}": token
        for name, token in palette.items()
        if not name.startswith("$") and isinstance(token.get("$value"), dict)
    }


@pytest.fixture(scope="module")
def _run(browser: Browser, live_server: str) -> Iterator[_Run]:
    """Once per module: sign up, create a project, upload the sample and extract it."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_up(page, live_server)
    project_id = _create_project(page, live_server, "Revenue dashboard")
    progress = _upload_and_extract(page)
    yield _Run(page, project_id, _document(page, live_server, project_id), progress)
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def extracted(_run: _Run) -> _Run:
    """The extracted project, freshly loaded (nothing hovered or pinned by an earlier test)."""
    _run.page.reload()
    expect(_run.page.locator("[data-tokens-section]")).to_be_visible()
    return _run


def test_progress_is_shown_live_until_the_job_ends(
    extracted: _Run,
) -> None:
    page, progress = extracted.page, extracted.progress
    assert progress, "the progress bar never moved"
    assert progress == sorted(progress), f"progress went backwards: {progress}"
    assert progress[-1] == 100
    expect(page.get_by_role("button", name="Extract tokens")).to_be_enabled()
    expect(page.locator("[data-extract-cancel]")).to_be_hidden()


def test_palette_swatches_show_every_palette_colour(
    extracted: _Run,
) -> None:
    page, document = extracted.page, extracted.document
    palette = _palette(document)
    assert len(palette) >= 3, "the sample screenshot has at least background, text and accent"
    swatches = page.locator(".swatches button[data-token^='color.palette.']")
    expect(swatches).to_have_count(len(palette))
    for name, token in palette.items():
        swatch = page.locator(f".swatches button[data-token='{name}']")
        expect(swatch).to_contain_text(token["$value"]["hex"])
        chip = swatch.locator(".swatch-chip")
        rgb = [round(c * 255) for c in token["$value"]["components"]]
        expect(chip).to_have_css("background-color", f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})")


def test_roles_name_the_palette_colour_they_alias(
    extracted: _Run,
) -> None:
    page, document = extracted.page, extracted.document
    roles = {
        name: token["$value"]
        for name, token in document["color"].items()
        if isinstance(token, dict) and isinstance(token.get("$value"), str)
    }
    assert "background" in roles
    assert "text" in roles
    for role, alias in roles.items():
        target = alias.strip("{}")
        expect(page.locator(f"tr[data-token-row='color.{role}'] td").nth(1)).to_have_text(target)
        if target.startswith("color.palette."):
            expect(page.locator(f".swatches button[data-token='{target}']")).to_contain_text(role)


def _boxed_colour(document: dict[str, Any]) -> tuple[str, list[list[int]]]:
    for name, token in _palette(document).items():
        boxes = token["$extensions"]["com.copy-that"]["evidence"].get("boxes", [])
        if boxes:
            return name, boxes
    raise AssertionError("no palette colour carries evidence boxes")


def test_hovering_a_token_draws_its_evidence_boxes_over_the_image(
    extracted: _Run,
) -> None:
    page, document = extracted.page, extracted.document
    name, boxes = _boxed_colour(document)
    image = page.locator("[data-inspector-image]")
    expect(image).to_have_js_property("complete", True)
    page.locator(f".swatches button[data-token='{name}']").hover()
    marks = page.locator("[data-inspector-overlay] rect.mark-box")
    expect(marks).to_have_count(len(boxes))
    drawn = [
        [float(marks.nth(i).get_attribute(a) or "nan") for a in ("x", "y", "width", "height")]
        for i in range(len(boxes))
    ]
    assert drawn == [[float(v) for v in (x, y, max(w, 1), max(h, 1))] for x, y, w, h in boxes]
    expect(page.locator("[data-inspector-caption]")).to_contain_text(name)

    # On screen, the first box sits over the same pixels of the displayed image.
    natural = page.evaluate("document.querySelector('[data-inspector-image]').naturalWidth")
    shown = image.bounding_box()
    mark = marks.nth(0).bounding_box()
    assert shown
    assert mark
    scale = shown["width"] / natural
    x, y, w, h = boxes[0]
    assert mark["x"] == pytest.approx(shown["x"] + x * scale, abs=_SCREEN_TOLERANCE_PX + scale)
    assert mark["y"] == pytest.approx(shown["y"] + y * scale, abs=_SCREEN_TOLERANCE_PX + scale)
    assert mark["width"] == pytest.approx(max(w, 1) * scale, abs=2 * _SCREEN_TOLERANCE_PX + scale)
    assert mark["height"] == pytest.approx(max(h, 1) * scale, abs=2 * _SCREEN_TOLERANCE_PX + scale)


def test_clicked_token_stays_pinned_and_escape_releases_it(
    extracted: _Run,
) -> None:
    page, document = extracted.page, extracted.document
    name, boxes = _boxed_colour(document)
    swatch = page.locator(f".swatches button[data-token='{name}']")
    swatch.click()
    expect(swatch).to_have_attribute("aria-pressed", "true")
    page.mouse.move(0, 0)
    overlay = page.locator("[data-inspector-overlay]")
    expect(overlay).to_have_attribute("data-token", name)
    expect(overlay.locator("rect.mark-box")).to_have_count(len(boxes))
    page.keyboard.press("Escape")
    expect(swatch).to_have_attribute("aria-pressed", "false")
    expect(overlay.locator("rect.mark-box")).to_have_count(0)


def test_keyboard_focus_on_a_token_shows_its_evidence(
    extracted: _Run,
) -> None:
    page, document = extracted.page, extracted.document
    name, boxes = _boxed_colour(document)
    page.locator(f".swatches button[data-token='{name}']").focus()
    expect(page.locator("[data-inspector-overlay] rect.mark-box")).to_have_count(len(boxes))


def test_css_export_downloads_the_design_system(
    extracted: _Run,
    live_server: str,
) -> None:
    page, project_id, document = extracted.page, extracted.project_id, extracted.document
    select = page.get_by_label("Export as")
    expect(select.locator("option[value='css']")).to_have_count(1)
    select.select_option("css")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename.endswith(".css")
    css = Path(download.path()).read_text(encoding="utf-8")
    api = page.request.get(f"{live_server}/api/v1/projects/{project_id}/tokens?format=css")
    assert css == api.text()
    rules = list(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    assert not [r for r in rules if r.type == "error"], "the export is not valid CSS"
    declarations = [
        d
        for rule in rules
        if rule.type == "qualified-rule"
        for d in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True)
        if d.type == "declaration"
    ]
    assert any(d.name.startswith("--") for d in declarations), "no custom properties exported"
    exported = css.lower()
    for token in _palette(document).values():
        assert token["$value"]["hex"].lower() in exported


def test_the_extraction_is_listed_as_a_version(
    extracted: _Run,
) -> None:
    page = extracted.page
    oldest = page.locator("[data-version-list] li").last
    expect(oldest).to_contain_text("Version 1")
    expect(oldest).to_contain_text("Extraction")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_token_view_text_meets_wcag_aa(extracted: _Run, scheme: Literal["light", "dark"]) -> None:
    page = extracted.page
    page.emulate_media(color_scheme=scheme)
    try:
        low = low_contrast(page)
    finally:
        page.emulate_media(color_scheme=None)
    assert not low, f"text below {MIN_TEXT_CONTRAST}:1: {low}"


def test_token_view_fits_a_phone(extracted: _Run) -> None:
    page = extracted.page
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        expect(page.locator(".swatches")).to_be_visible()
        assert overflow_px(page) <= 0
    finally:
        assert size
        page.set_viewport_size(size)


def test_renaming_a_token_makes_a_version_and_undo_restores_it(extracted: _Run) -> None:
    page, document = extracted.page, extracted.document
    name = next(iter(_palette(document)))
    new_name = f"{name}-renamed"
    versions = page.locator("[data-version-list] li")
    before = versions.count()
    page.locator(f".swatches button[data-token='{name}']").click()
    panel = page.locator("[data-token-panel]")
    expect(panel.locator("[data-token-title]")).to_have_text(name)
    panel.get_by_label("New name").fill(new_name)
    panel.get_by_role("button", name="Rename").click()

    renamed = page.locator(f".swatches button[data-token='{new_name}']")
    expect(renamed).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f".swatches button[data-token='{name}']")).to_have_count(0)
    expect(panel.locator("[data-token-title]")).to_have_text(new_name)
    expect(versions).to_have_count(before + 1)
    expect(versions.first).to_contain_text("Edit")
    edits = page.locator("[data-edit-list] li")
    expect(edits).to_have_count(1)
    expect(edits.first).to_contain_text(f"{name} → {new_name}")

    versions.first.get_by_role("button", name=re.compile("^Changes in Version")).click()
    diff = page.locator("[data-version-diff]")
    expect(diff.locator("tr.diff-added th")).to_have_text([new_name])
    expect(diff.locator("tr.diff-removed th")).to_have_text([name])

    edits.first.get_by_role("button", name="Undo").click()
    expect(page.locator(f".swatches button[data-token='{name}']")).to_have_count(1)
    expect(renamed).to_have_count(0)
    expect(edits).to_have_count(0)
    expect(versions).to_have_count(before + 2)


def _pin(page: Page, name: str) -> None:
    """Select token `name` (a click toggles, so click only when it is not selected yet)."""
    button = page.locator(f"button[data-token='{name}']").first
    if button.get_attribute("aria-pressed") != "true":
        button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-token-panel]")).to_be_visible()


def test_an_older_version_is_shown_read_only_and_exported_as_shown(
    extracted: _Run, live_server: str
) -> None:
    page, project_id, document = extracted.page, extracted.project_id, extracted.document
    oldest = page.locator("[data-version-list] li").last
    expect(oldest).to_contain_text("Version 1")
    if page.locator("[data-version-list] li").count() == 1:
        # The newest version is the current one; make version 1 an older one.
        _pin(page, next(iter(_palette(document))))
        page.get_by_label("Use as role").select_option("accent")
        page.get_by_role("button", name="Set role").click()
        expect(page.locator("[data-version-list] li")).to_have_count(2)
    oldest.get_by_role("button", name="View Version 1").click()
    expect(page.locator("[data-version-notice]")).to_contain_text("version 1")
    name = next(iter(_palette(document)))
    _pin(page, name)
    panel = page.locator("[data-token-panel]")
    expect(panel.locator("[data-token-title]")).to_have_text(name)
    expect(panel.locator("form")).to_have_count(0)

    page.get_by_label("Export as").select_option("css")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    css = Path(info.value.path()).read_text(encoding="utf-8")
    url = f"{live_server}/api/v1/projects/{project_id}/tokens?format=css&version=1"
    assert css == page.request.get(url).text()

    page.get_by_role("button", name="Back to current").click()
    expect(page.locator("[data-version-notice]")).to_be_hidden()
    _pin(page, name)
    expect(panel.locator("form").first).to_be_visible()
