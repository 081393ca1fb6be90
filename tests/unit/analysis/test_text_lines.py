import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis.text_lines import (
    _WORD_GAP_CONTRAST,
    Glyphs,
    _natural_break,
    _norm3,
    detect_text_lines,
    find_glyphs,
    line_ink,
)
from copy_that.imaging import Image

from .._typeset import draw_lines, font_path, jpeg

_PARAGRAPH = [
    "Revenue grew in every region this quarter",
    "while billing support tickets went down",
    "and the team shipped the new workspace.",
]


@pytest.mark.parametrize("family", ["DejaVu Sans", "DejaVu Serif", "Liberation Mono"])
@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("size_px", [10, 13, 16, 24, 40, 72])
def test_each_rendered_line_is_found_with_its_baseline(
    family: str, bold: bool, size_px: int
) -> None:
    drawn = draw_lines(_PARAGRAPH, family=family, bold=bold, size_px=size_px)
    lines = detect_text_lines(drawn.image)
    assert len(lines) == len(_PARAGRAPH)
    for line, baseline in zip(lines, drawn.baselines_px, strict=True):
        # ±1 px: hinting snaps the baseline to whole pixels, the estimate is sub-pixel.
        assert line.baseline_y == pytest.approx(baseline, abs=1.0)
        assert line.box[0] == pytest.approx(drawn.left_px, abs=max(2, size_px * 0.12))
        assert line.color is not None
        # Thin strokes of 10 px text never cover a whole pixel, so their colour reads lighter.
        assert np.abs(np.subtract(line.color, drawn.color)).max() <= (12 if size_px > 10 else 60)
        assert line.background == drawn.background
        assert 0.0 < line.confidence <= 1.0


def test_lines_come_top_to_bottom_with_words() -> None:
    drawn = draw_lines(_PARAGRAPH, size_px=18)
    lines = detect_text_lines(drawn.image)
    assert [line.box[1] for line in lines] == sorted(line.box[1] for line in lines)
    assert [len(line.words) for line in lines] == [len(text.split()) for text in _PARAGRAPH]
    for line in lines:
        x, y, w, h = line.box
        for word in line.words:
            wx, wy, ww, wh = word.box
            assert x <= wx
            assert wx + ww <= x + w
            assert y <= wy
            assert wy + wh <= y + h
            assert word.text is None
        assert line.text is None


def test_light_text_on_dark_background() -> None:
    drawn = draw_lines(_PARAGRAPH, size_px=15, color=(235, 235, 240), background=(24, 26, 32))
    lines = detect_text_lines(drawn.image)
    assert len(lines) == 3
    assert all(line.background == (24, 26, 32) for line in lines)


@pytest.mark.parametrize("quality", [60, 85])
def test_jpeg_text_is_still_found(quality: int) -> None:
    drawn = draw_lines(_PARAGRAPH, size_px=16)
    lines = detect_text_lines(jpeg(drawn.image, quality=quality))
    assert len(lines) == 3
    for line, baseline in zip(lines, drawn.baselines_px, strict=True):
        assert line.baseline_y == pytest.approx(baseline, abs=1.0)


def _ui_panel() -> Image:
    """A card outline holding a title and a filled button with a white label."""
    canvas = PILImage.new("RGB", (520, 260), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((20, 20, 500, 240), radius=10, outline=(210, 214, 220), width=1)
    title = ImageFont.truetype(str(font_path("DejaVu Sans", bold=True)), 22)
    body = ImageFont.truetype(str(font_path("DejaVu Sans")), 14)
    draw.text((44, 70), "Billing overview", font=title, fill=(20, 24, 30), anchor="ls")
    draw.text(
        (44, 110),
        "Invoices are sent on the first of the month.",
        font=body,
        fill=(90, 96, 104),
        anchor="ls",
    )
    draw.rounded_rectangle((44, 170, 184, 210), radius=6, fill=(37, 99, 235))
    draw.text((114, 195), "Upgrade plan", font=body, fill=(255, 255, 255), anchor="ms")
    draw.text((210, 195), "Cancel anytime", font=body, fill=(90, 96, 104), anchor="ls")
    return Image.from_array(np.asarray(canvas))


def test_frames_around_text_are_not_lines() -> None:
    lines = detect_text_lines(_ui_panel())
    heights = sorted(line.box[3] for line in lines)
    assert len(lines) == 4
    # No line is as tall as the card or the button: only glyph-sized boxes remain.
    assert heights[-1] < 30
    button = [line for line in lines if line.color is not None and min(line.color) > 240]
    assert len(button) == 1
    assert button[0].background == (37, 99, 235)


def test_blank_noise_and_gradient_images_have_no_lines() -> None:
    rng = np.random.default_rng(7)
    blank = np.full((200, 300, 3), 250, dtype=np.uint8)
    noise = rng.integers(0, 256, size=(200, 300, 3), dtype=np.uint8)
    ramp = np.linspace(0, 255, 300, dtype=np.float64)
    gradient = np.repeat(
        np.stack([ramp, ramp[::-1], np.full(300, 128.0)], axis=1)[None], 200, axis=0
    )
    for rgb in (blank, noise, gradient.astype(np.uint8)):
        assert detect_text_lines(Image.from_array(rgb)) == ()


def test_photo_like_blobs_are_not_text() -> None:
    rng = np.random.default_rng(3)
    smooth = rng.normal(128, 60, size=(30, 40, 3))
    photo = np.asarray(
        PILImage.fromarray(np.clip(smooth, 0, 255).astype(np.uint8)).resize((400, 300))
    )
    assert len(detect_text_lines(Image.from_array(photo))) <= 1


def test_transparent_background_text() -> None:
    drawn = draw_lines(["Logo type"], size_px=32, color=(10, 10, 10), background=(0, 0, 0))
    rgb = drawn.image.rgb.copy()
    font = ImageFont.truetype(str(font_path("DejaVu Sans")), 32)
    mask = PILImage.new("L", (rgb.shape[1], rgb.shape[0]), 0)
    ImageDraw.Draw(mask).text(
        (drawn.left_px, drawn.baselines_px[0]), "Logo type", font=font, fill=255, anchor="ls"
    )
    image = Image.from_array(rgb, alpha=np.asarray(mask))
    lines = detect_text_lines(image)
    assert len(lines) == 1
    assert lines[0].baseline_y == pytest.approx(drawn.baselines_px[0], abs=1.0)


def test_double_resolution_doubles_the_geometry() -> None:
    one = detect_text_lines(draw_lines(["Settings and billing"], size_px=16).image)
    two = detect_text_lines(draw_lines(["Settings and billing"], size_px=32, left_px=40).image)
    assert len(one) == len(two) == 1
    assert two[0].box[3] == pytest.approx(2 * one[0].box[3], abs=2)
    assert two[0].box[2] == pytest.approx(2 * one[0].box[2], rel=0.06)


def test_line_ink_separates_text_from_background() -> None:
    drawn = draw_lines(["Ink coverage"], size_px=40)
    line = detect_text_lines(drawn.image)[0]
    ink = line_ink(drawn.image, line.box)
    assert ink is not None
    assert ink.coverage.dtype == np.float32
    assert ink.coverage.min() >= 0.0
    assert ink.coverage.max() <= 1.0
    assert ink.ring_agreement == pytest.approx(1.0)
    assert ink.contrast > 300


def test_line_ink_of_a_flat_region_is_none() -> None:
    flat = Image.from_array(np.full((50, 80, 3), 200, dtype=np.uint8))
    assert line_ink(flat, (10, 10, 40, 20)) is None


def test_find_glyphs_measures_sub_pixel_edges() -> None:
    # A bar from row 3.25 to row 9.5, anti-aliased as a renderer would.
    coverage = np.zeros((14, 12), dtype=np.float32)
    coverage[4:9, 2:10] = 1.0
    coverage[3, 2:10] = 0.75
    coverage[9, 2:10] = 0.5
    glyphs = find_glyphs(coverage)
    assert len(glyphs.boxes) == 1
    assert glyphs.tops[0] == pytest.approx(3.25)
    assert glyphs.bottoms[0] == pytest.approx(9.5)
    assert glyphs.baseline() == pytest.approx(9.5)


def test_find_glyphs_of_empty_coverage() -> None:
    glyphs = find_glyphs(np.zeros((10, 10), dtype=np.float32))
    assert len(glyphs.boxes) == 0
    assert glyphs.baseline() is None


def test_baseline_when_the_median_bottom_falls_between_two_rows() -> None:
    # Two letters, one on each of two rows: the median bottom (15) is near neither; the
    # baseline must still be one of the letters' bottoms, not a failure.
    boxes = np.array([[0, 0, 8, 9], [10, 12, 8, 9]], dtype=np.int32)
    glyphs = Glyphs(boxes=boxes, tops=np.array([0.0, 12.0]), bottoms=np.array([9.0, 21.0]))
    assert glyphs.baseline() in (9.0, 21.0)


@pytest.mark.parametrize("bold", [False, True])
def test_small_capitals_label_above_a_value(bold: bool) -> None:
    # 12 px capitals (bold ones have 3 px strokes) close above a larger value, in a card.
    canvas = PILImage.new("RGB", (220, 110), (18, 20, 28))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((4, 4, 215, 105), outline=(90, 96, 120), width=1)
    small = ImageFont.truetype(str(font_path("DejaVu Sans", bold=bold)), 12)
    large = ImageFont.truetype(str(font_path("DejaVu Sans")), 30)
    draw.text((20, 36), "MOST POPULAR", font=small, fill=(240, 240, 245), anchor="ls")
    draw.text((20, 80), "$49 /mo", font=large, fill=(240, 240, 245), anchor="ls")
    lines = detect_text_lines(Image.from_array(np.asarray(canvas)))
    baselines = sorted(line.baseline_y for line in lines)
    assert len(baselines) == 2
    assert baselines[0] == pytest.approx(36, abs=1.0)
    assert baselines[1] == pytest.approx(80, abs=1.0)


def _otsu_splits_by_loop(gaps: np.ndarray) -> list[float]:
    """The word/letter break by its definition: every split's spread from the split's own means.

    Splits whose spreads tie (to rounding: gaps 6, 12, 15, 30 split after the first or the
    third alike, as 5400 / 6³ = 30³ / 1080) are all the break; each is returned.
    """
    values = np.sort(np.log(gaps.astype(np.float64)))
    n = values.shape[0]
    spreads = [k * (n - k) * (values[k:].mean() - values[:k].mean()) ** 2 for k in range(1, n)]
    best = max(spreads)
    breaks: list[float] = []
    for split in (k for k, spread in enumerate(spreads, start=1) if spread >= best * (1 - 1e-9)):
        if np.exp(values[split:].mean() - values[:split].mean()) < _WORD_GAP_CONTRAST:
            breaks.append(float("inf"))
        else:
            breaks.append(float(np.exp((values[split - 1] + values[split]) / 2.0)))
    return breaks


@given(gaps=st.lists(st.integers(2, 40), min_size=2, max_size=60))
def test_natural_break_is_otsus_split(gaps: list[int]) -> None:
    values = np.array(gaps, dtype=np.int64)
    expected = _otsu_splits_by_loop(values)
    if np.log(values.max()) - np.log(values.min()) < np.log(_WORD_GAP_CONTRAST):
        expected = [float("inf")]
    found = _natural_break(values)
    assert any(found == pytest.approx(e) for e in expected)


def test_natural_break_on_tied_splits_is_one_of_them() -> None:
    found = _natural_break(np.array([6, 12, 15, 30], dtype=np.int64))
    assert any(found == pytest.approx(e) for e in (72**0.5, 450**0.5))


def test_natural_break_of_letter_and_word_gaps() -> None:
    gaps = np.array([2, 2, 3, 2, 9, 2, 3, 10, 2], dtype=np.int64)
    assert 3 < _natural_break(gaps) < 9
    assert _natural_break(np.array([3, 3, 3, 4], dtype=np.int64)) == float("inf")


def test_norm3_equals_numpys_norm_bit_for_bit() -> None:
    values = np.random.default_rng(5).normal(0.0, 80.0, (9, 31, 3)).astype(np.float32)
    assert np.array_equal(_norm3(values), np.linalg.norm(values, axis=2))
    assert np.array_equal(_norm3(values[0]), np.linalg.norm(values[0], axis=1))
