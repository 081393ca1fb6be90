"""extract_colors on a rendered dashboard: exact palette, no blends, roles, contrast, tokens."""

import re
from pathlib import Path

import numpy as np
import pytest

from copy_that.analysis.model import Element, Layout, TextLine
from copy_that.errors import OptionsError
from copy_that.extract.colors import ColorOptions, ColorResult, extract_colors
from copy_that.imaging import Image, load_image
from copy_that.tokens.dtcg import to_document, validate_document
from copy_that.tokens.model import Alias, Color, TokenSet

from ._color_scenes import DARK_COLORS, UI_COLORS, dark_scene, hex_rgb, nearest_delta_e, ui_scene

DESIGN = sorted(set(UI_COLORS.values()))


@pytest.fixture(scope="module")
def result() -> ColorResult:
    return extract_colors(ui_scene().image)


def _role_hex(result: ColorResult, role: str) -> str:
    return result.palette[result.roles[role]].hex


@pytest.mark.parametrize("design", DESIGN)
def test_every_design_colour_is_recovered_exactly(result, design):
    # Includes the small ones: 14 px text in five colours, the 1-px borders, the primary button.
    assert nearest_delta_e(design, [c.hex for c in result.palette]) <= 1.0


def test_no_blend_gradient_or_shadow_colour_is_reported(result):
    # The scene also holds anti-aliased text and corners, an indigo→purple gradient and drop
    # shadows: none of their in-between colours may appear.
    for color in result.palette:
        assert nearest_delta_e(color.hex, DESIGN) <= 1.0, color


def test_palette_is_exact_for_a_lossless_screenshot(result):
    assert {c.hex for c in result.palette} == set(DESIGN)


def test_roles(result):
    expected = {
        "background": "#f3f4f6",
        "surface": "#ffffff",
        "text": "#111827",
        "text-muted": "#6b7280",
        "primary": "#2563eb",
        "on-primary": "#ffffff",
        "border": "#e5e7eb",
        "success": "#16a34a",
        "danger": "#dc2626",
    }
    for role, hex_code in expected.items():
        assert _role_hex(result, role) == hex_code, role
    assert "warning" not in result.roles  # nothing amber in the scene
    for role, index in result.roles.items():
        assert role in result.palette[index].roles
        assert 0.0 < result.role_confidence[role] <= 1.0


def test_shares_and_evidence(result):
    total = sum(c.share for c in result.palette)
    # The gradient banner alone is 1136×160 px (14 % of the image); blends and shadows add more.
    assert 0.8 < total < 1.0 - 1136 * 160 / (1440 * 900)
    shares = [c.share for c in result.palette]
    assert max(shares) == result.palette[0].share
    white = next(c for c in result.palette if c.hex == "#ffffff")
    assert white.share > 0.45
    for color in result.palette:
        assert color.pixel_count > 0
        assert color.boxes
        assert color.points
        for x, y in color.points:
            seen = "#{:02x}{:02x}{:02x}".format(*ui_scene().image.rgb[y, x])
            assert nearest_delta_e(seen, [color.hex]) <= 1.0


def test_usage_tells_fills_lines_and_text(result):
    usage = {c.hex: c.usage for c in result.palette}
    assert usage["#2563eb"] == "area"
    assert usage["#e5e7eb"] == "line"
    assert usage["#d1d5db"] == "line"
    assert usage["#374151"] == "text"
    assert usage["#dc2626"] == "text"


def test_confidence_follows_evidence(result):
    by_hex = {c.hex: c for c in result.palette}
    confidences = [c.confidence for c in result.palette]
    assert all(0.0 < c <= 1.0 for c in confidences)
    assert len(set(confidences)) > 3
    # Two words of red text are less certain than a filled button.
    assert by_hex["#dc2626"].confidence < by_hex["#2563eb"].confidence
    assert by_hex["#dc2626"].evidence_px < by_hex["#2563eb"].evidence_px


def test_names_are_unique_and_greys_are_grey(result):
    names = [c.name for c in result.palette]
    assert len(set(names)) == len(names)
    by_hex = {c.hex: c.name for c in result.palette}
    assert by_hex["#2563eb"] == "blue"
    assert by_hex["#ffffff"] == "white"
    assert "grey" in by_hex["#e5e7eb"]
    assert by_hex["#dc2626"] == "red"


def test_contrast_pairs_present_in_the_image(result):
    pairs = {
        (result.palette[p.text].hex, result.palette[p.background].hex): p for p in result.contrast
    }
    main = pairs[("#111827", "#ffffff")]
    assert main.contrast_ratio == pytest.approx(17.74, abs=0.01)
    assert main.apca_lc == pytest.approx(104.5, abs=0.1)
    assert main.passes_aa
    assert pairs[("#ffffff", "#2563eb")].passes_aa
    assert pairs[("#ffffff", "#2563eb")].apca_lc < 0  # light text on dark
    green = pairs[("#16a34a", "#ffffff")]
    assert not green.passes_aa
    assert green.passes_aa_large
    # Only pairs that are actually drawn: nothing is written on the border colour.
    assert not any(bg == "#e5e7eb" for _, bg in pairs)


def test_ramps(result):
    ramps = {r.role: r for r in result.ramps}
    assert set(ramps) == {"primary", "secondary", "neutral"}
    primary = ramps["primary"]
    assert primary.name == "blue"
    assert primary.ramp[primary.ramp.source_step].hex == "#2563eb"
    assert ramps["neutral"].name == "neutral"
    assert len({r.name for r in result.ramps}) == len(result.ramps)


def test_deterministic():
    image = ui_scene().image
    assert extract_colors(image) == extract_colors(image)


@pytest.mark.parametrize("max_colors", [1, 3, 5, 8])
def test_max_colors_keeps_role_holders_first(max_colors):
    result = extract_colors(ui_scene().image, options=ColorOptions(max_colors=max_colors))
    assert len(result.palette) == max_colors
    kept = {c.hex for c in result.palette}
    first_roles = ["#f3f4f6", "#ffffff", "#111827", "#6b7280", "#2563eb"]
    assert set(first_roles[:max_colors]) <= kept | set(first_roles[max_colors:])
    assert "#f3f4f6" in kept
    for role, index in result.roles.items():
        assert index < len(result.palette), role


def test_min_share_drops_weak_colours():
    image = ui_scene().image
    strict = extract_colors(image, options=ColorOptions(min_share=0.001))
    assert "#dc2626" not in {c.hex for c in strict.palette}
    assert "#2563eb" in {c.hex for c in strict.palette}


def test_contribution_tokens(result):
    contribution = result.contribution("img-1")
    tokens = TokenSet(tokens=contribution.tokens, groups=contribution.groups)
    palette = tokens.group("color", "palette")
    assert len(palette) == len(result.palette)
    for token in palette:
        assert isinstance(token.value, Color)
        assert token.evidence is not None
        assert token.evidence.image_ids == ("img-1",)
        assert 0.0 < (token.confidence or 0.0) <= 1.0
    background = tokens.get("color.background")
    assert background is not None
    assert isinstance(background.value, Alias)
    resolved = tokens.resolve(background.value)
    assert isinstance(resolved, Color)
    assert resolved.hex == "#f3f4f6"
    assert tokens.get("color.blue.600") is not None or tokens.get("color.blue.500") is not None
    assert len(tokens.group("color", "blue")) == 11
    info = tokens.group_info("color")
    assert info is not None
    report = info.extensions["com.copy-that"]
    assert report["contrast"]
    assert any(p["text_hex"] == "#16a34a" for p in report["contrast_failures"])
    assert all(not p["passes_aa"] for p in report["contrast_failures"])


def test_contribution_is_valid_dtcg(result):
    contribution = result.contribution("img-1")
    validate_document(to_document(TokenSet(tokens=contribution.tokens, groups=contribution.groups)))


def _layout_for_scene() -> Layout:
    c = {k: hex_rgb(v) for k, v in UI_COLORS.items()}
    return Layout(
        width_px=1440,
        height_px=900,
        elements=(
            Element(0, (272, 288, 360, 240), "card", c["surface"], None, (1,), 0.9),
            Element(1, (296, 460, 132, 40), "button", c["primary"], 0, (), 0.9),
        ),
        text_lines=(TextLine((296, 312, 180, 16), 326.0, c["text"], c["surface"], confidence=0.9),),
        background=c["background"],
    )


def test_layout_adds_evidence_without_changing_the_palette():
    image = ui_scene().image
    with_layout = extract_colors(image, layout=_layout_for_scene())
    without = extract_colors(image)
    assert [c.hex for c in with_layout.palette] == [c.hex for c in without.palette]
    assert _role_hex(with_layout, "background") == "#f3f4f6"
    assert _role_hex(with_layout, "primary") == "#2563eb"
    assert with_layout.role_confidence["background"] >= without.role_confidence["background"]


def test_layout_of_another_size_is_refused():
    with pytest.raises(OptionsError, match="layout") as info:
        extract_colors(ui_scene().image, layout=Layout(width_px=10, height_px=10))
    assert info.value.option == "layout"


def test_layout_of_wrong_type_is_refused():
    with pytest.raises(OptionsError, match="layout"):
        extract_colors(ui_scene().image, layout="not a layout")  # type: ignore[arg-type]


def test_non_image_is_refused():
    with pytest.raises(TypeError, match="image"):
        extract_colors(np.zeros((4, 4, 3), dtype=np.uint8))  # type: ignore[arg-type]


def test_small_crop_still_finds_its_colours():
    # Header, its border, the page background and the start of the gradient banner.
    crop = Image.from_array(np.ascontiguousarray(ui_scene().image.rgb[30:120, 300:700]))
    result = extract_colors(crop)
    hexes = [c.hex for c in result.palette]
    assert set(hexes) == {"#ffffff", "#e5e7eb", "#f3f4f6"}


def test_dark_theme():
    result = extract_colors(dark_scene().image)
    assert {c.hex for c in result.palette} == set(DARK_COLORS.values())
    for role, hex_code in DARK_COLORS.items():
        assert _role_hex(result, role) == hex_code, role
    pairs = {
        (result.palette[p.text].hex, result.palette[p.background].hex): p for p in result.contrast
    }
    assert pairs[("#f8fafc", "#1e293b")].apca_lc < -90  # light text on dark: negative Lc
    assert pairs[("#0f172a", "#38bdf8")].passes_aa


EXAMPLES = Path(__file__).parents[3] / "examples"


def test_bundled_sample_screenshot_gives_its_css_colours():
    # examples/dashboard.png is Chromium's rendering of examples/dashboard.html: every colour the
    # page declares (its :root custom properties) comes back exactly, with its role, and nothing
    # else does (the cards' soft shadows and the text anti-aliasing are not colours).
    css = (EXAMPLES / "dashboard.html").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", css))
    result = extract_colors(load_image(EXAMPLES / "dashboard.png"))
    assert {c.hex for c in result.palette} == set(declared.values())
    roles = {role: result.palette[i].hex for role, i in result.roles.items()}
    for role, variable in [
        ("background", "bg"),
        ("surface", "surface"),
        ("text", "text"),
        ("text-muted", "muted"),
        ("primary", "primary"),
        ("border", "border"),
        ("success", "success"),
        ("danger", "danger"),
    ]:
        assert roles[role] == declared[variable], role
