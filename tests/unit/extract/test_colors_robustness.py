"""What extract_colors must not report: blends, gradient steps, shadows, JPEG noise, alpha."""

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

from copy_that.extract.colors import extract_colors
from copy_that.imaging import Image

from ._color_scenes import DEJAVU, UI_COLORS, as_jpeg, hex_rgb, nearest_delta_e, ui_scene

SS = 4  # supersampling for anti-aliased shapes


def _hexes(image: Image) -> list[str]:
    return [c.hex for c in extract_colors(image).palette]


def _assert_palette(found: list[str], expected: list[str], tolerance: float = 1.0) -> None:
    for design in expected:
        assert nearest_delta_e(design, found) <= tolerance, f"{design} missing from {found}"
    for color in found:
        assert nearest_delta_e(color, expected) <= tolerance, f"{color} is not a design colour"


def _downsampled(canvas: PILImage.Image) -> Image:
    return Image.from_array(np.asarray(canvas.reduce(SS)))


# --- anti-aliased edges -------------------------------------------------------------------------


def test_anti_aliased_shapes_report_only_their_fills():
    bg, fills = "#f8fafc", ["#0ea5e9", "#f97316", "#7c3aed", "#111827"]
    canvas = PILImage.new("RGB", (400 * SS, 300 * SS), bg)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([20 * SS, 20 * SS, 140 * SS, 140 * SS], fill=fills[0])
    draw.rounded_rectangle([170 * SS, 30 * SS, 380 * SS, 110 * SS], radius=20 * SS, fill=fills[1])
    draw.polygon([(30 * SS, 280 * SS), (200 * SS, 160 * SS), (230 * SS, 290 * SS)], fill=fills[2])
    # Thin diagonal strokes (2 px wide) at several angles.
    for i, angle in enumerate((15, 35, 60)):
        x0, y0 = 250 + 40 * i, 170
        dx, dy = 80 * np.cos(np.radians(angle)), 80 * np.sin(np.radians(angle))
        draw.line(
            [(x0 * SS, y0 * SS), ((x0 + dx) * SS, (y0 + dy) * SS)], fill=fills[3], width=2 * SS
        )
    _assert_palette(_hexes(_downsampled(canvas)), [bg, *fills])


def test_fractional_edges_are_not_colours():
    # A rectangle whose edges fall mid-pixel gives rows and columns of 50 % blends.
    canvas = PILImage.new("RGB", (300 * SS, 200 * SS), "#ffffff")
    ImageDraw.Draw(canvas).rectangle([82, 62, 800 - 3, 600 - 3], fill="#1d4ed8")
    _assert_palette(_hexes(_downsampled(canvas)), ["#ffffff", "#1d4ed8"])


# --- text ---------------------------------------------------------------------------------------

TEXT = "The quick brown fox jumps over 13 lazy dogs"


@pytest.mark.parametrize("size_px", [11, 13, 16, 22])
def test_text_colours_are_exact_at_small_sizes(size_px):
    paper, inks = "#ffffff", ["#111827", "#6b7280", "#dc2626", "#2563eb"]
    canvas = PILImage.new("RGB", (560, 40 + 2 * size_px * len(inks)), paper)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(str(DEJAVU), size_px)
    for i, ink in enumerate(inks):
        draw.text((12, 12 + i * 2 * size_px), TEXT, font=font, fill=ink)
    _assert_palette(_hexes(Image.from_array(np.asarray(canvas))), [paper, *inks])


def test_light_text_on_dark_and_pillow_default_font():
    paper, inks = "#0f172a", ["#f8fafc", "#94a3b8", "#38bdf8"]
    canvas = PILImage.new("RGB", (520, 120), paper)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=15)
    for i, ink in enumerate(inks):
        draw.text((10, 10 + 34 * i), TEXT, font=font, fill=ink)
    _assert_palette(_hexes(Image.from_array(np.asarray(canvas))), [paper, *inks])


def test_text_colours_get_contrast_pairs():
    canvas = PILImage.new("RGB", (560, 80), "#ffffff")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(str(DEJAVU), 16)
    draw.text((12, 12), TEXT, font=font, fill="#111827")
    draw.text((12, 44), TEXT, font=font, fill="#9ca3af")
    result = extract_colors(Image.from_array(np.asarray(canvas)))
    pairs = {
        (result.palette[p.text].hex, result.palette[p.background].hex): p for p in result.contrast
    }
    assert pairs[("#111827", "#ffffff")].passes_aa
    assert not pairs[("#9ca3af", "#ffffff")].passes_aa
    assert pairs[("#9ca3af", "#ffffff")].contrast_ratio == pytest.approx(2.54, abs=0.01)
    assert result.palette[result.roles["text"]].hex == "#111827"


# --- gradients and shadows ----------------------------------------------------------------------


def _gradient(shape: tuple[int, int], start: str, end: str, axis: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, shape[axis])
    t = t[:, None] if axis == 0 else t[None, :]
    a, b = np.array(hex_rgb(start), float), np.array(hex_rgb(end), float)
    return np.round(a + (b - a) * t[..., None] * np.ones((*shape, 1))).astype(np.uint8)


def test_gradient_steps_are_not_colours():
    rgb = np.full((500, 700, 3), hex_rgb("#ffffff"), dtype=np.uint8)
    rgb[20:420, 20:320] = _gradient((400, 300), "#6366f1", "#a855f7", axis=0)  # vertical
    rgb[20:120, 360:680] = _gradient((100, 320), "#f97316", "#facc15", axis=1)  # horizontal
    rgb[150:420, 360:680] = _gradient((270, 320), "#e0f2fe", "#0c4a6e", axis=1)  # steep
    yy, xx = np.mgrid[0:60, 0:600]
    radial = np.clip(np.hypot(yy - 30, xx - 300) / 300, 0, 1)
    a, b = np.array(hex_rgb("#fde68a"), float), np.array(hex_rgb("#fef3c7"), float)
    rgb[435:495, 50:650] = np.round(a + (b - a) * radial[..., None]).astype(np.uint8)
    rgb[440:480, 60:200] = hex_rgb("#16a34a")  # a flat button on the radial gradient
    _assert_palette(_hexes(Image.from_array(rgb)), ["#ffffff", "#16a34a"])


@pytest.mark.parametrize(("blur_px", "alpha"), [(2, 0.35), (6, 0.18), (16, 0.25)])
def test_drop_shadow_falloff_is_not_a_colour(blur_px, alpha):
    canvas = PILImage.new("RGB", (420 * SS, 320 * SS), "#f3f4f6")
    mask = PILImage.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [60 * SS, 64 * SS, 360 * SS, 264 * SS], radius=12 * SS, fill=round(255 * alpha)
    )
    mask = mask.filter(ImageFilter.GaussianBlur(blur_px * SS))
    canvas.paste(PILImage.new("RGB", canvas.size, "#000000"), (0, 0), mask)
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle([60 * SS, 56 * SS, 360 * SS, 256 * SS], radius=12 * SS, fill="#ffffff")
    draw.rectangle([90 * SS, 90 * SS, 200 * SS, 130 * SS], fill="#db2777")
    _assert_palette(_hexes(_downsampled(canvas)), ["#f3f4f6", "#ffffff", "#db2777"])


# --- JPEG ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jpeg_result():
    return extract_colors(as_jpeg(ui_scene().image, quality=75))


@pytest.mark.parametrize("design", ["#ffffff", "#f3f4f6", "#111827", "#2563eb", "#db2777"])
def test_jpeg_keeps_the_fills(jpeg_result, design):
    # JPEG at quality 75 (4:2:0) moves flat dark colours by up to about 1 ΔE00 by itself.
    assert nearest_delta_e(design, [c.hex for c in jpeg_result.palette]) <= 1.0


def test_jpeg_noise_is_not_reported(jpeg_result):
    design = sorted(set(UI_COLORS.values()))
    for color in jpeg_result.palette:
        assert nearest_delta_e(color.hex, design) <= 1.0, color.hex
    assert jpeg_result.palette[jpeg_result.roles["background"]].hex == "#f3f4f6"
    assert nearest_delta_e(jpeg_result.palette[jpeg_result.roles["primary"]].hex, ["#2563eb"]) < 1


def test_jpeg_of_flat_shapes():
    canvas = PILImage.new("RGB", (320 * SS, 240 * SS), "#fafaf9")
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle([20 * SS, 20 * SS, 300 * SS, 120 * SS], radius=10 * SS, fill="#0f766e")
    draw.ellipse([40 * SS, 140 * SS, 130 * SS, 230 * SS], fill="#be123c")
    jpeg = as_jpeg(_downsampled(canvas), quality=75)
    _assert_palette(_hexes(jpeg), ["#fafaf9", "#0f766e", "#be123c"], tolerance=1.5)


# --- alpha --------------------------------------------------------------------------------------


def test_transparent_pixels_carry_no_colour():
    rgb = np.zeros((120, 160, 3), dtype=np.uint8)
    rgb[:] = hex_rgb("#ff00ff")  # bogus colour under full transparency
    alpha = np.zeros((120, 160), dtype=np.uint8)
    rgb[20:100, 20:140] = hex_rgb("#1e3a8a")
    alpha[20:100, 20:140] = 255
    rgb[40:80, 40:120] = hex_rgb("#fbbf24")
    result = extract_colors(Image.from_array(rgb, alpha=alpha))
    _assert_palette([c.hex for c in result.palette], ["#1e3a8a", "#fbbf24"])
    assert sum(c.share for c in result.palette) == pytest.approx(1.0)


def test_half_transparent_edge_pixels_are_ignored():
    rgb = np.full((60, 60, 3), hex_rgb("#10b981"), dtype=np.uint8)
    alpha = np.full((60, 60), 255, dtype=np.uint8)
    alpha[:, :10] = 40  # a faint strip whose colour is whatever the encoder kept
    rgb[:, :10] = hex_rgb("#ff0000")
    _assert_palette(_hexes(Image.from_array(rgb, alpha=alpha)), ["#10b981"])


def test_fully_transparent_image_has_an_empty_palette():
    image = Image.from_array(
        np.full((20, 20, 3), 200, dtype=np.uint8), alpha=np.zeros((20, 20), np.uint8)
    )
    result = extract_colors(image)
    assert result.palette == ()
    assert dict(result.roles) == {}
    contribution = result.contribution(image.id)
    assert contribution.tokens == ()
    palette_group = next(g for g in contribution.groups if g.path == ("color", "palette"))
    assert palette_group.reason


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (5, 1)])
def test_tiny_images(shape):
    rgb = np.full((*shape, 3), hex_rgb("#336699"), dtype=np.uint8)
    result = extract_colors(Image.from_array(rgb))
    assert [c.hex for c in result.palette] == ["#336699"]
    assert result.palette[0].share == pytest.approx(1.0)
