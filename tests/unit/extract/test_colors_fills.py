"""Fill colours of JPEG screenshots read inside the boxes the layout measured."""

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from copy_that.analysis import Element, Layout, analyse
from copy_that.extract._color_fills import box_fill_colors
from copy_that.extract._color_flat import FlatColor
from copy_that.extract._color_runs import LOSSY, analyse_runs
from copy_that.extract.colors import extract_colors
from copy_that.imaging import Image, delta_e_2000_srgb

from ._color_scenes import as_jpeg

PAGE = (18, 18, 22)
PANEL = (37, 37, 42)
TEAL = (0, 181, 168)
BUTTON = (440, 260, 145, 33)


def _delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return float(delta_e_2000_srgb(np.array(a) / 255.0, np.array(b) / 255.0))


@pytest.fixture(scope="module")
def page() -> tuple[Image, Layout]:
    """A dark settings panel and a teal primary button with a white label, as a JPEG."""
    canvas = PILImage.new("RGB", (640, 360), PAGE)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=16)
    draw.rectangle((40, 40, 600, 220), fill=PANEL)
    for k in range(4):
        draw.text(
            (60, 60 + 30 * k), "Account settings and billing", fill=(233, 233, 233), font=font
        )
    x, y, w, h = BUTTON
    draw.rectangle((x, y, x + w - 1, y + h - 1), fill=TEAL)
    draw.text((x + 22, y + 7), "Save changes", fill=(255, 255, 255), font=font)
    image = as_jpeg(Image.from_array(np.asarray(canvas)))
    return image, analyse(image, dpr=1.0)


def test_a_button_fill_the_flat_colours_miss_is_read_from_its_box(page) -> None:
    image, layout = page
    # The label's ringing scatters the button's interior: no run-based flat colour is teal.
    alone = extract_colors(image)
    assert min(_delta_e(c.srgb8, TEAL) for c in alone.palette) > 10
    result = extract_colors(image, layout=layout)
    teal = min(result.palette, key=lambda c: _delta_e(c.srgb8, TEAL))
    assert _delta_e(teal.srgb8, TEAL) <= 3
    assert result.palette[result.roles["primary"]] == teal


def test_a_fill_already_found_is_not_added_again(page) -> None:
    image, layout = page
    analysis = analyse_runs(image, LOSSY)
    (button,) = [e for e in layout.elements if e.kind == "button"]
    assert button.fill is not None
    found = FlatColor(
        srgb8=(1, 181, 167),
        members=np.zeros(0, dtype=np.uint32),
        absorbed=np.zeros(0, dtype=np.uint32),
        evidence_px=1,
        usage_px=(0, 0, 1),
        pixel_count=1,
        purity=1.0,
    )
    assert box_fill_colors(image, analysis, [found], [button], min_evidence_px=1) == []
    (added,) = box_fill_colors(image, analysis, [], [button], min_evidence_px=1)
    assert added.srgb8 == button.fill
    # The label's glyphs are not the fill: its evidence is at most the button's inside.
    assert 0 < added.evidence_px <= (BUTTON[2] - 4) * (BUTTON[3] - 4)


def test_too_few_fill_pixels_make_no_colour(page) -> None:
    image, layout = page
    analysis = analyse_runs(image, LOSSY)
    (button,) = [e for e in layout.elements if e.kind == "button"]
    pixels = BUTTON[2] * BUTTON[3]
    assert box_fill_colors(image, analysis, [], [button], min_evidence_px=pixels) == []


def test_boxes_without_a_fill_or_inside_room_are_skipped(page) -> None:
    image, _ = page
    analysis = analyse_runs(image, LOSSY)
    ink = Element(id=0, box=(60, 60, 200, 16), kind="text", fill=None, parent=None)
    sliver = Element(id=1, box=(440, 260, 3, 33), kind="button", fill=TEAL, parent=None)
    assert box_fill_colors(image, analysis, [], [ink, sliver], min_evidence_px=1) == []
