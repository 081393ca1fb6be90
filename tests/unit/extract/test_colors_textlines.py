"""Text colours of JPEG screenshots read from glyph-stroke interiors inside layout text lines."""

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis.model import Layout, TextLine
from copy_that.extract._color_runs import LOSSY, analyse_runs
from copy_that.extract._color_textlines import text_line_colors
from copy_that.extract.colors import extract_colors
from copy_that.imaging import Image, delta_e_2000_srgb

from ._color_scenes import as_jpeg

PAPER = (249, 250, 251)
BODY = (55, 65, 81)
BUTTON = (37, 99, 235)
SENTENCE = "The quick brown fox jumps over the lazy dog, twice daily."


def _delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return float(delta_e_2000_srgb(np.array(a) / 255.0, np.array(b) / 255.0))


def _page() -> tuple[Image, Layout]:
    canvas = PILImage.new("RGB", (900, 420), PAPER)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=15)
    lines = []
    for k in range(8):
        y = 40 + 30 * k
        draw.text((40, y), SENTENCE, fill=BODY, font=font)
        left, top, right, bottom = draw.textbbox((40, y), SENTENCE, font=font)
        # The layout's own estimate is a little off, as on real JPEGs (ringing darkens it).
        lines.append(
            TextLine(
                (left, top, right - left, bottom - top),
                float(bottom),
                (40, 48, 62),
                PAPER,
                confidence=0.8,
            )
        )
    draw.rectangle((40, 320, 260, 380), fill=BUTTON)
    image = as_jpeg(Image.from_array(np.asarray(canvas)))
    layout = Layout(
        width_px=image.width_px,
        height_px=image.height_px,
        text_lines=tuple(lines),
        background=PAPER,
    )
    return image, layout


@pytest.fixture(scope="module")
def page() -> tuple[Image, Layout]:
    return _page()


def test_text_colour_recovered_from_stroke_interiors(page):
    image, layout = page
    result = extract_colors(image, layout=layout)
    text = result.palette[result.roles["text"]]
    assert _delta_e(text.srgb8, BODY) <= 3.0
    assert text.usage == "text"


def test_no_colour_the_page_was_not_drawn_with(page):
    image, layout = page
    result = extract_colors(image, layout=layout)
    for colour in result.palette:
        assert min(_delta_e(colour.srgb8, c) for c in (PAPER, BODY, BUTTON)) <= 3.0


def test_single_line_is_not_enough(page):
    image, layout = page
    one = Layout(
        width_px=layout.width_px,
        height_px=layout.height_px,
        text_lines=layout.text_lines[:1],
        background=PAPER,
    )
    assert text_line_colors(image, analyse_runs(image, LOSSY), [], one.text_lines) == []


def test_lines_without_colours_or_contrast_are_skipped(page):
    image, layout = page
    box = layout.text_lines[0].box
    lines = [
        TextLine(box, 0.0, None, PAPER, confidence=0.9),
        TextLine(box, 0.0, (245, 246, 247), PAPER, confidence=0.9),  # no usable contrast
        TextLine((-50, -50, 10, 10), 0.0, BODY, PAPER, confidence=0.9),  # off the image
    ]
    assert text_line_colors(image, analyse_runs(image, LOSSY), [], lines * 3) == []
