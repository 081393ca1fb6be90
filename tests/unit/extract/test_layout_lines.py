"""Line boxes estimated around text ink, and spacing measured to them.

Text is laid out the way CSS does it: each line box is ``line_height × size`` tall, the font's
ascent + descent centred in it, the baseline ``ascent`` below the top of that content area.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis import analyse
from copy_that.extract._layout_gaps import measure_gaps
from copy_that.extract._layout_lines import line_boxes
from copy_that.imaging import Image
from tests.unit._typeset import font_path

_PAGE = (248, 248, 250)
_INK = (20, 20, 30)
# How far an estimated line-box edge may lie from the true one, px: the font size is read from
# the glyphs to a few per cent, the line box's centre from metrics typical of UI faces.
_SLACK_PX = 1.5
_PARAGRAPH_SLACK_PX = 2.0


def _font(size_px: int, family: str = "DejaVu Sans") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(family)), size_px)


def _css_lines(
    draw: ImageDraw.ImageDraw,
    top_px: float,
    left_px: int,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    line_height: float,
) -> float:
    """Draw `lines` in CSS line boxes from `top_px`; returns the bottom of the last line box."""
    ascent, descent = font.getmetrics()
    size = font.size
    pitch = line_height * size
    for i, text in enumerate(lines):
        line_top = top_px + i * pitch
        baseline = line_top + (pitch - (ascent + descent)) / 2 + ascent
        # Half up, as a browser snaps every line alike (Python's round() goes to even).
        draw.text((left_px, math.floor(baseline + 0.5)), text, font=font, fill=_INK, anchor="ls")
    return top_px + len(lines) * pitch


def _image(canvas: PILImage.Image) -> Image:
    return Image.from_array(np.asarray(canvas), name="lines")


@pytest.mark.parametrize("family", ["DejaVu Sans", "Liberation Sans"])
@pytest.mark.parametrize(("size_px", "padding_px"), [(14, 8), (16, 5), (15, 12)])
def test_button_padding_measured_to_the_label_line_box(
    family: str, size_px: int, padding_px: int
) -> None:
    font = _font(size_px, family)
    canvas = PILImage.new("RGB", (360, 200), _PAGE)
    draw = ImageDraw.Draw(canvas)
    height = 2 * padding_px + 1.5 * size_px
    top, left = 60, 40
    draw.rectangle((left, top, left + 160 - 1, round(top + height) - 1), fill=(37, 99, 235))
    # The label colour is drawn on the button's fill.
    ascent, descent = font.getmetrics()
    baseline = top + padding_px + (1.5 * size_px - (ascent + descent)) / 2 + ascent
    draw.text(
        (left + 24, round(baseline)), "Upgrade plan", font=font, fill=(255, 255, 255), anchor="ls"
    )
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    lines = line_boxes(image, layout)
    (label,) = [e for e in layout.elements if e.kind == "text"]
    box = lines[label.id]
    # Good to about a CSS px: the size read from the glyphs, the centre from typical metrics.
    assert abs(box.top_px - (top + padding_px)) <= _SLACK_PX
    assert abs(box.bottom_px - (top + height - padding_px)) <= _SLACK_PX
    gaps = {g.kind: g for g in measure_gaps(layout, lines) if g.second == label.id}
    assert gaps["padding-top"].line_box
    assert not gaps["padding-top"].ink_vertical
    assert abs(gaps["padding-top"].value_px - padding_px) <= _SLACK_PX
    # Without line boxes the same padding ends at the ink and is flagged so.
    ink = {g.kind: g for g in measure_gaps(layout) if g.second == label.id}
    assert ink["padding-top"].ink_vertical
    assert not ink["padding-top"].line_box
    assert ink["padding-top"].value_px > padding_px + 2


@pytest.mark.parametrize("line_height", [1.3, 1.6])
def test_paragraph_line_height_is_the_baseline_pitch(line_height: float) -> None:
    font = _font(16)
    canvas = PILImage.new("RGB", (420, 240), _PAGE)
    draw = ImageDraw.Draw(canvas)
    bottom = _css_lines(
        draw,
        40,
        30,
        ["Quarterly revenue by", "region, billed and", "paid in full"],
        font,
        line_height,
    )
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    lines = line_boxes(image, layout)
    assert lines, "the paragraph's lines were not measured"
    tops = sorted(b.top_px for b in lines.values())
    bottoms = sorted(b.bottom_px for b in lines.values())
    assert abs(tops[0] - 40) <= _SLACK_PX
    assert abs(bottoms[-1] - bottom) <= _SLACK_PX


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size_px=st.integers(14, 24),
    line_height=st.sampled_from([1.2, 1.3, 1.4, 1.5, 1.6, 1.7]),
    count=st.integers(2, 4),
    family=st.sampled_from(["DejaVu Sans", "Liberation Sans", "DejaVu Serif"]),
)
def test_paragraph_line_boxes_follow_any_line_height(
    size_px: int, line_height: float, count: int, family: str
) -> None:
    # Several lines give their pitch, so no line height is assumed: the estimate holds for any
    # in use for paragraphs (1.2-1.7; looser ones stand farther apart than stacked texts).
    font = _font(size_px, family)
    canvas = PILImage.new("RGB", (520, 60 + round(count * line_height * size_px)), _PAGE)
    draw = ImageDraw.Draw(canvas)
    words = ["Quarterly billing", "Team members", "Storage usage", "Support tickets"]
    bottom = _css_lines(draw, 30, 30, words[:count], font, line_height)
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    lines = line_boxes(image, layout)
    assert lines
    # Each line's size is read from its own few glyphs (a few per cent apart from line to line),
    # so the outer edges of a paragraph are good to a little more than a single line's.
    assert abs(min(b.top_px for b in lines.values()) - 30) <= _PARAGRAPH_SLACK_PX
    assert abs(max(b.bottom_px for b in lines.values()) - bottom) <= _PARAGRAPH_SLACK_PX


def test_stacked_lines_of_one_paragraph_touch() -> None:
    # Separate one-line elements or one paragraph element: either way the distance between the
    # line boxes of consecutive lines is no spacing.
    font = _font(15)
    canvas = PILImage.new("RGB", (420, 200), _PAGE)
    draw = ImageDraw.Draw(canvas)
    _css_lines(draw, 30, 30, ["Billing history", "Invoices and receipts"], font, 1.6)
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    gaps = measure_gaps(layout, line_boxes(image, layout))
    assert all(g.value_px < 1.0 for g in gaps if g.kind == "gap-y")


def test_heading_far_from_the_body_size_gets_no_assumed_line_height() -> None:
    canvas = PILImage.new("RGB", (640, 260), _PAGE)
    draw = ImageDraw.Draw(canvas)
    _css_lines(draw, 20, 30, ["Account settings"], _font(40), 1.2)
    for i in range(3):
        _css_lines(draw, 100 + 40 * i, 30, [f"Option number {i + 1}"], _font(15), 1.5)
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    lines = line_boxes(image, layout)
    heading = max((e for e in layout.elements if e.kind == "text"), key=lambda e: e.box[3])
    assert heading.id not in lines
    assert len(lines) == 3


def test_label_larger_than_the_pages_small_text_gets_a_line_box() -> None:
    # Most measured text is 12 px fine print; the 15 px label is still running text (under
    # 18 CSS px), so it is set at the default line height rather than left at its ink.
    canvas = PILImage.new("RGB", (640, 300), _PAGE)
    draw = ImageDraw.Draw(canvas)
    for i in range(5):
        _css_lines(draw, 20 + 30 * i, 30, [f"Fine print number {i + 1}"], _font(12), 1.5)
    bottom = _css_lines(draw, 200, 30, ["Billing"], _font(15), 1.5)
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    label = max((e for e in layout.elements if e.kind == "text"), key=lambda e: e.box[1])
    box = line_boxes(image, layout)[label.id]
    assert abs(box.top_px - 200) <= _SLACK_PX
    assert abs(box.bottom_px - bottom) <= _SLACK_PX


def test_only_the_asked_elements_are_estimated() -> None:
    font = _font(15)
    canvas = PILImage.new("RGB", (420, 200), _PAGE)
    draw = ImageDraw.Draw(canvas)
    _css_lines(draw, 30, 30, ["Plan"], font, 1.5)
    _css_lines(draw, 90, 30, ["Members"], font, 1.5)
    image = _image(canvas)
    layout = analyse(image, dpr=1.0, text_lines=False)
    first = min((e for e in layout.elements if e.kind == "text"), key=lambda e: e.box[1])
    assert set(line_boxes(image, layout, {first.id})) == {first.id}
    assert line_boxes(image, layout, set()) == {}


def test_photo_like_noise_has_no_line_boxes() -> None:
    rng = np.random.default_rng(7)
    image = Image.from_array(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8), name="noise")
    layout = analyse(image, dpr=1.0, text_lines=False)
    assert line_boxes(image, layout) == {}
